package kz.qaqpa.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.http.HttpCalls;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.Purpose;

/**
 * The time-stamping authority of qaqpa.log.timestamp.url (RFC 3161): asks it to stamp a SHA-256 value and checks the
 * token as the verifier will, and its authority's certificate for revocation too, before anyone keeps it. The chain's
 * head ({@link HeadStamping}) and the archive files' seals ({@link ArchiveSeal}) are stamped through it.
 */
public final class StampingAuthority {
    /** An authority's reply is a few kilobytes; anything larger is refused rather than buffered. */
    private static final int MAX_REPLY_BYTES = 256 * 1024;
    private static final String REQUEST_TYPE = "application/timestamp-query";
    private final URI url;
    private final Duration timeout;
    private final TrustSetup.TrustedCertificates trusted;
    private final CertificateValidator now;
    private final SecureRandom nonces = new SecureRandom();

    /**
     * @param url the authority's URL; null when time-stamping is off
     * @param now the gateway's certificate validator (revocation included)
     */
    public StampingAuthority(URI url, Duration timeout, TrustSetup.TrustedCertificates trusted,
                             CertificateValidator now) {
        this.url = url;
        this.timeout = timeout;
        this.trusted = trusted;
        this.now = now;
    }

    /** As the settings say: qaqpa.log.timestamp.url (empty: off) and .timeout. */
    public static StampingAuthority of(kz.qaqpa.Settings s, TrustSetup.TrustedCertificates trusted,
                                       CertificateValidator now) {
        String url = s.getOrNull("qaqpa.log.timestamp.url");
        return new StampingAuthority(url == null || url.isBlank() ? null : URI.create(url),
                s.duration("qaqpa.log.timestamp.timeout"), trusted, now);
    }

    /** Whether an authority is configured. */
    public boolean on() {
        return url != null;
    }

    URI url() {
        return url;
    }

    /** How far the authority's clock may be from the gateway's: as a signer's (qaqpa.trust.timestamp-clock-skew). */
    Duration clockSkew() {
        return trusted.policy().clockSkew();
    }

    /** A token and what it says. */
    record Stamp(byte[] token, TimeStampTokens.Checked checked) {
    }

    /**
     * A checked token stamping {@code sha256}.
     *
     * @throws IOException              when the authority cannot be reached or answers with an error
     * @throws IllegalArgumentException when its answer is no good time-stamp of the value
     * @throws kz.qaqpa.fault.ShepException when its certificate is revoked or cannot be checked now
     */
    Stamp stamp(byte[] sha256) throws IOException {
        if (url == null) {
            throw new IllegalStateException("no time-stamping authority is configured (qaqpa.log.timestamp.url)");
        }
        BigInteger nonce = new BigInteger(64, nonces);
        HttpCalls.Answer answer = HttpCalls.post(url, TimeStampTokens.request(sha256, nonce), timeout,
                MAX_REPLY_BYTES, "Content-Type", REQUEST_TYPE);
        if (answer.status() != 200) {
            throw new IOException("HTTP " + answer.status() + " from the time-stamping authority");
        }
        byte[] token = TimeStampTokens.tokenOf(answer.body(), sha256, nonce);
        TimeStampTokens.Checked checked = TimeStampTokens.check(token, sha256, trusted);
        now.validate(checked.authority(), Purpose.SIGN, true, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID);
        return new Stamp(token, checked);
    }
}
