package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway jar leaves out kz/qaqpa/mocks (pom.xml, shade execution "gateway"), so no other compiled class may
 * name a mocks class: a reference sits in the class file's constant pool as the internal name kz/qaqpa/mocks/...,
 * and would fail with NoClassDefFoundError only at run time, in production.
 */
class ProductionClassesTest {
    private static final String MOCKS = "kz/qaqpa/mocks/";
    private static final byte[] MOCKS_REFERENCE = MOCKS.getBytes(StandardCharsets.UTF_8);

    @Test
    void noGatewayClassReferencesTheMocks() {
        List<Path> gatewayClasses = classes().stream().filter(c -> !isMock(c)).toList();

        assertThat(gatewayClasses).hasSizeGreaterThan(100).contains(classes.resolve("kz/qaqpa/GatewayAssembly.class"));
        assertThat(gatewayClasses).filteredOn(ProductionClassesTest::referencesMocks).isEmpty();
    }

    @Test
    void theScanSeesAReferenceWhereThereIsOne() {
        assertThat(referencesMocks(classes.resolve("kz/qaqpa/mocks/EmbeddedMocks.class"))).isTrue();
    }

    private final Path classes = classesDirectory();

    private List<Path> classes() {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isMock(Path classFile) {
        return classes.relativize(classFile).toString().replace('\\', '/').startsWith(MOCKS);
    }

    private static boolean referencesMocks(Path classFile) {
        try {
            byte[] bytes = Files.readAllBytes(classFile);
            for (int i = 0; i + MOCKS_REFERENCE.length <= bytes.length; i++) {
                if (java.util.Arrays.equals(bytes, i, i + MOCKS_REFERENCE.length, MOCKS_REFERENCE, 0, MOCKS_REFERENCE.length)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classesDirectory() {
        try {
            return Path.of(GatewayAssembly.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
