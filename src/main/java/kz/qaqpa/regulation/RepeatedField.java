package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * One pair of a progress route's {@code result.repeats.<kind>}: what a result must state of its application, and how
 * the two are compared.
 * <ul>
 * <li>{@code resultPath=applicationPath}: the same text, exactly (codes, numbers, dates, addresses); compared where
 * the application states its side.</li>
 * <li>{@code resultPath~applicationPath}: the same name, regardless of letter case (Latin, Kazakh and Russian
 * Cyrillic alike) and of runs of whitespace (ours: state registries print names in capitals, a provider's form may
 * print them in title case); compared where the application states its side.</li>
 * <li>a {@code ?} before the operator ({@code ?=}, {@code ?~}): a part the result's form may leave out, compared
 * where the result states it; then the application must state it alike (none is no match).</li>
 * <li>a {@code *} before the operator ({@code *=}, {@code *~}): every element each path selects, not the first one's
 * text: the result lists the same values as the application, as many, in any order (seed 004 S6 and S8: the decision
 * names every child of the application; the order of a list is no fact of the texts).</li>
 * </ul>
 */
record RepeatedField(String resultPath, String applicationPath, boolean asName, boolean resultMayOmit,
        boolean everyNode) {
    /** The first {@code =} or {@code ~} splits a pair (the result's side is a path without either). */
    private static final Pattern PAIR = Pattern.compile("([^=~]*?)([?*])?([=~])(.*)", Pattern.DOTALL);
    /** Any run of Unicode white space (no-break spaces included). */
    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /** The comma-separated pairs of a route's setting; a pair without an operator is the route's defect (SCE909, as a broken path is). */
    static List<RepeatedField> parse(String pairs) {
        List<RepeatedField> fields = new ArrayList<>();
        for (String pair : pairs.split(",")) {
            Matcher m = PAIR.matcher(pair.trim());
            if (!m.matches()) {
                throw new ShepException(FaultCode.INTERNAL_ERROR, "the regulation's result.repeats pair '" + pair
                        + "' has no '=' or '~'");
            }
            fields.add(new RepeatedField(m.group(1).trim(), m.group(4).trim(), "~".equals(m.group(3)),
                    "?".equals(m.group(2)), "*".equals(m.group(2))));
        }
        return fields;
    }

    /** Whether the result's value (null: absent) states the application's (null: absent) as this pair compares. */
    boolean repeated(String asked, String stated) {
        if (resultMayOmit ? stated == null : asked == null) {
            return true;
        }
        return asked != null && stated != null && (asName ? asName(asked).equals(asName(stated)) : asked.equals(stated));
    }

    /** Whether the result's list states the application's: the same values (as this pair compares), as many, any order. */
    boolean repeatedEach(List<String> asked, List<String> stated) {
        return comparable(asked).equals(comparable(stated));
    }

    private List<String> comparable(List<String> values) {
        return values.stream().map(v -> asName ? asName(v) : v).sorted().toList();
    }

    /** A name as one text: upper case (Locale.ROOT maps Cyrillic too), runs of white space one space, no edges. */
    private static String asName(String text) {
        return SPACES.matcher(text.toUpperCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
