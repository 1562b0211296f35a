package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * <li>with {@code *}, leaves in braces after a path ({@code d:minor{d:name/d:lastName;d:birthDate}*=d:child}): each
 * element the path selects is compared by those leaves together, relative paths separated by {@code ;}, so the lists
 * hold the same rows (seed 000 S2 App. 4 forms 1-3, S3 App. 4: each child printed with its own name and birth date;
 * two lists of names and of dates would let a result swap two children's dates, audit session 36). The application's
 * side without braces reads the result's leaves.</li>
 * </ul>
 */
record RepeatedField(String resultPath, String applicationPath, boolean asName, boolean resultMayOmit,
        boolean everyNode, List<String> resultLeaves, List<String> applicationLeaves) {
    /** The first {@code =} or {@code ~} splits a pair (the result's side is a path without either). */
    private static final Pattern PAIR = Pattern.compile("([^=~]*?)([?*])?([=~])(.*)", Pattern.DOTALL);
    /** Any run of Unicode white space (no-break spaces included). */
    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    /** A side with leaves: the element's path, then its leaves in braces. */
    private static final Pattern WITH_LEAVES = Pattern.compile("(.*?)\\{([^{}]*)}", Pattern.DOTALL);

    /** The comma-separated pairs of a route's setting; a pair without an operator is the route's defect (SCE909, as a broken path is). */
    static List<RepeatedField> parse(String pairs) {
        List<RepeatedField> fields = new ArrayList<>();
        for (String pair : pairs.split(",")) {
            Matcher m = PAIR.matcher(pair.trim());
            if (!m.matches()) {
                throw new ShepException(FaultCode.INTERNAL_ERROR, "the regulation's result.repeats pair '" + pair
                        + "' has no '=' or '~'");
            }
            fields.add(field(pair, m));
        }
        return fields;
    }

    private static RepeatedField field(String pair, Matcher m) {
        Matcher result = WITH_LEAVES.matcher(m.group(1).trim());
        Matcher application = WITH_LEAVES.matcher(m.group(4).trim());
        boolean resultLeaves = result.matches();
        boolean applicationLeaves = application.matches();
        boolean everyNode = "*".equals(m.group(2));
        if ((resultLeaves || applicationLeaves) && !(everyNode && resultLeaves)) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "the regulation's result.repeats pair '" + pair
                    + "' gives leaves in braces without '*' or on the application's side alone");
        }
        List<String> leaves = resultLeaves ? leaves(pair, result.group(2)) : List.of();
        return new RepeatedField(resultLeaves ? result.group(1).trim() : m.group(1).trim(),
                applicationLeaves ? application.group(1).trim() : m.group(4).trim(), "~".equals(m.group(3)),
                "?".equals(m.group(2)), everyNode, leaves,
                applicationLeaves ? leaves(pair, application.group(2)) : leaves);
    }

    private static List<String> leaves(String pair, String listed) {
        List<String> leaves = Arrays.stream(listed.split(";")).map(String::trim).toList();
        if (leaves.contains("")) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "the regulation's result.repeats pair '" + pair
                    + "' has an empty leaf in braces");
        }
        return leaves;
    }

    /** The paths this pair reads on the result's side: its path, or each of its leaves below it. */
    List<String> resultPaths() {
        return below(resultPath, resultLeaves);
    }

    /** The paths this pair reads on the application's side: its path, or each of its leaves below it. */
    List<String> applicationPaths() {
        return below(applicationPath, applicationLeaves);
    }

    private static List<String> below(String path, List<String> leaves) {
        return leaves.isEmpty() ? List.of(path) : leaves.stream().map(leaf -> path + "/" + leaf).toList();
    }

    /** Whether the result's value (null: absent) states the application's (null: absent) as this pair compares. */
    boolean repeated(String asked, String stated) {
        if (resultMayOmit ? stated == null : asked == null) {
            return true;
        }
        return asked != null && stated != null && (asName ? asName(asked).equals(asName(stated)) : asked.equals(stated));
    }

    /**
     * Whether the result's rows state the application's: the same rows (each a value, or its leaves' values, compared
     * as this pair compares), as many, in any order.
     */
    boolean repeatedEach(List<List<String>> asked, List<List<String>> stated) {
        return comparable(asked).equals(comparable(stated));
    }

    private Map<List<String>, Long> comparable(List<List<String>> rows) {
        return rows.stream().map(row -> row.stream().map(v -> asName ? asName(v) : v).toList())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** A name as one text: upper case (Locale.ROOT maps Cyrillic too), runs of white space one space, no edges. */
    private static String asName(String text) {
        return SPACES.matcher(text.toUpperCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
