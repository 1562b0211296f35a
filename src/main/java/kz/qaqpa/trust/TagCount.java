package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
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
 * Whether a document as bytes holds more tags than a limit, counted in what the parser will read.
 *
 * <p>Counting the byte {@code '<'} (0x3C) is cheap and an upper bound of the tags wherever the parser's encoding writes
 * {@code '<'} as that byte: UTF-8, UTF-16, UTF-32 and every ASCII-based encoding. EBCDIC writes it as 0x4C, and the
 * JDK's parser reads EBCDIC (found by the first bytes, or named by the XML declaration of an ASCII start): 5 MB of
 * {@code <a/>} in IBM037 held no 0x3C at all and became 1,250,000 elements, 80 MB of DOM (attack18). The encoding the
 * parser will read is asked of the JDK's own StAX reader, which reads the declaration with the same entity scanner;
 * for any other than those, the tags are counted by reading the document with it (a second read, for such documents
 * only).
 */
final class TagCount {
    /** The JDK's own implementation, never another on the classpath (Woodstox reads encodings its own way). */
    private static final ThreadLocal<XMLInputFactory> STAX = ThreadLocal.withInitial(TagCount::newFactory);

    private TagCount() {
    }

    /** True when {@code xml} holds more than {@code max} tags (bytes 0x3C, or where that does not bound them, tags read). */
    static boolean over(byte[] xml, int max) {
        return lessThanBytes(xml) > max || !lessThanIsItsByte(encodingOf(xml)) && tagsRead(xml, max) > max;
    }

    private static int lessThanBytes(byte[] xml) {
        int count = 0;
        for (byte b : xml) {
            if (b == '<') {
                count++;
            }
        }
        return count;
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

    /** Whether this JVM knows the encoding and writes {@code '<'} in it with the byte 0x3C; false for unknown names. */
    private static boolean lessThanIsItsByte(String encoding) {
        if (encoding == null) {
            return false;
        }
        try {
            for (byte b : "<".getBytes(Charset.forName(encoding))) {
                if (b == '<') {
                    return true;
                }
            }
            return false;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    /**
     * The elements, comments, processing instructions and CDATA sections the parser reads, up to one past {@code max}:
     * each begins with a {@code '<'}, so this never counts more than the characters would. A DOCTYPE stops the count:
     * the parser refuses it where it stands, before the first element (SCE002, {@link SecureXml}).
     */
    private static int tagsRead(byte[] xml, int max) {
        XMLStreamReader reader = null;
        int tags = 0;
        try {
            reader = STAX.get().createXMLStreamReader(new ByteArrayInputStream(xml));
            while (reader.hasNext() && tags <= max) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    return 0;
                }
                if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.COMMENT
                        || event == XMLStreamConstants.PROCESSING_INSTRUCTION || event == XMLStreamConstants.CDATA) {
                    tags++;
                }
            }
            return tags;
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
