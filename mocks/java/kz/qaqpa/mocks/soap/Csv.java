package kz.qaqpa.mocks.soap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the mock data files: UTF-8, comma-separated, first non-comment line is the header; lines starting with '#'
 * and blank lines are skipped; a field may be double-quoted (then it may hold commas, and "" is a quote).
 */
public final class Csv {
    private Csv() {
    }

    /** From the classpath (inside the jar: mocks/data/…), else from the working directory. */
    public static List<Map<String, String>> load(String resource) {
        return parse(read(resource), resource);
    }

    /** A mock data file's text, found as {@link #load} finds it. */
    public static String read(String resource) {
        try (InputStream in = Csv.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(resource), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public static List<Map<String, String>> parse(String text, String source) {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = null;
        int lineNumber = 0;
        for (String line : text.split("\\R")) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line, source, lineNumber);
            if (header == null) {
                header = fields;
                continue;
            }
            if (fields.size() != header.size()) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": expected " + header.size()
                        + " columns " + header + ", found " + fields.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), fields.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> split(String line, String source, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ":" + lineNumber + ": unterminated quote");
        }
        fields.add(field.toString().trim());
        return fields;
    }
}
