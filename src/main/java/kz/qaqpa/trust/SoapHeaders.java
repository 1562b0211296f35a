package kz.qaqpa.trust;

import java.util.Set;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;

/**
 * Which header blocks are the receiver's, and which it must understand: SOAP 1.1 §4.2.2-4.2.3 (SOAP 1.2 part 1,
 * §5.2.2-5.2.3). A block whose actor (role) names another node is not for the receiver; one that is for it and
 * carries mustUnderstand must be processed, or the message must not be.
 */
public final class SoapHeaders {
    /** SOAP 1.1's actor naming whichever node receives the message. */
    static final String NEXT = "http://schemas.xmlsoap.org/soap/actor/next";
    private static final Set<String> RECEIVER_ROLES = Set.of(NEXT,
            "http://www.w3.org/2003/05/soap-envelope/role/next",
            "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver");

    /** mustUnderstand's values, xs:boolean's lexical forms. */
    private static final Set<String> MUST_UNDERSTAND_VALUES = Set.of("1", "0", "true", "false");

    private SoapHeaders() {
    }

    /** Whether the block is addressed to the message's receiver: no actor or role, or next or ultimateReceiver. */
    static boolean forReceiver(Element block) {
        String soap = envelopeNamespace(block);
        String attribute = WsNames.SOAP12.equals(soap) ? "role" : "actor";
        return !block.hasAttributeNS(soap, attribute) || RECEIVER_ROLES.contains(block.getAttributeNS(soap, attribute).trim());
    }

    /** The actor (role) a block names, for a message. */
    static String addressee(Element block) {
        String soap = envelopeNamespace(block);
        return block.getAttributeNS(soap, WsNames.SOAP12.equals(soap) ? "role" : "actor");
    }

    /** The SOAP namespace of the Envelope whose Header holds the block. */
    private static String envelopeNamespace(Element block) {
        return SoapEnvelope.soapNamespace((Element) block.getParentNode().getParentNode());
    }

    /**
     * SCE019 (SOAP's MustUnderstand fault) for a header block addressed to the receiver with mustUnderstand that is not the wsse:Security header
     * (the one header the gateway processes): the sender made its meaning a condition of processing the message.
     */
    public static void requireUnderstood(Element envelope) {
        Element header = SoapEnvelope.anyHeader(envelope);
        if (header == null) {
            return;
        }
        String soap = SoapEnvelope.soapNamespace(envelope);
        for (Element block : Dom.elementChildren(header)) {
            if (mustUnderstand(block, soap) && forReceiver(block) && !Dom.is(block, WsNames.WSSE, "Security")) {
                throw new ShepException(FaultCode.HEADER_NOT_UNDERSTOOD, "header {" + block.getNamespaceURI() + "}"
                        + block.getLocalName() + " is marked mustUnderstand, and the gateway processes no header but"
                        + " wsse:Security");
            }
        }
    }

    /**
     * A block's mustUnderstand: "1" or "0" (SOAP 1.1 4.2.3), also "true" and "false" (SOAP 1.2's xs:boolean, which
     * SOAP 1.1 stacks such as CXF read too). attack58: any other value was read as "not required", so a block whose
     * sender may have meant it as a condition was ignored; whether it did cannot be told, so the message is malformed.
     */
    private static boolean mustUnderstand(Element block, String soap) {
        if (!block.hasAttributeNS(soap, "mustUnderstand")) {
            return false;
        }
        String value = block.getAttributeNS(soap, "mustUnderstand").trim();
        if (!MUST_UNDERSTAND_VALUES.contains(value)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "header {" + block.getNamespaceURI() + "}"
                    + block.getLocalName() + " has mustUnderstand '" + value + "'; it is 1 or 0 (true or false)");
        }
        return "1".equals(value) || "true".equals(value);
    }
}
