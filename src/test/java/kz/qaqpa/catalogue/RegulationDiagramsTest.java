package kz.qaqpa.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed diagrams (docs/diagrams) are those the route files give today: a route change without its diagram
 * fails here. {@code -Dqaqpatest.diagrams-update=true} rewrites them instead (docs/catalogue.md).
 */
class RegulationDiagramsTest {
    private static final String REFRESH = "the route changed: refresh the diagrams with "
            + "`mvn -B -o test -Dtest=RegulationDiagramsTest -Dqaqpatest.diagrams-update=true` and commit docs/diagrams";

    @Test
    void committedDiagramsMatchTheRoutes() throws Exception {
        Map<String, String> generated = DiagramGenerator.generate(DiagramGenerator.ROUTES);
        assertThat(generated).as("regulations with steps").containsKey("astana-2012-kindergarten-registration");
        if (Boolean.getBoolean("qaqpatest.diagrams-update")) {
            DiagramGenerator.main(new String[0]);
        }
        for (Map.Entry<String, String> d : generated.entrySet()) {
            Path file = DiagramGenerator.DIAGRAMS.resolve(DiagramGenerator.fileName(d.getKey()));
            assertThat(file).as(REFRESH).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("%s: %s", file, REFRESH).isEqualTo(d.getValue());
        }
        try (Stream<Path> files = Files.list(DiagramGenerator.DIAGRAMS)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("a diagram without its regulation: " + REFRESH + " and delete the stale file")
                    .allMatch(name -> generated.keySet().stream().anyMatch(id -> DiagramGenerator.fileName(id).equals(name)));
        }
    }
}
