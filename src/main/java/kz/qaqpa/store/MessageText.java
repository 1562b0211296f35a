package kz.qaqpa.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A chain record's message bytes as the text its row keeps (store V26), and back, byte for byte whatever the bytes
 * are: a printable ASCII byte (0x20-0x7E) is its own character, any other byte and the escape character {@code ~}
 * itself are {@code ~} and two hex digits. HSQLDB's log writes a VARBINARY as hex (two characters a byte) and a string's
 * printable ASCII characters as themselves (anything else as a six-character {@code \}{@code uXXXX}): the XML of a
 * signed envelope, mostly printable ASCII, costs its log about one byte a byte instead of two, and the log, of which the
 * chain's records were four fifths, fills and is checkpointed less often (docs/performance.md, session 38).
 */
final class MessageText {
    private static final byte ESCAPE = '~';
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** The characters an escaped byte takes. */
    private static final int ESCAPED = 3;
    /** The text's first room beyond the bytes: a 32nd of them, and a little for a short message. */
    private static final int ROOM_SHIFT = 5;
    private static final int ROOM = 64;
    /** By byte value: whether it stands as itself ({@link #asItself}). */
    private static final boolean[] AS_ITSELF = asItselfTable();

    private MessageText() {
    }

    /**
     * Written as the Latin-1 bytes of its characters in one pass: each run of bytes that stand as themselves (most of
     * an envelope: its XML and base64) is copied whole, each other byte written as its escape. The array starts a little
     * larger than the bytes and grows at most once, to room for the rest at worst. Counting the length first, then
     * writing byte by byte, took about three times as long (docs/performance.md, session 44). A message with nothing to
     * escape (a sync look-up's four envelopes) is its own text: the String copies its bytes once, and no array of text
     * is made beside it (session 61).
     */
    static String encode(byte[] bytes) {
        String text = encoded(bytes);
        PrintableTexts.made(text); // for the log's row output, on this thread before its commit (perf62)
        return text;
    }

    private static String encoded(byte[] bytes) {
        int n = bytes.length;
        int i = asItselfUpTo(bytes);
        if (i == n) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        byte[] text = new byte[n + (n >> ROOM_SHIFT) + ROOM];
        System.arraycopy(bytes, 0, text, 0, i);
        int at = i;
        while (i < n) {
            int run = i;
            while (i < n && AS_ITSELF[bytes[i] & 0xFF]) {
                i++;
            }
            int need = i - run + (i < n ? ESCAPED : 0);
            if (text.length - at < need) {
                text = Arrays.copyOf(text, at + i - run + ESCAPED * (n - i));
            }
            System.arraycopy(bytes, run, text, at, i - run);
            at += i - run;
            if (i < n) {
                int c = bytes[i++] & 0xFF;
                text[at++] = ESCAPE;
                text[at++] = HEX[c >> 4];
                text[at++] = HEX[c & 0xF];
            }
        }
        return new String(text, 0, at, StandardCharsets.ISO_8859_1);
    }

    /** How many of the first bytes stand as themselves: the length of the run the text starts with. */
    private static int asItselfUpTo(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && AS_ITSELF[bytes[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    private static boolean[] asItselfTable() {
        boolean[] table = new boolean[256];
        for (int c = 0; c < table.length; c++) {
            table[c] = asItself(c);
        }
        return table;
    }

    /** A printable ASCII byte other than the escape character is its own character. */
    private static boolean asItself(int c) {
        return c >= 0x20 && c <= 0x7E && c != ESCAPE;
    }

    /**
     * The bytes {@link #encode} made {@code text} of. A text it cannot have made (a row changed in the store) is read as
     * its own UTF-8 bytes instead of stopping the reader: the record's hash covers the bytes, so the chain's check (the
     * console, {@code LogVerifier}, the archive) names that record as changed, as for any other changed message (review38).
     */
    static byte[] decode(String text) {
        try {
            return strictly(text);
        } catch (IllegalStateException damaged) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The bytes {@link #encode} made {@code text} of; a text it cannot have made is refused. */
    static byte[] strictly(String text) {
        byte[] bytes = new byte[decodedLength(text)];
        int at = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE) {
                bytes[at++] = (byte) (digit(text.charAt(i + 1)) << 4 | digit(text.charAt(i + 2)));
                i += 2;
            } else {
                bytes[at++] = (byte) c;
            }
        }
        return bytes;
    }

    /** How many bytes {@code text} holds, each of its characters checked. */
    private static int decodedLength(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++, length++) {
            char c = text.charAt(i);
            if (c == ESCAPE) {
                if (i + 2 >= text.length() || digit(text.charAt(i + 1)) < 0 || digit(text.charAt(i + 2)) < 0) {
                    throw damaged(i);
                }
                i += 2;
            } else if (c < 0x20 || c > 0x7E) {
                throw damaged(i);
            }
        }
        return length;
    }

    /** The value of an upper-case hex digit, as {@link #encode} writes them; -1 for any other character. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static IllegalStateException damaged(int at) {
        return new IllegalStateException("a message chain record's stored text is damaged at character " + at
                + ": it is not one the gateway writes");
    }
}
