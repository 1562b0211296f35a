package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Where a body (a message, a reply, a payload, a document) is stored: in its row up to {@link #IN_ROW_BYTES}, else as
 * a LOB in the column beside it (store V11), so that its bytes never pass through HSQLDB's row cache. The cache
 * (10 MB, HSQLDB's default: the message log's verifier reads the same store in a small heap) must hold at once every
 * row the statements under way are working on, body and all; two rows near qaqpa.max-message-bytes (5 MB) did not fit.
 * Small bodies stay in their rows: a LOB costs HSQLDB system procedure calls and a sync of its own (store V4).
 *
 * <p>Each body is written as two parameters, {@link #inRow} then {@link #apart} (one of them null), and read as two
 * adjacent columns, the inline one first.
 */
final class Bodies {
    /**
     * The largest body kept in its row. At most {@code qaqpa.db.pool-size} statements (8) run at once, each keeping a
     * few rows in the cache while it changes an index (its own row, the nodes it links it to): 8 statements x 3 rows x
     * 256 KiB is 6 MiB, within the 10 MB cache (LargeBodiesTest: bodies at the limit from 8 connections at once fit;
     * with the limit at 768 KiB they still did, at 2 MiB not). The gateway's ordinary messages are a few kilobytes, a
     * provider's poll of ten of them some 100 KB: they stay in their rows.
     */
    static final int IN_ROW_BYTES = 256 * 1024;
    /** HSQLDB writes a character in up to 3 bytes (UTF-8 of a UTF-16 unit; a surrogate pair takes 4 for 2 units). */
    private static final int MAX_BYTES_PER_CHAR = 3;

    private Bodies() {
    }

    /**
     * A message chain record's bytes as the text its row keeps ({@link MessageText}, store V26), or null when that text
     * would be larger than a row keeps: then the bytes themselves go apart, in the LOB beside it.
     */
    static String inRowText(byte[] body) {
        if (large(body)) {
            return null;
        }
        String text = MessageText.encode(body);
        return text.length() > IN_ROW_BYTES ? null : text;
    }

    static String inRow(String body) {
        return large(body) ? null : body;
    }

    static String apart(String body) {
        return large(body) ? body : null;
    }

    /** The bytes of the body in {@code column} and the one after it (its LOB), or null when neither holds one. */
    static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] inRow = rs.getBytes(column);
        return inRow != null ? inRow : rs.getBytes(column + 1);
    }

    /** The text of the body in {@code column} and the one after it (its LOB), or null when neither holds one. */
    static String text(ResultSet rs, int column) throws SQLException {
        String inRow = rs.getString(column);
        return inRow != null ? inRow : rs.getString(column + 1);
    }

    /**
     * How many of the bodies, in order, fit within {@code room} together: the first always, however large, then each
     * while it fits (none skipped). A poll's answer and a page of the log walk are cut so.
     */
    static int fitting(List<Long> lengths, long room) {
        return fitting(lengths, room, true);
    }

    /** {@link #fitting(List, long)}, the first always only if {@code firstAlways}, else it must fit as well. */
    static int fitting(List<Long> lengths, long room, boolean firstAlways) {
        int fit = 0;
        long left = room;
        for (long length : lengths) {
            if ((fit > 0 || !firstAlways) && length > left) {
                break;
            }
            fit++;
            left -= length;
        }
        return fit;
    }

    /**
     * The body's length in UTF-8, what it takes in an answer, counted without encoding it: one byte an ASCII character,
     * two up to U+07FF (Cyrillic, Kazakh), three above, four a surrogate pair (two for each of its units).
     */
    static long utf8Bytes(String body) {
        if (body == null) {
            return 0;
        }
        long bytes = body.length();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    private static boolean large(byte[] body) {
        return body != null && body.length > IN_ROW_BYTES;
    }

    /** By its length alone (no pass over the text): a body that might take more than the limit goes apart. */
    private static boolean large(String body) {
        return body != null && body.length() > IN_ROW_BYTES / MAX_BYTES_PER_CHAR;
    }
}
