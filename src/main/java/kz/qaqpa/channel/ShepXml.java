package kz.qaqpa.channel;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** JAXB binding between DOM and the Java types generated from wsdl/ and xsd/. */
public final class ShepXml {
    private static final String PACKAGES = String.join(":",
            "kz.qaqpa.contract.common",
            "kz.qaqpa.contract.sync.types", "kz.qaqpa.contract.sync.request", "kz.qaqpa.contract.sync.response",
            "kz.qaqpa.contract.async.types", "kz.qaqpa.contract.async.itypes", "kz.qaqpa.contract.client.types",
            "kz.qaqpa.document.kindergarten", "kz.qaqpa.document.person", "kz.qaqpa.document.poa",
            "kz.qaqpa.document.mangystau", "kz.qaqpa.document.nkoguardianship", "kz.qaqpa.document.legalentity",
            "kz.qaqpa.document.archive", "kz.qaqpa.document.almatyfamily",
            "kz.qaqpa.document.childwelfare");
    private static final JAXBContext CONTEXT = createContext();

    private ShepXml() {
    }

    /** Marshals a root element object (or JAXBElement) as the document element of a new DOM document. */
    public static Element toElement(Object jaxb) {
        Document doc = SecureXml.newDocument();
        try {
            Marshaller m = CONTEXT.createMarshaller();
            m.marshal(jaxb, doc);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot marshal " + jaxb.getClass().getName(), e);
        }
        return doc.getDocumentElement();
    }

    /** Unmarshals a DOM node to the expected type; a mismatch is the sender's malformed message. */
    public static <T> T fromNode(Node node, Class<T> type) {
        try {
            Object value = CONTEXT.createUnmarshaller().unmarshal(node, type);
            return type.cast(((JAXBElement<?>) value).getValue());
        } catch (JAXBException | RuntimeException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A value for a generated {@code setData(Object)}: a {@code <data>} element holding a copy of the document.
     * JAXB writes an anyType Element's children and attributes, not the element itself.
     */
    public static Element dataElement(Element document) {
        Document doc = SecureXml.newDocument();
        Element data = doc.createElementNS(null, "data");
        doc.appendChild(data);
        data.appendChild(doc.importNode(document, true));
        return data;
    }

    /** The business document inside the first {@code data} element (no namespace) below {@code root}, or null. */
    public static Element dataContent(Element root) {
        Element data = dataIn(root);
        return data == null ? null : SoapEnvelopes.firstElement(data);
    }

    /** The first {@code data} element (no namespace) below {@code root}, or null. */
    static Element dataIn(Element root) {
        org.w3c.dom.NodeList data = root.getElementsByTagNameNS("", "data");
        if (data.getLength() == 0) {
            data = root.getElementsByTagName("data");
        }
        return data.getLength() == 0 ? null : (Element) data.item(0);
    }

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(PACKAGES, ShepXml.class.getClassLoader());
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
