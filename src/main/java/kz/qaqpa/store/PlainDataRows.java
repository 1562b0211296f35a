package kz.qaqpa.store;

import java.lang.reflect.Field;
import java.util.concurrent.locks.Lock;

import org.hsqldb.persist.DataFileCache;
import org.hsqldb.persist.Crypto;
import org.hsqldb.rowio.RowOutputBinary;
import org.hsqldb.rowio.RowOutputBinaryEncode;

/**
 * HSQLDB's data file rows, with their strings of ASCII characters copied whole (perf51b). HSQLDB writes a CACHED
 * table's row into its data file when its row cache lets the row go (or at a checkpoint), every string a character at a
 * time in modified UTF-8 ({@code StringConverter.stringToUTFBytes}: a copy of the string's characters, then a branch,
 * a bounds-free store and a store of the buffer's count for each); the message chain's records, four signed envelopes
 * of some 4.5 KB a sync look-up kept as printable text ({@link MessageText}), are almost all such characters, and the
 * 10 MB row cache writes each of them out a few seconds after its commit. A string whose characters modified UTF-8
 * writes as one byte each (U+0001 to U+007F: U+0000 takes two) is copied as those bytes in one piece; any other goes
 * through HSQLDB's own code. The data file's bytes are the same either way: HSQLDB reads its rows back with its own
 * reader (PlainDataRowsTest compares both outputs and reopens a store whose rows went out this way).
 */
final class PlainDataRows extends RowOutputBinaryEncode {
    // HSQLDB 2.7's data file cache (package-private): read when the store is opened, so a version that renamed them
    // fails the start
    private static final String NEEDED_FOR = "the data file's row output";
    private static final Field WRITE_LOCK = HsqldbInternals.field(DataFileCache.class, "writeLock", NEEDED_FOR);
    private static final Field SCALE = HsqldbInternals.field(RowOutputBinary.class, "scale", NEEDED_FOR);
    private static final Field CRYPTO = HsqldbInternals.field(RowOutputBinaryEncode.class, "crypto", NEEDED_FOR);
    private static final char FIRST_SINGLE_BYTE = 0x01;
    private static final char LAST_SINGLE_BYTE = 0x7F;
    /** A row's string is its byte length (an int) and then its bytes. */
    private static final int LENGTH_BYTES = 4;

    /** @param crypto the store's encryption (HSQLDB encodes each row after it is written), or null: none */
    PlainDataRows(Crypto crypto, int initialSize, int scale) {
        super(crypto, initialSize, scale);
    }

    /**
     * Gives {@code cache} a row output of this kind unless it has one, or has another kind than HSQLDB's own (the one it
     * makes for every data file, encrypted or not). Only when the cache's write lock, which every use of its row output holds, is free
     * at once: callers hold the store's log monitor, which a thread holding that lock may want (a row's write logging
     * an event), so this never waits; the next call tries again.
     */
    static void install(DataFileCache cache) {
        if (cache == null || cache.rowOut == null || cache.rowOut.getClass() != RowOutputBinaryEncode.class) {
            return;
        }
        Lock lock = (Lock) HsqldbInternals.read(WRITE_LOCK, cache);
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (cache.rowOut.getClass() == RowOutputBinaryEncode.class) {
                RowOutputBinaryEncode hsqldb = (RowOutputBinaryEncode) cache.rowOut;
                cache.rowOut = new PlainDataRows((Crypto) HsqldbInternals.read(CRYPTO, hsqldb), hsqldb.getBuffer().length,
                        (int) HsqldbInternals.read(SCALE, hsqldb));
            }
        } finally {
            lock.unlock();
        }
    }

    /** As {@link RowOutputBinary#writeString}: the length's place, the bytes, then the length in its place. */
    @Override
    public void writeString(String s) {
        if (s == null || s.isEmpty() || !singleBytes(s)) {
            super.writeString(s);
            return;
        }
        int start = count;
        writeInt(0);
        copy(s);
        writeIntData(count - start - LENGTH_BYTES, start);
    }

    /** Whether modified UTF-8 writes each character of {@code s} as one byte, itself. */
    static boolean singleBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < FIRST_SINGLE_BYTE || c > LAST_SINGLE_BYTE) {
                return false;
            }
        }
        return true;
    }

    /** The characters of {@code s}, all below 0x80 ({@link #singleBytes}), as one byte each. */
    private void copy(String s) {
        ensureRoom(s.length());
        count = HsqldbInternals.copyAscii(s, buffer, count);
    }
}
