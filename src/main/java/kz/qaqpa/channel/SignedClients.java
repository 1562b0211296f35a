package kz.qaqpa.channel;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.PeerCheck;

/**
 * The gateway's signed SOAP clients (qaqpa.http.client-timeout, qaqpa.max-message-bytes), each answered only by the
 * organisation it calls.
 */
public final class SignedClients {
    private final CertificateValidator validator;
    private final SenderRegistry senders;
    /** A signed client whose answers the given check accepts. */
    private final Function<Consumer<X509Certificate>, SignedSoapClient> client;
    /** Callback clients by sender id (see {@link #ofSender}). */
    private final Map<String, SignedSoapClient> senderClients = new ConcurrentHashMap<>();

    public SignedClients(KeyMaterial key, CertificateValidator validator, SenderRegistry senders, Duration timeout,
                         int maxAnswerBytes, GatewayMetrics metrics) {
        this.validator = validator;
        this.senders = senders;
        this.client = peerCheck -> new SignedSoapClient(key, peerCheck, timeout, maxAnswerBytes,
                validator.policy(), metrics);
    }

    /** A client whose answers only the organisation {@code bin} signs; another's answer is {@code fault}. */
    public SignedSoapClient answeredBy(String bin, FaultCode fault) {
        return client.apply(PeerCheck.organisation(validator, bin, fault));
    }

    /**
     * A callback is answered only by the sender system it was meant for (its registered БИН). One client per sender,
     * built once: building it read the settings through Camel's property resolution on every delivery.
     */
    public SignedSoapClient ofSender(String senderId) {
        return senderClients.computeIfAbsent(senderId, id -> {
            Sender sender = senders.find(id).orElseThrow(() -> new IllegalStateException("unknown sender " + id));
            return answeredBy(sender.bin(), FaultCode.SENDER_NOT_AUTHORISED);
        });
    }
}
