package kz.qaqpa.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the store checkpoints (qaqpa.db.checkpoint-*): the gateway, not HSQLDB, decides, so that each checkpoint is
 * timed and logged (every statement waits while one runs, and until session 47 nothing told a stall of the benchmark
 * or of production from a garbage collection) and can fall in a quiet moment. HSQLDB's own limit is off
 * ({@link Database#checkpointOnlyWhenAsked}); a timer looks at the log file's size and checkpoints
 * <ul>
 * <li>at once once the log reached the hard mark (qaqpa.db.checkpoint-log-mb, HSQLDB's former limit), busy or not;
 * <li>once it passed the quiet mark (qaqpa.db.checkpoint-quiet-log-mb; 0 = never) and no unit of work has been under
 * way for qaqpa.db.checkpoint-quiet (ours: a request that arrives meanwhile waits as it would have waited anyway).
 * </ul>
 * A log that shrank without a checkpoint of ours was checkpointed by something else (an operator's backup, HSQLDB
 * itself): that is logged too, without a time, which only the other knows.
 */
public final class Checkpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    /**
     * How often the log's size is looked at: a stat of one file, so cheap; under the benchmark's heaviest load the log
     * grows about 30 MB/s, so the hard mark is passed by at most some 3 MB.
     */
    public static final Duration LOOK_EVERY = Duration.ofMillis(100);
    /**
     * After a checkpoint that failed (a full disk), the next attempt waits this long rather than fail every look; and
     * the first checkpoint after a failed sync of the log ({@link GroupCommit}) waits as long: not the whole store
     * rewritten at once onto a disk that has just failed, with every statement waiting meanwhile.
     */
    static final Duration AFTER_FAILURE = Duration.ofSeconds(10);
    private static final long MB = 1024 * 1024;

    /** Why a checkpoint of ours ran. */
    public enum Trigger {
        /** The log reached qaqpa.db.checkpoint-log-mb. */
        LOG_SIZE("log-size"),
        /** The log passed qaqpa.db.checkpoint-quiet-log-mb while the store was idle. */
        QUIET("quiet"),
        /** A sync of the log failed: changes are refused until a checkpoint has written the store anew (sync51). */
        FAILED_SYNC("failed-sync");

        private final String label;

        Trigger(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The checkpoints of one trigger so far: how many, and their total time. */
    public static final class Tally {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong nanos = new AtomicLong();

        public long count() {
            return count.get();
        }

        public double totalSeconds() {
            return nanos.get() / 1e9;
        }

        void add(long took) {
            nanos.addAndGet(took);
            count.incrementAndGet();
        }
    }

    /** The marks and the quiet a checkpoint waits for (qaqpa.db.checkpoint-log-mb, -quiet-log-mb, -quiet). */
    public record Marks(long hardBytes, long quietBytes, Duration quiet) {
        public Marks {
            if (hardBytes < MB) {
                throw new IllegalArgumentException("the log size before a checkpoint must be at least 1 MB");
            }
            if (quietBytes < 0 || quietBytes > hardBytes) {
                throw new IllegalArgumentException("qaqpa.db.checkpoint-quiet-log-mb must be between 0 (never) and"
                        + " qaqpa.db.checkpoint-log-mb");
            }
            if (quiet.isNegative()) {
                throw new IllegalArgumentException("qaqpa.db.checkpoint-quiet must not be negative: " + quiet);
            }
        }

        public static Marks ofMegabytes(int hard, int quietMark, Duration quiet) {
            return new Marks(hard * MB, quietMark * MB, quiet);
        }
    }

    private final Database db;
    private final Path log;
    private final Marks marks;
    private final Tally bySize = new Tally();
    private final Tally byQuiet = new Tally();
    private final AtomicLong others = new AtomicLong();
    private final ScheduledExecutorService timer;
    /** The log's size at the last look (after our own checkpoint: after it), to see one made by something else. */
    private long lastSize;
    /** System.nanoTime() before which no checkpoint is tried again after one failed. */
    private long notBefore = System.nanoTime();

    /** Starts looking at {@code log} (the store's HSQLDB log file) every {@link #LOOK_EVERY}. */
    public static Checkpoints start(Database db, Path log, Marks marks) {
        db.checkpointOnlyWhenAsked();
        Checkpoints c = unscheduled(db, log, marks);
        c.timer.scheduleWithFixedDelay(c::lookSafely, LOOK_EVERY.toMillis(), LOOK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return c;
    }

    /** Without its timer: each {@link #look} is the caller's (a test that must choose the moment of a look). */
    static Checkpoints unscheduled(Database db, Path log, Marks marks) {
        return new Checkpoints(db, log, marks);
    }

    private Checkpoints(Database db, Path log, Marks marks) {
        this.db = db;
        this.log = log;
        this.marks = marks;
        this.lastSize = size();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-checkpoints");
            t.setDaemon(true);
            return t;
        });
    }

    /** The log's size now, in bytes (0 while there is none). */
    public long logBytes() {
        return size();
    }

    public Tally tally(Trigger trigger) {
        return trigger == Trigger.LOG_SIZE ? bySize : byQuiet;
    }

    /** Checkpoints seen made by something else (a backup, HSQLDB itself). */
    public long others() {
        return others.get();
    }

    /**
     * A failure must not end the timer (an exception out of a scheduled task cancels it, and HSQLDB would then never
     * checkpoint again, its log growing until the disk's reserve): it is logged, and the next look tries again.
     */
    private void lookSafely() {
        try {
            look();
        } catch (Throwable e) {
            LOG.error("store checkpoint: the look at the log failed (tried again in {} ms): {}", LOOK_EVERY.toMillis(),
                    e.toString());
        }
    }

    synchronized void look() {
        long size = size();
        if (size < lastSize) {
            others.incrementAndGet();
            LOG.info("store checkpoint by something other than the gateway's timer (an operator's backup, or HSQLDB"
                    + " itself): the log went from {} MB to {} MB", mb(lastSize), mb(size));
        }
        lastSize = size;
        if (System.nanoTime() < notBefore) {
            return;
        }
        if (size >= marks.hardBytes()) {
            checkpoint(Trigger.LOG_SIZE, size);
        } else if (db.failedSyncFor() >= AFTER_FAILURE.toNanos()) {
            checkpoint(Trigger.FAILED_SYNC, size);
        } else if (marks.quietBytes() > 0 && size >= marks.quietBytes()
                && db.idleNanos() >= Math.max(1, marks.quiet().toNanos())) {
            checkpoint(Trigger.QUIET, size);
        }
    }

    private void checkpoint(Trigger trigger, long before) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        String failure = null;
        try {
            db.checkpoint();
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        long took = System.nanoTime() - t0;
        long after = size();
        // HSQLDB 2.7 notes a checkpoint it could not write (a full disk) and returns: its log then stays as it was
        if (failure == null && after >= before) {
            failure = "the log was not started anew (a full disk? HSQLDB's own log, db/qaqpa.app.log, says why)";
        }
        if (failure == null && db.failedSyncFor() >= 0) {
            failure = "a failed sync is still not made good: changes stay refused (the gateway's log says which sync;"
                    + " HSQLDB's own, db/qaqpa.app.log, why)";
        }
        if (failure != null) {
            notBefore = System.nanoTime() + AFTER_FAILURE.toNanos();
            LOG.warn("store checkpoint ({}) failed after {} ms, with {} MB of log (tried again in {} s): {}",
                    trigger.label(), took / 1_000_000, mb(before), AFTER_FAILURE.toSeconds(), failure);
            return;
        }
        tally(trigger).add(took);
        lastSize = after;
        LOG.info("store checkpoint ({}): started {}, {} MB of log before, took {} ms (every statement waited)",
                trigger.label(), started, mb(before), took / 1_000_000);
    }

    private long size() {
        try {
            return Files.size(log);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) MB);
    }

    /** Stops the timer and waits for a checkpoint under way (the store's close checkpoints once more). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("store checkpoint still running at the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
