package kz.qaqpa.trust;

import java.time.Instant;
import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.XsDateTime;
import org.w3c.dom.Element;

/**
 * The {@code wsu:Timestamp} of a wsse:Security header (WSS4J and WCF send and sign one by default): at most one, and
 * when it is there its Expires comes after its Created, has not passed, and its Created is not in the future, give
 * or take the policy's clock skew. An old Created without Expires is not refused here (fix42, decided): WS-Security
 * (SOAP Message Security 1.1, 10) makes Expires optional and leaves freshness to the receiver, every request is dated
 * in its Body but a poll's, whose signed Created {@code MessageFreshness} holds to its window, and the message log
 * verifies logged envelopes long after their Created.
 */
final class WsTimestamp {
    private WsTimestamp() {
    }

    /** The header's own Timestamp (a direct child), or null. */
    static Element of(Element security) {
        List<Element> timestamps = Dom.children(security, WsNames.WSU, "Timestamp");
        if (timestamps.size() > 1) {
            throw new ShepException(FaultCode.TRANSPORT_SIGNATURE_INVALID, "wsse:Security holds " + timestamps.size()
                    + " wsu:Timestamp elements, expected at most one");
        }
        return timestamps.isEmpty() ? null : timestamps.get(0);
    }

    static void requireCurrent(Element timestamp, SignaturePolicy policy) {
        Instant now = policy.clock().instant();
        Instant created = instant(timestamp, "Created");
        Instant expires = instant(timestamp, "Expires");
        if (created != null && expires != null && !expires.isAfter(created)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the message's wsu:Timestamp expires at " + expires
                    + ", not after it was created at " + created);
        }
        if (expires != null && expires.plus(policy.clockSkew()).isBefore(now)) {
            throw new ShepException(FaultCode.TIMESTAMP_EXPIRED, "the message's wsu:Timestamp expired at " + expires
                    + " (now " + now + ", clock skew allowed " + policy.clockSkew() + ")");
        }
        if (created != null && created.minus(policy.clockSkew()).isAfter(now)) {
            throw new ShepException(FaultCode.TIMESTAMP_EXPIRED, "the message's wsu:Timestamp was created at " + created
                    + ", in the future (now " + now + ", clock skew allowed " + policy.clockSkew() + ")");
        }
    }

    /** The Timestamp's Created, or null when it has none. */
    static Instant created(Element timestamp) {
        return instant(timestamp, "Created");
    }

    private static Instant instant(Element timestamp, String name) {
        List<Element> values = Dom.children(timestamp, WsNames.WSU, name);
        if (values.size() > 1) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "wsu:Timestamp has " + values.size() + " wsu:" + name);
        }
        if (values.isEmpty()) {
            return null;
        }
        String text = values.get(0).getTextContent().trim();
        try {
            return XsDateTime.instant(text);
        } catch (IllegalArgumentException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "wsu:Timestamp/wsu:" + name + ": " + e.getMessage(), e);
        }
    }
}
