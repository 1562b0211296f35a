package kz.qaqpa.store;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ours (replay65, issue 8): a Bloom filter of every (sender, messageId) the message log may hold, so that the replay
 * check of a message never seen skips its SELECT on message_log (that read waits on the table store's lock behind the
 * other look-ups' writes). "Absent" is sure; "maybe" (a logged message or a false positive) is answered by the SELECT.
 * Its size is fixed at start (qaqpa.message-log.filter-entries x filter-bits-per-entry bits): past that many entries
 * its false positives grow, which costs SELECTs, never a wrong answer. Entries retention deletes stay in it until the
 * next start, as false positives. It is filled from the log after the start, while the gateway serves (every check
 * "maybe" until then), and {@link #add}ed to before each entry's INSERT, so an entry is in it before its commit: a
 * check that follows a commit always sees it.
 */
public final class LoggedMessageIds {
    private static final Logger LOG = LoggerFactory.getLogger(LoggedMessageIds.class);
    /** Entries read a statement at start: a page's list stays small whatever the log holds. */
    private static final int PAGE = 10_000;
    private static final long MIX_1 = 0x9E3779B97F4A7C15L;
    private static final long MIX_2 = 0xff51afd7ed558ccdL;
    private static final long MIX_3 = 0xc4ceb9fe1a85ec53L;
    private final AtomicLongArray words;
    private final long bits;
    private final int hashes;
    private final int bitsPerEntry;
    /** Random each start: a sender cannot choose messageIds that all fall on the same bits. */
    private final long seed1;
    private final long seed2;
    /** Set once the log's entries from before the start are in it; until then every check is "maybe" (the SELECT). */
    private volatile boolean filled;
    /** Set when the store closes during the fill. */
    private volatile boolean stopped;
    /** Entries added since the start (the fill's and the new ones'); past the capacity it is said once (review66 1). */
    private final AtomicLong added = new AtomicLong();
    /** The filter may take at most this share of the heap (1/8). */
    private static final int MAX_HEAP_SHARE = 8;

    private LoggedMessageIds(long entries, int bitsPerEntry) {
        if (entries < 1 || bitsPerEntry < 1) {
            throw new IllegalStateException("qaqpa.message-log.filter-entries and filter-bits-per-entry must be"
                    + " positive: " + entries + ", " + bitsPerEntry);
        }
        // at most 2^31 words: an entries x bits product past that (or past a long) is refused
        long words = (Math.min(entries, Integer.MAX_VALUE) * bitsPerEntry + Long.SIZE - 1) / Long.SIZE;
        if (entries > Integer.MAX_VALUE || words > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("qaqpa.message-log.filter-entries x filter-bits-per-entry is too large: "
                    + entries + " x " + bitsPerEntry + " bits");
        }
        // a filter the heap cannot hold beside the rest fails the start on one line, not with an OutOfMemoryError
        long bytes = words * Long.BYTES;
        if (bytes > Runtime.getRuntime().maxMemory() / MAX_HEAP_SHARE) {
            throw new IllegalStateException("qaqpa.message-log.filter-entries x filter-bits-per-entry (" + entries
                    + " x " + bitsPerEntry + " bits, " + bytes / (1 << 20) + " MiB) is more than 1/" + MAX_HEAP_SHARE
                    + " of the heap (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB)");
        }
        this.words = new AtomicLongArray((int) words);
        this.bits = words * Long.SIZE;
        this.bitsPerEntry = bitsPerEntry;
        // the count of hashes that makes the fewest false positives at the filter's capacity: bits per entry x ln 2
        this.hashes = Math.max(1, (int) Math.round(bitsPerEntry * Math.log(2)));
        SecureRandom random = new SecureRandom();
        this.seed1 = random.nextLong();
        this.seed2 = random.nextLong() | 1;
    }

    /**
     * A filter of that capacity, refused when it cannot be made (before the store opens); "maybe" to every check until
     * it is filled from the log ({@link #fillingFrom}, {@link #filledFrom}).
     */
    public static LoggedMessageIds empty(long entries, int bitsPerEntry) {
        return new LoggedMessageIds(entries, bitsPerEntry);
    }

    /**
     * Fills this filter from {@code db}'s message log on a thread of its own (durable66: a full log takes minutes to
     * read back, session 66 in docs/performance.md), so the gateway serves meanwhile; until the fill is done every
     * check is "maybe", read from the log as before replay65. The newest entry's number is read first, here: every
     * later entry is {@link #add}ed before its INSERT, so the fill reads up to that one.
     *
     * @return the thread filling it
     */
    public Thread fillingFrom(Database db) {
        long newest = newestEntry(db);
        Thread fill = new Thread(() -> fill(db, newest), "message-log-filter");
        fill.setDaemon(true);
        fill.start();
        return fill;
    }

    /** As {@link #fillingFrom}, on this thread: this filter holds every entry of the log once it returns. */
    public LoggedMessageIds filledFrom(Database db) {
        fill(db, newestEntry(db));
        return this;
    }

    /** The newest entry's number, 0 for none, by its index (HSQLDB's MAX(seq) reads every row: 32 s at 100,000). */
    private static long newestEntry(Database db) {
        return db.queryOne("SELECT seq FROM message_log ORDER BY seq DESC LIMIT 1", rs -> rs.getLong(1)).orElse(0L);
    }

    /**
     * Reads the entries numbered up to {@code newest} a page at a time (a page's list stays small whatever the log
     * holds); then counts them: retention may only have deleted some meanwhile, so more than were read means an entry
     * was missed (none may lack its number, V24), and the filter stays "maybe" to every check, saying so.
     */
    private void fill(Database db, long newest) {
        long began = System.nanoTime();
        long read = 0;
        long after = Long.MIN_VALUE;
        try {
            while (!stopped) {
                List<Long> page = db.query("SELECT seq, sender_id, message_id FROM message_log WHERE seq > ?"
                        + " AND seq <= ? ORDER BY seq LIMIT ?", rs -> {
                            add(rs.getString(2), rs.getString(3));
                            return rs.getLong(1);
                        }, after, newest, PAGE);
                read += page.size();
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
            if (stopped) {
                return;
            }
            long held = db.queryOne("SELECT COUNT(*) FROM message_log WHERE seq <= ?", rs -> rs.getLong(1), newest)
                    .orElseThrow();
            if (held > read) {
                LOG.warn("the message log's filter read {} of its {} entries: every replay check reads the log", read,
                        held);
                return;
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.warn("the message log's filter could not be read back, every replay check reads the log: {}",
                        e.toString());
            }
            return;
        }
        filled = true;
        LOG.info("the message log's filter holds its {} entries, read in {} ms ({} KiB, for {} before its false"
                + " positives grow)", read, (System.nanoTime() - began) / 1_000_000, bits / Byte.SIZE / 1024,
                capacity());
    }

    /** Ends a fill under way (the store is closing): the filter stays "maybe" to every check. */
    public void stopFilling() {
        stopped = true;
    }

    /** Notes a (sender, messageId) as logged; called before its entry's INSERT, so before its commit. */
    public void add(String senderId, String messageId) {
        allBitsSet(senderId, messageId, true);
        if (added.incrementAndGet() == capacity() + 1) {
            LOG.warn("the message log's filter holds more than the {} entries it is sized for"
                    + " (qaqpa.message-log.filter-entries): its false positives grow, each a read of the log, until"
                    + " the next start; raise the setting (entries retention deleted count until then)", capacity());
        }
    }

    /** The entries the filter is sized for, about 1% false positives at the shipped bits an entry. */
    private long capacity() {
        return bits / bitsPerEntry;
    }

    /** False only when the message log holds no entry of (sender, messageId) and none was begun. */
    public boolean mightHold(String senderId, String messageId) {
        return !filled || allBitsSet(senderId, messageId, false);
    }

    /**
     * Whether each bit of (sender, messageId) is set, the one place its bits are chosen (double hashing); with
     * {@code set} it sets them, else it stops at the first one clear.
     */
    private boolean allBitsSet(String senderId, String messageId, boolean set) {
        long h1 = hash(seed1, senderId, messageId);
        long h2 = hash(seed2, senderId, messageId) | 1;
        boolean all = true;
        for (int i = 0; i < hashes; i++) {
            long bit = Math.floorMod(h1 + i * h2, bits);
            int word = (int) (bit >>> 6);
            long mask = 1L << bit;
            if ((words.get(word) & mask) == 0) {
                if (!set) {
                    return false;
                }
                all = false;
                words.getAndAccumulate(word, mask, (w, m) -> w | m);
            }
        }
        return all;
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
