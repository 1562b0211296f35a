package kz.qaqpa.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link XmlWriter}'s output, encoded to UTF-8 as it comes, in chunks (the thread's kept first chunk, then each twice
 * the one before, up to 1 MiB) copied once into the result: a growing array would copy all it holds at every doubling
 * and end up to twice the size. A lone surrogate becomes '?', as {@code String.getBytes(UTF_8)} wrote it (the
 * writer refuses one before: only markup it writes itself comes here unescaped, and that has none).
 */
final class Utf8Output {
    /**
     * A thread's first chunk, kept between its serialisations (perf62): a signed envelope of a look-up (4-4.5 KB) fits
     * in it, so its writing allocates only the result, where a new 4 KB first chunk and an 8 KB second one were made
     * each time (three serialisations a look-up). Only this chunk is kept, never the larger ones a large document
     * grows into: a thread holds 16 KB whatever it wrote.
     */
    private static final int FIRST_CHUNK = 16 * 1024;
    private static final int LARGEST_CHUNK = 1 << 20;
    /** The kept first chunk of each thread; null while the thread's writer uses it (never two at once). */
    private static final ThreadLocal<byte[]> KEPT_FIRST_CHUNK = new ThreadLocal<>();
    /** The most bytes UTF-8 writes a character in: a chunk with less room left is full. */
    private static final int MAX_UTF8_BYTES = 4;

    private final List<byte[]> full = new ArrayList<>();
    /** How much of each full chunk is written: a character's bytes are never split between two chunks. */
    private final List<Integer> fullSizes = new ArrayList<>();
    private final byte[] first = takeFirstChunk();
    private byte[] chunk = first;
    private int size;
    private long fullBytes;

    private static byte[] takeFirstChunk() {
        byte[] kept = KEPT_FIRST_CHUNK.get();
        if (kept == null) {
            return new byte[FIRST_CHUNK];
        }
        KEPT_FIRST_CHUNK.set(null);
        return kept;
    }

    /** Gives the first chunk back to the thread; nothing of this output may be read after. */
    void release() {
        KEPT_FIRST_CHUNK.set(first);
    }

    Utf8Output append(String s) {
        return append(s, 0, s.length());
    }

    Utf8Output append(char c) {
        if (c >= 0x80) {
            return append(String.valueOf(c), 0, 1);
        }
        if (size == chunk.length) {
            next();
        }
        chunk[size++] = (byte) c;
        return this;
    }

    Utf8Output append(String s, int from, int to) {
        byte[] b = chunk;
        int n = size;
        int i = from;
        while (i < to) {
            if (b.length - n < MAX_UTF8_BYTES) {
                size = n;
                next();
                b = chunk;
                n = 0;
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
                i++;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | c >> 6);
                b[n++] = (byte) (0x80 | c & 0x3F);
                i++;
            } else {
                size = n;
                i = encode(s, i, to);
                n = size;
            }
        }
        size = n;
        return this;
    }

    /**
     * Writes the character at {@code i} of three or four bytes (with its low surrogate), the chunk having room for
     * four; returns the index after it.
     */
    private int encode(String s, int i, int to) {
        char c = s.charAt(i);
        byte[] b = chunk;
        if (!Character.isSurrogate(c)) {
            b[size++] = (byte) (0xE0 | c >> 12);
            b[size++] = (byte) (0x80 | c >> 6 & 0x3F);
            b[size++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
            int code = Character.toCodePoint(c, s.charAt(i + 1));
            b[size++] = (byte) (0xF0 | code >> 18);
            b[size++] = (byte) (0x80 | code >> 12 & 0x3F);
            b[size++] = (byte) (0x80 | code >> 6 & 0x3F);
            b[size++] = (byte) (0x80 | code & 0x3F);
            return i + 2;
        } else {
            b[size++] = '?';
        }
        return i + 1;
    }


    private void next() {
        full.add(chunk);
        fullSizes.add(size);
        fullBytes += size;
        chunk = new byte[Math.min(chunk.length * 2, LARGEST_CHUNK)];
        size = 0;
    }

    /** A copy: the first chunk is kept for the thread's next output. */
    byte[] toBytes() {
        if (full.isEmpty()) {
            return Arrays.copyOf(chunk, size);
        }
        byte[] all = new byte[Math.toIntExact(fullBytes + size)];
        int at = 0;
        for (int i = 0; i < full.size(); i++) {
            System.arraycopy(full.get(i), 0, all, at, fullSizes.get(i));
            at += fullSizes.get(i);
        }
        System.arraycopy(chunk, 0, all, at, size);
        return all;
    }

    String toText() {
        return full.isEmpty() ? new String(chunk, 0, size, StandardCharsets.UTF_8)
                : new String(toBytes(), StandardCharsets.UTF_8);
    }
}
