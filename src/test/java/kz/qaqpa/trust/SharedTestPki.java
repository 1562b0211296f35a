package kz.qaqpa.trust;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import kz.qaqpa.ServersLeftRunning;
import kz.qaqpa.TemporaryDirectory;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;

/**
 * One test НУЦ (about 20 RSA-2048 keys) and its HTTP server for the whole test JVM: generating it per class would
 * cost seconds each time. The trust tests and the mocks' own tests use it. Removed by a shutdown hook.
 */
public final class SharedTestPki {
    public static final char[] PASSWORD = "test-password".toCharArray();
    /** How long the tests' revocation checkers reuse an answer, how many they keep, how long they wait for one. */
    private static final Duration REVOCATION_CACHE = Duration.ofMinutes(5);
    private static final int REVOCATION_CACHE_SIZE = 1_000;
    private static final Duration REVOCATION_TIMEOUT = Duration.ofSeconds(2);
    /** An OCSP or CRL address where nothing listens: connection refused at once. */
    static final URI NOTHING_LISTENS = URI.create("http://127.0.0.1:" + PkiServer.freePort() + "/ocsp");
    private static TestPki pki;
    private static PkiServer server;

    private SharedTestPki() {
    }

    public static synchronized TestPki pki() {
        if (pki == null) {
            Path dir = TemporaryDirectory.create("qaqpa-test-pki");
            int port = PkiServer.freePort();
            pki = TestPki.openOrCreate(dir, PASSWORD, "http://127.0.0.1:" + port, Clock.systemUTC());
            TestPki issued = pki;
            server = ServersLeftRunning.forTheWholeJvm(() -> new PkiServer(issued, port).start());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop();
                TemporaryDirectory.delete(dir);
            }));
        }
        return pki;
    }

    public static KeyMaterial key(String alias) {
        return pki().key(alias);
    }

    static CertificateValidator validator(RevocationChecker revocation) {
        return new CertificateValidator(pki().roots(), pki().issuingCas(), revocation, Clock.systemUTC(), SignaturePolicy.DEFAULT);
    }

    static CertificateValidator validator() {
        return validator(revocation(null, null));
    }

    /** A revocation checker asking {@code ocsp} and {@code crl}; null: the URLs the certificate names. */
    static RevocationChecker revocation(URI ocsp, URI crl) {
        return new RevocationChecker(REVOCATION_CACHE, REVOCATION_CACHE_SIZE, REVOCATION_TIMEOUT, ocsp, crl,
                SignaturePolicy.DEFAULT.clockSkew(), Clock.systemUTC());
    }
}
