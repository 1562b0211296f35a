package kz.qaqpa.store;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ours (replay65, issue 8): a Bloom filter of every (sender, messageId) the message log may hold, so that the replay
 * check of a message never seen skips its SELECT on message_log (that read waits on the table store's lock behind the
 * other look-ups' writes). "Absent" is sure; "maybe" (a logged message or a false positive) is answered by the SELECT.
 * Its size is fixed at start (qaqpa.message-log.filter-entries x filter-bits-per-entry bits): past that many entries
 * its false positives grow, which costs SELECTs, never a wrong answer. Entries retention deletes stay in it until the
 * next start, as false positives. It is filled from the log at start and {@link #add}ed to before each entry's INSERT,
 * so an entry is in it before its commit: a check that follows a commit always sees it.
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
    /** Set when the log could not be read back whole: then every check is "maybe" (the SELECT, as before). */
    private final boolean everyCheckSelects;
    /** The filter may take at most this share of the heap (1/8). */
    private static final int MAX_HEAP_SHARE = 8;

    private LoggedMessageIds(long entries, int bitsPerEntry, boolean everyCheckSelects) {
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
        this.everyCheckSelects = everyCheckSelects;
    }

    /** An empty filter of that capacity, refused when it cannot be made (before the store opens). */
    public static LoggedMessageIds empty(long entries, int bitsPerEntry) {
        return new LoggedMessageIds(entries, bitsPerEntry, false);
    }

    /**
     * This filter with every entry {@code db}'s message log holds, read by the entries' numbers a page at a time. Read
     * at start, before anything is received or deleted; if the count read differs from the table's (no entry may lack
     * its number, V24), a filter that answers "maybe" to every check, saying so.
     */
    public LoggedMessageIds filledFrom(Database db) {
        long read = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<Long> page = db.query("SELECT seq, sender_id, message_id FROM message_log WHERE seq > ?"
                    + " ORDER BY seq LIMIT ?", rs -> {
                        add(rs.getString(2), rs.getString(3));
                        return rs.getLong(1);
                    }, after, PAGE);
            read += page.size();
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        long held = db.queryOne("SELECT COUNT(*) FROM message_log", rs -> rs.getLong(1)).orElseThrow();
        long capacity = bits / bitsPerEntry;
        if (read != held) {
            LOG.warn("the message log's filter read {} of its {} entries: every replay check reads the log", read,
                    held);
            return new LoggedMessageIds(capacity, bitsPerEntry, true);
        }
        LOG.info("the message log's filter holds its {} entries ({} KiB, for {} before its false positives grow)",
                read, bits / Byte.SIZE / 1024, capacity);
        return this;
    }

    /** Notes a (sender, messageId) as logged; called before its entry's INSERT, so before its commit. */
    public void add(String senderId, String messageId) {
        long h1 = hash(seed1, senderId, messageId);
        long h2 = hash(seed2, senderId, messageId) | 1;
        for (int i = 0; i < hashes; i++) {
            long bit = Math.floorMod(h1 + i * h2, bits);
            int word = (int) (bit >>> 6);
            long mask = 1L << bit;
            if ((words.get(word) & mask) == 0) {
                words.getAndUpdate(word, w -> w | mask);
            }
        }
    }

    /** False only when the message log holds no entry of (sender, messageId) and none was begun. */
    public boolean mightHold(String senderId, String messageId) {
        if (everyCheckSelects) {
            return true;
        }
        long h1 = hash(seed1, senderId, messageId);
        long h2 = hash(seed2, senderId, messageId) | 1;
        for (int i = 0; i < hashes; i++) {
            long bit = Math.floorMod(h1 + i * h2, bits);
            if ((words.get((int) (bit >>> 6)) & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
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
