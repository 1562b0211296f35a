package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
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
 */
final class TagCount {
    /** What a document holds beyond its limits, tags before attributes. */
    enum Excess { NONE, TAGS, ATTRIBUTES }

    /** The JDK's own implementation, never another on the classpath (Woodstox reads encodings its own way). */
    private static final ThreadLocal<XMLInputFactory> STAX = ThreadLocal.withInitial(TagCount::newFactory);

    private TagCount() {
    }

    /** Which limit {@code xml} passes: counted in its bytes where they bound it, else by reading it. */
    static Excess over(byte[] xml, int maxTags, int maxAttributes) {
        int lessThan = 0;
        int equals = 0;
        for (byte b : xml) {
            if (b == '<') {
                lessThan++;
            } else if (b == '=') {
                equals++;
            }
        }
        if (lessThan > maxTags) {
            return Excess.TAGS;
        }
        if (markupIsAscii(encodingOf(xml)) && equals <= maxAttributes) {
            return Excess.NONE;
        }
        return read(() -> STAX.get().createXMLStreamReader(new ByteArrayInputStream(xml)), maxTags, maxAttributes);
    }

    /** As for bytes, over characters (XML that arrived as text): '<' and '=' are characters of their own there. */
    static Excess over(String xml, int maxTags, int maxAttributes) {
        int lessThan = 0;
        int equals = 0;
        for (int i = 0; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (c == '<') {
                lessThan++;
            } else if (c == '=') {
                equals++;
            }
        }
        if (lessThan > maxTags) {
            return Excess.TAGS;
        }
        if (equals <= maxAttributes) {
            return Excess.NONE;
        }
        return read(() -> STAX.get().createXMLStreamReader(new StringReader(xml)), maxTags, maxAttributes);
    }

    /** The encoding the JDK's parser reads the document in, from its byte-order mark, first bytes and declaration. */
    private static String encodingOf(byte[] xml) {
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
     * Whether this JVM knows the encoding and writes {@code '<'} and {@code '='} in it with the bytes 0x3C and 0x3D;
     * false for unknown names.
     */
    private static boolean markupIsAscii(String encoding) {
        if (encoding == null) {
            return false;
        }
        try {
            Charset charset = Charset.forName(encoding);
            return holds("<".getBytes(charset), (byte) '<') && holds("=".getBytes(charset), (byte) '=');
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
     * declarations are attributes; it stops at the first limit passed. A DOCTYPE stops the count: the parser refuses
     * it where it stands, before the first element (SCE002, {@link SecureXml}).
     */
    private static Excess read(Opening opening, int maxTags, int maxAttributes) {
        XMLStreamReader reader = null;
        int tags = 0;
        long attributes = 0;
        try {
            reader = opening.open();
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    return Excess.NONE;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    attributes += reader.getAttributeCount() + reader.getNamespaceCount();
                }
                if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.COMMENT
                        || event == XMLStreamConstants.PROCESSING_INSTRUCTION || event == XMLStreamConstants.CDATA) {
                    tags++;
                }
                if (tags > maxTags) {
                    return Excess.TAGS;
                }
                if (attributes > maxAttributes) {
                    return Excess.ATTRIBUTES;
                }
            }
            return Excess.NONE;
        } catch (XMLStreamException e) {
            throw unreadable(e);
        } finally {
            close(reader);
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
