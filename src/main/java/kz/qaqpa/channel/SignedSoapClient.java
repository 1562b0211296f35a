package kz.qaqpa.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Consumer;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Calls a ШЭП-style SOAP endpoint: signs the request envelope with our key, and accepts an answer only when
 * its envelope signature verifies and its certificate passes {@code peerCheck}. Used by the gateway for
 * callbacks and state-system adapters, and by the mocks and the walkthrough sender.
 */
public final class SignedSoapClient {
    private final KeyMaterial key;
    private final Consumer<X509Certificate> peerCheck;
    private final Duration timeout;

    public SignedSoapClient(KeyMaterial key, Consumer<X509Certificate> peerCheck, Duration timeout) {
        this.key = key;
        this.peerCheck = peerCheck;
        this.timeout = timeout;
    }

    /** Sends a JAXB request element; returns the answer's payload element, or throws {@link RemoteFault}. */
    public Element call(String url, Object request) {
        return call(url, SoapEnvelopes.wrap(request));
    }

    /** Sends an unsigned envelope after signing it. */
    public Element call(String url, Document envelope) {
        return send(url, SecureXml.serialize(EnvelopeSigner.sign(envelope, key)));
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
        Document answer = SecureXml.parse(post(url, signedEnvelope));
        peerCheck.accept(EnvelopeVerifier.verify(answer));
        if (SoapEnvelopes.isFault(answer)) {
            throw new RemoteFault(url, SoapEnvelopes.faultDetail(answer));
        }
        return SoapEnvelopes.payload(answer);
    }

    private byte[] post(String url, byte[] body) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
            http.setConnectTimeout((int) timeout.toMillis());
            http.setReadTimeout((int) timeout.toMillis());
            http.setDoOutput(true);
            http.setRequestMethod("POST");
            http.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
            http.setRequestProperty("SOAPAction", "\"\"");
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                if (in == null) {
                    throw new IOException("HTTP " + status + " without a body");
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, "cannot reach " + url + ": " + e.getMessage(), e);
        }
    }

    /** A SOAP fault answered by the remote side, with its ErrorInfo. */
    public static final class RemoteFault extends RuntimeException {
        private final transient ErrorInfo error;

        public RemoteFault(String url, ErrorInfo error) {
            super(url + " answered " + (error == null ? "a fault without ErrorInfo"
                    : error.getErrorCode() + ": " + error.getErrorMessage()));
            this.error = error;
        }

        public ErrorInfo error() {
            return error;
        }

        public String code() {
            return error == null ? null : error.getErrorCode();
        }
    }
}
