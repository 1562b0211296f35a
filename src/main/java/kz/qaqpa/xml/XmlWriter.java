package kz.qaqpa.xml;

import java.util.function.Function;
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
 *
 * <p>Written straight as UTF-8 bytes ({@link Utf8Output}): building the text in a StringBuilder and then encoding it
 * held the message several times over (the builder's copies as it grew, its String, the encoder's buffer of 3 bytes a
 * character), some 60 MB for a 4.5 MB message with one Cyrillic character, whose text is then UTF-16.
 */
final class XmlWriter {
    private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

    private final Utf8Output out;
    /** Per open element: the prefixes it declares (written or already on it). */
    private final NamespaceScope scope = new NamespaceScope();

    private XmlWriter(Utf8Output out) {
        this.out = out;
    }

    /** The node as UTF-8 bytes. */
    static byte[] write(Node node) {
        return written(node, Utf8Output::toBytes);
    }

    /** The node's text: decoded from the writer's bytes, with no array of them made between. */
    static String writeString(Node node) {
        return written(node, Utf8Output::toText);
    }

    /** The node written, then {@code result} of the output, before its first chunk goes back to the thread. */
    private static <T> T written(Node node, Function<Utf8Output, T> result) {
        Utf8Output out = new Utf8Output();
        try {
            XmlWriter writer = new XmlWriter(out);
            writer.scope.openEmpty();
            writer.walk(node);
            return result.apply(out);
        } finally {
            out.release();
        }
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
        scope.openEmpty();
        out.append('<').append(element.getNodeName());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (XMLNS.equals(a.getNamespaceURI())) {
                scope.declare("xmlns".equals(a.getNodeName()) ? "" : a.getLocalName(), a.getNodeValue());
                attribute(a.getNodeName(), a.getNodeValue());
            }
        }
        declareIfMissing(prefixOf(element.getPrefix()), element.getNamespaceURI());
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
                declareIfMissing(prefix, namespace);
            }
            attribute(name, a.getValue());
        }
        out.append(element.hasChildNodes() ? ">" : "/>");
    }

    private void declareIfMissing(String prefix, String namespace) {
        String wanted = namespace == null ? "" : namespace;
        if (wanted.equals(scope.boundTo(prefix))) {
            return;
        }
        scope.declare(prefix, wanted);
        attribute(prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, wanted);
    }

    private void attribute(String name, String value) {
        out.append(' ').append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    /**
     * The escapes of the JDK serializer: markup characters, and in attributes also quotes and whitespace; but a text's
     * {@code >} only where it would end {@code ]]>} (fix41b: written {@code &gt;} everywhere, a request's raw
     * {@code >} took 4 bytes for 1 in the stored form, which then overfilled a poll's answer). Runs that need none are
     * copied whole (base64 values and certificates are most of a signed message's text).
     */
    private void escape(String s, boolean inAttribute) {
        String[] escapes = inAttribute ? ATTRIBUTE_ESCAPES : TEXT_ESCAPES;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = c < escapes.length ? escapes[c] : null;
            if (c == '>' && !inAttribute && endsCdataMarker(s, i)) {
                escaped = GT;
            }
            if (escaped == NOT_XML_1_0) {
                throw notXml(c);
            }
            if (escaped != null) {
                out.append(s, run, i).append(escaped);
                run = i + 1;
            } else if (c >= Character.MIN_SURROGATE) {
                i += checkedWidth(s.codePointAt(i)) - 1;
            }
        }
        out.append(s, run, s.length());
    }

    /**
     * Whether a text's {@code >} at {@code i} could close a {@code ]]>}, which text may not hold raw (XML 1.0, 2.4):
     * after {@code ]]} in its own node, or among its node's first two characters, where the node before it (text the
     * DOM did not merge, a reference) may end in {@code ]}.
     */
    private static boolean endsCdataMarker(String s, int i) {
        return i < 2 || s.charAt(i - 1) == ']' && s.charAt(i - 2) == ']';
    }

    private static final String GT = "&gt;";

    /**
     * How many chars the code point at hand takes, when XML 1.0 can carry it ({@link XmlCharacters}); a lone
     * surrogate (once written as '?', changing the text) and U+FFFE, U+FFFF (once written as they are: a document
     * nobody could parse) are refused as the controls are.
     */
    private static int checkedWidth(int codePoint) {
        if (!XmlCharacters.isChar(codePoint)) {
            throw notXml(codePoint);
        }
        return Character.charCount(codePoint);
    }

    private static IllegalArgumentException notXml(int codePoint) {
        return new IllegalArgumentException("character U+" + String.format("%04X", codePoint)
                + " cannot be written in XML 1.0");
    }

    /** Marks the control characters XML 1.0 has no way to write, not even as a reference. */
    private static final String NOT_XML_1_0 = "not XML 1.0";

    /** What each character below '?' is written as (null: itself), in text and in attribute values. */
    private static final String[] TEXT_ESCAPES = escapes(false);
    private static final String[] ATTRIBUTE_ESCAPES = escapes(true);

    private static String[] escapes(boolean inAttribute) {
        String[] escapes = new String['?'];
        for (char c = 0; c < escapes.length; c++) {
            escapes[c] = XmlCharacters.isChar(c) ? null : NOT_XML_1_0;
        }
        escapes['\r'] = "&#13;";
        escapes['\n'] = inAttribute ? "&#10;" : null;
        escapes['\t'] = inAttribute ? "&#9;" : null;
        escapes['"'] = inAttribute ? "&quot;" : null;
        escapes['&'] = "&amp;";
        escapes['<'] = "&lt;";
        // in text only where it would end "]]>": escape(String, boolean)
        escapes['>'] = inAttribute ? GT : null;
        return escapes;
    }

    private static String prefixOf(String prefix) {
        return prefix == null ? "" : prefix;
    }
}
