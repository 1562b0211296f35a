package kz.qaqpa.trust;

import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.XmlCharacters;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * Structural checks of a SOAP envelope: the Body that will be processed is the Envelope's only Body child. The
 * channels take SOAP 1.1 only ({@link #body}); signatures are made and checked on either version ({@link #anyBody}),
 * because the gateway answers a SOAP 1.2 client with a signed SOAP 1.2 fault, which its message log keeps.
 */
public final class SoapEnvelope {
    private SoapEnvelope() {
    }

    /** The one Body of a SOAP 1.1 envelope (SCE001 for anything else, a SOAP 1.2 envelope included). */
    public static Element body(Element envelope) {
        if (Dom.is(envelope, WsNames.SOAP12, "Envelope")) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a SOAP 1.2 envelope: the ШЭП channels speak SOAP 1.1 "
                    + "(envelope namespace " + WsNames.SOAP11 + ", Content-Type text/xml), as their WSDL binds them");
        }
        return wellFormedBody(envelope);
    }

    /**
     * The one Body of a SOAP 1.1 or 1.2 envelope that keeps SOAP's rules of a message's shape (below), SCE001
     * otherwise: for a partner's fault, which may come in SOAP 1.2 (review61: a fault was held to the
     * processing-instruction rule only, so a form refused as an answer was taken as the partner's refusal).
     */
    public static Element wellFormedBody(Element envelope) {
        String soap = soapNamespace(envelope);
        Element body = anyBody(envelope);
        requireHeaderThenBody(envelope, body, soap);
        requireNoProcessingInstruction(envelope.getOwnerDocument(), "SOAP message");
        Element header = anyHeader(envelope);
        requireNoSoapAttribute(envelope, soap);
        requireNoSoapAttribute(body, soap);
        if (header != null) {
            requireNoSoapAttribute(header, soap);
            requireQualifiedHeaderBlocks(header);
        }
        return body;
    }

    /**
     * attack60: WS-I Basic Profile R1032 (the Envelope, Header and Body carry no attribute of the SOAP namespace) and
     * R1005 (no soapenv:encodingStyle on them). Before, {@code soapenv:encodingStyle} on the Envelope (which declares
     * the whole message SOAP-encoded, SOAP 1.1 4.1.1, where the contract is document/literal), or mustUnderstand or
     * actor on the Header or Body, was taken and ignored: the gateway read the message otherwise than its sender
     * declared it. SOAP's own attributes belong on header blocks (mustUnderstand, actor: {@link SoapHeaders}).
     */
    private static void requireNoSoapAttribute(Element element, String soap) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if (soap.equals(attribute.getNamespaceURI())) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP " + element.getLocalName() + " carries the"
                        + " SOAP attribute " + attribute.getLocalName() + "; the Envelope, Header and Body carry none"
                        + " (WS-I Basic Profile R1032)");
            }
        }
    }

    /**
     * attack60: SOAP 1.1 4.2: every immediate child of the Header is namespace-qualified. Before, a block in no
     * namespace was taken (and one marked mustUnderstand refused as not understood, SCE019, though no SOAP node can
     * understand a block without a name of its own).
     */
    private static void requireQualifiedHeaderBlocks(Element header) {
        for (Element block : Dom.elementChildren(header)) {
            if (block.getNamespaceURI() == null) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Header holds <" + block.getLocalName()
                        + "> in no namespace; every header block is namespace-qualified (SOAP 1.1 4.2)");
            }
        }
    }

    /**
     * attack59: SOAP 1.1 section 3 (and SOAP 1.2 part 1, 5): a SOAP message MUST NOT contain processing instructions.
     * Before, one was taken anywhere: before the Envelope or between its Header and Body, where no signature covers it
     * (anyone could add one to a signed request, kept in the message log as the sender's), and inside the Body, where
     * C14N digests it and the gateway passed it on to the provider inside a citizen's document, a SOAP message of its
     * own that then held one (and one splitting a value, {@code 2109<?x?>08615601}, reads otherwise to a reader that
     * takes a field's first text). Refused wherever it stands, before any signature is looked at; the target is named,
     * its text (the sender's) is not quoted. Also for a document escaped in {@code data}, which the gateway inlines and
     * passes on in SOAP messages ({@code BusinessData.inline}).
     *
     * @param what what {@code message} is, as the refusal names it
     */
    public static void requireNoProcessingInstruction(Document message, String what) {
        ProcessingInstruction instruction = Dom.firstProcessingInstruction(message);
        if (instruction != null) {
            Node parent = instruction.getParentNode();
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, what + " holds a processing instruction <?"
                    + instruction.getTarget() + "?> " + (parent instanceof Element e ? "in <" + e.getLocalName() + ">"
                    : "before or after its root element") + "; a SOAP message carries none (SOAP 1.1 section 3)");
        }
    }

    /**
     * attack58: SOAP 1.1 4.2 and 4.3 (the Header, if present, is the Envelope's first child, the Body follows it) and
     * WS-I Basic Profile R1011 (no element after the Body); the envelope schema gives the Envelope no text. Before, a
     * Header after the Body, an element before the Header or after the Body and text among them were accepted: what a
     * SOAP stack on either side reads as the message's header or extra content was left to each.
     */
    private static void requireHeaderThenBody(Element envelope, Element body, String soap) {
        Element expected = Dom.firstChildElement(envelope);
        boolean header = expected != null && Dom.is(expected, soap, "Header");
        if (header) {
            expected = Dom.nextSiblingElement(expected);
        }
        if (expected != body) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Envelope holds <" + expected.getLocalName()
                    + "> where its " + (header ? "Body" : "Header or Body") + " belongs: the Header, if any, comes first,"
                    + " the Body right after it (SOAP 1.1 4.2)");
        }
        Element after = Dom.nextSiblingElement(body);
        if (after != null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Envelope holds <" + after.getLocalName()
                    + "> after the Body; nothing follows the Body (WS-I Basic Profile R1011)");
        }
        for (Node child = envelope.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                if (!XmlCharacters.isAllSpace(child.getNodeValue())) {
                    throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Envelope holds text beside its Header and"
                            + " Body; it holds elements only");
                }
            }
        }
    }

    /** The one Body of a SOAP 1.1 or SOAP 1.2 envelope, in the Envelope's own namespace (SCE001 otherwise). */
    public static Element anyBody(Element envelope) {
        String soap = soapNamespace(envelope);
        List<Element> bodies = Dom.children(envelope, soap, "Body");
        if (bodies.size() != 1) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE,
                    "SOAP Envelope must have exactly one Body, found " + bodies.size());
        }
        return bodies.get(0);
    }

    /** The Header of a SOAP 1.1 envelope, or null when it has none. */
    static Element header(Element envelope) {
        body(envelope);
        return anyHeader(envelope);
    }

    /** The Header of a SOAP 1.1 or 1.2 envelope, or null when it has none. */
    static Element anyHeader(Element envelope) {
        List<Element> headers = Dom.children(envelope, soapNamespace(envelope), "Header");
        if (headers.size() > 1) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Envelope has more than one Header");
        }
        return headers.isEmpty() ? null : headers.get(0);
    }

    /** The envelope's SOAP namespace (1.1 or 1.2); SCE001 when the element is no SOAP Envelope. */
    static String soapNamespace(Element envelope) {
        if (Dom.is(envelope, WsNames.SOAP11, "Envelope")) {
            return WsNames.SOAP11;
        }
        if (Dom.is(envelope, WsNames.SOAP12, "Envelope")) {
            return WsNames.SOAP12;
        }
        throw new ShepException(FaultCode.MALFORMED_MESSAGE, "document element is not a SOAP 1.1 Envelope but "
                + (envelope == null ? "nothing" : "{" + envelope.getNamespaceURI() + "}" + envelope.getLocalName()));
    }
}
