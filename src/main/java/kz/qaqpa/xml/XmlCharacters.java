package kz.qaqpa.xml;

/**
 * Which characters XML 1.0 can carry (its production Char: tab, LF, CR, U+0020 to U+D7FF, U+E000 to U+FFFD and
 * U+10000 to U+10FFFF; a lone surrogate, U+FFFE, U+FFFF and the other C0 controls are none, not even as a reference).
 * One statement for the gateway's writer ({@link XmlWriter}, which refuses to write any other) and for what it checks
 * before it answers with a value it was given (the operator console's page parameters).
 */
public final class XmlCharacters {
    private XmlCharacters() {
    }

    /** True when every character of {@code value} is one XML 1.0 can carry; a lone surrogate is none. */
    public static boolean carries(String value) {
        return value.codePoints().allMatch(XmlCharacters::isChar);
    }

    /**
     * Whether {@code c} is XML's whitespace (XML 1.0, production S: space, tab, line feed, carriage return): not Java's
     * {@link Character#isWhitespace}, which takes a form feed or U+2028 too.
     */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Whether every character of {@code text} is XML's whitespace ({@link #isSpace}): not Java's {@code isBlank}, which
     * takes U+2028 or U+3000 too. A loop, not a pattern: it runs on every text node of every document signature.
     */
    public static boolean isAllSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code text} holds any of XML's whitespace ({@link #isSpace}). Four of the JDK's indexOf, whose scan is
     * vectorised: some 60 ns for a certificate's 1,300 characters of base64 without any, where a loop asking
     * {@link #isSpace} of each character took 3.5 µs and a pattern 5 µs (xml47, one JVM).
     */
    public static boolean hasSpace(String text) {
        return text.indexOf(' ') >= 0 || text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    /**
     * The first {@code max} chars of {@code text} (all of it when not longer), one fewer where the last would be the
     * first half of a surrogate pair: a text cut to a store's or a message's width stays one XML can carry (attack50:
     * a recipient's refusal cut inside an emoji stopped the console's page of stopped callbacks being written).
     */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }

    /** Whether {@code c} is a Char of XML 1.0 (a surrogate code point is not). */
    static boolean isChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }
}
