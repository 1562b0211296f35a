package kz.qaqpa.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>Written straight as UTF-8 bytes ({@link Out}): building the text in a StringBuilder and then encoding it held the
 * message several times over (the builder's copies as it grew, its String, the encoder's buffer of 3 bytes a
 * character), some 60 MB for a 4.5 MB message with one Cyrillic character, whose text is then UTF-16.
 */
final class XmlWriter {
    private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

    private final Out out;
    /** Per open element: the prefixes it declares (written or already on it). */
    private final NamespaceScope scope = new NamespaceScope();

    private XmlWriter(Out out) {
        this.out = out;
    }

    /** The node as UTF-8 bytes. */
    static byte[] write(Node node) {
        return written(node, Out::toBytes);
    }

    /** The node's text: decoded from the writer's bytes, with no array of them made between. */
    static String writeString(Node node) {
        return written(node, Out::toText);
    }

    /** The node written, then {@code result} of the output, before its first chunk goes back to the thread. */
    private static <T> T written(Node node, Function<Out, T> result) {
        Out out = new Out();
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

    /**
     * A thread's first chunk, kept between its serialisations (perf62): a signed envelope of a look-up (4-4.5 KB) fits
     * in it, so its writing allocates only the result, where a new 4 KB first chunk and an 8 KB second one were made
     * each time (three serialisations a look-up). Only this chunk is kept, never the larger ones a large document
     * grows into: a thread holds 16 KB whatever it wrote.
     */
    private static final int FIRST_CHUNK = 16 * 1024;
    private static final int LARGEST_CHUNK = 1 << 20;
    /** The kept first chunk of each thread; null while the thread's writer uses it (never two at once). */
    private static final ThreadLocal<byte[]> KEPT_FIRST_CHUNK = new ThreadLocal<>();

    /**
     * The writer's output, encoded to UTF-8 as it comes, in chunks (the thread's kept first chunk, then each twice the
     * one before, up to 1 MiB) copied once into the result: a growing array would copy all it holds at every doubling
     * and end up to twice the size. A lone surrogate becomes '?', as {@code String.getBytes(UTF_8)} wrote it (the
     * writer refuses one before: only markup it writes itself comes here unescaped, and that has none).
     */
    private static final class Out {
        private final List<byte[]> full = new ArrayList<>();
        /** How much of each full chunk is written: a character's bytes are never split between two chunks. */
        private final List<Integer> fullSizes = new ArrayList<>();
        private final byte[] first = takeFirstChunk();
        private byte[] chunk = first;
        private int size;
        private long fullBytes;

        private static byte[] takeFirstChunk() {
            byte[] kept = KEPT_FIRST_CHUNK.get();
            if (kept == null) {
                return new byte[FIRST_CHUNK];
            }
            KEPT_FIRST_CHUNK.set(null);
            return kept;
        }

        /** Gives the first chunk back to the thread; nothing of this output may be read after. */
        void release() {
            KEPT_FIRST_CHUNK.set(first);
        }

        Out append(String s) {
            return append(s, 0, s.length());
        }

        Out append(char c) {
            if (c >= 0x80) {
                return append(String.valueOf(c), 0, 1);
            }
            if (size == chunk.length) {
                next();
            }
            chunk[size++] = (byte) c;
            return this;
        }

        Out append(String s, int from, int to) {
            byte[] b = chunk;
            int n = size;
            int i = from;
            while (i < to) {
                if (b.length - n < MAX_UTF8_BYTES) {
                    size = n;
                    next();
                    b = chunk;
                    n = 0;
                }
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[n++] = (byte) c;
                    i++;
                } else if (c < 0x800) {
                    b[n++] = (byte) (0xC0 | c >> 6);
                    b[n++] = (byte) (0x80 | c & 0x3F);
                    i++;
                } else {
                    size = n;
                    i = encode(s, i, to);
                    n = size;
                }
            }
            size = n;
            return this;
        }

        /**
         * Writes the character at {@code i} of three or four bytes (with its low surrogate), the chunk having room for
         * four; returns the index after it.
         */
        private int encode(String s, int i, int to) {
            char c = s.charAt(i);
            byte[] b = chunk;
            if (!Character.isSurrogate(c)) {
                b[size++] = (byte) (0xE0 | c >> 12);
                b[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int code = Character.toCodePoint(c, s.charAt(i + 1));
                b[size++] = (byte) (0xF0 | code >> 18);
                b[size++] = (byte) (0x80 | code >> 12 & 0x3F);
                b[size++] = (byte) (0x80 | code >> 6 & 0x3F);
                b[size++] = (byte) (0x80 | code & 0x3F);
                return i + 2;
            } else {
                b[size++] = '?';
            }
            return i + 1;
        }

        private static final int MAX_UTF8_BYTES = 4;

        private void next() {
            full.add(chunk);
            fullSizes.add(size);
            fullBytes += size;
            chunk = new byte[Math.min(chunk.length * 2, LARGEST_CHUNK)];
            size = 0;
        }

        /** A copy: the first chunk is kept for the thread's next output. */
        byte[] toBytes() {
            if (full.isEmpty()) {
                return Arrays.copyOf(chunk, size);
            }
            byte[] all = new byte[Math.toIntExact(fullBytes + size)];
            int at = 0;
            for (int i = 0; i < full.size(); i++) {
                System.arraycopy(full.get(i), 0, all, at, fullSizes.get(i));
                at += fullSizes.get(i);
            }
            System.arraycopy(chunk, 0, all, at, size);
            return all;
        }

        String toText() {
            return full.isEmpty() ? new String(chunk, 0, size, StandardCharsets.UTF_8)
                    : new String(toBytes(), StandardCharsets.UTF_8);
        }
    }
}
