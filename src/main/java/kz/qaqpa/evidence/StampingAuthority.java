package kz.qaqpa.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import kz.qaqpa.settings.Settings;
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
    public static StampingAuthority of(Settings s, TrustSetup.TrustedCertificates trusted,
                                       CertificateValidator now) {
        String url = s.getOrNull("qaqpa.log.timestamp.url");
        String key = "qaqpa.log.timestamp.url";
        return new StampingAuthority(url == null || url.isBlank() ? null : URI.create(Settings.url(key, url)),
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
     * A checked token stamping {@code sha256}, whose time can be the value's: not ahead of the gateway's clock nor
     * before the value existed ({@code existedFrom}, when known), each beyond the clock skew allowed a signer. A token
     * outside proves nothing true, and kept it would make the verifier name what it stamps.
     *
     * @param existed names the moment {@code existedFrom} in a refusal, e.g. "record 12 was logged"
     * @throws IOException              when the authority cannot be reached or answers with an error
     * @throws IllegalArgumentException when its answer is no good time-stamp of the value, or not timely
     * @throws kz.qaqpa.fault.ShepException when its certificate is revoked or cannot be checked now
     */
    Stamp stamp(byte[] sha256, Optional<Instant> existedFrom, String existed) throws IOException {
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
        now.validate(checked.authority(), Purpose.TIME_STAMPS, true, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID);
        requireTimely(checked, existedFrom, existed);
        return new Stamp(token, checked);
    }

    private void requireTimely(TimeStampTokens.Checked checked, Optional<Instant> existedFrom, String existed) {
        Instant stamped = checked.time();
        Duration skew = clockSkew();
        if (stamped.isAfter(Instant.now().plus(skew))) {
            throw new IllegalArgumentException("the authority's time " + stamped + " is ahead of the gateway's clock"
                    + " by more than qaqpa.trust.timestamp-clock-skew " + skew);
        }
        if (existedFrom.isPresent() && checked.predates(existedFrom.get(), skew)) {
            throw new IllegalArgumentException("the authority's time " + stamped + " is before " + existed + " ("
                    + existedFrom.get() + ") by more than qaqpa.trust.timestamp-clock-skew " + skew);
        }
    }
}
