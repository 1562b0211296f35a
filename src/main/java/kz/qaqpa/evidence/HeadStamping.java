package kz.qaqpa.evidence;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.MessageChain;
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

    private final MessageChain chain;
    private final ChainStamps stamps;
    private final StampingAuthority authority;
    private final Duration maxDelay;
    private final Clock clock;
    /** Attempts that failed since the start (a metric). */
    private final AtomicLong failures = new AtomicLong();
    /** Why the last attempt failed, and since when the head has waited; null after a stamp. */
    private volatile Failure failing;

    private record Failure(Instant since, String reason) {
    }

    /** What health reports. */
    public record State(boolean up, String detail) {
    }

    /**
     * @param authority the time-stamping authority (off: nothing is stamped)
     * @param maxDelay  how long the head may wait for a stamp while the authority fails before health says so
     */
    public HeadStamping(MessageChain chain, ChainStamps stamps, StampingAuthority authority, Duration maxDelay,
                        Clock clock) {
        this.chain = chain;
        this.stamps = stamps;
        this.authority = authority;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** Stamps the head when it moved since the last stamp (the timer route calls it); a failure is logged and kept. */
    public synchronized void stamp() {
        if (!authority.on()) {
            return;
        }
        MessageChain.Head head = chain.head();
        Optional<ChainStamps.Stamp> last = stamps.latest();
        if (head.seq() == 0 || last.isPresent() && last.get().seq() >= head.seq()) {
            return;
        }
        try {
            TimeStampTokens.Checked checked = stampOf(head, last);
            failing = null;
            LOG.info("message log time-stamped: record {} ({}) at {} by {}", head.seq(), head.hash(), checked.time(),
                    checked.authority().getSubjectX500Principal().getName());
        } catch (IOException | IllegalArgumentException | ShepException e) {
            failures.incrementAndGet();
            Failure before = failing;
            failing = new Failure(before == null ? clock.instant() : before.since(), e.getMessage());
            LOG.warn("message log not time-stamped: record {} waits since {}: {} ({})", head.seq(), failing.since(),
                    e.getMessage(), authority.url());
        }
    }

    private TimeStampTokens.Checked stampOf(MessageChain.Head head, Optional<ChainStamps.Stamp> last)
            throws IOException {
        StampingAuthority.Stamp stamp = authority.stamp(HexFormat.of().parseHex(head.hash()),
                chain.loggedAt(head.seq()), "record " + head.seq() + " was logged");
        requireAfter(last, stamp.checked().time());
        stamps.add(new ChainStamps.Stamp(head.seq(), head.hash(), stamp.checked().time().toString(), stamp.token()));
        return stamp.checked();
    }

    /**
     * A token is kept only when it is not older than the last stamp, as the verifier requires the stamps in the
     * records' order ({@link StampingAuthority#stamp} has held it to the clock and to the head record's logging).
     */
    private static void requireAfter(Optional<ChainStamps.Stamp> last, Instant stamped) {
        if (last.isPresent() && stamped.isBefore(Instant.parse(last.get().stampedAt()))) {
            throw new IllegalArgumentException("the authority's time " + stamped + " is before the last stamp's ("
                    + last.get().stampedAt() + ", record " + last.get().seq() + ")");
        }
    }

    /** How many attempts failed since the start. */
    public long failures() {
        return failures.get();
    }

    /** Seconds since the newest stamp's time (the authority's); NaN when nothing is stamped or stamping is off. */
    public double newestStampAgeSeconds() {
        if (!authority.on()) {
            return Double.NaN;
        }
        return stamps.latest().map(s -> Duration.between(Instant.parse(s.stampedAt()), clock.instant()).toMillis()
                / 1000.0).orElse(Double.NaN);
    }

    /** Down when the authority has failed for longer than the delay allowed while the head waited. */
    public State state() {
        if (!authority.on()) {
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
