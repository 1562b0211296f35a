package kz.qaqpa.mocks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.trust.KeyMaterial;

/** One test НУЦ in a temporary directory for all mock tests of the JVM (issuing ~20 RSA keys per class is slow). */
public final class MockPki {
    private static TestPki pki;

    private MockPki() {
    }

    public static synchronized TestPki pki() {
        if (pki == null) {
            try {
                Path dir = Files.createTempDirectory("qaqpa-mocks-pki");
                pki = TestPki.openOrCreate(dir, "mocks-test".toCharArray(), "http://127.0.0.1:1", Clock.systemUTC());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pki;
    }

    public static KeyMaterial key(String alias) {
        return pki().key(alias);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
