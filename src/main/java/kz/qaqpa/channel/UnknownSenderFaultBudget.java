package kz.qaqpa.channel;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * attack48b: how many faults to requests whose sender is not known (not XML, unsigned, a signature that does not
 * verify, refused before the routes) one client network (an IPv4 address, an IPv6 /64: {@link
 * kz.qaqpa.http.PeerNetwork}) may have put in the message log: a token bucket of {@code perHour} faults, refilled
 * evenly over the hour (qaqpa.log.unknown-sender-faults-per-hour). An integrator debugging its signatures stays within
 * it and has every fault logged; a flood has only its first ones logged, the rest answered but not logged, so the
 * log's growth from strangers is bounded by the networks that send, not by the requests.
 *
 * <p>Memory is bounded: at most {@link #NETWORKS_REMEMBERED} networks are followed, the least recently seen
 * forgotten first (a forgotten network starts again with a full bucket).
 */
final class UnknownSenderFaultBudget {
    /** Networks followed at once: some 100 bytes each. */
    static final int NETWORKS_REMEMBERED = 4096;
    private static final long NANOS_PER_HOUR = TimeUnit.HOURS.toNanos(1);

    /** What to do with one fault: log it; or not, and say so (the first of a burst beyond the budget); or not, silently. */
    enum Decision { LOG, SKIP_AND_WARN, SKIP }

    private final long perHour;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > NETWORKS_REMEMBERED;
        }
    };

    UnknownSenderFaultBudget(long perHour, LongSupplier nanoTime) {
        if (perHour < 0) {
            throw new IllegalArgumentException("qaqpa.log.unknown-sender-faults-per-hour must not be negative: "
                    + perHour);
        }
        this.perHour = perHour;
        this.nanoTime = nanoTime;
    }

    /** One fault to an unknown sender from {@code network} (null: the address is not known, one shared bucket). */
    synchronized Decision take(InetAddress network) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(network, n -> new Bucket(perHour, now));
        bucket.refill(now, perHour);
        if (bucket.tokens >= 1) {
            bucket.tokens--;
            bucket.warned = false;
            return Decision.LOG;
        }
        if (bucket.warned) {
            return Decision.SKIP;
        }
        bucket.warned = true;
        return Decision.SKIP_AND_WARN;
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;
        /** True once this burst beyond the budget has had its WARN line; false again once a fault is logged. */
        private boolean warned;

        Bucket(long tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        void refill(long now, long perHour) {
            tokens = Math.min(perHour, tokens + (double) (now - lastNanos) * perHour / NANOS_PER_HOUR);
            lastNanos = now;
        }
    }
}
