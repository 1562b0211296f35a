package kz.qaqpa.store;

import java.lang.reflect.Field;
import org.hsqldb.lib.StringConverter;
import org.hsqldb.rowio.RowOutputInterface;
import org.hsqldb.rowio.RowOutputTextLog;
import org.hsqldb.scriptio.ScriptWriterText;
import org.hsqldb.types.TimestampData;
import org.hsqldb.types.Type;

/**
 * HSQLDB's text log rows, with its strings of plain characters copied whole (perf49b). HSQLDB writes every string of a
 * committed row into its log a character at a time ({@code StringConverter.stringToUnicodeBytes}: a check, a bounds
 * check and a store of the buffer's count for each), under the log's monitor that every commit needs; the message
 * chain's records, four signed envelopes of some 4 KB a look-up, are almost all such characters (their bytes kept as
 * printable text, {@link MessageText}). A string whose characters HSQLDB writes as themselves, each once (printable
 * ASCII and DEL, neither a backslash nor, in a quoted value, a single quote), is copied as its bytes in one piece;
 * any other string goes through HSQLDB's own code. The log's bytes are the same either way: HSQLDB reads it back
 * with its own reader at the next start (PlainLogTextTest compares both outputs, CrashTest recovers from it).
 * Its timestamps are written by {@link LogTimestamps}, not by HSQLDB's one synchronized formatter for the JVM (perf68).
 */
final class PlainLogText extends RowOutputTextLog {
    // HSQLDB 2.7's text log writer's row output (package-private): read at the store's first sync, as it opens
    // (GroupCommit), so a version that renamed it fails the start
    private static final Field ROW_OUT = rowOut();
    private static final char FIRST_PLAIN = 0x20;
    private static final char LAST_PLAIN = 0x7F;
    private static final char QUOTE = '\'';
    private static final char BACKSLASH = '\\';
    /** Shorter texts (ids, times, names) are checked at once: cheaper than asking whether they are known. */
    private static final int LONG_TEXT = 256;

    private final LogTimestamps timestamps = new LogTimestamps();

    /**
     * Gives the log writer {@code writer} a row output of this kind, unless it has one or is not HSQLDB's text log
     * writer; called under the log's monitor, which every write to the log holds.
     */
    static void install(Object writer) {
        if (!(writer instanceof ScriptWriterText)) {
            return;
        }
        try {
            if (!(ROW_OUT.get(writer) instanceof PlainLogText)) {
                ROW_OUT.set(writer, new PlainLogText());
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A quoted TIMESTAMP, as HSQLDB writes it, outside the years {@link LogTimestamps} writes by HSQLDB's code. */
    @Override
    protected void writeTimestamp(TimestampData value, Type type) {
        if (!LogTimestamps.writes(value, type)) {
            super.writeTimestamp(value, type);
            return;
        }
        write(QUOTE);
        ensureRoom(LogTimestamps.LONGEST);
        count = timestamps.write(value, type, buffer, count);
        write(QUOTE);
    }

    /** A quoted value: HSQLDB doubles its single quotes. */
    @Override
    protected void writeChar(String s, Type t) {
        write(QUOTE);
        if (s != null && plainQuoted(s)) {
            copy(s);
        } else {
            StringConverter.stringToUnicodeBytes(this, s, true);
        }
        write(QUOTE);
    }

    @Override
    public void writeString(String s) {
        if (s != null && plain(s, false)) {
            copy(s);
        } else {
            StringConverter.stringToUnicodeBytes(this, s, false);
        }
    }

    /**
     * {@link #plain} quoted: a chain record's text this thread's {@link MessageText} made is printable ASCII already
     * ({@link PrintableTexts}), and only its quotes and backslashes are looked for (the JDK's vectorised search), not
     * each character checked again under the commit's lock. Only texts long enough for that to matter are looked up.
     */
    private static boolean plainQuoted(String s) {
        if (s.length() >= LONG_TEXT && PrintableTexts.madeHere(s)) {
            return s.indexOf(QUOTE) < 0 && s.indexOf(BACKSLASH) < 0;
        }
        return plain(s, true);
    }

    /** Whether HSQLDB writes each character of {@code s} as itself, once. */
    static boolean plain(String s, boolean quoted) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < FIRST_PLAIN || c > LAST_PLAIN || c == BACKSLASH || (quoted && c == QUOTE)) {
                return false;
            }
        }
        return true;
    }

    /** The characters of {@code s}, all below 0x80 ({@link #plain}), as one byte each. */
    private void copy(String s) {
        ensureRoom(s.length());
        count = HsqldbInternals.copyAscii(s, buffer, count);
    }

    private static Field rowOut() {
        try {
            Field f = ScriptWriterText.class.getDeclaredField("rowOut");
            if (f.getType() != RowOutputInterface.class) {
                throw new NoSuchFieldException("rowOut of type " + f.getType().getName());
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("HSQLDB's ScriptWriterText has no field rowOut: the store's log rows need"
                    + " HSQLDB 2.7", e);
        }
    }
}
