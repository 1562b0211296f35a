package kz.qaqpa.channel;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * attack48b: how many faults to requests whose sender is not known (not XML, unsigned, a signature that does not
 * verify, refused before the routes) one client network (an IPv4 address, an IPv6 /64: {@link
 * kz.qaqpa.http.PeerNetwork}) may have put in the message log: a token bucket of {@code perHour} faults, refilled
 * evenly over the hour (qaqpa.log.unknown-sender-faults-per-hour). An integrator debugging its signatures stays within
 * it and has every fault logged; a flood has only its first ones logged, the rest answered but not logged, so the
 * log's growth from strangers is bounded by the networks that send, not by the requests. attack49: a signed request
 * whose sender was not authenticated takes its certificate's budget instead (Faults' payer).
 *
 * <p>Memory is bounded: at most {@link #NETWORKS_REMEMBERED} networks are followed. attack49: a network is forgotten
 * only once its bucket is full again (a full bucket is what a new network gets, so forgetting it gives nothing back);
 * while every network followed has spent some of its budget, the networks beyond share one more bucket. Before, the
 * least recently seen was forgotten whatever its bucket held, so a client cycling one network more than the table
 * holds found each one full again and had every fault logged. So the faults logged to strangers are at most
 * ({@link #NETWORKS_REMEMBERED} + 1) × {@code perHour} an hour, whatever the addresses.
 *
 * <p>line50 (attack49's Left, LOW-MEDIUM): that is still some 1.47 M faults an hour from a client holding 4096
 * networks (an IPv6 /52, or a botnet). Above the networks' budgets is one of the whole gateway, {@code perHourInAll}
 * (qaqpa.log.unknown-sender-faults-per-hour-in-all), refilled the same way: a fault is logged only while both have
 * room, so the log's growth from strangers is bounded whatever the addresses. The price, chosen: while a flood from
 * many networks has spent it, an integrator's faults are answered but not logged either (its own network's budget is
 * not spent meanwhile). Its WARN line is said once, and again only after the budget has refilled whole.
 */
final class UnknownSenderFaultBudget {
    /** Networks followed at once: some 100 bytes each. */
    static final int NETWORKS_REMEMBERED = 4096;
    private static final long NANOS_PER_HOUR = TimeUnit.HOURS.toNanos(1);

    /**
     * What to do with one fault: log it; or not, and say so (the first of a burst beyond the budget); or not,
     * silently. The ALL_ ones: the gateway's budget is spent (line50), the network's not.
     */
    enum Decision {
        LOG, SKIP_AND_WARN, SKIP, ALL_SKIP_AND_WARN, ALL_SKIP;

        /** The metric's reason for a fault not logged (qaqpa_log_faults_unlogged_total). */
        String reason() {
            return this == ALL_SKIP || this == ALL_SKIP_AND_WARN ? "all-networks" : "budget";
        }
    }

    private final long perHour;
    private final long perHourInAll;
    /** The budget of the whole gateway (line50), above the networks'. */
    private final Bucket inAll;
    private final LongSupplier nanoTime;
    /** The networks followed, the least recently seen first. */
    private final LinkedHashMap<Object, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    /** The one budget of the networks beyond those followed, while none followed may be forgotten. */
    private final Bucket beyond;

    UnknownSenderFaultBudget(long perHour, long perHourInAll, LongSupplier nanoTime) {
        if (perHour < 0 || perHourInAll < 0) {
            throw new IllegalArgumentException("qaqpa.log.unknown-sender-faults-per-hour and its -in-all must not be"
                    + " negative: " + perHour + ", " + perHourInAll);
        }
        this.perHour = perHour;
        this.perHourInAll = perHourInAll;
        this.nanoTime = nanoTime;
        this.beyond = new Bucket(perHour, nanoTime.getAsLong());
        this.inAll = new Bucket(perHourInAll, nanoTime.getAsLong());
    }

    /**
     * One fault to an unknown sender from {@code payer}: its client network (an {@link InetAddress}; null: the address
     * is not known, one shared bucket) or, for a signed request whose sender was not authenticated, its certificate
     * (attack49).
     */
    synchronized Decision take(Object payer) {
        long now = nanoTime.getAsLong();
        Bucket bucket = bucketOf(payer, now);
        bucket.refill(now, perHour);
        inAll.refill(now, perHourInAll);
        if (perHourInAll > 0 && inAll.tokens >= perHourInAll) {
            inAll.warned = false; // refilled whole: a flood's next burst is said again (0: never whole, said once)
        }
        if (bucket.tokens < 1) {
            return bucket.skip(Decision.SKIP, Decision.SKIP_AND_WARN);
        }
        if (inAll.tokens < 1) {
            return inAll.skip(Decision.ALL_SKIP, Decision.ALL_SKIP_AND_WARN);
        }
        bucket.tokens--;
        inAll.tokens--;
        bucket.warned = false;
        return Decision.LOG;
    }

    /** {@code payer}'s bucket: its own, a new one when there is room or a full one to forget, else the one beyond. */
    private Bucket bucketOf(Object payer, long now) {
        Bucket known = buckets.get(payer);
        if (known != null) {
            return known;
        }
        if (buckets.size() >= NETWORKS_REMEMBERED && !forgotTheLeastRecentIfFull(now)) {
            return beyond;
        }
        Bucket fresh = new Bucket(perHour, now);
        buckets.put(payer, fresh);
        return fresh;
    }

    /** The least recently seen network has had the longest to refill: forgotten if its bucket is full again. */
    private boolean forgotTheLeastRecentIfFull(long now) {
        Iterator<Bucket> leastRecent = buckets.values().iterator();
        Bucket bucket = leastRecent.next();
        bucket.refill(now, perHour);
        if (bucket.tokens < perHour) {
            return false;
        }
        leastRecent.remove();
        return true;
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

        /** A fault beyond this budget: {@code warn} the first time of a burst, else {@code silent}. */
        Decision skip(Decision silent, Decision warn) {
            if (warned) {
                return silent;
            }
            warned = true;
            return warn;
        }

        void refill(long now, long perHour) {
            tokens = Math.min(perHour, tokens + (double) (now - lastNanos) * perHour / NANOS_PER_HOUR);
            lastNanos = now;
        }
    }
}
