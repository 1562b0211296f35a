package kz.qaqpa.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Whether a document holds more tags, or more attributes, than its limits, counted in what the parser will read and
 * before the parse builds anything: the DOM grows with both.
 *
 * <p>Counting the byte {@code '<'} (0x3C) is cheap and an upper bound of the tags wherever the parser's encoding writes
 * {@code '<'} as that byte: UTF-8, UTF-16, UTF-32 and every ASCII-based encoding. EBCDIC writes it as 0x4C, and the
 * JDK's parser reads EBCDIC (found by the first bytes, or named by the XML declaration of an ASCII start): 5 MB of
 * {@code <a/>} in IBM037 held no 0x3C at all and became 1,250,000 elements, 80 MB of DOM (attack18). The encoding the
 * parser will read is asked of the JDK's own StAX reader, which reads the declaration with the same entity scanner;
 * for any other than those, the tags are counted by reading the document with it (a second read, for such documents
 * only).
 *
 * <p>Attributes likewise (attack19): every attribute and namespace declaration has one {@code '='}, so the bytes 0x3D
 * bound them in the same encodings. Text may hold {@code '='} too (a base64 value ends with one or two), so where
 * that bound passes the limit the attributes are counted by reading, as the tags of EBCDIC are.
 *
 * <p>Namespace declarations in scope too (attack19): the parser looks every prefix up by scanning those in scope, so
 * thousands of them over a deep path make each element below cost thousands of steps. Each declaration holds the
 * bytes {@code xmlns}, whose count bounds them where the encoding writes them in ASCII; past that bound they are
 * counted by reading, and the read stops where they first pass the limit, before the costly elements below.
 */
final class TagCount {
    /** What a document holds beyond its limits, tags before attributes. */
    enum Excess { NONE, TAGS, ATTRIBUTES, NAMESPACES_IN_SCOPE }

    private static final byte[] XMLNS = {'x', 'm', 'l', 'n', 's'};

    /** An XML declaration of version 1.x, with no encoding or UTF-8's, and perhaps standalone (XML 1.0, 2.8). */
    private static final Pattern UTF8_DECLARATION = Pattern.compile("<\\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*"
            + "(\"1\\.[0-9]+\"|'1\\.[0-9]+')([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(\"(?i:utf-8)\"|'(?i:utf-8)'))?"
            + "([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(\"(yes|no)\"|'(yes|no)'))?[ \t\r\n]*\\?>");

    /** Enough bytes for any declaration the pattern matches, with ordinary spacing. */
    private static final int DECLARATION_SCAN = 256;

    /** The JDK's own implementation, never another on the classpath (Woodstox reads encodings its own way). */
    private static final ThreadLocal<XMLInputFactory> STAX = ThreadLocal.withInitial(TagCount::newFactory);

    private TagCount() {
    }

    /** Which limit {@code xml} passes: counted in its bytes where they bound it, else by reading it. */
    static Excess over(byte[] xml, XmlLimits limits) {
        int lessThan = 0;
        int equals = 0;
        int declarations = 0;
        for (int i = 0; i < xml.length; i++) {
            byte b = xml[i];
            if (b == '<') {
                lessThan++;
            } else if (b == '=') {
                equals++;
            } else if (b == 'x' && startsAt(xml, i, XMLNS)) {
                declarations++;
            }
        }
        if (lessThan > limits.maxTags()) {
            return Excess.TAGS;
        }
        String encoding = encodingOf(xml);
        boolean ascii = markupIsAscii(encoding);
        if (ascii && equals <= limits.maxDocumentAttributes() && declarations <= limits.maxNamespacesInScope()) {
            return Excess.NONE;
        }
        if ((!ascii || declarations > limits.maxNamespacesInScope()) && oneStartTagDeclaresTooMany(xml, encoding, limits)) {
            return Excess.NAMESPACES_IN_SCOPE;
        }
        return read(() -> STAX.get().createXMLStreamReader(new ByteArrayInputStream(xml)), limits);
    }

