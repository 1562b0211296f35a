package kz.qaqpa.mocks.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.EnumMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kz.qaqpa.trust.KeyMaterial;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The test НУЦ: for each {@link KeyAlgorithm} (RSA and GOST, as НУЦ РК runs both) a root CA, an issuing CA and one
 * key per row of {@code mocks/data/pki-subjects.csv}, kept as files in a directory so that the gateway, the mocks and
 * the tests all see the same certificates across restarts. {@link #key(String)} and the {@code issue...} methods use
 * the PKI's default family ({@link #defaultAlgorithm()}, system property {@value KeyAlgorithm#PROPERTY}), so the same
 * tests run with RSA or GOST keys; {@link #key(String, KeyAlgorithm)} picks one explicitly.
 *
 * <p>Files (the GOST family's with "-gost" before the extension): root-ca.crt, issuing-ca.crt (PEM), root-ca.p12,
 * issuing-ca.p12 (CA keys, to sign CRLs and OCSP answers after a restart), &lt;alias&gt;.p12 (key + chain, alias = csv
 * alias), untrusted.p12 (issued by a rogue CA), issuing.crl (DER), root.crl (DER: the root's list of the CA
 * certificates it revoked, which the issuing CA names in its CRL Distribution Points; an issuing CA made by older code
 * names none). The public base URL is baked into the certificates when they are issued; reopening with another URL
 * keeps the old certificates, so pick the port before the first start.
 */
public final class TestPki {
    public static final String ROOT_NAME = KeyAlgorithm.RSA.rootName();
    public static final String ISSUING_NAME = KeyAlgorithm.RSA.issuingName();
    public static final String UNTRUSTED = "untrusted";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    private static final Duration CRL_VALIDITY = Duration.ofDays(1);

    private final Path dir;
    private final char[] password;
    private final String publicBaseUrl;
    private final Clock clock;
    private final KeyAlgorithm defaultAlgorithm;
    private final Map<KeyAlgorithm, Authority> authorities = new EnumMap<>(KeyAlgorithm.class);
    /** The CAs of {@link #issueRekeyedIssuingCa}, kept in memory only. */
    private final List<RekeyedCa> rekeyed = new CopyOnWriteArrayList<>();

    /** An issuing CA of {@link #issueRekeyedIssuingCa} and the serials it issued (OCSP answers "good" for them). */
    private record RekeyedCa(KeyMaterial key, Set<BigInteger> issued) {
    }

    private TestPki(Path dir, char[] password, String publicBaseUrl, Clock clock, KeyAlgorithm defaultAlgorithm) {
        this.dir = dir;
        this.password = password.clone();
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
        this.clock = clock;
        this.defaultAlgorithm = defaultAlgorithm;
    }

    /** With the default family of the system property {@value KeyAlgorithm#PROPERTY} (RSA when unset). */
    public static TestPki openOrCreate(Path dir, char[] password, String publicBaseUrl, Clock clock) {
        return openOrCreate(dir, password, publicBaseUrl, clock, KeyAlgorithm.named(""));
    }

    /** Loads what the directory holds and issues whatever is missing (a fresh directory gets everything). */
    public static TestPki openOrCreate(Path dir, char[] password, String publicBaseUrl, Clock clock, KeyAlgorithm defaultAlgorithm) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPki pki = new TestPki(dir, password, publicBaseUrl, clock, defaultAlgorithm);
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            pki.authorities.put(algorithm, pki.new Authority(algorithm));
        }
        return pki;
    }

    /** The family {@link #key(String)}, {@link #root()}, {@link #issuing()} and the issue methods use. */
    public KeyAlgorithm defaultAlgorithm() {
        return defaultAlgorithm;
    }

    public KeyMaterial key(String alias) {
        return key(alias, defaultAlgorithm);
    }

    public KeyMaterial key(String alias, KeyAlgorithm algorithm) {
        KeyMaterial key = authorities.get(algorithm).keys.get(alias);
        if (key == null) {
            throw new IllegalArgumentException("the test PKI has no key '" + alias + "'; known: " + aliases());
        }
        return key;
    }

    /**
     * A second certificate for the subject of {@code alias}, issued now by the RSA issuing CA with an RSA key of
     * {@code rsaBits} and signed with {@code signatureAlgorithm} (e.g. 1024 bits, or SHA1withRSA): for tests of the
     * gateway's algorithm policy. Kept in memory only, never written to the PKI directory.
     */
    public KeyMaterial issueVariant(String alias, int rsaBits, String signatureAlgorithm) {
        Authority rsa = authorities.get(KeyAlgorithm.RSA);
        KeyPair keys = CertificateIssuer.rsaKeyPair(rsaBits);
        X509Certificate cert = CertificateIssuer.endEntity(subjectOf(alias), keys.getPublic(), rsa.issuing.certificate(),
                rsa.issuing.privateKey(), usageOf(alias), now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)),
                publicBaseUrl, signatureAlgorithm);
        return rsa.material(keys, cert);
    }

    /**
     * A certificate for the subject of {@code alias} by the test issuing CA that becomes valid only tomorrow: for the
     * gateway's validity check. Kept in memory only.
     */
    public KeyMaterial issueNotYetValid(String alias) {
        return issueInMemory(alias, usageOf(alias), now().plus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)),
                publicBaseUrl);
    }

    /**
     * A certificate for the subject of {@code alias} by the test issuing CA whose term ended yesterday, for the
     * gateway's validity check on signers the csv has no expired certificate for (an organisation's employee, a ЦОН
     * operator). Kept in memory only; OCSP answers "good" for it, so only its term refuses it.
     */
    public KeyMaterial issueExpired(String alias) {
        return answeredByOcsp(issueInMemory(alias, usageOf(alias), now().minus(Duration.ofDays(365)),
                now().minus(Duration.ofDays(1)), publicBaseUrl));
    }

    /**
     * A certificate for the subject of {@code alias} by the test issuing CA whose term ends {@code validFor} from now
     * (to the second, as X.509 writes it): for a signer whose certificate ends while what it signed is on its way.
     * Kept in memory only; OCSP answers "good" for it.
     */
    public KeyMaterial issueEndingIn(String alias, Duration validFor) {
        return answeredByOcsp(issueInMemory(alias, usageOf(alias), now().minus(Duration.ofDays(1)),
                now().plus(validFor), publicBaseUrl));
    }

    /**
     * A certificate for the subject of {@code alias} by the test issuing CA whose OCSP and CRL addresses point at
     * {@code revocationBaseUrl} (e.g. a port where nothing listens): for the rule that an unanswered revocation check
     * refuses. Kept in memory only.
     */
    public KeyMaterial issueWithRevocationAt(String alias, String revocationBaseUrl) {
        return issueInMemory(alias, usageOf(alias), now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)),
                revocationBaseUrl);
    }

    /**
     * A certificate for the subject of {@code alias}, already revoked on this НУЦ's CRL, whose OCSP responder is at
     * {@code ocspBaseUrl} (e.g. nowhere): a relying party learns the revocation from the CRL only. Kept in memory.
     */
    public synchronized KeyMaterial issueRevokedWithOcspAt(String alias, String ocspBaseUrl) {
        return issueRevoked(alias, ocspBaseUrl);
    }

    /** A certificate for the subject of {@code alias}, already revoked on CRL and OCSP alike. Kept in memory. */
    public synchronized KeyMaterial issueRevoked(String alias) {
        return issueRevoked(alias, publicBaseUrl);
    }

    private KeyMaterial issueRevoked(String alias, String ocspBaseUrl) {
        Authority ca = authority();
        KeyPair keys = defaultAlgorithm.newKeyPair();
        X509Certificate cert = CertificateIssuer.endEntity(subjectOf(alias), keys.getPublic(), ca.issuing.certificate(),
                ca.issuing.privateKey(), usageOf(alias), now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)),
                ocspBaseUrl, publicBaseUrl, CertificateIssuer.signatureAlgorithm(ca.issuing.privateKey()));
        ca.revoked.put(cert.getSerialNumber(), now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
        ca.refreshCrl();
        return ca.material(keys, cert);
    }

    /**
     * A certificate for the subject of {@code alias} from an impostor CA: self-signed under exactly the issuing CA's
     * name, with a key of its own, so that only a check of the signature up the chain (not of names) tells them
     * apart. Kept in memory only.
     */
    public KeyMaterial issueByImpostorCa(String alias) {
        KeyPair caKeys = defaultAlgorithm.newKeyPair();
        X509Certificate impostor = CertificateIssuer.selfSignedCa(CertificateIssuer.caName(defaultAlgorithm.issuingName()), caKeys,
                now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(365)));
        KeyPair keys = defaultAlgorithm.newKeyPair();
        X509Certificate cert = CertificateIssuer.endEntity(subjectOf(alias), keys.getPublic(), impostor, caKeys.getPrivate(),
                usageOf(alias), now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)), publicBaseUrl);
        return new KeyMaterial(keys.getPrivate(), cert, List.of(cert, impostor));
    }

    /**
     * A second issuing CA of family {@code algorithm}: issued by its root under the issuing CA's very name, with a key
     * of its own (a re-keyed НУЦ CA keeps its name), naming the root's CRL as the issuing CA does. The OCSP responder
     * answers for the certificates {@link #issueBy} has it issue. Kept in memory only; a relying party trusts it once
     * given its certificate as an intermediate.
     */
    public KeyMaterial issueRekeyedIssuingCa(KeyAlgorithm algorithm) {
        KeyMaterial ca = authorities.get(algorithm).createIssuing();
        rekeyed.add(new RekeyedCa(ca, ConcurrentHashMap.newKeySet()));
        return ca;
    }

    /**
     * trust28: a CA certificate of family {@code algorithm} for the issuing CA's very key under another name ("... RENAMED"),
     * issued by its root (a CA renamed with its key kept). Used with {@link #issueBy} as a re-keyed one is; kept in
     * memory only.
     */
    public KeyMaterial issueRenamedIssuingCa(KeyAlgorithm algorithm) {
        KeyMaterial ca = authorities.get(algorithm).createRenamedIssuing();
        rekeyed.add(new RekeyedCa(ca, ConcurrentHashMap.newKeySet()));
        return ca;
    }

    /**
     * A certificate for the subject of {@code alias} by {@code ca} (one of {@link #issueRekeyedIssuingCa}) numbered
     * {@code serial} (e.g. a serial the issuing CA of the same name revoked), good for OCSP. Kept in memory only.
     */
    public KeyMaterial issueBy(KeyMaterial ca, String alias, BigInteger serial) {
        RekeyedCa issuer = rekeyed.stream().filter(r -> r.key() == ca).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a CA of issueRekeyedIssuingCa"));
        KeyAlgorithm family = KeyAlgorithm.of(ca.certificate().getPublicKey());
        KeyPair keys = family.newKeyPair();
        X509Certificate cert = CertificateIssuer.endEntity(serial, subjectOf(alias), keys.getPublic(), ca.certificate(),
                ca.privateKey(), usageOf(alias), now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)),
                publicBaseUrl, publicBaseUrl, family.signatureAlgorithm());
        issuer.issued().add(serial);
        return new KeyMaterial(keys.getPrivate(), cert, List.of(cert, ca.certificate(), root(family)));
    }

    /**
     * trust28: an OCSP responder of this НУЦ (RFC 6960 4.2.2.2) that signs its answers with a delegated responder
     * certificate (extended key usage id-kp-OCSPSigning) the issuing CA of family {@code algorithm} issues now, valid
     * from {@code notBefore} to {@code notAfter}; its answers dated by {@code answers}. The caller serves it (request
     * bytes in, answer bytes out); the PKI's own responder is left as it is.
     */
    public UnaryOperator<byte[]> delegatedOcspResponder(KeyAlgorithm algorithm, Instant notBefore, Instant notAfter,
                                                        Clock answers) {
        Authority ca = authorities.get(algorithm);
        KeyPair keys = algorithm.newKeyPair();
        X509Certificate cert = CertificateIssuer.endEntity(CertificateIssuer.caName(algorithm.issuingName() + " OCSP"),
                keys.getPublic(), ca.issuing.certificate(), ca.issuing.privateKey(),
                CertificateIssuer.Usage.signing(List.of(OCSP_SIGNING)), notBefore, notAfter, null);
        OcspResponder responder = new OcspResponder(this, answers,
                new KeyMaterial(keys.getPrivate(), cert, List.of(cert, ca.issuing.certificate())));
        return request -> {
            try {
                return responder.respond(request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * A certificate for the subject of {@code alias} by the test issuing CA whose extended key usages are
     * {@code extendedKeyUsages} (OIDs; none: no extension), e.g. an employee's name with an individual's usage only:
     * for the gateway's check of the role a signer signs in. Kept in memory only.
     */
    public KeyMaterial issueWithExtendedKeyUsages(String alias, String... extendedKeyUsages) {
        return answeredByOcsp(issueInMemory(alias, CertificateIssuer.Usage.signing(List.of(extendedKeyUsages)),
                now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)), publicBaseUrl));
    }

    /** A change to a certificate's extensions before the issuing CA signs it (BouncyCastle's builder throws checked exceptions). */
    @FunctionalInterface
    public interface CertificateEdit {
        void apply(X509v3CertificateBuilder builder) throws Exception;
    }

    /**
     * attack57: a certificate for the subject of {@code alias} by the test issuing CA, as {@link #key(String)}'s but
     * with {@code edit} applied to its extensions before it is signed (a key usage replaced or removed, an unknown
     * critical extension added): a certificate the НУЦ should never issue, really signed by its CA. Kept in memory
     * only; OCSP answers "good" for it, so only what was edited can refuse it.
     */
    public KeyMaterial issueEdited(String alias, CertificateEdit edit) {
        return issueNamed(alias, subjectOf(alias), defaultAlgorithm.newKeyPair(), edit);
    }

    /**
     * attack69: as {@link #issueEdited}, in the name {@code subject} (e.g. two ИИН, or one inside a multi-valued RDN)
     * and for {@code keys} (e.g. an EC key on a short curve), with the usages of {@code alias}'s certificate. Kept in
     * memory only; OCSP answers "good" for it.
     */
    public KeyMaterial issueNamed(String alias, X500Name subject, KeyPair keys, CertificateEdit edit) {
        Authority ca = authority();
        X509Certificate cert = CertificateIssuer.endEntity(CertificateIssuer.randomSerial(), subject,
                keys.getPublic(), ca.issuing.certificate(), ca.issuing.privateKey(), usageOf(alias),
                now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(30)), publicBaseUrl, publicBaseUrl,
                CertificateIssuer.signatureAlgorithm(ca.issuing.privateKey()), edit);
        return answeredByOcsp(ca.material(keys, cert));
    }

    /** A certificate for the subject of {@code alias} by the test issuing CA, kept in memory only. */
    private KeyMaterial issueInMemory(String alias, CertificateIssuer.Usage usage, Instant notBefore, Instant notAfter,
                                      String baseUrl) {
        Authority ca = authority();
        KeyPair keys = defaultAlgorithm.newKeyPair();
        X509Certificate cert = CertificateIssuer.endEntity(subjectOf(alias), keys.getPublic(), ca.issuing.certificate(),
                ca.issuing.privateKey(), usage, notBefore, notAfter, baseUrl);
        return ca.material(keys, cert);
    }

    /** {@code key}, noted as issued so that OCSP answers "good" for it, not "unknown". */
    private KeyMaterial answeredByOcsp(KeyMaterial key) {
        authority().issuedInMemory.add(key.certificate().getSerialNumber());
        return key;
    }

    public Set<String> aliases() {
        return authority().keys.keySet();
    }

    /** The default family's root CA. */
    public X509Certificate root() {
        return authority().root.certificate();
    }

    /** The default family's issuing CA. */
    public X509Certificate issuing() {
        return authority().issuing.certificate();
    }

    public X509Certificate root(KeyAlgorithm algorithm) {
        return authorities.get(algorithm).root.certificate();
    }

    public X509Certificate issuing(KeyAlgorithm algorithm) {
        return authorities.get(algorithm).issuing.certificate();
    }

    /**
     * gost55: family {@code algorithm}'s root certified again, its name and key kept, valid from {@code from} to
     * {@code to} (an expired copy of the root, or a renewed one): everything the root issued chains to it as well.
     * Kept in memory only.
     */
    public X509Certificate rootValid(KeyAlgorithm algorithm, Instant from, Instant to) {
        KeyMaterial root = authorities.get(algorithm).root;
        return CertificateIssuer.selfSignedCa(CertificateIssuer.caName(algorithm.rootName()),
                new KeyPair(root.certificate().getPublicKey(), root.privateKey()), from, to);
    }

    /**
     * review56b: family {@code algorithm}'s root's very name on a new key, valid from {@code from} to {@code to} (a
     * re-keyed root, or an impostor's): nothing the root issued chains to it. Kept in memory only.
     */
    public X509Certificate rootRekeyed(KeyAlgorithm algorithm, Instant from, Instant to) {
        return CertificateIssuer.selfSignedCa(CertificateIssuer.caName(algorithm.rootName()), algorithm.newKeyPair(),
                from, to);
    }

    /** Every family's root CA: what a relying party of this НУЦ trusts. */
    public Set<X509Certificate> roots() {
        return authorities.values().stream().map(a -> a.root.certificate()).collect(Collectors.toUnmodifiableSet());
    }

    /** Every family's issuing CA. */
    public List<X509Certificate> issuingCas() {
        return authorities.values().stream().map(a -> a.issuing.certificate()).toList();
    }

    /** The default family's current CRL; re-signed when the clock has passed its nextUpdate. */
    public X509CRL crl() {
        return crl(defaultAlgorithm);
    }

    public X509CRL crl(KeyAlgorithm algorithm) {
        return authorities.get(algorithm).crl();
    }

    /** The root CA's current CRL of family {@code algorithm} (the CA certificates it revoked); re-signed like {@link #crl()}. */
    public X509CRL rootCrl(KeyAlgorithm algorithm) {
        return authorities.get(algorithm).rootCrl();
    }

    /**
     * The root of family {@code algorithm} revokes its issuing CA (an hour ago, on its CRL, kept in root.crl): every
     * certificate that CA issued stays as it was, and only a check of the path's CA certificates refuses it.
     */
    public void revokeIssuingCa(KeyAlgorithm algorithm) {
        authorities.get(algorithm).revokeIssuing();
    }

    /** The root of family {@code algorithm} signs its CRL anew now (nothing more revoked): a list newer than any before. */
    public void republishRootCrl(KeyAlgorithm algorithm) {
        authorities.get(algorithm).refreshRootCrl();
    }

    public boolean isRevoked(BigInteger serial) {
        return revocationTime(serial).isPresent();
    }

    /** Serials are random 127-bit numbers, so they identify a certificate across both families. */
    public Optional<Instant> revocationTime(BigInteger serial) {
        return authorities.values().stream().map(a -> a.revoked.get(serial)).filter(Objects::nonNull).findFirst();
    }

    /** When the issuing CA {@code issuer} revoked {@code serial} (a CA of {@link #issueRekeyedIssuingCa} revokes none). */
    Optional<Instant> revocationTime(X509Certificate issuer, BigInteger serial) {
        return authorities.values().stream().filter(a -> a.issuing.certificate().equals(issuer))
                .map(a -> a.revoked.get(serial)).filter(Objects::nonNull).findFirst();
    }

    /** True when the issuing CA {@code issuer} issued this serial (OCSP answers "unknown" otherwise). */
    boolean isIssued(X509Certificate issuer, BigInteger serial) {
        return authorities.values().stream().filter(a -> a.issuing.certificate().equals(issuer))
                .anyMatch(a -> a.issuedInMemory.contains(serial) || a.keys.values().stream()
                        .anyMatch(k -> k.certificate().getSerialNumber().equals(serial)
                                && k.certificate().getIssuerX500Principal().equals(issuer.getSubjectX500Principal())))
                || rekeyed.stream().anyMatch(r -> r.key().certificate().equals(issuer) && r.issued().contains(serial));
    }

    public Path dir() {
        return dir;
    }

    /** The PKCS#12 file of the default family's key of {@code alias} (as a keystore for the gateway). */
    public Path keyFile(String alias) {
        key(alias);
        return dir.resolve(alias + defaultAlgorithm.fileSuffix() + ".p12");
    }

    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    Clock clock() {
        return clock;
    }

    /**
     * The issuing CAs' keys (those of {@link #issueRekeyedIssuingCa} after the families'), to sign OCSP answers with the
     * one that issued the certificate asked about.
     */
    List<KeyMaterial> issuingKeys() {
        return Stream.concat(authorities.values().stream().map(a -> a.issuing), rekeyed.stream().map(RekeyedCa::key))
                .toList();
    }

    private Authority authority() {
        return authorities.get(defaultAlgorithm);
    }

    /**
     * A signing certificate's usage with the extended key usages of {@code alias}'s certificate, critical as there
     * (the time-stamping authority's is).
     */
    private CertificateIssuer.Usage usageOf(String alias) {
        try {
            X509Certificate certificate = key(alias).certificate();
            List<String> extended = certificate.getExtendedKeyUsage();
            boolean critical = certificate.getCriticalExtensionOIDs() != null
                    && certificate.getCriticalExtensionOIDs().contains(EXTENDED_KEY_USAGE);
            return new CertificateIssuer.Usage(false, extended == null ? List.of() : extended, critical);
        } catch (CertificateParsingException e) {
            throw new IllegalStateException(e);
        }
    }

    private X500Name subjectOf(String alias) {
        return X500Name.getInstance(key(alias).certificate().getSubjectX500Principal().getEncoded());
    }

    /** One family's root and issuing CA, its subjects' keys, its revocations and its CRL. */
    private final class Authority {
        private final KeyAlgorithm algorithm;
        private final KeyMaterial root;
        private final KeyMaterial issuing;
        private final Map<String, KeyMaterial> keys = new LinkedHashMap<>();
        private final Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
        /** Serials of the certificates issued for tests and kept in memory only, that OCSP answers for. */
        private final Set<BigInteger> issuedInMemory = ConcurrentHashMap.newKeySet();
        /** The CA certificates the root revoked (its issuing CA at most), listed on root.crl. */
        private final Map<BigInteger, Instant> revokedCas = new LinkedHashMap<>();
        private X509CRL crl;
        private X509CRL rootCrl;

        Authority(KeyAlgorithm algorithm) {
            this.algorithm = algorithm;
            this.root = loadOrCreate("root-ca", this::createRoot);
            this.issuing = loadOrCreate("issuing-ca", this::createIssuing);
            writePem(file("root-ca", ".crt"), root.certificate());
            writePem(file("issuing-ca", ".crt"), issuing.certificate());
            loadSubjects(PkiSubject.loadDefault());
            keys.put(UNTRUSTED, loadOrCreate(UNTRUSTED, this::createUntrusted));
            refreshCrl();
            Optional.ofNullable(crlFile("root")).map(X509CRL::getRevokedCertificates).ifPresent(entries -> entries
                    .forEach(entry -> revokedCas.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant())));
            refreshRootCrl();
        }

        KeyMaterial material(KeyPair keys, X509Certificate cert) {
            return new KeyMaterial(keys.getPrivate(), cert, List.of(cert, issuing.certificate(), root.certificate()));
        }

        synchronized X509CRL crl() {
            if (dueForRenewal(crl)) {
                refreshCrl();
            }
            return crl;
        }

        synchronized X509CRL rootCrl() {
            if (dueForRenewal(rootCrl)) {
                refreshRootCrl();
            }
            return rootCrl;
        }

        synchronized void revokeIssuing() {
            revokedCas.put(issuing.certificate().getSerialNumber(), now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
            refreshRootCrl();
        }

        private boolean dueForRenewal(X509CRL list) {
            return list.getNextUpdate().toInstant().isBefore(clock.instant().plus(Duration.ofMinutes(5)));
        }

        private String file(String name, String extension) {
            return name + algorithm.fileSuffix() + extension;
        }

        private void loadSubjects(List<PkiSubject> subjects) {
            for (PkiSubject subject : subjects) {
                KeyMaterial key = loadOrCreate(subject.alias(), () -> createEndEntity(subject));
                keys.put(subject.alias(), key);
                if (subject.revoked()) {
                    // whole seconds: that is all a CRL entry can hold, and OCSP and CRL must report the same time
                    revoked.put(key.certificate().getSerialNumber(), now().minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS));
                }
            }
            keepRevocationTimesFromFile();
        }

        /** The revocation time must not move when the PKI is reopened. */
        private void keepRevocationTimesFromFile() {
            X509CRL existing = crlFile("issuing");
            if (existing != null && existing.getRevokedCertificates() != null) {
                for (X509CRLEntry entry : existing.getRevokedCertificates()) {
                    revoked.computeIfPresent(entry.getSerialNumber(), (serial, at) -> entry.getRevocationDate().toInstant());
                }
            }
        }

        /** The CRL kept in the file {@code name}.crl of this family; null when there is none or it cannot be read. */
        private X509CRL crlFile(String name) {
            Path file = dir.resolve(file(name, ".crl"));
            if (!Files.exists(file)) {
                return null;
            }
            try {
                return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(Files.readAllBytes(file)));
            } catch (IOException | GeneralSecurityException e) {
                return null; // an unreadable CRL is simply re-issued
            }
        }

        private synchronized void refreshCrl() {
            crl = publish("issuing", issuing, revoked);
        }

        private synchronized void refreshRootCrl() {
            rootCrl = publish("root", root, revokedCas);
        }

        /** {@code ca}'s CRL listing {@code serials}, signed now for {@link #CRL_VALIDITY} and kept in {@code name}.crl. */
        private X509CRL publish(String name, KeyMaterial ca, Map<BigInteger, Instant> serials) {
            X509CRL list = CertificateIssuer.crl(ca.certificate(), ca.privateKey(), serials, now().minus(Duration.ofMinutes(1)),
                    now().plus(CRL_VALIDITY));
            try {
                writeAtomically(file(name, ".crl"), list.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return list;
        }

        private KeyMaterial createRoot() {
            KeyPair keys = algorithm.newKeyPair();
            X509Certificate cert = CertificateIssuer.selfSignedCa(CertificateIssuer.caName(algorithm.rootName()), keys,
                    now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(3650)));
            return new KeyMaterial(keys.getPrivate(), cert, List.of(cert));
        }

        private KeyMaterial createIssuing() {
            KeyPair keys = algorithm.newKeyPair();
            X509Certificate cert = CertificateIssuer.ca(CertificateIssuer.caName(algorithm.issuingName()), keys.getPublic(),
                    CertificateIssuer.caName(algorithm.rootName()), root.privateKey(), root.certificate(),
                    now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(1825)),
                    publicBaseUrl + "/crl/" + file("root", ".crl"));
            return new KeyMaterial(keys.getPrivate(), cert, List.of(cert, root.certificate()));
        }

        /** A CA certificate for the issuing CA's key under another name, issued by the root. */
        private KeyMaterial createRenamedIssuing() {
            X509Certificate cert = CertificateIssuer.ca(CertificateIssuer.caName(algorithm.issuingName() + " RENAMED"),
                    issuing.certificate().getPublicKey(), CertificateIssuer.caName(algorithm.rootName()), root.privateKey(),
                    root.certificate(), now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(1825)),
                    publicBaseUrl + "/crl/" + file("root", ".crl"));
            return new KeyMaterial(issuing.privateKey(), cert, List.of(cert, root.certificate()));
        }

        private KeyMaterial createEndEntity(PkiSubject subject) {
            KeyPair keys = algorithm.newKeyPair();
            Instant from = subject.expired() ? now().minus(Duration.ofDays(730)) : now().minus(Duration.ofDays(30));
            Instant to = subject.expired() ? now().minus(Duration.ofDays(30)) : now().plus(Duration.ofDays(730));
            X500Name name = CertificateIssuer.subjectName(subject.commonName(), subject.iin(), subject.bin(), organisation(subject));
            X509Certificate cert = CertificateIssuer.endEntity(name, keys.getPublic(), issuing.certificate(), issuing.privateKey(),
                    new CertificateIssuer.Usage(subject.authOnly(), subject.extendedKeyUsages(),
                            subject.extendedKeyUsageCritical()), from, to, publicBaseUrl);
            return material(keys, cert);
        }

        /** Same subject as citizen-aigerim, but from a CA nobody trusts: must be refused as "untrusted issuer". */
        private KeyMaterial createUntrusted() {
            KeyPair caKeys = algorithm.newKeyPair();
            X509Certificate rogue = CertificateIssuer.selfSignedCa(CertificateIssuer.caName("ROGUE CA (NOT НУЦ) TEST"), caKeys,
                    now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(3650)));
            KeyPair keys = algorithm.newKeyPair();
            X509Certificate cert = CertificateIssuer.endEntity(
                    CertificateIssuer.subjectName("NURLANOVA AIGERIM", "850315401201", null, null), keys.getPublic(),
                    rogue, caKeys.getPrivate(), CertificateIssuer.Usage.signing(List.of(PkiSubject.INDIVIDUAL)), now().minus(Duration.ofDays(30)), now().plus(Duration.ofDays(730)), null);
            return new KeyMaterial(keys.getPrivate(), cert, List.of(cert, rogue));
        }

        private KeyMaterial loadOrCreate(String alias, Supplier<KeyMaterial> create) {
            Path file = dir.resolve(file(alias, ".p12"));
            if (Files.exists(file)) {
                return KeyMaterial.fromPkcs12(file, password);
            }
            KeyMaterial key = create.get();
            writePkcs12(file, alias, key);
            return key;
        }
    }

    private static String organisation(PkiSubject subject) {
        if ("system".equals(subject.role()) || "tsa".equals(subject.role())) {
            return subject.commonName();
        }
        return subject.bin() != null ? "TEST ORGANISATION BIN" + subject.bin() : null;
    }

    private void writePkcs12(Path file, String alias, KeyMaterial key) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key.privateKey(), password, key.chain().toArray(new X509Certificate[0]));
            Path tmp = Files.createTempFile(dir, alias, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writePem(String name, X509Certificate cert) {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            writeAtomically(name, pem.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Other processes (the gateway in demo mode) may read these files while we write them. */
    private void writeAtomically(String name, byte[] content) {
        try {
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
