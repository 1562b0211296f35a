package kz.qaqpa.channel;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Consumer;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.HttpCalls;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SignaturePolicy;
import kz.qaqpa.trust.SoapEnvelope;
import kz.qaqpa.trust.SoapHeaders;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Calls a ШЭП-style SOAP endpoint: signs the request envelope with our key, and accepts an answer only when
 * its envelope signature verifies and its certificate passes {@code peerCheck}. Used by the gateway for
 * callbacks and state-system adapters, and by the mocks and the walkthrough sender.
 */
public final class SignedSoapClient {
    /** Answers of ШЭП partners are small documents; a larger one is refused rather than buffered. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
    private final KeyMaterial key;
    private final Consumer<X509Certificate> peerCheck;
    private final Duration timeout;
    private final int maxAnswerBytes;
    private final SignaturePolicy policy;
    private final GatewayMetrics metrics;

    public SignedSoapClient(KeyMaterial key, Consumer<X509Certificate> peerCheck, Duration timeout) {
        this(key, peerCheck, timeout, MAX_ANSWER_BYTES, SignaturePolicy.DEFAULT, null);
    }

    /**
     * @param maxAnswerBytes a larger answer fails the call unread (the gateway's: its largest message, since the
     *                       message log keeps every answer and a look-up's is passed on)
     * @param policy         what an answer's signature may be (its algorithms, and the CA certificates that may stand
     *                       beside its signer's in ds:X509Data: the gateway's configured ones)
     * @param metrics        counts the signatures made and verified, or null
     */
    public SignedSoapClient(KeyMaterial key, Consumer<X509Certificate> peerCheck, Duration timeout, int maxAnswerBytes,
                            SignaturePolicy policy, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.policy = policy;
        this.key = key;
        this.peerCheck = peerCheck;
        this.timeout = timeout;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** Told of a signed exchange once the answer's signature verified and its signer passed the peer check. */
    @FunctionalInterface
    public interface Exchanged {
        void exchanged(byte[] sent, byte[] answer, X509Certificate answerSigner);
    }

    private static final Exchanged UNLOGGED = (sent, answer, signer) -> { };

    /** Sends a JAXB request element; returns the answer's payload element, or throws {@link RemoteFault}. */
    public Element call(String url, Object request) {
        return call(url, SoapEnvelopes.wrap(request), UNLOGGED);
    }

    public Element call(String url, Object request, Exchanged listener) {
        return call(url, SoapEnvelopes.wrap(request), listener);
    }

    /** Sends an unsigned envelope after signing it. */
    public Element call(String url, Document envelope) {
        return call(url, envelope, UNLOGGED);
    }

    /** Sends an unsigned envelope after signing it; {@code listener} gets both signed messages as they were sent. */
    public Element call(String url, Document envelope, Exchanged listener) {
        return answered(url, envelope, listener).payload();
    }

    /** As {@link #call(String, Document, Exchanged)}, with the answer's signed SignedInfo as its check verified it. */
    public Answer answered(String url, Document envelope, Exchanged listener) {
        byte[] body = SecureXml.serialize(EnvelopeSigner.sign(envelope, key));
        if (metrics != null) {
            metrics.signed("transport");
        }
        return send(url, body, listener);
    }

    /**
     * A verified answer's payload element, and its SignedInfo in canonical form as the signature's check canonicalised
     * it ({@link EnvelopeVerifier.Verified#signedInfo}): what tells one signed answer from another, not canonicalised
     * again.
     */
    public record Answer(Element payload, byte[] signedInfo) {
        /** The answer's key among the signed answers a recipient gave ({@link EnvelopeVerifier#signedInfoDigest(byte[])}). */
        public String signedInfoDigest() {
            return EnvelopeVerifier.signedInfoDigest(signedInfo);
        }
    }

    /** A JAXB request element in an envelope signed with our key, as the bytes {@link #send} sends. */
    public byte[] signedEnvelope(Object request) {
        return SecureXml.serialize(EnvelopeSigner.sign(SoapEnvelopes.wrap(request), key));
    }

    /**
     * Sends an envelope signed before, byte for byte (a retry that must be the very message sent first); returns the
     * answer's payload element, or throws {@link RemoteFault}.
     */
    public Element send(String url, byte[] signedEnvelope) {
        return send(url, signedEnvelope, UNLOGGED).payload();
    }

    private Answer send(String url, byte[] body, Exchanged listener) {
        byte[] raw = post(url, body);
        Document answer = SecureXml.parse(raw);
        EnvelopeVerifier.Verified verified = metrics == null ? EnvelopeVerifier.verifyWithSignedInfo(answer, policy)
                : metrics.verifying("transport", () -> EnvelopeVerifier.verifyWithSignedInfo(answer, policy));
        X509Certificate signer = verified.certificate();
        peerCheck.accept(signer);
        listener.exchanged(body, raw, signer);
        // attack60: an answer is a SOAP message too (SOAP 1.1 4.2.3): a header block its signer made a condition of
        // processing it, which the gateway does not process, makes it no answer the gateway may act on
        SoapHeaders.requireUnderstood(answer.getDocumentElement());
        SoapEnvelopes.answeredFault(answer).ifPresent(fault -> {
            // an answer's Body is held to SOAP's rules of a message by SoapEnvelope.body; a fault, found without it,
            // is held to the same (review61), in either SOAP version
            SoapEnvelope.wellFormedBody(answer.getDocumentElement());
            throw new RemoteFault(url, fault.detail(), !fault.blamesTheMessage());
        });
        return new Answer(SoapEnvelopes.payload(answer), verified.signedInfo());
    }

    /** The certificate this client signs with. */
    public X509Certificate signer() {
        return key.certificate();
    }

    private byte[] post(String url, byte[] body) {
        try {
            HttpCalls.Answer answer = HttpCalls.post(URI.create(url), body, timeout, maxAnswerBytes,
                    "Content-Type", SoapVersion.SOAP11.contentType(), "SOAPAction", "\"\"");
            if (answer.body().length == 0) {
                throw new IOException("HTTP " + answer.status() + " without a body");
            }
            return answer.body();
        } catch (IOException | IllegalArgumentException e) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, "cannot reach " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * A SOAP fault answered by the remote side, with its ErrorInfo. Its texts are cut as the gateway's own messages
     * are ({@link ShepException#bounded}): they are logged, and a state system's refusal is passed on to the sender.
     */
    public static final class RemoteFault extends RuntimeException {
        private final transient ErrorInfo error;
        private final boolean answerersFailure;

        public RemoteFault(String url, ErrorInfo error) {
            this(url, error, false);
        }

        /** @param answerersFailure the fault's code puts it on the side that answered (Server), not on the call */
        public RemoteFault(String url, ErrorInfo error, boolean answerersFailure) {
            super(url + " answered " + (bounded(error) == null ? "a fault without ErrorInfo"
                    : error.getErrorCode() + ": " + error.getErrorMessage()));
            this.error = error;
            this.answerersFailure = answerersFailure;
        }

        /** Whether the SOAP faultcode names the answering side's failure (Server, a toolkit's internal fault). */
        public boolean answerersFailure() {
            return answerersFailure;
        }

        /** Cuts the texts in place (so the message above and {@link #error()} read the same), returns it. */
        private static ErrorInfo bounded(ErrorInfo error) {
            for (ErrorInfo e = error; e != null; e = e.getSubError()) {
                e.setErrorCode(ShepException.bounded(e.getErrorCode()));
                e.setErrorMessage(ShepException.bounded(e.getErrorMessage()));
                e.setErrorData(ShepException.bounded(e.getErrorData()));
            }
            return error;
        }

        public ErrorInfo error() {
            return error;
        }

        public String code() {
            return error == null ? null : error.getErrorCode();
        }
    }
}
