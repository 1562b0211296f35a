package kz.qaqpa.channel;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

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
    /**
     * Neither is thread-safe; one of each per thread. A Marshaller also keeps the identity Transformer it copies DOM
     * content with, which it would otherwise build for every message.
     */
    private static final ThreadLocal<Marshaller> MARSHALLER = ThreadLocal.withInitial(ShepXml::newMarshaller);
    private static final ThreadLocal<Unmarshaller> UNMARSHALLER = ThreadLocal.withInitial(ShepXml::newUnmarshaller);

    private ShepXml() {
    }

    /** Marshals a root element object (or JAXBElement) as the document element of a new DOM document. */
    public static Element toElement(Object jaxb) {
        Document doc = SecureXml.newDocument();
        appendTo(jaxb, doc);
        return doc.getDocumentElement();
    }

    /**
     * Marshals a root element object (or JAXBElement) as the last child of {@code parent}, declaring only the
     * namespaces it uses ({@link UnusedNamespaces}).
     */
    public static void appendTo(Object jaxb, Node parent) {
        Marshaller marshaller = MARSHALLER.get();
        DataContents contents = new DataContents();
        marshaller.setListener(contents);
        try {
            marshaller.marshal(jaxb, parent);
            contents.fillIn((Element) parent.getLastChild());
            UnusedNamespaces.drop((Element) parent.getLastChild());
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot marshal " + jaxb.getClass().getName(), e);
        } finally {
            marshaller.setListener(null);
            contents.restore();
        }
    }

    /**
     * Unmarshals a DOM node to the expected type; a mismatch is the sender's malformed message. The node's tree is
     * unchanged afterwards ({@link DataPlaceholders} swaps its {@code data} elements out only while JAXB reads it).
     * The contract's xs:dateTime fields are held to {@link ContractDateTimes} first, here where every message JAXB
     * reads passes, a partner's answer too (review59c: a signed fault's errorDate of a million digits held the thread
     * that read it for half a minute).
     */
    public static <T> T fromNode(Node node, Class<T> type) {
        ContractDateTimes.requireReadable(node);
        DataPlaceholders data = DataPlaceholders.swapIn(node);
        Unmarshaller unmarshaller = UNMARSHALLER.get();
        unmarshaller.setListener(data);
        try {
            Object value = unmarshaller.unmarshal(node, type);
            return type.cast(((JAXBElement<?>) value).getValue());
        } catch (JAXBException | RuntimeException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            unmarshaller.setListener(null);
            data.restore();
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
        return data == null ? null : Dom.firstChildElement(data);
    }

    /** The first {@code data} element (no namespace) below {@code root}, or null. */
    static Element dataIn(Element root) {
        NodeList data = root.getElementsByTagNameNS("", "data");
        if (data.getLength() == 0) {
            data = root.getElementsByTagName("data");
        }
        return data.getLength() == 0 ? null : (Element) data.item(0);
    }

    private static Marshaller newMarshaller() {
        try {
            return CONTEXT.createMarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot create a JAXB marshaller", e);
        }
    }

    private static Unmarshaller newUnmarshaller() {
        try {
            return CONTEXT.createUnmarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot create a JAXB unmarshaller", e);
        }
    }

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(PACKAGES, ShepXml.class.getClassLoader());
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
