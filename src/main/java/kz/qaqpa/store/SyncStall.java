package kz.qaqpa.store;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ours (hang53, review53): a commit not on disk after qaqpa.db.sync-stall, a hung disk (a dead device, a lost SAN
 * path: the fsync of the store's log neither returns nor fails). Behind such a sync, HSQLDB's own timed sync of the log
 * (which runs only until a log's first group sync since perf56a: a new log of an opening or a checkpoint) waits
 * holding the log's stream lock, the next commit waits for that lock holding HSQLDB's transaction write lock, and
 * every statement after it waits too; a commit also waits for the group's hung sync itself. So while a stall is noted
 * the store refuses new work at once ({@link Database}: SCE912) instead of queueing it behind that lock, and /health
 * says so without asking the database.
 * Each commit is watched from its {@code Connection.commit} until the group commit answered it durable, whichever sync
 * hangs (the group's, or HSQLDB's timed one that the commit's log record waits behind). No thread of its own: a stall
 * is the age of the oldest commit under way, read when asked.
 *
 * <p>The stall ends when the hung sync returns. One that failed is an outage as any failed sync ({@link GroupCommit}:
 * refused until a checkpoint wrote the store anew); one that returned 0 made the log durable (an fsync that succeeds
 * is the proof every commit relies on: a slow disk is not a lossy one), so work is taken again at once.
 *
 * <p>hang54: a checkpoint or a BLOCKING backup of ours holds the store on purpose (every statement waits while it runs;
 * a CHECKPOINT DEFRAG rewrites the whole data file, minutes at gigabytes), and the commits waiting behind it were
 * counted as a hung disk. Such a hold is noted ({@link #hold}); one past the limit is told apart: the work is still
 * refused at once (SCE912: the store cannot take it within the limit, and requests are not to pile up behind it), but it
 * is named as the hold it is (a WARN, health's "held by CHECKPOINT DEFRAG"), not as a dead disk. A commit that had
 * already waited past the limit when the hold began is a hung sync still (the hold waits behind it).
 */
final class SyncStall {
    private static final Logger OUT = LoggerFactory.getLogger(SyncStall.class);
    /** The setting's default, until the store's settings say otherwise ({@link Database#syncStallAfter}). */
    static final Duration DEFAULT = Duration.ofSeconds(15);
    private volatile long limitNanos = DEFAULT.toNanos();
    /** Each thread's commit under way: since when (System.nanoTime()). A transaction commits on its own thread. */
    private final Map<Thread, Long> committing = new ConcurrentHashMap<>();
    /** Each thread's hold of the store on purpose under way (a checkpoint, a BLOCKING backup): what, and since when. */
    private final Map<Thread, Hold> holds = new ConcurrentHashMap<>();
    /** Whether a stall was logged and its end is still to be logged. */
    private volatile boolean noted;

    /** A hold of the store on purpose: HSQLDB's statement that holds it, and since when (System.nanoTime()). */
    private record Hold(String what, long since) {
    }

    /** Ends the calling thread's hold. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    void limit(Duration after) {
        limitNanos = after.toNanos();
    }

    /** The calling thread's commit begins. */
    void began() {
        committing.put(Thread.currentThread(), System.nanoTime());
    }

    /** The calling thread's commit is answered (durable, or failed); nothing when none was under way. */
    void ended() {
        if (committing.remove(Thread.currentThread()) != null) {
            endNoted();
        }
    }

    /** The calling thread holds the store on purpose with {@code what} (CHECKPOINT, BACKUP ...) until it closes this. */
    Held hold(String what) {
        Thread holder = Thread.currentThread();
        holds.put(holder, new Hold(what, System.nanoTime()));
        return () -> {
            holds.remove(holder);
            endNoted();
        };
    }

    private void endNoted() {
        if (noted && waited() < limitNanos) {
            noted = false;
            OUT.warn("the store's log syncs again: no commit waits past qaqpa.db.sync-stall, and no checkpoint or backup"
                    + " holds the store past it; store work is taken again (a sync that failed stays an outage until a"
                    + " checkpoint)");
        }
    }

    /**
     * How long (nanoseconds) the oldest commit under way has waited, or the oldest hold of the store has lasted, once
     * past the limit; -1 while neither has.
     */
    long stalledFor() {
        long waited = waited();
        if (waited < limitNanos) {
            return -1;
        }
        if (!noted) {
            noted = true;
            heldBy().ifPresentOrElse(what -> OUT.warn("the store has been held by {} for {} s (ours, on purpose: every"
                    + " statement waits while it runs; not a hung disk unless it never ends): store work is refused"
                    + " (SCE912) until it ends", what, seconds(waited)),
                    () -> OUT.error("a commit of the store has not reached the disk for {} s (qaqpa.db.sync-stall: a"
                            + " hung disk?): store work is refused (SCE912) until the log's sync returns",
                            seconds(waited)));
        }
        return waited;
    }

    /**
     * The statement holding the store on purpose that the stall is (the oldest hold under way), unless a commit had
     * already waited past the limit when it began: then the hold waits behind a hung sync too. Empty: no such hold.
     */
    Optional<String> heldBy() {
        Optional<Hold> hold = holds.values().stream().min(Comparator.comparingLong(Hold::since));
        long firstCommit = committing.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        return hold.filter(h -> firstCommit == Long.MAX_VALUE || h.since() - firstCommit < limitNanos).map(Hold::what);
    }

    /** How long the oldest commit under way has waited, or the oldest hold lasted (nanoseconds); -1: neither. */
    private long waited() {
        long now = System.nanoTime();
        long waited = -1;
        for (long since : committing.values()) {
            waited = Math.max(waited, now - since);
        }
        for (Hold hold : holds.values()) {
            waited = Math.max(waited, now - hold.since());
        }
        return waited;
    }

    static long seconds(long nanos) {
        return nanos / 1_000_000_000;
    }
}
