package kz.qaqpa.channel;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.Map;
import kz.qaqpa.contract.async.types.GetMessageStatus;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.SendDeliveryNotification;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.ContentCoding;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.trust.CanonicalDigest;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SoapHeaders;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The first thing every inbound SOAP message meets: reads the envelope safely, verifies the WS-Security
 * signature over the very Body that will be processed, validates the signer's certificate and the payload
 * against the contract, and names the operation. Nothing is stored before this has passed.
 */
public final class ChannelGate {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelGate.class);
    /** Exchange variable: the senderId the request claims, before it is authenticated (a fault's log line names it). */
    public static final String CLAIMED_SENDER = "claimedSender";
    /** The most of a claimed senderId a log line quotes (ours: the registered ids are short). */
    private static final int CLAIMED_SENDER_LOGGED = 64;
    private static final Map<String, Class<?>> OPERATIONS = Map.of(
            "{" + ShepNames.ASYNC + "}sendMessage", SendMessage.class,
            "{" + ShepNames.ASYNC + "}getMessages", GetMessages.class,
            "{" + ShepNames.ASYNC + "}sendDeliveryNotification", SendDeliveryNotification.class,
            "{" + ShepNames.ASYNC + "}getMessageStatus", GetMessageStatus.class,
            "{" + ShepNames.SYNC + "}SendMessage", kz.qaqpa.contract.sync.types.SendMessage.class);

    private final CertificateValidator certificates;
    private final ContractSchemas schemas;
    private final int maxMessageBytes;

    private final GatewayMetrics metrics;

    public ChannelGate(CertificateValidator certificates, ContractSchemas schemas, int maxMessageBytes,
                       GatewayMetrics metrics) {
        this.metrics = metrics;
        this.certificates = certificates;
        this.schemas = schemas;
        this.maxMessageBytes = maxMessageBytes;
    }

    public void accept(Exchange exchange) {
        exchange.setVariable(GatewayMetrics.RECEIVED_AT, System.nanoTime());
        String sessionId = SessionIds.next();
        exchange.setVariable("sessionId", sessionId);
        exchange.setVariable(ClientNetwork.VARIABLE, ClientNetwork.of(exchange));
        exchange.setVariable(SoapVersion.VARIABLE,
                SoapVersion.ofContentType(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)));
        byte[] raw = readBody(exchange);
        exchange.getMessage().setBody(null); // read, and kept in Inbound.raw: no route reads the request's body again
        Document envelope = SecureXml.parse(raw);
        noteSoapVersion(exchange, envelope);
        Element payload = SoapEnvelopes.payload(envelope);
        exchange.setVariable("operation", servedOperation(payload));
        ContractSchemas.refuseSchemaHintsAround(envelope.getDocumentElement(), payload);
        SoapHeaders.requireUnderstood(envelope.getDocumentElement());
        exchange.setVariable(CLAIMED_SENDER, claimedSender(payload));
        EnvelopeVerifier.Verified verified = verifyTransportSignature(envelope);
        X509Certificate certificate = verified.certificate();
        verifyTransportCertificate(certificate);
        // before the escaped form is inlined: the digest is of what the signature covers
        String bodyDigest = Replies.toldByBody(payload.getLocalName()) ? CanonicalDigest.sha256(payload) : null;
        BusinessData.inline(payload);
        Object request = readRequest(payload, exchange.getVariable("endpoint", String.class));
        Element document = BusinessData.of(payload);
        exchange.setVariable(Inbound.VARIABLE, new Inbound(payload.getLocalName(), sessionId, raw, envelope, payload, request,
                certificate, document, bodyDigest, verified.signedInfo(), null));
        logArrival(sessionId, payload.getLocalName(), certificate);
    }

    /**
     * A SOAP 1.2 envelope is refused (SCE001, by {@link SoapEnvelopes#payload}), but in SOAP 1.2, as a version
     * mismatch, with the detail element of the operation its Body names.
     */
    private static void noteSoapVersion(Exchange exchange, Document envelope) {
        SoapVersion version = SoapVersion.ofEnvelope(envelope);
        if (version == SoapVersion.SOAP11) {
            exchange.setVariable(SoapVersion.VARIABLE, version);
        } else if (version == SoapVersion.SOAP12) {
            exchange.setVariable(SoapVersion.VARIABLE, version);
            exchange.setVariable(SoapVersion.MISMATCH, true);
            Element body = Dom.childElement(envelope.getDocumentElement(), "Body");
            Element payload = body == null ? null : Dom.firstChildElement(body);
            exchange.setVariable("operation", payload == null ? null : servedOperation(payload));
        }
    }

    /**
     * The senderId the request claims, for the log line of a refusal before the sender is authenticated (an SCE006 named
     * no sender, session 41): the first senderId element of the payload, cut to {@link #CLAIMED_SENDER_LOGGED}
     * characters (it is not yet checked against the schema); null when it names none.
     */
    private static String claimedSender(Element payload) {
        NodeList ids = payload.getElementsByTagNameNS("*", "senderId");
        if (ids.getLength() == 0) {
            return null;
        }
        String id = ids.item(0).getTextContent().trim();
        return id.length() > CLAIMED_SENDER_LOGGED ? id.substring(0, CLAIMED_SENDER_LOGGED) + "..." : id;
    }

    /** The sync channel's one operation (the async channel's is sendMessage). */
    private static final String SYNC_LOOK_UP = "SendMessage";

    private static void logArrival(String sessionId, String operation, X509Certificate certificate) {
        // providers poll every few hundred milliseconds: their polls would drown the log at INFO; a sync look-up's
        // INFO line is its answer's, naming its signer too (Replies.remember), or its refusal's: one line, not two
        if ("getMessages".equals(operation) || SYNC_LOOK_UP.equals(operation)) {
            LOG.debug("session {} {} signed by {}", sessionId, operation, certificate.getSubjectX500Principal().getName());
        } else {
            LOG.info("session {} {} signed by {}", sessionId, operation, certificate.getSubjectX500Principal().getName());
        }
    }

    /**
     * The request's message: its body, decompressed when the client sent it gzip- or deflate-encoded
     * ({@link InflatedMessage}), the limit then applying to what it inflates to, so a small compressed body cannot become
     * a large message, and the budget of request bytes held at once counting it (attack54) before its array is made
     * (http59). The body is the array the channel's reader read it into and the budget counts
     * ({@link RequestBodyReader#BODY}), not a copy (review56, http58). The channel routes do not cache the body
     * (streamCache false, routes/shep-channels.yaml): this is its one copy.
     */
    private byte[] readBody(Exchange exchange) {
        String encoding = exchange.getMessage().getHeader("Content-Encoding", String.class);
        try (InputStream body = exchange.getMessage().getBody(InputStream.class)) {
            if (body == null) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "empty request");
            }
            byte[] received = UndertowExchanges.attachment(exchange, RequestBodyReader.BODY);
            if (received == null) { // an empty body, or a request not from the channels' port
                received = body.readNBytes(maxMessageBytes + 1);
            }
            byte[] read = ContentCoding.sentAsItIs(encoding) ? received : InflatedMessage.of(received, encoding,
                    UndertowExchanges.attachment(exchange, BodyHold.ATTACHMENT), maxMessageBytes);
            if (read.length > maxMessageBytes) {
                throw new ShepException(FaultCode.MESSAGE_TOO_LARGE, "message larger than " + maxMessageBytes + " bytes");
            }
            return read;
        } catch (IOException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "cannot read the request: " + e.getMessage(), e);
        }
    }

    private EnvelopeVerifier.Verified verifyTransportSignature(Document envelope) {
        return metrics.verifying("transport", () -> EnvelopeVerifier.verifyWithSignedInfo(envelope, certificates.policy()));
    }

    private void verifyTransportCertificate(X509Certificate certificate) {
        certificates.validate(certificate, Purpose.SIGN, true, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID);
    }

    /**
     * The payload's operation, for the fault's detail element, the logs and the metrics' labels; null for a name no
     * channel serves, which the sender chose and which must reach none of them (every name would be a new label).
     */
    private static String servedOperation(Element payload) {
        return OPERATIONS.containsKey(key(payload)) ? payload.getLocalName() : null;
    }

    private static String key(Element payload) {
        return "{" + payload.getNamespaceURI() + "}" + payload.getLocalName();
    }

    /** Only the operations of the endpoint the message came to: async ones on /shep/async, SendMessage on /shep/sync. */
    private Object readRequest(Element payload, String endpoint) {
        String key = key(payload);
        Class<?> type = OPERATIONS.get(key);
        String expected = "sync".equals(endpoint) ? ShepNames.SYNC : ShepNames.ASYNC;
        if (type == null || !expected.equals(payload.getNamespaceURI())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "operation " + key + " is not served at the " + endpoint
                    + " channel");
        }
        ContractDateTimes.requireReadable(payload);
        schemas.validate(payload);
        return ShepXml.fromNode(payload, type);
    }
}
