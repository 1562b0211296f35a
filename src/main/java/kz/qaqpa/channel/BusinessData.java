package kz.qaqpa.channel;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.SoapEnvelope;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.xml.XmlCharacters;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The business document a request carries in {@code data}: an element, or the same XML escaped as text
 * ({@code xsi:type="xs:string"}, as in published ШЭП samples and as some clients send it).
 *
 * <p>Text is parsed with the same secure parser (no DTDs, within the message size already checked) and put in
 * place of the text, after the transport signature has been checked over the Body as received. The contract
 * validation, the request object and everything downstream (the regulation, the sync pass-through) then see one
 * form, and an escaped document is validated exactly like an inline one.
 */
public final class BusinessData {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String JAXB_HINT =
            "a generated JAXB client's setData takes the <data> element itself: wrap the document in one";

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private BusinessData() {
    }

    /**
     * Replaces a {@code data} holding only XML as text by the document that text encodes; inline documents stay, and
     * so does text that is not markup (a service may carry a plain value).
     */
    static void inline(Element payload) {
        Element data = ShepXml.dataIn(payload);
        Element document = data == null || Dom.firstChildElement(data) != null ? null : escapedInRequest(data);
        if (document == null) {
            return;
        }
        while (data.getFirstChild() != null) {
            data.removeChild(data.getFirstChild());
        }
        data.removeAttributeNS(XSI, "type");
        Node imported = data.getOwnerDocument().importNode(document, true);
        data.appendChild(imported);
    }

    /**
     * The document {@code data} below {@code root} holds, inline or as escaped text (read as {@link #inline} reads a
     * request's, {@code data} left as it came), or null: a state system's answer is checked in either form and passed
     * on in the form it was sent (fix16). Text beside an inline document is refused, as in a request.
     */
    public static Element document(Element root) {
        Element data = ShepXml.dataIn(root);
        if (data == null) {
            return null;
        }
        Element inline = Dom.firstChildElement(data);
        if (inline == null) {
            return escapedAsSent(data);
        }
        requireNoTextBeside(inline);
        return inline;
    }

    /**
     * The document a request's {@code data} text encodes, which the gate then puts in the text's place; null where the
     * text is not markup. A leading byte order mark is dropped (review60): text decoded from a file with its mark
     * starts with U+FEFF, an encoding signature and never content (XML 1.0 4.3.3).
     */
    private static Element escapedInRequest(Element data) {
        String text = data.getTextContent().strip();
        if (text.startsWith(BYTE_ORDER_MARK)) {
            text = text.substring(BYTE_ORDER_MARK.length()).strip();
        }
        return text.startsWith("<") ? parsed(text) : null;
    }

    /**
     * The document an answer's {@code data} text encodes, read from the text exactly as the asker's parser will read
     * it, since the answer is passed on as sent (review61: the text was read stripped of U+FEFF, U+3000 or U+2028,
     * which no XML parser takes before a document, and passed on whole); null where the text, past XML's white space,
     * is not markup.
     */
    private static Element escapedAsSent(Element data) {
        String text = data.getTextContent();
        int start = 0;
        while (start < text.length() && XmlCharacters.isSpace(text.charAt(start))) {
            start++;
        }
        if (text.startsWith(BYTE_ORDER_MARK, start)) {
            // review62: it was refused as "no document", which misled the operator; a reader of the text's UTF-8
            // bytes takes it, a reader of its characters does not
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the document escaped in data is led by U+FEFF (a"
                    + " byte order mark decoded into the text), which a reader of characters refuses and a reader of"
                    + " bytes takes");
        }
        return text.startsWith("<", start) ? inUtf8(parsed(text)) : null;
    }

    /**
     * {@code document}, escaped text declaring no encoding or UTF-8 (review62): the text travels as the answer's UTF-8
     * bytes, and a reader of those bytes, told by the declaration to decode them otherwise (windows-1251), reads other
     * names than the characters the gateway checked and signed.
     */
    private static Element inUtf8(Element document) {
        String declared = document.getOwnerDocument().getXmlEncoding();
        if (declared != null && !namesUtf8(declared)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the document escaped in data declares encoding '"
                    + ShepException.bounded(declared) + "', though it travels as UTF-8: a reader of its bytes would"
                    + " read other text than its characters say");
        }
        return document;
    }

    /** Whether {@code name} is a name of UTF-8 a byte reader takes ("UTF8" and "utf8" too, review63), not a typo. */
    private static boolean namesUtf8(String name) {
        try {
            return Charset.isSupported(name)
                    && Charset.forName(name).equals(StandardCharsets.UTF_8);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    /**
     * {@code text} parsed securely. It holds no processing instruction: inlined from a request (attack59) or passed on
     * as a state system sent it (review60b), it travels inside SOAP messages, which hold none.
     */
    private static Element parsed(String text) {
        Document document = SecureXml.parseText(text);
        SoapEnvelope.requireNoProcessingInstruction(document, "the document escaped in data");
        return document.getDocumentElement();
    }

    /**
     * The one document inside {@code data}, or null; a second would be signed and logged but never read (SCE001). The
     * fault names the usual cause: a JAXB client given the document to {@code setData} (xs:anyType) writes it as
     * {@code data} itself, so its children arrive as several documents.
     */
    static Element of(Element payload) {
        Element document = ShepXml.dataContent(payload);
        Element next = document == null ? null : Dom.nextSiblingElement(document);
        if (next != null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "data holds <" + next.getLocalName() + "> after <"
                    + document.getLocalName() + ">; a message carries one document (" + JAXB_HINT + ")");
        }
        if (document != null) {
            requireNoTextBeside(document);
        }
        return document;
    }

    /**
     * {@code data} holds its document as an element or as escaped text, not both: text beside the element (another
     * document escaped, say) would be signed, logged and passed on but never read or checked, and a reader that takes
     * the text first would read another document than the gateway checked (attack18). White space is layout.
     */
    private static void requireNoTextBeside(Element document) {
        for (Node n = document.getParentNode().getFirstChild(); n != null; n = n.getNextSibling()) {
            boolean text = n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE;
            // attack48: XML's whitespace only; Java's isBlank took U+3000 or U+2028, text to any XML reader
            if (text && !XmlCharacters.isAllSpace(n.getNodeValue())) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "data holds text beside <" + document.getLocalName()
                        + ">; it carries one document, as an element or as escaped text, not both");
            }
        }
    }
}
