package kz.qaqpa.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ours (hang53, review53): a commit not on disk after qaqpa.db.sync-stall, a hung disk (a dead device, a lost SAN
 * path: the fsync of the store's log neither returns nor fails). Behind such a sync, HSQLDB's own timed sync of the log
 * waits holding the log's stream lock, the next commit waits for that lock holding HSQLDB's transaction write lock,
 * and every statement after it waits too. So while a stall is noted the store refuses new work at once
 * ({@link Database}: SCE912) instead of queueing it behind that lock, and /health says so without asking the database.
 * Each commit is watched from its {@code Connection.commit} until the group commit answered it durable, whichever sync
 * hangs (the group's, or HSQLDB's timed one that the commit's log record waits behind). No thread of its own: a stall
 * is the age of the oldest commit under way, read when asked.
 *
 * <p>The stall ends when the hung sync returns. One that failed is an outage as any failed sync ({@link GroupCommit}:
 * refused until a checkpoint wrote the store anew); one that returned 0 made the log durable (an fsync that succeeds
 * is the proof every commit relies on: a slow disk is not a lossy one), so work is taken again at once.
 */
final class SyncStall {
    private static final Logger OUT = LoggerFactory.getLogger(SyncStall.class);
    /** The setting's default, until the store's settings say otherwise ({@link Database#syncStallAfter}). */
    static final Duration DEFAULT = Duration.ofSeconds(15);
    private volatile long limitNanos = DEFAULT.toNanos();
    /** Each thread's commit under way: since when (System.nanoTime()). A transaction commits on its own thread. */
    private final Map<Thread, Long> committing = new ConcurrentHashMap<>();
    /** Whether a stall was logged and its end is still to be logged. */
    private volatile boolean noted;

    void limit(Duration after) {
        limitNanos = after.toNanos();
    }

    /** The calling thread's commit begins. */
    void began() {
        committing.put(Thread.currentThread(), System.nanoTime());
    }

    /** The calling thread's commit is answered (durable, or failed); nothing when none was under way. */
    void ended() {
        if (committing.remove(Thread.currentThread()) != null && noted && oldest() < limitNanos) {
            noted = false;
            OUT.warn("the store's log syncs again: no commit waits past qaqpa.db.sync-stall; store work is taken again"
                    + " (a sync that failed stays an outage until a checkpoint)");
        }
    }

    /** How long (nanoseconds) the oldest commit under way has waited, once past the limit; -1 while none has. */
    long stalledFor() {
        long waited = oldest();
        if (waited < limitNanos) {
            return -1;
        }
        if (!noted) {
            noted = true;
            OUT.error("a commit of the store has not reached the disk for {} s (qaqpa.db.sync-stall: a hung disk?):"
                    + " store work is refused (SCE912) until the log's sync returns", seconds(waited));
        }
        return waited;
    }

    /** How long the oldest commit under way has waited (nanoseconds); -1 when none is under way. */
    private long oldest() {
        long now = System.nanoTime();
        long waited = -1;
        for (long since : committing.values()) {
            waited = Math.max(waited, now - since);
        }
        return waited;
    }

    static long seconds(long nanos) {
        return nanos / 1_000_000_000;
    }
}
