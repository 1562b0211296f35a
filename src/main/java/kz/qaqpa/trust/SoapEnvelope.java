package kz.qaqpa.trust;

import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.w3c.dom.Element;

/** Structural checks of a SOAP 1.1 envelope: the Body that will be processed is the Envelope's only Body child. */
public final class SoapEnvelope {
    private SoapEnvelope() {
    }

    public static Element body(Element envelope) {
        requireEnvelope(envelope);
        List<Element> bodies = Dom.children(envelope, WsNames.SOAP11, "Body");
        if (bodies.size() != 1) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE,
                    "SOAP Envelope must have exactly one Body, found " + bodies.size());
        }
        return bodies.get(0);
    }

    /** The Header, or null when the envelope has none. */
    static Element header(Element envelope) {
        requireEnvelope(envelope);
        List<Element> headers = Dom.children(envelope, WsNames.SOAP11, "Header");
        if (headers.size() > 1) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Envelope has more than one Header");
        }
        return headers.isEmpty() ? null : headers.get(0);
    }

    private static void requireEnvelope(Element envelope) {
        if (!Dom.is(envelope, WsNames.SOAP11, "Envelope")) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "document element is not a SOAP 1.1 Envelope but "
                    + (envelope == null ? "nothing" : "{" + envelope.getNamespaceURI() + "}" + envelope.getLocalName()));
        }
    }
}
