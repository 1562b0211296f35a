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
import kz.qaqpa.mocks.pki.PkiSubject;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.settings.DemoDefaults;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the gateway's key and trust come from, and what it refuses to start with. */
class TrustSetupTest {
    private static final String PASSWORD = new String(SharedTestPki.PASSWORD);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

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

    /**
     * Session 24: the log verifier's gateway БИН is the configured key's; where no key is configured (an auditor's
     * machine), qaqpa.gateway.bin; with neither, or a setting the key contradicts, none: the verifier checks nothing.
     */
    @Test
    void theGatewaysBinComesFromItsKeyElseFromTheSetting() {
        String key = SharedTestPki.pki().dir().resolve("gateway.p12").toString();
        String gatewayBin = "190140005506"; // mocks/data/pki-subjects.csv

        assertThat(TrustSetup.gatewayBin(verifierSettings(key, ""))).contains(gatewayBin);
        assertThat(TrustSetup.gatewayBin(verifierSettings("", gatewayBin))).contains(gatewayBin);
        assertThat(TrustSetup.gatewayBin(verifierSettings("", ""))).isEmpty();
        assertThatThrownBy(() -> TrustSetup.gatewayBin(verifierSettings(key, "041040008807")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("041040008807").hasMessageContaining(gatewayBin);
    }

    private Settings verifierSettings(String keystore, String gatewayBin) {
        return Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.data-dir", dir.toString(),
                "qaqpa.keystore.path", keystore, "qaqpa.keystore.password", PASSWORD, "qaqpa.gateway.bin", gatewayBin));
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
        Settings production = Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "false",
                "qaqpa.keystore.path", SharedTestPki.pki().keyFile("untrusted").toString(),
                "qaqpa.keystore.password", PASSWORD, "qaqpa.trust.root", root.toString(), "qaqpa.trust.intermediates", ""));

        TrustSetup trust = TrustSetup.fromSettings(production, Optional.empty());

        assertThat(trust.gatewayKey().certificate()).isEqualTo(outsider.certificate());
        assertThat(trust.embeddedPki()).isNull();
    }

    /**
     * The mocks sign with the test PKI's keys and are not in the gateway jar: with the test PKI off they are refused
     * at once, naming the key to set. Before, the gateway created and migrated its store, opened its ports and only
     * then stopped, saying that the mocks need the test PKI.
     */
    @Test
    void withTheTestPkiOffTheMocksAreRefusedFirstNamingTheKeyToSet() {
        Settings production = Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "true",
                "qaqpa.data-dir", dir.toString()));

        assertThatThrownBy(() -> TrustSetup.fromSettings(production, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.mocks.enabled=false").hasMessageContaining("QAQPA_MOCKS_ENABLED=false");
    }

    /** An operator who has not set the key yet is told which key, not that "" is a directory. */
    @Test
    void withTheTestPkiOffAMissingKeystoreOrRootIsNamedByItsKey() {
        Path pki = SharedTestPki.pki().dir();
        assertThatThrownBy(() -> TrustSetup.fromSettings(production(Path.of(""), pki.resolve("root-ca.crt"),
                pki.resolve("issuing-ca.crt")), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.keystore.path is not set").hasMessageContaining("QAQPA_KEYSTORE_PATH");
        assertThatThrownBy(() -> TrustSetup.fromSettings(production(dir.resolve("nowhere.p12"), pki.resolve("root-ca.crt"),
                pki.resolve("issuing-ca.crt")), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.keystore.path").hasMessageContaining("nowhere.p12");
        assertThatThrownBy(() -> TrustSetup.fromSettings(production(SharedTestPki.pki().keyFile("untrusted"), Path.of(""),
                pki.resolve("issuing-ca.crt")), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.trust.root is not set").hasMessageContaining("QAQPA_TRUST_ROOT");
    }

    /**
     * When НУЦ РК renews its root, the old and the new root are trusted side by side: qaqpa.trust.root takes several
     * PEM files, comma-separated, as qaqpa.trust.intermediates does (docs/production.md). Before, the list was read
     * as one file name.
     */
    @Test
    void severalTrustRootsAreTakenCommaSeparated() {
        KeyMaterial outsider = SharedTestPki.pki().key("untrusted");
        Path root = pem("root.crt", outsider.chain().get(1));
        Path renewed = pem("renewed-root.crt", SharedTestPki.pki().key("untrusted", KeyAlgorithm.GOST).chain().get(1));
        Settings production = Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "false",
                "qaqpa.keystore.path", SharedTestPki.pki().keyFile("untrusted").toString(),
                "qaqpa.keystore.password", PASSWORD, "qaqpa.trust.root", root + ", " + renewed,
                "qaqpa.trust.intermediates", ""));

        assertThat(TrustSetup.trustedCertificates(production).roots())
                .containsExactlyInAnyOrder(outsider.chain().get(1), SharedTestPki.pki().key("untrusted", KeyAlgorithm.GOST).chain().get(1));
    }

    /**
     * The demo's sender passwords are public (application.properties): a production gateway left with one refuses to
     * start, naming the sender's setting, before it creates its store. Given their own, it goes on.
     */
    @Test
    void withTheTestPkiOffADemoSenderPasswordIsRefused() {
        Map<String, String> production = productionWithAnOutsidersKey();

        assertThatThrownBy(() -> new GatewayAssembly(Settings.standalone(production)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.sender.PORTAL.password is the demo's password")
                .hasMessageContaining("QAQPA_SENDER_PORTAL_PASSWORD");
        assertThat(dir.resolve("db")).doesNotExist();

        Settings ownPasswords = Settings.standalone(production);
        ownPasswords.list("qaqpa.senders", Settings.Empty.REFUSED)
                .forEach(id -> production.put("qaqpa.sender." + id + ".password", id + "-own"));
        production.put("qaqpa.sender.CON.password", " con-secret ");
        assertThatThrownBy(() -> DemoDefaults.refuseIn(Settings.standalone(production)::getOrNull, Settings.shipped()))
                .hasMessageContaining("qaqpa.sender.CON.password");
        production.put("qaqpa.sender.CON.password", "con-own");
        assertThatThrownBy(() -> DemoDefaults.refuseIn(Settings.standalone(production)::getOrNull, Settings.shipped()))
                .hasMessageNotContaining("password");
    }

    @Test
    void withTheTestPkiOffAnAddressLeftAtADemoSystemIsRefused() {
        Map<String, String> production = productionWithAnOutsidersKey();
        Settings.standalone(production).list("qaqpa.senders", Settings.Empty.REFUSED)
                .forEach(id -> production.put("qaqpa.sender." + id + ".password", id + "-own"));

        assertThatThrownBy(() -> new GatewayAssembly(Settings.standalone(production)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.adapter.ENIS_POWER_OF_ATTORNEY.url is the demo's address http://localhost:8182/")
                .hasMessageContaining("QAQPA_ADAPTER_ENIS_POWER_OF_ATTORNEY_URL");
        assertThat(dir.resolve("db")).doesNotExist();

        production.put("qaqpa.mocks.enis.port", "9182");
        assertThatThrownBy(() -> DemoDefaults.refuseIn(Settings.standalone(production)::getOrNull, Settings.shipped()))
                .as("a moved mock port is still the mock").hasMessageContaining("http://localhost:9182/enis/sync");
        Map<String, String> real = new java.util.TreeMap<>(Map.of("qaqpa.adapter.ENIS_POWER_OF_ATTORNEY.url", "https://enis.example.kz/sync",
                "qaqpa.adapter.GBDFL_PERSON.url", "https://gbdfl.example.kz/sync",
                "qaqpa.adapter.GBDUL_LEGAL_ENTITY.url", "https://gbdul.example.kz/sync",
                "qaqpa.log.timestamp.url", ""));
        real.forEach((key, address) -> {
            assertThatThrownBy(() -> DemoDefaults.refuseIn(Settings.standalone(production)::getOrNull, Settings.shipped()))
                    .hasMessageContaining(key + " is the demo's address");
            production.put(key, address);
        });
        Settings.standalone(production).list("qaqpa.senders", Settings.Empty.REFUSED).stream().sorted().forEach(id -> {
            String key = "qaqpa.sender." + id + ".callback";
            if (Settings.standalone(production).getOrNull(key) != null && !Settings.standalone(production).getOrNull(key).isEmpty()) {
                assertThatThrownBy(() -> DemoDefaults.refuseIn(Settings.standalone(production)::getOrNull,
                        Settings.shipped())).hasMessageContaining(key + " is the demo's address");
                production.put(key, "https://" + id.toLowerCase(java.util.Locale.ROOT) + ".example.kz/callback");
            }
        });
        DemoDefaults.refuseIn(Settings.standalone(production)::getOrNull, Settings.shipped());
    }

    /** Production settings (no test PKI, no mocks) with a key and trust root of no test CA; the rest as shipped. */
    private Map<String, String> productionWithAnOutsidersKey() {
        KeyMaterial outsider = SharedTestPki.pki().key("untrusted");
        return new java.util.HashMap<>(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "false",
                "qaqpa.data-dir", dir.toString(),
                "qaqpa.keystore.path", SharedTestPki.pki().keyFile("untrusted").toString(),
                "qaqpa.keystore.password", PASSWORD, "qaqpa.trust.root", pem("root.crt", outsider.chain().get(1)).toString(),
                "qaqpa.trust.intermediates", ""));
    }

    @Test
    void theTestIssuersNameTheEmbeddedTestPkisCas() {
        assertThat(Settings.standalone(Map.of()).list("qaqpa.trust.test-issuers", Settings.Empty.NONE))
                .contains(TestPki.ROOT_NAME, TestPki.ISSUING_NAME, KeyAlgorithm.GOST.rootName(), KeyAlgorithm.GOST.issuingName());
    }

    private Settings production(Path keystore, Path root, Path intermediates) {
        return Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "false",
                "qaqpa.keystore.path", keystore.toString(),
                "qaqpa.keystore.password", PASSWORD, "qaqpa.trust.root", root.toString(),
                "qaqpa.trust.intermediates", intermediates.toString()));
    }

    /**
     * roots56: gost55's WARN at start for a configured root out of its dates or ending within
     * qaqpa.health.key-expiry-warning (30 days), each named with its end, and none for the root valid for years. The
     * roots are the test НУЦ's own root re-certified for other dates (TestPki.rootValid), trusted beside it.
     */
    @Test
    void rootsOutOfTheirDatesOrEndingSoonAreWarnedAtStart() {
        TestPki pki = SharedTestPki.pki();
        java.time.Instant now = java.time.Instant.now();
        X509Certificate expired = pki.rootValid(KeyAlgorithm.RSA, now.minus(java.time.Duration.ofDays(400)),
                now.minus(java.time.Duration.ofDays(1)));
        X509Certificate endingSoon = pki.rootValid(KeyAlgorithm.RSA, now.minus(java.time.Duration.ofDays(1)),
                now.plus(java.time.Duration.ofDays(10)));
        Path dirOfPki = pki.dir();
        Settings production = Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "false",
                "qaqpa.keystore.path", dirOfPki.resolve("gateway.p12").toString(), "qaqpa.keystore.password", PASSWORD,
                "qaqpa.trust.root", dirOfPki.resolve("root-ca.crt") + "," + pem("expired-root.crt", expired) + ","
                        + pem("ending-root.crt", endingSoon),
                "qaqpa.trust.intermediates", dirOfPki.resolve("issuing-ca.crt").toString(), "qaqpa.trust.test-issuers", ""));
        java.util.List<String> warnings = startLines(production, ch.qos.logback.classic.Level.WARN).stream()
                .filter(m -> m.contains("(qaqpa.trust.root)")).toList();
        String expiredEnd = expired.getNotAfter().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String soonEnd = endingSoon.getNotAfter().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        assertThat(warnings).hasSize(2).anySatisfy(w -> assertThat(w).contains("expired " + expiredEnd)
                .contains("signers chaining only to it are refused"))
                .anySatisfy(w -> assertThat(w).contains("expires " + soonEnd).contains("configure its renewal"));
    }

    /**
     * walk60: after the gateway's key is renewed (the PKCS#12 replaced, or qaqpa.keystore.path pointed at another), the
     * start names the certificate it signs with, its serial, its end and where it was read from, so the operator sees
     * the new one taken; before, no line named it (health's signingKey gives its end only, on the console).
     */
    @Test
    void theStartNamesTheCertificateTheGatewaySignsWithAndWhereItWasRead() {
        KeyMaterial renewed = SharedTestPki.pki().key("untrusted");
        Path root = pem("root.crt", renewed.chain().get(1));
        Path keyFile = SharedTestPki.pki().keyFile("untrusted");
        Settings production = Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "false",
                "qaqpa.keystore.path", keyFile.toString(), "qaqpa.keystore.password", PASSWORD,
                "qaqpa.trust.root", root.toString(), "qaqpa.trust.intermediates", ""));

        String end = renewed.certificate().getNotAfter().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        assertThat(startLines(production, ch.qos.logback.classic.Level.INFO)).anySatisfy(line -> assertThat(line)
                .startsWith("the gateway signs with " + renewed.certificate().getSubjectX500Principal().getName())
                .contains("serial " + renewed.certificate().getSerialNumber().toString(16))
                .contains("valid until " + end).contains("qaqpa.keystore.path '" + keyFile + "'"));
    }

    /**
     * purpose68 (review68 finding 1): the gateway's own certificate is held at the start to the rule its validator, and
     * every peer running this code, holds its signatures to. A key whose extended key usage names only serverAuth (a
     * deployment reusing its TLS server's certificate) is refused naming qaqpa.keystore.path; before, the start went
     * on and then every peer refused what it signed, and its own log checks judged its records BAD. The НУЦ's
     * organisation usage, what the test PKI issues a system, is taken.
     */
    @Test
    void aStartOnAKeyIssuedForATlsServerIsRefusedNamingTheKeystore() {
        Settings tlsServer = productionOn(SharedTestPki.pki().issueWithExtendedKeyUsages("gateway", SERVER_AUTH));
        assertThatThrownBy(() -> TrustSetup.fromSettings(tlsServer, Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("qaqpa.keystore.path")
                .hasMessageContaining("extended key usage names only serverAuth");

        KeyMaterial organisation = SharedTestPki.pki().issueWithExtendedKeyUsages("gateway", PkiSubject.ORGANISATION);
        assertThat(TrustSetup.fromSettings(productionOn(organisation), Optional.empty()).gatewayKey().certificate())
                .isEqualTo(organisation.certificate());
    }

    /** A key usage that signs nothing (keyEncipherment alone, a TLS key's) is refused the same way. */
    @Test
    void aStartOnAKeyWhoseKeyUsageSignsNothingIsRefused() {
        KeyMaterial encipherOnly = SharedTestPki.pki().issueEdited("gateway", b -> b.replaceExtension(
                org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment)));
        assertThatThrownBy(() -> TrustSetup.fromSettings(productionOn(encipherOnly), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("qaqpa.keystore.path")
                .hasMessageContaining("wrong key usage");
    }

    /**
     * review69 5: the start holds the gateway's own certificate to every check its validator runs without the НУЦ, not
     * the usages alone: a CA's certificate, or one with a critical extension nobody processes, is refused by every
     * peer's validator. Before, both started ("Expecting code to raise a throwable").
     */
    @ParameterizedTest
    @ValueSource(strings = {"ca", "unknown-critical"})
    void aStartOnAKeyItsOwnValidatorRefusesForSigningIsRefused(String row) {
        KeyMaterial key = SharedTestPki.pki().issueEdited("gateway", b -> {
            if (row.equals("ca")) {
                b.replaceExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                        new org.bouncycastle.asn1.x509.BasicConstraints(true));
            } else {
                b.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true,
                        new org.bouncycastle.asn1.DEROctetString(new byte[1]));
            }
        });
        assertThatThrownBy(() -> TrustSetup.fromSettings(productionOn(key), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("qaqpa.keystore.path");
    }

    /** Production settings (no test PKI, no mocks) on {@code key} in a PKCS#12 file, its CAs trusted. */
    private Settings productionOn(KeyMaterial key) {
        try {
            java.util.List<X509Certificate> chain = key.chain();
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("gateway", key.privateKey(), SharedTestPki.PASSWORD,
                    chain.toArray(new java.security.cert.Certificate[0]));
            Path p12 = Files.createTempFile(dir, "gateway", ".p12");
            try (var out = Files.newOutputStream(p12)) {
                store.store(out, SharedTestPki.PASSWORD);
            }
            return Settings.standalone(Map.of("qaqpa.test-pki.enabled", "false", "qaqpa.mocks.enabled", "false",
                    "qaqpa.data-dir", dir.toString(), "qaqpa.keystore.path", p12.toString(),
                    "qaqpa.keystore.password", PASSWORD,
                    "qaqpa.trust.root", pem("own-root.crt", chain.get(chain.size() - 1)).toString(),
                    "qaqpa.trust.intermediates", pem("own-issuing.crt", chain.get(1)).toString(),
                    "qaqpa.trust.test-issuers", ""));
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of {@code level} TrustSetup logs while it reads {@code settings}, as a start reads them. */
    private static java.util.List<String> startLines(Settings settings, ch.qos.logback.classic.Level level) {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(TrustSetup.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            TrustSetup.fromSettings(settings, Optional.empty());
        } finally {
            log.detachAppender(lines);
        }
        return lines.list.stream().filter(e -> e.getLevel() == level)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
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
