package kz.qaqpa.adapter;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * What a state system's look-up asks by ({@code qaqpa.service.<id>.asked-key}): the field of its request that names
 * the record asked for, and the field every answer (the record found, or the system's not-found) names it with; each
 * a child of the document, in its namespace. Written {@code requestField/answerField}, or one name for both.
 */
public record AskedKey(String requestField, String answerField) {
    /** An XML local name (NCName), as a schema's element names are. */
    private static final Pattern LOCAL_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_.\\-]*");

    /** {@code value} of the setting {@code key}; one that names no field, or more than two, is refused naming it. */
    public static AskedKey parse(String key, String value) {
        String[] fields = Arrays.stream(value.split("/", -1)).map(String::trim).toArray(String[]::new);
        if (fields.length > 2 || Arrays.stream(fields).anyMatch(f -> !LOCAL_NAME.matcher(f).matches())) {
            throw new IllegalStateException(key + " must name the asked key's field in the request and in the"
                    + " answer, as requestField/answerField or one name for both, not '" + value + "'");
        }
        return new AskedKey(fields[0], fields[fields.length - 1]);
    }

    @Override
    public String toString() {
        return requestField.equals(answerField) ? requestField : requestField + "/" + answerField;
    }
}