    /** As for bytes, over characters (XML that arrived as text): the markup's characters are characters of their own. */
    static Excess over(String xml, XmlLimits limits) {
        int lessThan = 0;
        int equals = 0;
        int declarations = 0;
        for (int i = 0; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (c == '<') {
                lessThan++;
            } else if (c == '=') {
                equals++;
            } else if (c == 'x' && xml.startsWith("xmlns", i)) {
                declarations++;
            }
        }
        if (lessThan > limits.maxTags()) {
            return Excess.TAGS;
        }
        if (equals <= limits.maxDocumentAttributes() && declarations <= limits.maxNamespacesInScope()) {
            return Excess.NONE;
        }
        if (declarations > limits.maxNamespacesInScope() && oneStartTagDeclaresTooMany(new StringReader(xml), limits)) {
            return Excess.NAMESPACES_IN_SCOPE;
        }
        return read(() -> STAX.get().createXMLStreamReader(new StringReader(xml)), limits);
    }

    /**
     * attack55: whether one start tag declares more namespaces than may be in scope, in the document's characters
     * ({@link StartTagDeclarations}), before the JDK's reader, whose cost grows with their square on one element, reads
     * it. An encoding this JVM does not know is left to the reader, which refuses it.
     */
    private static boolean oneStartTagDeclaresTooMany(byte[] xml, String encoding, XmlLimits limits) {
        Charset charset;
        try {
            charset = encoding == null ? null : Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            charset = null;
        }
        return charset != null
                && oneStartTagDeclaresTooMany(new InputStreamReader(new ByteArrayInputStream(xml), charset), limits);
    }

    private static boolean oneStartTagDeclaresTooMany(Reader xml, XmlLimits limits) {
        try {
            return StartTagDeclarations.anyOver(xml, limits.maxNamespacesInScope());
        } catch (IOException e) {
            throw new UncheckedIOException("read from memory", e);
        }
    }

