package kz.qaqpa.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.HttpCalls;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.Purpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has the message chain's head time-stamped by a time-stamping authority (RFC 3161; the НУЦ's is
 * {@code http://tsp.pki.gov.kz/}) whenever it moved since the last stamp, as X-Road time-stamps its message log in
 * batches: a stamp proves that the chain up to that record existed at the authority's time, so a chain rewritten and
 * re-hashed before it shows (its record there has another hash) without anybody having noted a head. The token is
 * checked as the verifier will check it, and its authority's certificate for revocation too, before it is kept.
 */
public final class HeadStamping {
    private static final Logger LOG = LoggerFactory.getLogger(HeadStamping.class);
    /** An authority's reply is a few kilobytes; anything larger is refused rather than buffered. */
    private static final int MAX_REPLY_BYTES = 256 * 1024;
    private static final String REQUEST_TYPE = "application/timestamp-query";

    private final MessageChain chain;
    private final ChainStamps stamps;
    private final URI authority;
    private final Duration timeout;
    private final Duration maxDelay;
    private final TrustSetup.TrustedCertificates trusted;
    private final CertificateValidator now;
    private final Clock clock;
    private final SecureRandom nonces = new SecureRandom();
    /** Why the last attempt failed, and since when the head has waited; null after a stamp. */
    private volatile Failure failing;

    private record Failure(Instant since, String reason) {
    }

    /** What health reports. */
    public record State(boolean up, String detail) {
    }

    /**
     * @param authority the authority's URL; null when time-stamping is off
     * @param maxDelay  how long the head may wait for a stamp while the authority fails before health says so
     * @param now       the gateway's certificate validator (revocation included)
     */
    public HeadStamping(MessageChain chain, ChainStamps stamps, URI authority, Duration timeout, Duration maxDelay,
                        TrustSetup.TrustedCertificates trusted, CertificateValidator now, Clock clock) {
        this.chain = chain;
        this.stamps = stamps;
        this.authority = authority;
        this.timeout = timeout;
        this.maxDelay = maxDelay;
        this.trusted = trusted;
        this.now = now;
        this.clock = clock;
    }

    /** Stamps the head when it moved since the last stamp (the timer route calls it); a failure is logged and kept. */
    public synchronized void stamp() {
        if (authority == null) {
            return;
        }
        MessageChain.Head head = chain.head();
        Optional<ChainStamps.Stamp> last = stamps.latest();
        if (head.seq() == 0 || last.isPresent() && last.get().seq() >= head.seq()) {
            return;
        }
        try {
            TimeStampTokens.Checked checked = stampOf(head);
            failing = null;
            LOG.info("message log time-stamped: record {} ({}) at {} by {}", head.seq(), head.hash(), checked.time(),
                    checked.authority().getSubjectX500Principal().getName());
        } catch (IOException | IllegalArgumentException | ShepException e) {
            Failure before = failing;
            failing = new Failure(before == null ? clock.instant() : before.since(), e.getMessage());
            LOG.warn("message log not time-stamped: record {} waits since {}: {} ({})", head.seq(), failing.since(),
                    e.getMessage(), authority);
        }
    }

    private TimeStampTokens.Checked stampOf(MessageChain.Head head) throws IOException {
        byte[] hash = HexFormat.of().parseHex(head.hash());
        BigInteger nonce = new BigInteger(64, nonces);
        HttpCalls.Answer answer = HttpCalls.post(authority, TimeStampTokens.request(hash, nonce), timeout,
                MAX_REPLY_BYTES, "Content-Type", REQUEST_TYPE);
        if (answer.status() != 200) {
            throw new IOException("HTTP " + answer.status() + " from the time-stamping authority");
        }
        byte[] token = TimeStampTokens.tokenOf(answer.body(), hash, nonce);
        TimeStampTokens.Checked checked = TimeStampTokens.check(token, hash, trusted);
        now.validate(checked.authority(), Purpose.SIGN, true, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID);
        stamps.add(new ChainStamps.Stamp(head.seq(), head.hash(), checked.time().toString(), token));
        return checked;
    }

    /** Down when the authority has failed for longer than the delay allowed while the head waited. */
    public State state() {
        if (authority == null) {
            return new State(true, "off (qaqpa.log.timestamp.url is empty): the message log is not time-stamped");
        }
        Failure f = failing;
        Optional<ChainStamps.Stamp> last = stamps.latest();
        String stamped = last.map(s -> "record " + s.seq() + " time-stamped at " + s.stampedAt())
                .orElse("nothing time-stamped yet");
        if (f == null) {
            return new State(true, stamped);
        }
        boolean late = !clock.instant().isBefore(f.since().plus(maxDelay));
        return new State(!late, stamped + "; the head waits since " + f.since() + " (" + f.reason() + ")"
                + (late ? ": longer than qaqpa.log.timestamp.max-delay " + maxDelay : ""));
    }
}
