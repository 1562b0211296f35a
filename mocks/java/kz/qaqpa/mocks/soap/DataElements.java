package kz.qaqpa.mocks.soap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The ШЭП {@code data} elements are {@code xs:anyType}: JAXB reads them as the DOM {@code <data>} element itself and
 * writes a DOM element's children under {@code <data>}. These helpers put a business document in and take it out.
 */
public final class DataElements {
    private static final DatatypeFactory DATATYPES = datatypes();

    private DataElements() {
    }

    /** A value for {@code setData}: a {@code <data>} holding a copy of {@code document}. */
    public static Element wrap(Element document) {
        return ShepXml.dataElement(document);
    }

    /** A value for {@code setData}: a {@code <data>} holding the marshalled JAXB root element. */
    public static Element wrapJaxb(Object jaxbRoot) {
        return wrap(ShepXml.toElement(jaxbRoot));
    }

    /** The business document inside a value returned by {@code getData}, as the document element of its own Document. */
    public static Element unwrap(Object data) {
        if (!(data instanceof Element element)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "data is missing or not XML");
        }
        Element first = Dom.firstChildElement(element);
        if (first == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "data is empty");
        }
        Document doc = SecureXml.newDocument();
        doc.appendChild(doc.importNode(first, true));
        return doc.getDocumentElement();
    }

    public static boolean is(Element element, String namespace, String localName) {
        return element != null && namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    public static XMLGregorianCalendar date(LocalDate date) {
        return DATATYPES.newXMLGregorianCalendar(date.toString());
    }

    public static XMLGregorianCalendar dateTime(Instant instant) {
        return SoapEnvelopes.dateTime(instant);
    }

    public static LocalDate localDate(XMLGregorianCalendar value) {
        return LocalDate.of(value.getYear(), value.getMonth(), value.getDay());
    }

    /** The calendar date of a dateTime, in its own time zone (or {@code zone} when it has none). */
    public static LocalDate localDate(XMLGregorianCalendar dateTime, ZoneId zone) {
        if (dateTime.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            return LocalDate.of(dateTime.getYear(), dateTime.getMonth(), dateTime.getDay());
        }
        return dateTime.toGregorianCalendar().toZonedDateTime().withZoneSameInstant(zone).toLocalDate();
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
