package kz.qaqpa.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import kz.qaqpa.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ours (replay65, issue 8): a Bloom filter of every (sender, messageId) the message log may hold, so that the replay
 * check of a message never seen skips its SELECT on message_log (that read waits on the table store's lock behind the
 * other look-ups' writes). "Absent" is sure; "maybe" (a logged message or a false positive) is answered by the SELECT.
 * Its size is fixed at start (qaqpa.message-log.filter-entries x filter-bits-per-entry bits): past that many entries
 * its false positives grow, which costs SELECTs, never a wrong answer. It is filled from the log after the start, while
 * the gateway serves (every check "maybe" until then), and told of each entry before its INSERT ({@link #begin}), so an
 * entry is in it before its commit: a check that follows a commit always sees it.
 *
 * <p>A Bloom filter cannot remove, so the entries retention deletes stay in it as false positives. After a retention
 * run that leaves it past qaqpa.message-log.filter-rebuild-share of its capacity, with at least a quarter of what it
 * holds deleted, it is rebuilt (durable67): a second filter is told of every new entry beside the first while it is
 * filled from the log, then answers in its place. Its fill reads the log only once every message that was told to the
 * first filter alone has committed or rolled back ({@link Recording}), so that no entry can be missing from the second:
 * until the swap the first answers, and it holds everything.
 *
 * <p>A start's fill that fails (a statement refused under load, a stalled sync) is tried again after a pause, each
 * pause twice the one before up to a bound (review67 6b): until then every check reads the log, as before replay65.
 * Each of its entries is counted once, when its record commits or once the fill that read it is done (review67 6c).
 */
public final class LoggedMessageIds {
    private static final Logger LOG = LoggerFactory.getLogger(LoggedMessageIds.class);
    /** Entries read a statement by a fill: a page's list stays small whatever the log holds. */
    private static final int PAGE = 10_000;
    /**
     * At most this many bits an entry (review66 8b): each is a hash round of every check and record (bits x ln 2),
     * and past 20 the false positives are already under 1 in 10,000 at the filter's capacity.
     */
    static final int MAX_BITS_PER_ENTRY = 32;
    /** The filter may take at most this share of the heap (1/8), counting the second one a rebuild fills. */
    private static final int MAX_HEAP_SHARE = 8;
    /** Filters held at once at most: the one answering and the one a rebuild fills. */
    private static final int COPIES_AT_ONCE = 2;
    /**
     * A rebuild is worth its read of the whole log only when retention deleted at least 1/this of the entries the
     * filter holds: a log that itself holds most of them would be read again at every retention run for nothing.
     */
    private static final int MIN_FREED_SHARE = 4;
    /** How often a rebuild looks whether the messages recorded before it began have committed. */
    private static final long DRAIN_POLL_MS = 10;
    private static final long MIX_1 = 0x9E3779B97F4A7C15L;
    private static final long MIX_2 = 0xff51afd7ed558ccdL;
    private static final long MIX_3 = 0xc4ceb9fe1a85ec53L;
    private final int words;
    private final long bits;
    private final int hashes;
    private final int bitsPerEntry;
    private final Rebuilding rebuilding;
    private final FillRetry fillRetry;
    /** What answers the checks and what is told of new entries; replaced whole, each time with new writers. */
    private volatile State state;
    /** Set while a fill runs: one at a time. */
    private final AtomicBoolean filling = new AtomicBoolean();
    /** The writers of replaced states not seen drained yet; read and changed by the fill holding {@link #filling}. */
    private final List<Writers> draining = new ArrayList<>();
    private final AtomicLong rebuilds = new AtomicLong();
    private final AtomicLong fillFailures = new AtomicLong();
    /** Why the start's fill failed last (null before a failure): /health names it while the fill is tried again. */
    private volatile String lastFillFailure;
    /** Set when the store closes: a fill under way ends, the filter answering stays as it is. */
    private volatile boolean stopped;
    /** Counted down when the store closes: ends a fill's pause before it tries again. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    /**
     * When the filter is rebuilt from the log (qaqpa.message-log.filter-rebuild-*).
     *
     * @param sharePercent after a retention run once it holds more than this share of its capacity
     * @param longestWait  how long a rebuild waits for the messages recorded before it to commit; then it is given up
     */
    public record Rebuilding(int sharePercent, Duration longestWait) {
        public Rebuilding {
            if (sharePercent < 1) {
                throw new IllegalStateException("qaqpa.message-log.filter-rebuild-share must be a positive percentage: "
                        + sharePercent);
            }
            if (longestWait.isNegative() || longestWait.isZero()) {
                throw new IllegalStateException("qaqpa.message-log.filter-rebuild-wait must be positive: " + longestWait);
            }
        }

        static Rebuilding fromSettings(Settings s) {
            return new Rebuilding(s.integer("qaqpa.message-log.filter-rebuild-share"),
                    s.duration("qaqpa.message-log.filter-rebuild-wait"));
        }
    }

    /**
     * How a start's fill that failed is tried again (qaqpa.message-log.filter-fill-retry, -retry-max): after
     * {@code first}, then after twice the pause before each time, at most {@code longest}; until it fills the filter
     * or the store closes.
     */
    public record FillRetry(Duration first, Duration longest) {
        public FillRetry {
            if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
                throw new IllegalStateException("qaqpa.message-log.filter-fill-retry must be positive and at most"
                        + " qaqpa.message-log.filter-fill-retry-max: " + first + ", " + longest);
            }
        }

        static FillRetry fromSettings(Settings s) {
            return new FillRetry(s.duration("qaqpa.message-log.filter-fill-retry"),
                    s.duration("qaqpa.message-log.filter-fill-retry-max"));
        }

        /** The pause after {@code pause}: twice it, at most {@link #longest}. */
        Duration after(Duration pause) {
            Duration twice = pause.multipliedBy(2);
            return twice.compareTo(longest) > 0 ? longest : twice;
        }
    }

    /** Checks answered by {@code current} (null: not filled yet, every check "maybe"); new entries told to both. */
    private record State(Bits current, Bits next, Writers writers) {
    }

    /** The messages being recorded under one state: told to its filters, their transaction not ended yet. */
    private static final class Writers {
        final AtomicInteger inFlight = new AtomicInteger();
    }

    private LoggedMessageIds(long entries, int bitsPerEntry, Rebuilding rebuilding, FillRetry fillRetry) {
        this.words = requireSized(entries, bitsPerEntry);
        this.bits = (long) words * Long.SIZE;
        this.bitsPerEntry = bitsPerEntry;
        // the count of hashes that makes the fewest false positives at the filter's capacity: bits per entry x ln 2
        this.hashes = Math.max(1, (int) Math.round(bitsPerEntry * Math.log(2)));
        this.rebuilding = rebuilding;
        this.fillRetry = fillRetry;
        this.state = new State(null, new Bits(), new Writers());
    }

    /**
     * The filter's words for that capacity, refused (naming the settings) when it cannot be made: before the store
     * opens, and before anything is made in the data directory ({@link #requireSettings}).
     */
    private static int requireSized(long entries, int bitsPerEntry) {
        if (entries < 1 || bitsPerEntry < 1) {
            throw new IllegalStateException("qaqpa.message-log.filter-entries and filter-bits-per-entry must be"
                    + " positive: " + entries + ", " + bitsPerEntry);
        }
        if (bitsPerEntry > MAX_BITS_PER_ENTRY) {
            throw new IllegalStateException("qaqpa.message-log.filter-bits-per-entry = " + bitsPerEntry
                    + " is more than " + MAX_BITS_PER_ENTRY + ": each bit an entry is a hash round of every replay"
                    + " check (10 give about 1% false positives, 20 under 0.01%)");
        }
        // at most 2^31 words: an entries x bits product past that (or past a long) is refused
        long words = (Math.min(entries, Integer.MAX_VALUE) * bitsPerEntry + Long.SIZE - 1) / Long.SIZE;
        if (entries > Integer.MAX_VALUE || words > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("qaqpa.message-log.filter-entries x filter-bits-per-entry is too large: "
                    + entries + " x " + bitsPerEntry + " bits");
        }
        // a filter the heap cannot hold beside the rest fails the start on one line, not with an OutOfMemoryError
        long bytes = words * Long.BYTES;
        if (bytes * COPIES_AT_ONCE > Runtime.getRuntime().maxMemory() / MAX_HEAP_SHARE) {
            throw new IllegalStateException("qaqpa.message-log.filter-entries x filter-bits-per-entry (" + entries
                    + " x " + bitsPerEntry + " bits, " + bytes / (1 << 20) + " MiB, twice that while it is rebuilt)"
                    + " is more than 1/" + MAX_HEAP_SHARE + " of the heap ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB)");
        }
        return (int) words;
    }

    /** Refuses filter settings the store would refuse, before anything is made in the data directory (ops61). */
    public static void requireSettings(Settings s) {
        requireSized(s.wholeNumber("qaqpa.message-log.filter-entries"),
                s.integer("qaqpa.message-log.filter-bits-per-entry"));
        Rebuilding.fromSettings(s);
        FillRetry.fromSettings(s);
    }

    /** The filter qaqpa.message-log.filter-* make, "maybe" to every check until it is filled from the log. */
    public static LoggedMessageIds fromSettings(Settings s) {
        return empty(s.wholeNumber("qaqpa.message-log.filter-entries"),
                s.integer("qaqpa.message-log.filter-bits-per-entry"), Rebuilding.fromSettings(s),
                FillRetry.fromSettings(s));
    }

    /**
     * A filter of that capacity, refused when it cannot be made (before the store opens); "maybe" to every check until
     * it is filled from the log ({@link #fillingFrom}, {@link #filledFrom}).
     */
    public static LoggedMessageIds empty(long entries, int bitsPerEntry, Rebuilding rebuilding, FillRetry fillRetry) {
        return new LoggedMessageIds(entries, bitsPerEntry, rebuilding, fillRetry);
    }

    /**
     * Fills this filter from {@code db}'s message log on a thread of its own (durable66: a full log takes minutes to
     * read back, session 66 in docs/performance.md), so the gateway serves meanwhile; until the fill is done every
     * check is "maybe", read from the log as before replay65. The newest entry's number is read first, here, before
     * anything is recorded: every later entry is told to the filter before its INSERT, so the fill reads up to that
     * one.
     *
     * @return the thread filling it
     */
    public Thread fillingFrom(Database db) {
        requireNoFill();
        long newest = newestEntry(db);
        return started(() -> firstFill(db, newest));
    }

    /** As {@link #fillingFrom}, on this thread: this filter holds every entry of the log once it returns. */
    public LoggedMessageIds filledFrom(Database db) {
        requireNoFill();
        firstFill(db, newestEntry(db));
        return this;
    }

    private void requireNoFill() {
        if (!filling.compareAndSet(false, true)) {
            throw new IllegalStateException("the message log's filter is being filled already");
        }
    }

    private Thread started(Runnable fill) {
        Thread thread = new Thread(fill, "message-log-filter");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Rebuilds this filter from the log on a thread of its own when it is worth a read of the whole log (after a
     * retention run): it holds more than qaqpa.message-log.filter-rebuild-share of its capacity, and at least a quarter
     * of what it holds was deleted since its fill. Otherwise, or while a fill runs, nothing.
     */
    public Optional<Thread> rebuildIfWorthIt(Database db) {
        Bits answering = state.current;
        if (answering == null) {
            return Optional.empty();
        }
        long held = answering.count.get();
        boolean nearCapacity = held * 100 > capacity() * rebuilding.sharePercent();
        boolean freesEnough = answering.deleted.get() * MIN_FREED_SHARE >= held;
        return nearCapacity && freesEnough ? rebuildingFrom(db) : Optional.empty();
    }

    /**
     * Rebuilds this filter from {@code db}'s log on a thread of its own, unless a fill runs already: a second filter is
     * told of every entry recorded from now, then filled from the log once each message recorded before has committed
     * or rolled back, then answers in place of this one. The filter answering meanwhile holds every entry.
     */
    public Optional<Thread> rebuildingFrom(Database db) {
        if (!filling.compareAndSet(false, true)) {
            return Optional.empty();
        }
        long began = System.nanoTime();
        State before = state;
        Bits next = new Bits();
        // here, not on the thread: every message recorded once this returns is told to the new filter
        replace(new State(before.current, next, new Writers()));
        return Optional.of(started(() -> rebuild(db, before.current, next, began)));
    }

    /** The newest entry's number, 0 for none, by its index (HSQLDB's MAX(seq) reads every row: 32 s at 100,000). */
    private static long newestEntry(Database db) {
        return db.queryOne("SELECT seq FROM message_log ORDER BY seq DESC LIMIT 1", rs -> rs.getLong(1)).orElse(0L);
    }

    /**
     * The start's fill: the entries numbered up to {@code newest}, read until one attempt has read them all (each
     * attempt after a failure goes on after the last page read: what was read is in the filter), then counted. Every
     * entry recorded meanwhile is told to the filter being filled, so the same {@code newest} holds for each attempt.
     */
    private void firstFill(Database db, long newest) {
        long began = System.nanoTime();
        Bits into = state.next;
        LOG.info("the message log's filter is being filled from the log, its entries up to number {}: every replay"
                + " check reads the log until it is done", newest);
        try {
            Cursor at = new Cursor();
            Duration pause = fillRetry.first();
            for (Optional<String> failure = attempt(db, into, newest, at, began); failure.isPresent();
                    failure = attempt(db, into, newest, at, began)) {
                lastFillFailure = failure.get();
                fillFailures.incrementAndGet();
                LOG.warn("the message log's filter could not be filled ({}): every replay check reads the log; tried"
                        + " again in {} (qaqpa.message-log.filter-fill-retry, each pause twice the one before up to"
                        + " qaqpa.message-log.filter-fill-retry-max)", failure.get(), pause);
                if (paused(pause)) {
                    return;
                }
                pause = fillRetry.after(pause);
            }
        } finally {
            filling.set(false);
        }
    }

    /**
     * One attempt of the start's fill from {@code at}: empty once the filter answers (or the store closed), else why
     * not. Retention may only have deleted entries meanwhile, so more than were read means an entry was missed (none
     * may lack its number, V24): the next attempt reads them all again.
     */
    private Optional<String> attempt(Database db, Bits into, long newest, Cursor at, long began) {
        try {
            if (!readInto(db, into, newest, at)) {
                return Optional.empty();
            }
            long held = db.queryOne("SELECT COUNT(*) FROM message_log WHERE seq <= ?", rs -> rs.getLong(1), newest)
                    .orElseThrow();
            if (held > at.read) {
                String why = "it read " + at.read + " of its " + held + " entries";
                at.restart();
                return Optional.of(why);
            }
            into.counted(at.read);
            replace(new State(into, null, new Writers()));
            LOG.info("the message log's filter holds its {} entries, read in {} ms ({} KiB, for {} before its false"
                    + " positives grow)", at.read, (System.nanoTime() - began) / 1_000_000, bits / Byte.SIZE / 1024,
                    capacity());
            return Optional.empty();
        } catch (RuntimeException e) {
            return stopped ? Optional.empty() : Optional.of("the log could not be read: " + e);
        }
    }

    /** Waits {@code pause}; true when the store closed meanwhile (or before). */
    private boolean paused(Duration pause) {
        try {
            return stopping.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Where a fill's read of the log is: the last entry's number read and the entries read so far. */
    private static final class Cursor {
        long after = Long.MIN_VALUE;
        long read;

        void restart() {
            after = Long.MIN_VALUE;
            read = 0;
        }
    }

    /**
     * A rebuild's thread: {@code next} is told of every entry recorded since {@code began}; once every message recorded
     * before has ended its transaction, the log is read into it (an entry uncommitted then, or numbered past the newest
     * read, was recorded since, so told to it already; this is also why no count follows this read: such entries would
     * be counted, not read), and it answers from then on. Given up (the filter answering stays) when the store closes,
     * the log cannot be read, or a message recorded before does not end within qaqpa.message-log.filter-rebuild-wait.
     */
    private void rebuild(Database db, Bits before, Bits next, long began) {
        try {
            if (!drained(began)) {
                if (stopped) {
                    return;
                }
                giveUp("the messages recorded before it did not commit within " + rebuilding.longestWait()
                        + " (qaqpa.message-log.filter-rebuild-wait)");
                return;
            }
            Cursor at = new Cursor();
            if (!readInto(db, next, newestEntry(db), at)) {
                return;
            }
            next.counted(at.read);
            replace(new State(next, null, new Writers()));
            rebuilds.incrementAndGet();
            LOG.info("the message log's filter was rebuilt from its {} entries in {} ms; it had counted {}, {} of"
                    + " them deleted since by retention", at.read, (System.nanoTime() - began) / 1_000_000,
                    before == null ? 0 : before.count.get(), before == null ? 0 : before.deleted.get());
        } catch (RuntimeException e) {
            if (!stopped) {
                giveUp("the log could not be read: " + e);
            }
        } finally {
            filling.set(false);
        }
    }

    /** Drops the filter being filled: the one answering stays, holding every entry (it was told of them all). */
    private void giveUp(String why) {
        replace(new State(state.current, null, new Writers()));
        LOG.warn("the message log's filter was not rebuilt, the one in use stays (more of its checks read the log): {}",
                why);
    }

    /** Makes {@code next} the state; the writers of the one it replaces are waited for by the next rebuild. */
    private void replace(State next) {
        draining.add(state.writers);
        state = next;
    }

    /**
     * Whether every message recorded under a replaced state (told to the filters of its time only) has ended its
     * transaction, waited for up to qaqpa.message-log.filter-rebuild-wait from {@code began}.
     */
    private boolean drained(long began) {
        long until = began + rebuilding.longestWait().toNanos();
        while (true) {
            draining.removeIf(w -> w.inFlight.get() == 0);
            if (draining.isEmpty()) {
                return true;
            }
            if (stopped || System.nanoTime() - until > 0) {
                return false;
            }
            try {
                Thread.sleep(DRAIN_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Reads the entries numbered up to {@code newest} into {@code into} a page at a time from {@code at} (a page's list
     * stays small whatever the log holds), {@code at} following each page read; they are counted by the caller once
     * the read is whole.
     *
     * @return false when the store closed meanwhile
     */
    private boolean readInto(Database db, Bits into, long newest, Cursor at) {
        while (!stopped) {
            List<Long> page = db.query("SELECT seq, sender_id, message_id FROM message_log WHERE seq > ?"
                    + " AND seq <= ? ORDER BY seq LIMIT ?", rs -> {
                        into.add(rs.getString(2), rs.getString(3));
                        return rs.getLong(1);
                    }, at.after, newest, PAGE);
            at.read += page.size();
            if (page.size() < PAGE) {
                return !stopped;
            }
            at.after = page.get(page.size() - 1);
        }
        return false;
    }

    /** Ends a fill under way (the store is closing): the filter answering stays as it is. */
    public void stopFilling() {
        stopped = true;
        stopping.countDown();
    }

    /**
     * Notes a (sender, messageId) as logged; called in the entry's transaction before its INSERT, so before its commit.
     * The caller tells the {@link Recording} when that transaction commits, and when it ends, committed or rolled back.
     */
    public Recording begin(String senderId, String messageId) {
        State s = entered();
        if (s.next != null) {
            s.next.add(senderId, messageId);
        }
        if (s.current != null) {
            s.current.add(senderId, messageId);
        }
        return new Recording(s);
    }

    /**
     * The state this message is recorded under, its writers counting it: a state replaced meanwhile is let go and the
     * new one taken, so a rebuild that has seen the old writers drained knows this message is told to its filter.
     */
    private State entered() {
        while (true) {
            State s = state;
            s.writers.inFlight.incrementAndGet();
            if (state == s) {
                return s;
            }
            s.writers.inFlight.decrementAndGet();
        }
    }

    /**
     * A message told to the filter whose transaction has not ended: {@link #committed} if it commits, then
     * {@link #ended} once it commits or rolls back.
     */
    public static final class Recording {
        private static final AtomicIntegerFieldUpdater<Recording> ENDED =
                AtomicIntegerFieldUpdater.newUpdater(Recording.class, "ended");
        private static final AtomicIntegerFieldUpdater<Recording> COMMITTED =
                AtomicIntegerFieldUpdater.newUpdater(Recording.class, "committed");
        private final State state;
        private volatile int ended;
        private volatile int committed;

        private Recording(State state) {
            this.state = state;
        }

        /**
         * Its entry is in the log: counted by the filters it was told to (review67 6c: a repeat the key refused or a
         * rolled-back record is held, a false positive, but no entry of the log). Once however often it is called.
         */
        public void committed() {
            if (COMMITTED.compareAndSet(this, 0, 1)) {
                if (state.current != null) {
                    state.current.counted(1);
                }
                if (state.next != null) {
                    state.next.counted(1);
                }
            }
        }

        /** Counted once however often it is called (a commit's and a rollback's hooks may both be set). */
        public void ended() {
            if (ENDED.compareAndSet(this, 0, 1)) {
                state.writers.inFlight.decrementAndGet();
            }
        }
    }

    /** Retention deleted {@code entries} from the log: they stay in the filter until it is rebuilt. */
    public void deleted(int entries) {
        State s = state;
        if (s.current != null) {
            s.current.deleted.addAndGet(entries);
        }
        if (s.next != null) {
            s.next.deleted.addAndGet(entries);
        }
    }

    /** The entries the filter answering counted (deleted ones included); NaN until it is filled. */
    public double entries() {
        Bits answering = state.current;
        return answering == null ? Double.NaN : answering.count.get();
    }

    /**
     * leak69: what /health says of the filter: filled (its entries), being filled, or not filled because its fill
     * failed (how often, why last). Until it is filled every replay check reads the log: slower, still right.
     */
    public String condition() {
        Bits answering = state.current;
        if (answering != null) {
            return "filled: " + answering.count.get() + " entries, for " + capacity()
                    + " before its false positives grow";
        }
        String why = lastFillFailure;
        String meanwhile = ": every replay check reads the log until it is filled";
        return why == null ? "being filled from the log" + meanwhile
                : "not filled: its fill failed " + fillFailures.get() + " times, the last: " + why + "; tried again"
                + " (qaqpa.message-log.filter-fill-retry, -retry-max)" + meanwhile;
    }

    /** Attempts of the start's fill that failed (each tried again after a pause) since the start. */
    public long fillFailures() {
        return fillFailures.get();
    }

    /** Rebuilds completed since the start (not the start's own fill). */
    public long rebuilds() {
        return rebuilds.get();
    }

    /** The entries the filter is sized for, about 1% false positives at the shipped bits an entry. */
    public long capacity() {
        return bits / bitsPerEntry;
    }

    /** False only when the message log holds no entry of (sender, messageId) and none was begun. */
    public boolean mightHold(String senderId, String messageId) {
        Bits answering = state.current;
        return answering == null || answering.holds(senderId, messageId);
    }

    /** One Bloom filter: its bits, its seeds (random: a sender cannot choose ids on the same bits), its counts. */
    private final class Bits {
        private final AtomicLongArray set = new AtomicLongArray(words);
        private final long seed1;
        private final long seed2;
        /**
         * Entries counted since it was made (a fill's once it read them all, and the committed new ones); past the
         * capacity it is said once.
         */
        private final AtomicLong count = new AtomicLong();
        /** Entries retention deleted since it was made: still in it. */
        private final AtomicLong deleted = new AtomicLong();

        Bits() {
            SecureRandom random = new SecureRandom();
            this.seed1 = random.nextLong();
            this.seed2 = random.nextLong() | 1;
        }

        /** Holds (sender, messageId) from now on; counted apart ({@link #counted}): a fill may read it twice. */
        void add(String senderId, String messageId) {
            allBitsSet(senderId, messageId, true);
        }

        void counted(long entries) {
            long now = count.addAndGet(entries);
            if (now > capacity() && now - entries <= capacity()) {
                LOG.warn("the message log's filter holds more than the {} entries it is sized for"
                        + " (qaqpa.message-log.filter-entries): its false positives grow, each a read of the log,"
                        + " until it is rebuilt after a retention run frees a quarter of them"
                        + " (qaqpa.message-log.filter-rebuild-share) or the next start; raise the setting when the log"
                        + " itself holds that many", capacity());
            }
        }

        boolean holds(String senderId, String messageId) {
            return allBitsSet(senderId, messageId, false);
        }

        /**
         * Whether each bit of (sender, messageId) is set, the one place its bits are chosen (double hashing); with
         * {@code set} it sets them, else it stops at the first one clear.
         */
        private boolean allBitsSet(String senderId, String messageId, boolean setThem) {
            long h1 = hash(seed1, senderId, messageId);
            long h2 = hash(seed2, senderId, messageId) | 1;
            boolean all = true;
            for (int i = 0; i < hashes; i++) {
                long bit = Math.floorMod(h1 + i * h2, bits);
                int word = (int) (bit >>> 6);
                long mask = 1L << bit;
                if ((set.get(word) & mask) == 0) {
                    if (!setThem) {
                        return false;
                    }
                    all = false;
                    set.getAndAccumulate(word, mask, (w, m) -> w | m);
                }
            }
            return all;
        }
    }

    /** The sender's length first, so that ("ab", "c") and ("a", "bc") hash apart. */
    private static long hash(long seed, String senderId, String messageId) {
        long h = mix(seed, senderId.length());
        for (int i = 0; i < senderId.length(); i++) {
            h = mix(h, senderId.charAt(i));
        }
        for (int i = 0; i < messageId.length(); i++) {
            h = mix(h, messageId.charAt(i));
        }
        // murmur3's finaliser: every input bit reaches every output bit
        h ^= h >>> 33;
        h *= MIX_2;
        h ^= h >>> 33;
        h *= MIX_3;
        return h ^ (h >>> 33);
    }

    private static long mix(long h, int c) {
        return Long.rotateLeft((h ^ c) * MIX_1, 31);
    }
}
