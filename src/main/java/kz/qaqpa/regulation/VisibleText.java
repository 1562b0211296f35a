package kz.qaqpa.regulation;

import java.util.Set;

/**
 * Whether a citizen's or a provider's text shows anything: at least one letter, number, symbol or punctuation mark,
 * as the form schemas' {@code Text} and {@code LongText} count it (their documentation gives the rule, and
 * SchemaPatternsTest holds this class to the schemas' pattern character by character). {@link String#isBlank} and
 * {@link String#trim} count a no-break or zero-width space, a combining mark alone or a Hangul filler as text; a value
 * of nothing else is blank to every reader (ours).
 */
public final class VisibleText {
    /** Letters, numbers, symbols and punctuation that print nothing: the Hangul fillers, the Braille blank, the null notehead. */
    private static final Set<Integer> PRINTS_NOTHING = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x1D159);

    private VisibleText() {
    }

    /** True when {@code text} holds a character a reader sees; false for null. */
    public static boolean shows(String text) {
        return text != null && text.codePoints().anyMatch(VisibleText::visible);
    }

    /**
     * A character of planes 1 to 3 counts but for the format controls there (the schemas' regex knows categories in
     * the BMP only, so they name planes 1 to 3 whole and take those out); planes 14 to 16 (tags, variation selectors,
     * private use) do not.
     */
    private static boolean visible(int c) {
        if (PRINTS_NOTHING.contains(c)) {
            return false;
        }
        if (c >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
            return c <= 0x3FFFF && !planeOneFormat(c);
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean planeOneFormat(int c) {
        return c == 0x110BD || c == 0x110CD || c >= 0x13430 && c <= 0x1343F || c >= 0x1BCA0 && c <= 0x1BCA3
                || c >= 0x1D173 && c <= 0x1D17A;
    }
}
