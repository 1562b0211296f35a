package kz.qaqpa.trust;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a DOM node as UTF-8 XML without a declaration or indentation: what the JDK's identity Transformer wrote
 * for {@link SecureXml#serialize}, at a fraction of its cost (that Transformer drives a SAX pipeline and an output
 * handler per call, and was the largest XML cost of a signed message after parsing).
 *
 * <p>Namespaces are declared as the DOM's names need them, as the Transformer did: a DOM built with createElementNS
 * carries no xmlns attributes, and the declarations it lacks are written (the DOM itself is not changed). Iterative,
 * so a deep tree cannot overflow the stack.
 */
final class XmlWriter {
    private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

    private final StringBuilder out = new StringBuilder(4096);
    /** Per open element: the prefixes it declares (written or already on it). */
    private final NamespaceScope scope = new NamespaceScope();

    private XmlWriter() {
    }

    static byte[] write(Node node) {
        XmlWriter writer = new XmlWriter();
        writer.scope.openEmpty();
        writer.walk(node);
        return writer.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Depth-first with explicit start and end events, so no recursion. */
    private void walk(Node root) {
        Node node = root;
        while (node != null) {
            Node child = start(node) ? node.getFirstChild() : null;
            if (child != null) {
                node = child;
                continue;
            }
            while (node != null) {
                end(node);
                if (node == root) {
                    return;
                }
                if (node.getNextSibling() != null) {
                    node = node.getNextSibling();
                    break;
                }
                node = node.getParentNode();
            }
        }
    }

    /** Writes the start of {@code node}; true when its children follow. */
    private boolean start(Node node) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> {
                startElement(node);
                return node.hasChildNodes();
            }
            case Node.DOCUMENT_NODE, Node.DOCUMENT_FRAGMENT_NODE -> {
                return true;
            }
            case Node.TEXT_NODE -> escape(node.getNodeValue(), false);
            case Node.CDATA_SECTION_NODE -> out.append("<![CDATA[")
                    .append(node.getNodeValue().replace("]]>", "]]]]><![CDATA[>")).append("]]>");
            case Node.COMMENT_NODE -> out.append("<!--").append(node.getNodeValue()).append("-->");
            case Node.PROCESSING_INSTRUCTION_NODE -> out.append("<?").append(node.getNodeName())
                    .append(node.getNodeValue().isEmpty() ? "" : " " + node.getNodeValue()).append("?>");
            case Node.ENTITY_REFERENCE_NODE -> out.append('&').append(node.getNodeName()).append(';');
            default -> {
                // DOCTYPE and the like: never in a message the gateway accepts or builds
            }
        }
        return false;
    }

    private void end(Node node) {
        if (node.getNodeType() != Node.ELEMENT_NODE) {
            return;
        }
        if (node.hasChildNodes()) {
            out.append("</").append(node.getNodeName()).append('>');
        }
        scope.close();
    }

    private void startElement(Node element) {
        Map<String, String> own = scope.openEmpty();
        out.append('<').append(element.getNodeName());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (XMLNS.equals(a.getNamespaceURI())) {
                own.put("xmlns".equals(a.getNodeName()) ? "" : a.getLocalName(), a.getNodeValue());
                attribute(a.getNodeName(), a.getNodeValue());
            }
        }
        declareIfMissing(own, prefixOf(element.getPrefix()), element.getNamespaceURI());
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String namespace = a.getNamespaceURI();
            if (XMLNS.equals(namespace)) {
                continue;
            }
            String name = a.getNodeName();
            if (namespace != null && !namespace.isEmpty() && !XMLConstants.XML_NS_URI.equals(namespace)) {
                String prefix = prefixOf(a.getPrefix());
                if (scope.needsFreshPrefix(prefix, namespace)) {
                    prefix = scope.freshPrefix();
                    name = prefix + ":" + a.getLocalName();
                }
                declareIfMissing(own, prefix, namespace);
            }
            attribute(name, a.getValue());
        }
        out.append(element.hasChildNodes() ? ">" : "/>");
    }

    private void declareIfMissing(Map<String, String> own, String prefix, String namespace) {
        String wanted = namespace == null ? "" : namespace;
        if (wanted.equals(scope.boundTo(prefix))) {
            return;
        }
        own.put(prefix, wanted);
        attribute(prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, wanted);
    }

    private void attribute(String name, String value) {
        out.append(' ').append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    /**
     * The escapes of the JDK serializer: markup characters, and in attributes also quotes and whitespace. Runs that
     * need none are copied whole (base64 values and certificates are most of a signed message's text).
     */
    private void escape(String s, boolean inAttribute) {
        String[] escapes = inAttribute ? ATTRIBUTE_ESCAPES : TEXT_ESCAPES;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = c < escapes.length ? escapes[c] : null;
            if (escaped != null) {
                if (escaped == NOT_XML_1_0) {
                    throw new IllegalArgumentException("character U+" + String.format("%04X", (int) c)
                            + " cannot be written in XML 1.0");
                }
                out.append(s, run, i).append(escaped);
                run = i + 1;
            }
        }
        out.append(s, run, s.length());
    }

    /** Marks the control characters XML 1.0 has no way to write, not even as a reference. */
    private static final String NOT_XML_1_0 = "not XML 1.0";

    /** What each character below '?' is written as (null: itself), in text and in attribute values. */
    private static final String[] TEXT_ESCAPES = escapes(false);
    private static final String[] ATTRIBUTE_ESCAPES = escapes(true);

    private static String[] escapes(boolean inAttribute) {
        String[] escapes = new String['?'];
        for (char c = 0; c < 0x20; c++) {
            escapes[c] = NOT_XML_1_0;
        }
        escapes['\r'] = "&#13;";
        escapes['\n'] = inAttribute ? "&#10;" : null;
        escapes['\t'] = inAttribute ? "&#9;" : null;
        escapes['"'] = inAttribute ? "&quot;" : null;
        escapes['&'] = "&amp;";
        escapes['<'] = "&lt;";
        escapes['>'] = "&gt;";
        return escapes;
    }

    private static String prefixOf(String prefix) {
        return prefix == null ? "" : prefix;
    }
}
