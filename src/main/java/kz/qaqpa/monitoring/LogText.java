package kz.qaqpa.monitoring;

/**
 * What a log line may hold of a text someone else chose: a sender's name or service id, a peer's fault string, a
 * callback's answer, a header, quoted in a message or in an exception's message. Each control character (CR, LF and
 * the rest of C0 and C1 but the tab), U+2028 and U+2029 is written as its Java escape (a backslash and n for a line
 * feed, r for a carriage return, u and four hex digits for the others), so no such text begins a line of its own in
 * the log, dated and levelled as its author wished. A backslash is left as it is (ours: a reader tells an escape from a typed backslash by the sender's own
 * message in the message log, not by the log line).
 */
final class LogText {
    private LogText() {
    }

    static String oneLine(String text) {
        if (text == null || text.chars().noneMatch(LogText::breaksTheLine)) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> line.append(breaksTheLine(c) ? escaped(c) : String.valueOf((char) c)));
        return line.toString();
    }

    private static boolean breaksTheLine(int c) {
        return (Character.getType(c) == Character.CONTROL && c != '\t') || c == '\u2028' || c == '\u2029';
    }

    private static String escaped(int c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> String.format("\\u%04x", c);
        };
    }
}