    private static boolean startsAt(byte[] xml, int at, byte[] wanted) {
        if (at + wanted.length > xml.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (xml[at + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    /** The encoding the JDK's parser reads the document in, from its byte-order mark, first bytes and declaration. */
    private static String encodingOf(byte[] xml) {
        if (plainUtf8(xml)) {
            return StandardCharsets.UTF_8.name();
        }
        XMLStreamReader reader = null;
        try {
            reader = STAX.get().createXMLStreamReader(new ByteArrayInputStream(xml));
            return reader.getEncoding();
        } catch (XMLStreamException e) {
            throw unreadable(e);
        } finally {
            close(reader);
        }
    }

    /**
     * Whether the parser reads {@code xml} as UTF-8 by its first bytes alone, as ШЭП senders write it: no byte-order mark
     * or UTF-8's, then an element, or an XML declaration (exactly as XML's grammar has it) naming UTF-8 or no encoding.
     * Every parse asks this; a StAX reader answering it costs 20 µs, so it is asked only of any other start.
     */
    private static boolean plainUtf8(byte[] xml) {
        int start = xml.length >= 3 && (xml[0] & 0xFF) == 0xEF && (xml[1] & 0xFF) == 0xBB && (xml[2] & 0xFF) == 0xBF
                ? 3 : 0;
        if (xml.length < start + 2 || xml[start] != '<') {
            return false;
        }
        if (xml[start + 1] != '?') {
            // '<' then anything but '?' or NUL (UTF-16, UCS-4) is read as UTF-8 without a declaration
            return xml[start + 1] != 0;
        }
        int end = Math.min(xml.length, start + DECLARATION_SCAN);
        return UTF8_DECLARATION.matcher(new String(xml, start, end - start, StandardCharsets.ISO_8859_1)).lookingAt();
    }

    /**
     * Whether this JVM knows the encoding and writes the markup counted ({@code '<'}, {@code '='}, {@code xmlns}) in it
     * with their ASCII bytes, and only so: UTF-8 (its longer forms of ASCII are refused by the parser) and single-byte
     * encodings (a character is one byte, whatever came before). Not UTF-16, EBCDIC, unknown names, nor the multi-byte
     * encodings, among them the stateful ones (ISO-2022-JP writes {@code x} then an escape then {@code mlns}): those
     * are read.
     */
    private static boolean markupIsAscii(String encoding) {
        if (encoding == null) {
            return false;
        }
        try {
            Charset charset = Charset.forName(encoding);
            boolean byteForCharacter = charset.equals(StandardCharsets.UTF_8)
                    || charset.canEncode() && charset.newEncoder().maxBytesPerChar() == 1.0f;
            return byteForCharacter && holds("<".getBytes(charset), (byte) '<')
                    && holds("=".getBytes(charset), (byte) '=') && Arrays.equals("xmlns".getBytes(charset), XMLNS);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    private static boolean holds(byte[] bytes, byte wanted) {
        for (byte b : bytes) {
            if (b == wanted) {
                return true;
            }
        }
        return false;
    }

    private interface Opening {
        XMLStreamReader open() throws XMLStreamException;
    }

    /**
     * Reads the document: elements, comments, processing instructions and CDATA sections are tags (each begins with a
     * {@code '<'}, so this never counts more than the characters would), an element's attributes and namespace
     * declarations are attributes, and its declarations stay in scope until its end; it stops at the first limit
     * passed. A DOCTYPE stops the count: the parser refuses it where it stands, before the first element (SCE002,
     * {@link SecureXml}).
     */
    private static Excess read(Opening opening, XmlLimits limits) {
        XMLStreamReader reader = null;
        Tally tally = new Tally(limits);
        try {
            reader = opening.open();
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    return Excess.NONE;
                }
                tally.count(reader, event);
                Excess excess = tally.excess();
                if (excess != Excess.NONE) {
                    return excess;
                }
            }
            return Excess.NONE;
        } catch (XMLStreamException e) {
            throw unreadable(e);
        } finally {
            close(reader);
        }
    }

    /** What {@link #read} has counted so far, and the declarations of each open element (their scope ends with it). */
    private static final class Tally {
        private final XmlLimits limits;
        private int tags;
        private long attributes;
        private int[] declaredAt;
        private int depth;
        private int inScope;

        Tally(XmlLimits limits) {
            this.limits = limits;
            this.declaredAt = new int[limits.maxDepth() + 1];
        }

        void count(XMLStreamReader reader, int event) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                open(reader.getNamespaceCount(), reader.getAttributeCount());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                inScope -= declaredAt[--depth];
            }
            if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.COMMENT
                    || event == XMLStreamConstants.PROCESSING_INSTRUCTION || event == XMLStreamConstants.CDATA) {
                tags++;
            }
        }

        private void open(int declared, int attributeCount) {
            attributes += attributeCount + declared;
            inScope += declared;
            if (depth == declaredAt.length) {
                declaredAt = Arrays.copyOf(declaredAt, depth * 2);
            }
            declaredAt[depth++] = declared;
        }

        /** The first limit passed, tags before attributes before declarations in scope. */
        Excess excess() {
            if (tags > limits.maxTags()) {
                return Excess.TAGS;
            }
            if (attributes > limits.maxDocumentAttributes()) {
                return Excess.ATTRIBUTES;
            }
            return inScope > limits.maxNamespacesInScope() ? Excess.NAMESPACES_IN_SCOPE : Excess.NONE;
        }
    }

    /** A document the counting read cannot read is not handed to the parser uncounted. */
    private static ShepException unreadable(XMLStreamException e) {
        return new ShepException(FaultCode.MALFORMED_MESSAGE, "message is not well-formed XML: " + e.getMessage(), e);
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // read from memory: nothing to release
            }
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }
}
