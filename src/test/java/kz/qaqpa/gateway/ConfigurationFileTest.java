package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * application.properties is read as ISO-8859-1 (java.util.Properties): any non-Latin text outside comments would
 * reach the channels garbled, so values must use \\u escapes.
 */
class ConfigurationFileTest {
    @Test
    void valuesAreAsciiOnly() throws Exception {
        List<String> offending = Files.readAllLines(Path.of("src/main/resources/application.properties"),
                StandardCharsets.UTF_8).stream()
                .filter(line -> !line.stripLeading().startsWith("#"))
                .filter(line -> line.chars().anyMatch(c -> c > 127))
                .toList();
        assertThat(offending).as("lines with non-ASCII values").isEmpty();
    }
}
