package kz.qaqpa.channel;

import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import kz.qaqpa.contract.common.MessageData;
import kz.qaqpa.contract.sync.request.RequestData;
import kz.qaqpa.contract.sync.response.ResponseData;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.SecureXml;
import jakarta.xml.bind.Unmarshaller;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Unmarshals the ШЭП {@code data} elements (xs:anyType) without JAXB's DOM loader.
 *
 * <p>For every anyType element JAXB builds a new DOM through a fresh XSLT TransformerHandler, whose SAX-to-DOM step
 * creates a new DocumentBuilder (a whole parser configuration) each time: the largest single cost of reading a
 * message. Before unmarshalling, each {@code data} element but one typed xs:string (escaped XML, read as text) is
 * swapped for a placeholder typed xs:string holding its index; after the containers (MessageData, RequestData,
 * ResponseData) are unmarshalled the listener puts a copy of the original element in their place, as JAXB would have
 * for a document, and the DOM is restored.
 *
 * <p>review59b: a {@code data} typed by xsi:type was left to JAXB, which reads its text as the type says (an xs:integer
 * as a BigInteger, an xs:dateTime through the JDK's DatatypeFactory, a contract type with its dates), in time growing
 * as the square of its digits: one signed message held a worker for minutes. ШЭП's {@code data} carries a document,
 * inline (typed by the service's own type or not) or escaped as xs:string (shep-protocol.md 2): a typed one is now
 * swapped as an untyped one is, and one typed by an XML Schema type other than xs:string or xs:anyType is refused
 * (SCE001).
 */
final class DataPlaceholders extends Unmarshaller.Listener {
    private static final String DATA = "data";
    private static final String PREFIX = "qaqpa-xsi";
    private final List<Element> originals = new ArrayList<>();
    private final List<Element> placeholders = new ArrayList<>();

    /**
     * Swaps the outermost {@code data} elements under {@code root} (inclusive) but those typed xs:string for
     * placeholders; SCE001, the tree as it was, for one typed by another XML Schema type.
     */
    static DataPlaceholders swapIn(Node root) {
        DataPlaceholders swap = new DataPlaceholders();
        try {
            swap.swapAllIn(root);
        } catch (RuntimeException e) {
            swap.restore();
            throw e;
        }
        return swap;
    }

    private void swapAllIn(Node root) {
        Node node = root;
        while (node != null) {
            Node next = null;
            if (node instanceof Element e && isDocumentData(e)) {
                next = Dom.nextSkippingChildren(e, root);
                replace(e);
            } else {
                next = Dom.nextInDocumentOrder(node, root);
            }
            node = next;
        }
    }

    /** Puts the original elements back where the placeholders are. */
    void restore() {
        for (int i = 0; i < placeholders.size(); i++) {
            Element placeholder = placeholders.get(i);
            if (placeholder.getParentNode() != null) {
                placeholder.getParentNode().replaceChild(originals.get(i), placeholder);
            }
        }
    }

    @Override
    public void afterUnmarshal(Object target, Object parent) {
        if (target instanceof MessageData m) {
            m.setData(original(m.getData()));
        } else if (target instanceof RequestData r) {
            r.setData(original(r.getData()));
        } else if (target instanceof ResponseData r) {
            r.setData(original(r.getData()));
        }
    }

    private Object original(Object value) {
        if (!(value instanceof String index) || originals.isEmpty()) {
            return value;
        }
        try {
            int i = Integer.parseInt(index);
            return detachedCopy(originals.get(i), placeholders.get(i));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return value;
        }
    }

    private void replace(Element data) {
        Element placeholder = data.getOwnerDocument().createElementNS(null, DATA);
        placeholder.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + PREFIX,
                XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI);
        placeholder.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + PREFIX + "s",
                XMLConstants.W3C_XML_SCHEMA_NS_URI);
        placeholder.setAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, PREFIX + ":type", PREFIX + "s:string");
        placeholder.setTextContent(String.valueOf(originals.size()));
        data.getParentNode().replaceChild(placeholder, data);
        originals.add(data);
        placeholders.add(placeholder);
    }

    private static boolean isDocumentData(Element e) {
        return DATA.equals(e.getLocalName()) && (e.getNamespaceURI() == null || e.getNamespaceURI().isEmpty())
                && e.getParentNode() != null && !typedAsText(e);
    }

    /**
     * Whether {@code data} is typed xs:string (escaped XML, which JAXB reads as text); SCE001 when it is typed by another
     * XML Schema type than xs:string or xs:anyType, whose text JAXB would read as a number, a date or bytes.
     */
    private static boolean typedAsText(Element data) {
        String type = data.getAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "type").strip();
        if (type.isEmpty()) {
            return false;
        }
        QName named = Dom.qNameIn(data, type);
        if (!XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(named.getNamespaceURI())) {
            return false;
        }
        String local = named.getLocalPart();
        if ("anyType".equals(local)) {
            return false; // the contract's own type of data: a document, as untyped
        }
        if (!"string".equals(local)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a data typed by xsi:type as an XML Schema type other"
                    + " than xs:string or xs:anyType is not read: data carries the service's document, inline or escaped as"
                    + " xs:string");
        }
        return true;
    }

    /**
     * The element as the document element of a new document, with the prefixes it inherits where its placeholder
     * stands declared on it (JAXB's
     * loader declares the in-scope namespaces on its copy, so QNames in content keep their meaning).
     */
    private static Element detachedCopy(Element data, Element standingIn) {
        Document doc = SecureXml.newDocument();
        Element copy = (Element) doc.importNode(data, true);
        doc.appendChild(copy);
        for (Node n = standingIn.getParentNode(); n instanceof Element ancestor; n = n.getParentNode()) {
            NamedNodeMap attributes = ancestor.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Node a = attributes.item(i);
                // prefixed ones only: the copy's own names are fixed, a default namespace would change them
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) && a.getPrefix() != null
                        && !copy.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getLocalName())) {
                    copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getNodeName(), a.getNodeValue());
                }
            }
        }
        return copy;
    }
}
