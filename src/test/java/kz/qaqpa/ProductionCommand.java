package kz.qaqpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/production.md's command, as its reader copies it: the first {@code sh} block of "## Running it", its
 * {@code export NAME=value …} lines (a trailing comment left out) and the line that starts the jar. DocumentationTest
 * holds its settings to what a production start asks for; ShippedJarIT (jar68) starts the gateway jar with them, so
 * the document cannot drift from a start that works.
 */
record ProductionCommand(Map<String, String> exports, String start) {
    static final Path DOCUMENT = Path.of("docs/production.md");
    private static final String SECTION = "\n## Running it";
    private static final String EXPORT = "export ";

    /** The command as the document gives it now. */
    static ProductionCommand read() {
        String document;
        try {
            document = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String block = document.substring(document.indexOf("```sh", document.indexOf(SECTION)) + "```sh".length());
        List<String> lines = block.substring(0, block.indexOf("```")).strip().lines().toList();
        Map<String, String> exports = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith(EXPORT)) {
                String assignments = line.replaceFirst("\\s+#.*$", "").substring(EXPORT.length()).trim();
                for (String assignment : assignments.split("\\s+")) {
                    int equals = assignment.indexOf('=');
                    exports.put(assignment.substring(0, equals), assignment.substring(equals + 1));
                }
            }
        }
        return new ProductionCommand(exports, lines.get(lines.size() - 1).strip());
    }
}
