package kz.qaqpa.xml;

import java.io.IOException;
import java.io.Reader;

/**
 * Whether one start tag of a document holds more namespace declarations than a limit, read from its characters in one
 * linear pass, before any parser reads it (attack55). The JDK's parser reads a start tag whole before it gives its
 * declarations, checking each against those before it on the element, so their cost grows with the square of their
 * number: 100,000 declarations on one element took 8 s of a thread, 200,000 (a 4 MB body, within the message limit,
 * unsigned) 34 s, all before {@link TagCount}'s read could stop at the first one past the limit; the JDK's own
 * attribute limit per element does not count declarations.
 *
 * <p>An upper bound, as {@link TagCount}'s byte counts are: every {@code xmlns} in an attribute's name counts (a
 * declaration's name begins with it; any other name holding it is an attribute beyond the per-element attribute limit
 * long before it counts more than that), none in an attribute's value, text, a comment, a CDATA section or a
 * processing instruction. A document type declaration ends the scan: the parser refuses it where it stands (SCE002).
 */
final class StartTagDeclarations {
    private static final String XMLNS = "xmlns";
    private static final String COMMENT = "--";
    private static final String CDATA = "[CDATA[";
    private static final int CHUNK = 8 * 1024;

    private enum State { TEXT, OPENED, BANG, START_TAG, QUOTED, END_TAG, COMMENT, CDATA, PROCESSING_INSTRUCTION }

    private State state = State.TEXT;
    private final StringBuilder bang = new StringBuilder();
    private char quote;
    /** Characters of {@code xmlns} just matched in a start tag. */
    private int matched;
    /** The start tag's {@code xmlns} so far. */
    private int declared;
    /** The markup's closing characters just seen ('-' of a comment, ']' of a CDATA section, '?' of a PI). */
    private int closing;

    private StartTagDeclarations() {
    }

    /** True when a start tag in {@code xml} holds more than {@code limit} declarations; reads at most to that tag. */
    static boolean anyOver(Reader xml, int limit) throws IOException {
        StartTagDeclarations scan = new StartTagDeclarations();
        char[] chunk = new char[CHUNK];
        for (int n; (n = xml.read(chunk)) > 0; ) {
            for (int i = 0; i < n; i++) {
                Boolean decided = scan.next(chunk[i], limit);
                if (decided != null) {
                    return decided;
                }
            }
        }
        return false;
    }

    /** Takes one character; true (over), false (a DOCTYPE: not this scan's) or null (read on). */
    private Boolean next(char c, int limit) {
        switch (state) {
            case TEXT -> state = c == '<' ? State.OPENED : State.TEXT;
            case OPENED -> opened(c);
            case BANG -> {
                return bang(c);
            }
            case START_TAG -> {
                return startTag(c, limit);
            }
            case QUOTED -> state = c == quote ? State.START_TAG : State.QUOTED;
            case END_TAG -> state = c == '>' ? State.TEXT : State.END_TAG;
            case COMMENT -> closeOn(c, '-', 2);
            case CDATA -> closeOn(c, ']', 2);
            case PROCESSING_INSTRUCTION -> closeOn(c, '?', 1);
        }
        return null;
    }

    private void opened(char c) {
        switch (c) {
            case '?' -> state = State.PROCESSING_INSTRUCTION;
            case '/' -> state = State.END_TAG;
            case '!' -> {
                bang.setLength(0);
                state = State.BANG;
            }
            default -> {
                declared = 0;
                matched = 0;
                state = State.START_TAG;
            }
        }
        closing = 0;
    }

    private Boolean bang(char c) {
        bang.append(c);
        String seen = bang.toString();
        if (seen.equals(COMMENT)) {
            state = State.COMMENT;
        } else if (seen.equals(CDATA)) {
            state = State.CDATA;
        } else if (!COMMENT.startsWith(seen) && !CDATA.startsWith(seen)) {
            return false;
        }
        return null;
    }

    private Boolean startTag(char c, int limit) {
        if (c == '"' || c == '\'') {
            quote = c;
            state = State.QUOTED;
        } else if (c == '>') {
            state = State.TEXT;
        } else if (c == XMLNS.charAt(matched)) {
            if (++matched == XMLNS.length()) {
                matched = 0;
                if (++declared > limit) {
                    return true;
                }
            }
            return null;
        }
        matched = c == XMLNS.charAt(0) ? 1 : 0;
        return null;
    }

    /** The markup ends at {@code '>'} after at least {@code needed} of {@code mark}. */
    private void closeOn(char c, char mark, int needed) {
        if (c == '>' && closing >= needed) {
            state = State.TEXT;
        } else {
            closing = c == mark ? closing + 1 : 0;
        }
    }
}
