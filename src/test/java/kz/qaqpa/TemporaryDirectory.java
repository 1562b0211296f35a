package kz.qaqpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory the tests make and remove themselves, where JUnit's {@code @TempDir} cannot serve: a fixture that is an
 * extension of its own (a gateway per class, a store per test) or lives as long as the test JVM (the shared test PKI).
 */
public final class TemporaryDirectory {
    private TemporaryDirectory() {
    }

    /** A new empty directory in the system's temporary directory, its name starting with {@code prefix}. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes {@code dir} and everything in it. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
