package kz.qaqpa.monitoring;

/**
 * What a log line may hold of a text someone else chose: a sender's name or service id, a peer's fault string, a
 * callback's answer, a header, quoted in a message or in an exception's message. Each control character (CR, LF and
 * the rest of C0 and C1 but the tab), U+2028 and U+2029 is written as its Java escape (a backslash and n for a line
 * feed, r for a carriage return, u and four hex digits for the others), so no such text begins a line of its own in
 * the log, dated and levelled as its author wished. So is each bidirectional control (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069; attack50): a right-to-left override in a messageId or a sender's name made a bidi-aware
 * terminal or log viewer show the rest of the line reversed, the gateway's own words included (Trojan Source's trick).
 * A backslash is left as it is (ours: a reader tells an escape from a typed backslash by the sender's own
 * message in the message log, not by the log line).
 */
final class LogText {
    private LogText() {
    }

    /**
     * Every line the gateway logs passes here: a plain loop, whose printable ASCII (most of any line) is passed by one
     * comparison (session 44: a stream asking each character's Unicode type was 0.6% of a look-up's CPU).
     */
    static String oneLine(String text) {
        int first = text == null ? -1 : firstBreak(text);
        if (first < 0) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (breaksTheLine(c)) {
                line.append(escaped(c));
            } else {
                line.append(c);
            }
        }
        return line.toString();
    }

    /** Where the first character that breaks the line stands, or -1. */
    private static int firstBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < ' ' || c > '~') && breaksTheLine(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean breaksTheLine(int c) {
        return (Character.getType(c) == Character.CONTROL && c != '\t') || c == '\u2028' || c == '\u2029'
                || isBidiControl(c);
    }

    /** The characters Unicode's bidirectional algorithm takes as explicit controls (UAX #9, 2.1-2.6). */
    private static boolean isBidiControl(int c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e'
                || c >= '\u2066' && c <= '\u2069';
    }

    private static String escaped(int c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> String.format("\\u%04x", c);
        };
    }
}
