package kz.qaqpa.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import kz.qaqpa.TemporaryDirectory;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;

/**
 * suite53: a test PKI issued once per test JVM, copied into the data directory of a gateway whose start a test expects
 * refused. Issuing one (some 90 RSA and GOST keys, each in a PKCS#12 file) was most of such a start's time, paid again
 * for every case; the gateway opens what its data directory holds (as {@link ProcessWorld} has it issued here). Only
 * for a start no one calls: the certificates name the template's port as their OCSP and CRL address, not the started
 * gateway's. Removed by a shutdown hook.
 */
final class IssuedTestPki {
    private static Path template;

    private IssuedTestPki() {
    }

    /** Copies the template's files into {@code dataDir}/pki, where the gateway's test PKI lives. */
    static void copyInto(Path dataDir) {
        Path pki = dataDir.resolve("pki");
        try (Stream<Path> files = Files.list(template())) {
            Files.createDirectories(pki);
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, pki.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path template() {
        if (template == null) {
            Path dir = TemporaryDirectory.create("qaqpa-issued-pki");
            // the gateway's keystore password, as ProcessWorld reads it: the test PKI's files are opened with it
            char[] password = kz.qaqpa.TestResources.properties("application.properties")
                    .getProperty("qaqpa.keystore.password").trim().toCharArray();
            TestPki.openOrCreate(dir, password, "http://localhost:" + PkiServer.freePort(), Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TemporaryDirectory.delete(dir)));
            template = dir;
        }
        return template;
    }
}
