package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the gateway's key and trust come from, and what it refuses to start with. */
class TrustSetupTest {
    private static final String PASSWORD = new String(SharedTestPki.PASSWORD);

    @TempDir
    Path dir;

    @Test
    void withTheTestPkiOnButNotOnTheClasspathTheGatewayRefusesToStart() {
        Settings demo = Settings.standalone(Map.of("qaqpa.test-pki.enabled", "true", "qaqpa.data-dir", dir.toString()));

        assertThatThrownBy(() -> TrustSetup.fromSettings(demo, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no test PKI is on the classpath")
                .hasMessageContaining("qaqpa.test-pki.enabled=false");
    }

    @Test
    void withTheTestPkiOffTheGatewayRefusesTheTestPkisKey() {
        Path pki = SharedTestPki.pki().dir();
        Settings production = production(pki.resolve("gateway.p12"), pki.resolve("root-ca.crt"), pki.resolve("issuing-ca.crt"));

        assertThatThrownBy(() -> TrustSetup.fromSettings(production, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.keystore.path holds a certificate of a test PKI")
                .hasMessageContaining(TestPki.ISSUING_NAME);
    }

    @Test
    void withTheTestPkiOffTheGatewayRefusesTheTestPkiAsTrustRoot() {
        KeyMaterial outsider = SharedTestPki.pki().key("untrusted");
        Path rogueRoot = pem("rogue-root.crt", outsider.chain().get(1));
        Path pki = SharedTestPki.pki().dir();
        Settings production = production(pki.resolve("untrusted.p12"), pki.resolve("root-ca.crt"), rogueRoot);

        assertThatThrownBy(() -> TrustSetup.fromSettings(production, Optional.empty()))
                .hasMessageContaining("qaqpa.trust.root holds a certificate of a test PKI");
    }

    @Test
    void withTheTestPkiOffTheGatewayStartsOnAKeyAndRootOfAnotherCa() {
        KeyMaterial outsider = SharedTestPki.pki().key("untrusted");
        Path root = pem("root.crt", outsider.chain().get(1));
        Settings production = Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false",
                "qaqpa.keystore.path", SharedTestPki.pki().keyFile("untrusted").toString(),
                "qaqpa.keystore.password", PASSWORD, "qaqpa.trust.root", root.toString(), "qaqpa.trust.intermediates", ""));

        TrustSetup trust = TrustSetup.fromSettings(production, Optional.empty());

        assertThat(trust.gatewayKey().certificate()).isEqualTo(outsider.certificate());
        assertThat(trust.embeddedPki()).isNull();
    }

    @Test
    void theTestIssuersNameTheEmbeddedTestPkisCas() {
        assertThat(Settings.standalone(Map.of()).list("qaqpa.trust.test-issuers"))
                .contains(TestPki.ROOT_NAME, TestPki.ISSUING_NAME, KeyAlgorithm.GOST.rootName(), KeyAlgorithm.GOST.issuingName());
    }

    private Settings production(Path keystore, Path root, Path intermediates) {
        return Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.keystore.path", keystore.toString(),
                "qaqpa.keystore.password", PASSWORD, "qaqpa.trust.root", root.toString(),
                "qaqpa.trust.intermediates", intermediates.toString()));
    }

    private Path pem(String name, X509Certificate certificate) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded());
            return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
