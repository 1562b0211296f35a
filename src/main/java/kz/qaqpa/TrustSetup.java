package kz.qaqpa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.EmbeddedPki;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.RevocationChecker;
import kz.qaqpa.trust.SignaturePolicy;
import kz.qaqpa.trust.SubjectIdentity;
import kz.qaqpa.trust.TestIssuers;
import kz.qaqpa.trust.TrustedRootDates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's key and the certificates it trusts: from configured files in production, or from the embedded
 * test PKI (НУЦ РК stand-in with CRL and OCSP, found on the classpath of the demo jar) in demo mode. The validator asks
 * {@code revocation} about signers' certificates; its newest answers' marks go to the store once it is open.
 */
public record TrustSetup(KeyMaterial gatewayKey, CertificateValidator validator, RevocationChecker revocation,
                         EmbeddedPki embeddedPki) {
    private static final Logger LOG = LoggerFactory.getLogger(TrustSetup.class);
    /** File-name suffixes of the test PKI's key families (RSA, GOST) in its directory. */
    private static final List<String> TEST_PKI_FAMILIES = List.of("", "-gost");
    /** The test PKI's gateway key in its directory (the RSA family's: always there; the GOST one names the same БИН). */
    private static final String TEST_PKI_GATEWAY_KEY = "gateway.p12";

    static TrustSetup fromSettings(Settings s) {
        return fromSettings(s, ServiceLoader.load(EmbeddedPki.Provider.class).findFirst());
    }

    static TrustSetup fromSettings(Settings s, Optional<EmbeddedPki.Provider> testPki) {
        TrustSetup setup = assemble(s, testPki);
        stoppedIfRefused(setup, () -> {
            requireSigningKey(setup, s);
            logSigningKey(setup.gatewayKey(), s);
        });
        return setup;
    }

    /**
     * purpose68 (review68): the gateway's own certificate held to the key usage and purpose rule its validator, and
     * every peer running this code, holds what it signs to. Before, a start on a TLS server's certificate (serverAuth)
     * went on, and then every peer refused its callbacks and answers and its own log checks judged its records BAD.
     * Its chain and revocation are health's: a start does not wait for the НУЦ.
     */
    private static void requireSigningKey(TrustSetup setup, Settings s) {
        try {
            setup.validator().requireUsableHere(setup.gatewayKey().certificate(), Purpose.SIGN,
                    FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID);
        } catch (ShepException e) {
            throw new IllegalStateException(keySource(s) + " holds a key the gateway cannot sign with (every peer would"
                    + " refuse what it signs): " + e.getMessage() + ". Give it the НУЦ РК organisation's signing key");
        }
    }

    /**
     * walk60: after a key's renewal the operator could not tell from the start which certificate the gateway signs
     * with (health names its end only, on the console); one INFO line names it and where it was read from.
     */
    private static void logSigningKey(KeyMaterial key, Settings s) {
        X509Certificate certificate = key.certificate();
        LOG.info("the gateway signs with {}, serial {}, valid until {} ({})",
                certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                certificate.getNotAfter().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), keySource(s));
    }

    /** Where the gateway's key was read from: qaqpa.keystore.path, or the test PKI's directory where that is empty. */
    private static String keySource(Settings s) {
        String path = s.get("qaqpa.keystore.path");
        return path.isBlank() ? "the test PKI's gateway key in " + Path.of(s.get("qaqpa.data-dir")).resolve("pki")
                : "qaqpa.keystore.path '" + path + "'";
    }

    private static TrustSetup assemble(Settings s, Optional<EmbeddedPki.Provider> testPki) {
        if (s.bool("qaqpa.test-pki.enabled")) {
            return embedded(s, testPki.orElseThrow(() -> new IllegalStateException(
                    "qaqpa.test-pki.enabled=true but no test PKI is on the classpath: the gateway jar holds none. "
                            + "Run the demo jar, or set qaqpa.test-pki.enabled=false and qaqpa.mocks.enabled=false "
                            + "with qaqpa.keystore.* and qaqpa.trust.root/.intermediates (README, Production)")));
        }
        if (s.bool("qaqpa.mocks.enabled")) {
            // refused before the store is opened or a port listens: the mocks sign with the test PKI's keys
            throw new IllegalStateException("qaqpa.mocks.enabled=true but qaqpa.test-pki.enabled=false: the mocks "
                    + "need the test PKI, and the gateway jar holds none. In production set qaqpa.mocks.enabled=false "
                    + "(QAQPA_MOCKS_ENABLED=false); for the demo, qaqpa.test-pki.enabled=true with the demo jar");
        }
        KeyMaterial key = gatewayKey(s);
        TrustedCertificates trusted = trustedCertificates(s);
        TestIssuers testIssuers = new TestIssuers(Set.copyOf(s.list("qaqpa.trust.test-issuers", Settings.Empty.NONE)));
        testIssuers.refuse("qaqpa.keystore.path", key.chain());
        testIssuers.refuse("qaqpa.trust.root", trusted.roots());
        testIssuers.refuse("qaqpa.trust.intermediates", trusted.intermediates());
        RevocationChecker revocation = revocation(s);
        return new TrustSetup(key, validator(trusted.roots(), trusted.intermediates(), revocation, s), revocation, null);
    }

    /** The gateway's own НУЦ РК key; a key not set, or a file that cannot be read, is named by its setting. */
    private static KeyMaterial gatewayKey(Settings s) {
        return keystore(s, required(s, "qaqpa.keystore.path", "the gateway's signing key (PKCS#12 with its chain)"));
    }

    /**
     * The PKCS#12 key store at {@code path} (qaqpa.keystore.path), opened with qaqpa.keystore.password; one that is
     * missing or cannot be read refuses the start naming the setting, with the test PKI on or off (review40b: with it
     * on, the line named the file but not the setting).
     */
    private static KeyMaterial keystore(Settings s, String path) {
        try {
            return KeyMaterial.fromPkcs12(Path.of(path), s.get("qaqpa.keystore.password").toCharArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("qaqpa.keystore.path = '" + path + "' is not a PKCS#12 key store the gateway"
                    + " can read with qaqpa.keystore.password (" + e.getMessage() + ")");
        }
    }

    /** A setting production must give; left empty, the gateway refuses to start naming it. */
    private static String required(Settings s, String key, String what) {
        String value = s.get(key);
        if (value.isBlank()) {
            throw new IllegalStateException(key + " is not set: with qaqpa.test-pki.enabled=false the gateway needs "
                    + what + " there (environment: " + Settings.environmentName(key) + "; docs/production.md)");
        }
        return value;
    }

    /**
     * The test PKI started on its port, then the gateway's key and the validator on it. leak67 (review66b S1): what
     * follows the PKI's start reads settings the start refuses (qaqpa.keystore.path, the trust's algorithm lists), and a
     * refusal there left the PKI's server listening in a JVM that goes on (a test's); it is stopped first.
     */
    private static TrustSetup embedded(Settings s, EmbeddedPki.Provider provider) {
        EmbeddedPki pki = provider.start(Path.of(s.get("qaqpa.data-dir")).resolve("pki"),
                s.get("qaqpa.keystore.password").toCharArray(), s.port("qaqpa.test-pki.port"), s.get("qaqpa.test-pki.key-algorithm"));
        try {
            KeyMaterial key = s.get("qaqpa.keystore.path").isBlank()
                    ? pki.gatewayKey(s.get("qaqpa.test-pki.gateway-key-algorithm"))
                    : keystore(s, s.get("qaqpa.keystore.path"));
            RevocationChecker revocation = revocation(s);
            return new TrustSetup(key, validator(pki.roots(), pki.intermediates(), revocation, s), revocation, pki);
        } catch (RuntimeException | Error e) {
            GatewayAssembly.stopStarted(List.of(pki::close), e);
            throw e;
        }
    }

    /** Runs {@code next} on a set-up made; a refusal there stops the set-up's test PKI before it goes on. */
    private static void stoppedIfRefused(TrustSetup setup, Runnable next) {
        try {
            next.run();
        } catch (RuntimeException | Error e) {
            if (setup.embeddedPki() != null) {
                GatewayAssembly.stopStarted(List.of(setup.embeddedPki()::close), e);
            }
            throw e;
        }
    }

    private static CertificateValidator validator(Set<X509Certificate> roots, List<X509Certificate> intermediates,
                                                  RevocationChecker revocation, Settings s) {
        TrustedRootDates.startWarnings(roots, Instant.now(), s.duration("qaqpa.health.key-expiry-warning"))
                .forEach(LOG::warn);
        return new CertificateValidator(roots, intermediates, revocation, Clock.systemUTC(), SignaturePolicy.configured(s));
    }

    /** Signers' certificates' revocation (qaqpa.trust.revocation-cache*, qaqpa.http.client-timeout). */
    private static RevocationChecker revocation(Settings s) {
        return new RevocationChecker(s.duration("qaqpa.trust.revocation-cache"),
                s.integer("qaqpa.trust.revocation-cache-size"), s.duration("qaqpa.http.client-timeout"), null, null,
                SignaturePolicy.configured(s).clockSkew(), Clock.systemUTC());
    }

    /** Trusted roots and intermediates and the signature policy, as the gateway validates signers with. */
    public record TrustedCertificates(Set<X509Certificate> roots, List<X509Certificate> intermediates,
                                      SignaturePolicy policy) {
        /** The policy lets the configured roots and intermediates alone accompany a signer's certificate. */
        public TrustedCertificates {
            policy = policy.withCaCertificates(Stream.concat(roots.stream(), intermediates.stream()).toList());
        }

        /** The signature policy as it judged at {@code then} (a signed Timestamp's age is judged then). */
        public SignaturePolicy policyAt(Instant then) {
            return policy.withClock(Clock.fixed(then, ZoneOffset.UTC));
        }

        /**
         * Certificates as they were at {@code then} (validity periods, chains), without asking for revocation: what
         * was signed then is judged by then, and a later revocation does not undo it.
         */
        public CertificateValidator validatorAt(Instant then) {
            return new CertificateValidator(roots, intermediates, null, Clock.fixed(then, ZoneOffset.UTC),
                    policyAt(then));
        }
    }

    /**
     * The configured trust without starting anything: the PEM files of qaqpa.trust.root/.intermediates, or with the
     * test PKI on the root and issuing CA it keeps in its directory (for tools such as the log verifier).
     */
    public static TrustedCertificates trustedCertificates(Settings s) {
        if (s.bool("qaqpa.test-pki.enabled")) {
            Path pki = Path.of(s.get("qaqpa.data-dir")).resolve("pki");
            List<X509Certificate> roots = new ArrayList<>();
            List<X509Certificate> intermediates = new ArrayList<>();
            for (String family : TEST_PKI_FAMILIES) {
                // the RSA family's files are always there (a missing one is an error); the GOST family's since GOST
                if (family.isEmpty() || Files.exists(pki.resolve("root-ca" + family + ".crt"))) {
                    roots.addAll(readPem(pki.resolve("root-ca" + family + ".crt")));
                    intermediates.addAll(readPem(pki.resolve("issuing-ca" + family + ".crt")));
                }
            }
            return new TrustedCertificates(Set.copyOf(roots), intermediates, SignaturePolicy.configured(s));
        }
        // several roots side by side, as when НУЦ РК renews its root (older records and certificates chain to the old)
        required(s, "qaqpa.trust.root", "the НУЦ РК root certificates (PEM files, comma-separated)");
        List<X509Certificate> roots = new ArrayList<>();
        for (String file : s.list("qaqpa.trust.root", Settings.Empty.REFUSED)) {
            roots.addAll(readPem(Path.of(file)));
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        for (String file : s.list("qaqpa.trust.intermediates", Settings.Empty.NONE)) {
            intermediates.addAll(readPem(Path.of(file)));
        }
        return new TrustedCertificates(Set.copyOf(roots), intermediates, SignaturePolicy.configured(s));
    }

    /**
     * The gateway's БИН, as its own certificate names it, for tools that judge what the gateway signed (the log
     * verifier). From the configured key (qaqpa.keystore.*; with the test PKI on and no key configured, the test PKI's
     * gateway key in its directory), else qaqpa.gateway.bin, for where the key is not at hand; empty when neither
     * names one. Never from the log: who rewrites the log rewrites that too. A qaqpa.gateway.bin the key contradicts
     * is refused.
     */
    public static Optional<String> gatewayBin(Settings s) {
        String given = s.get("qaqpa.gateway.bin");
        Optional<KeyMaterial> key = configuredKey(s);
        String bin = key.map(k -> SubjectIdentity.of(k.certificate()).bin()).orElse(given);
        if (key.isPresent() && (bin == null || bin.isBlank())) {
            throw new IllegalStateException("the gateway's key (qaqpa.keystore.path) names no БИН");
        }
        if (bin == null || bin.isBlank()) {
            return Optional.empty();
        }
        if (!given.isBlank() && !given.equals(bin)) {
            throw new IllegalStateException("qaqpa.gateway.bin (or --gateway-bin) says " + given + ", but the gateway's"
                    + " key names БИН " + bin + ": leave it out where the key is configured, or correct it");
        }
        return Optional.of(bin);
    }

    /** The gateway's key where this machine is configured with it, as {@link #gatewayBin} reads it. */
    private static Optional<KeyMaterial> configuredKey(Settings s) {
        if (!s.get("qaqpa.keystore.path").isBlank()) {
            return Optional.of(gatewayKey(s));
        }
        Path testKey = Path.of(s.get("qaqpa.data-dir")).resolve("pki").resolve(TEST_PKI_GATEWAY_KEY);
        if (!s.bool("qaqpa.test-pki.enabled") || !Files.exists(testKey)) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyMaterial.fromPkcs12(testKey, s.get("qaqpa.keystore.password").toCharArray()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the test PKI's gateway key: " + e.getMessage());
        }
    }

    void stop() {
        if (embeddedPki != null) {
            embeddedPki.close();
        }
    }

    private static List<X509Certificate> readPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            return certs;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read certificates from " + file + ": " + e, e);
        }
    }

}
