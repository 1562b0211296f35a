package kz.qaqpa.channel;

import java.security.cert.X509Certificate;
import kz.qaqpa.registry.Sender;
import org.apache.camel.Exchange;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One verified inbound message as it travels through the routes (exchange variable {@value #VARIABLE}).
 *
 * @param operation   Body payload's local name: sendMessage, getMessages, sendDeliveryNotification,
 *                    getMessageStatus (async) or SendMessage (sync)
 * @param raw         the bytes as received, kept in the message log
 * @param envelope    the parsed envelope whose Body was verified
 * @param payload     the verified Body's operation element
 * @param request     the operation's request object (e.g. AsyncSendMessageRequest)
 * @param certificate the transport certificate that signed the Body
 * @param businessDocument the business document in the request's {@code data} (inline or sent as text), or null
 * @param bodyDigest  SHA-256 of the Body's content in exclusive canonical form without comments, as received: what
 *                    tells a sender's retry from another message under the same messageId; null for an operation
 *                    that is not told by it ({@link Replies#toldByBody}: a poll, a status query, an acknowledgement)
 * @param signedInfo  the transport signature's SignedInfo in canonical form, as its check canonicalised it: what a poll
 *                    or status query is known by ({@link ReplayMemory})
 */
public record Inbound(String operation, String sessionId, byte[] raw, Document envelope, Element payload, Object request,
                      X509Certificate certificate, Element businessDocument, String bodyDigest,
                      byte[] signedInfo, Sender sender) {
    public static final String VARIABLE = "inbound";

    /** The message the exchange carries (set by the channel's gate once verified). */
    public static Inbound of(Exchange exchange) {
        return exchange.getVariable(VARIABLE, Inbound.class);
    }

    public Inbound authenticatedAs(Sender s) {
        return new Inbound(operation, sessionId, raw, envelope, payload, request, certificate, businessDocument,
                bodyDigest, signedInfo, s);
    }
}
