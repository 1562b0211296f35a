package kz.qaqpa.mocks.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import kz.qaqpa.trust.EmbeddedPki;
import kz.qaqpa.trust.KeyMaterial;

/** The test НУЦ with its CRL and OCSP server, as the demo gateway embeds it (found with ServiceLoader). */
public record EmbeddedTestPki(TestPki pki, PkiServer server) implements EmbeddedPki {

    /** The {@link EmbeddedPki.Provider} registered in META-INF/services of the mocks. */
    public static final class Provider implements EmbeddedPki.Provider {
        @Override
        public EmbeddedPki start(Path dir, char[] password, int port, String keyAlgorithm) {
            TestPki pki = TestPki.openOrCreate(dir, password, "http://localhost:" + port, Clock.systemUTC(),
                    KeyAlgorithm.named(keyAlgorithm));
            return new EmbeddedTestPki(pki, new PkiServer(pki, port).start());
        }
    }

    @Override
    public KeyMaterial gatewayKey(String keyAlgorithm) {
        return keyAlgorithm.isBlank() ? pki.key("gateway") : pki.key("gateway", KeyAlgorithm.named(keyAlgorithm));
    }

    @Override
    public Set<X509Certificate> roots() {
        return pki.roots();
    }

    @Override
    public List<X509Certificate> intermediates() {
        return pki.issuingCas();
    }

    @Override
    public void close() {
        server.stop();
    }
}
