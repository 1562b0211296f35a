package kz.qaqpa.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a signer certificate may be accepted: validity period, chain to a configured НУЦ root,
 * key usage for the {@link Purpose}, the {@link SignaturePolicy} (how the certificate and its CA certificates are
 * signed, RSA key length), and (optionally) revocation.
 *
 * <p>PKIX revocation is switched off on purpose: the JDK's built-in checker cannot be given our cache, timeouts or
 * fail-closed policy, so {@link RevocationChecker} does it after the chain is known: for the certificate, then for
 * each CA certificate of its path below the trust anchor (RFC 5280 6.1.3 (a)(3)).
 */
public final class CertificateValidator {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateValidator.class);
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;
    /**
     * attack67: the extended key usages (RFC 5280 4.2.1.12) of keys issued for a service, not for signing messages or
     * documents: a TLS server's (id-kp-serverAuth), a code signer's (id-kp-codeSigning), a time-stamping authority's
     * (id-kp-timeStamping), an OCSP responder's (id-kp-OCSPSigning). Fixed by the RFC, not a deployment's choice.
     */
    private static final Map<String, String> SERVICE_PURPOSES = Map.of("1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning", "1.3.6.1.5.5.7.3.8", "timeStamping", "1.3.6.1.5.5.7.3.9", "OCSPSigning");
    /**
     * A document's signer also may not hold a key issued to authenticate a TLS client only (id-kp-clientAuth): that
     * is logging in, not signing. A system's transport signature is its authentication, so the transport takes it.
     */
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final Map<String, String> NOT_DOCUMENT_PURPOSES = Stream.concat(SERVICE_PURPOSES.entrySet().stream(),
            Stream.of(Map.entry(CLIENT_AUTH, "clientAuth"))).collect(Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, Map.Entry::getValue));
    /**
     * The critical extensions the JDK's PKIX checkers process: keyUsage, extKeyUsage, subjectAltName, basicConstraints,
     * nameConstraints, certificatePolicies, policyMappings, policyConstraints, inhibitAnyPolicy (RFC 5280 4.2.1).
     */
    private static final Set<String> PROCESSED_CRITICAL_EXTENSIONS = Set.of("2.5.29.15", "2.5.29.37", "2.5.29.17",
            "2.5.29.19", "2.5.29.30", "2.5.29.32", "2.5.29.33", "2.5.29.36", "2.5.29.54");

    /** Bounds the memory of {@link #paths}: the least used paths give way. */
    private static final int MAX_CACHED_PATHS = 10_000;
    /**
     * The configured CA certificates naming no revocation service, each logged once in the process (validators made
     * for a past instant, {@code TrustSetup.validatorAt}, would log it again each).
     */
    private static final Set<X509Certificate> UNPOINTED = ConcurrentHashMap.newKeySet();

    private final Set<TrustAnchor> anchors;
    /**
     * The CA certificates above each certificate whose path was built (issuer first), and those of them whose
     * revocation is asked (carev26: found once here, off the per-message path). Building a PKIX path costs
     * a certificate store search and a signature check per link on every message; the result depends only on the
     * certificate's bytes and the configured CAs, except for the CAs' validity periods, which are checked again on
     * every use.
     */
    private final Cache<X509Certificate, CaPath> paths =
            Caffeine.newBuilder().maximumSize(MAX_CACHED_PATHS).build();
    private final CertStore intermediates;
    private final RevocationChecker revocation;
    private final Clock clock;
    private final SignaturePolicy policy;

    public CertificateValidator(Set<X509Certificate> trustAnchors, List<X509Certificate> intermediates,
                                RevocationChecker revocation, Clock clock, SignaturePolicy policy) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted root certificate is required");
        }
        this.anchors = trustAnchors.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        this.intermediates = certStore(intermediates);
        this.revocation = revocation;
        this.clock = clock;
        this.policy = policy.withCaCertificates(Stream.concat(trustAnchors.stream(), intermediates.stream()).toList());
    }

    /** The configured trusted roots, whatever their dates (roots56: /health and /metrics show each one's end). */
    public Set<X509Certificate> trustedRoots() {
        return anchors.stream().map(TrustAnchor::getTrustedCert).collect(Collectors.toUnmodifiableSet());
    }

    /** The algorithms and keys signatures may use; the verifiers apply it to what this validator is given. */
    public SignaturePolicy policy() {
        return policy;
    }

    /** Throws {@link ShepException} with {@code faultCode} and a reason when the certificate is not acceptable. */
    public void validate(X509Certificate cert, Purpose purpose, boolean checkRevocation, FaultCode faultCode) {
        validate(cert, purpose, checkRevocation, faultCode, LaterRules.refusing());
    }

    /**
     * As {@link #validate}, without asking revocation again, for a logged record's signer (the message log's checks):
     * a certificate issued for another purpose only (session 67) is noted in {@code rules}, not refused: the gateway
     * before session 67 took it.
     */
    public void validateLogged(X509Certificate cert, Purpose purpose, FaultCode faultCode, LaterRules rules) {
        validate(cert, purpose, false, faultCode, rules);
    }

    private void validate(X509Certificate cert, Purpose purpose, boolean checkRevocation, FaultCode faultCode,
                          LaterRules rules) {
        checkValidityPeriod(cert, faultCode);
        requireItself(cert, faultCode, rules);
        CaPath path = buildChain(cert, faultCode);
        requireUsable(cert, purpose, faultCode, rules);
        if (checkRevocation) {
            checkRevocation(cert, path.issuers().get(0), faultCode);
            checkCaRevocation(cert, path, faultCode);
        }
    }

    /**
     * purpose68: whether {@code cert}'s key may make {@code purpose}'s signatures by its key usage and extended key
     * usage alone (no dates, chain or revocation: those are health's for the gateway's own key).
     */
    public static void requireUsable(X509Certificate cert, Purpose purpose, FaultCode faultCode) {
        requireUsable(cert, purpose, faultCode, LaterRules.refusing());
    }

    /**
     * Every check of {@link #validate} that needs no НУЦ (review69 5: not the usages alone): an end entity's
     * certificate, no unknown critical extension, one signer, the policy's algorithms and key, the usages. The start
     * holds the gateway's own certificate to it, as every peer running this code holds what the gateway signs.
     */
    public void requireUsableHere(X509Certificate cert, Purpose purpose, FaultCode faultCode) {
        requireItself(cert, faultCode, LaterRules.refusing());
        policy.checkKey(cert);
        requireUsable(cert, purpose, faultCode);
    }

    /** What the certificate itself shows, before its chain: an end entity's, known extensions, one signer, the policy. */
    private void requireItself(X509Certificate cert, FaultCode faultCode, LaterRules rules) {
        requireEndEntity(cert, faultCode);
        requireKnownCriticalExtensions(cert, faultCode);
        rules.apply(LaterRules.Rule.ONE_SIGNER, () -> requireOneSigner(cert, faultCode));
        policy.checkCertificate(cert);
    }

    /** The key usage, then the purpose rule, which {@code rules} refuses or notes (a logged record's check). */
    private static void requireUsable(X509Certificate cert, Purpose purpose, FaultCode faultCode, LaterRules rules) {
        checkKeyUsage(cert, purpose, faultCode);
        if (purpose != Purpose.TIME_STAMPS) {
            List<String> usages = extendedKeyUsages(cert, faultCode);
            // a message signer's naming clientAuth is refused since session 68 only: the log's checks say which
            LaterRules.Rule rule = purpose == Purpose.SIGN && usages != null && usages.contains(CLIENT_AUTH)
                    ? LaterRules.Rule.TLS_SERVER : LaterRules.Rule.PURPOSE;
            rules.apply(rule, () -> requireNotIssuedForAnotherPurpose(cert, usages, purpose, faultCode));
        }
    }

    /** A CA certificate of a path and the certificate that issued it. */
    private record Link(X509Certificate ca, X509Certificate issuer) {
    }

    /**
     * The CA certificates above a certificate (issuer first, the trust anchor's certificate last) and those of them,
     * below the anchor, whose revocation is asked: the ones naming an OCSP responder or a CRL.
     */
    private record CaPath(List<X509Certificate> issuers, List<Link> revocable) {
    }

    private void checkValidityPeriod(X509Certificate cert, FaultCode faultCode) {
        try {
            cert.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert) + " expired "
                    + Certificates.format(cert.getNotAfter()));
        } catch (CertificateNotYetValidException e) {
            throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert) + " is not valid before "
                    + Certificates.format(cert.getNotBefore()));
        }
    }

    /**
     * A CA certificate signs certificates and revocation lists, never messages or documents (RFC 5280 4.2.1.9): its
     * key usage may still name digitalSignature, and its revocation is told by the CA above it.
     */
    private static void requireEndEntity(X509Certificate cert, FaultCode faultCode) {
        if (cert.getBasicConstraints() >= 0) {
            throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert) + " is a CA certificate"
                    + " (basicConstraints cA): a CA signs certificates, not messages or documents");
        }
    }

    /**
     * RFC 5280 4.2: a certificate with a critical extension the relying party does not process is rejected. attack57:
     * the JDK's PKIX builder did refuse it, but said "not issued by a trusted CA"; now the extension is named. The set is
     * what the builder's checkers process (key and extended key usage, subject alternative name, basic and name
     * constraints, the four policy extensions), so no certificate is judged otherwise than before.
     */
    private static void requireKnownCriticalExtensions(X509Certificate cert, FaultCode faultCode) {
        Set<String> critical = cert.getCriticalExtensionOIDs();
        if (critical == null || PROCESSED_CRITICAL_EXTENSIONS.containsAll(critical)) {
            return;
        }
        List<String> unknown = critical.stream().filter(oid -> !PROCESSED_CRITICAL_EXTENSIONS.contains(oid))
                .sorted().toList();
        throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert) + " has a critical extension"
                + " the gateway does not process (" + String.join(", ", unknown) + "): its issuer made it a condition"
                + " of use");
    }

    /**
     * attack69: a name giving two different ИИН, or two different БИН, names no one signer: whom its issuer vouched
     * for cannot be told, and each reader would take its own ({@link SubjectIdentity} the last). The НУЦ writes each
     * once; the same number written twice is one.
     */
    private static void requireOneSigner(X509Certificate cert, FaultCode faultCode) {
        List<String> conflicts = SubjectIdentity.of(cert).conflicts();
        if (!conflicts.isEmpty()) {
            throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert) + " names more than one"
                    + " signer (" + String.join("; ", conflicts) + "): whom its issuer vouched for cannot be told");
        }
    }

    /** The path above {@code cert}: its issuer first (a CA certificate, or the trust anchor itself). */
    private CaPath buildChain(X509Certificate cert, FaultCode faultCode) {
        CaPath path = paths.getIfPresent(cert);
        if (path == null || !allValidNow(path.issuers())) {
            // built afresh: a CA that has expired since fails here with the PKIX builder's own verdict, a root with ours
            // (gost55: the root was not looked at here, so a path cached before its root expired kept being taken)
            List<X509Certificate> issuers = buildIssuers(cert, faultCode);
            path = new CaPath(issuers, revocable(issuers));
            paths.put(cert, path);
        }
        return path;
    }

    /**
     * carev26: the CA certificates of the path below the trust anchor, each with its issuer, that name an OCSP responder
     * or a CRL. Ours: one that names neither (the issuing CA of a test PKI made before session 37; НУЦ РК's issuing CAs
     * name the root's CRL) is not asked about, as before, and logged once, since nothing tells its revocation.
     */
    private List<Link> revocable(List<X509Certificate> issuers) {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < issuers.size() - 1; i++) {
            X509Certificate ca = issuers.get(i);
            if (!CertificateUrls.ocsp(ca).isEmpty() || !CertificateUrls.crl(ca).isEmpty()) {
                links.add(new Link(ca, issuers.get(i + 1)));
            } else if (UNPOINTED.add(ca)) {
                LOG.info("CA certificate of {} names no OCSP responder and no CRL: its revocation is not checked",
                        Certificates.describe(ca));
            }
        }
        return List.copyOf(links);
    }

    /**
     * The path's CA certificates above {@code cert}, the trust anchor's certificate last. gost55: only the roots valid
     * at the validator's clock are given to the PKIX builder (RFC 5280 6.1.1 (d) leaves an anchor's dates to the
     * relying party; the JDK's builder happens to skip one out of its dates, with no word of why): where a root was
     * renewed (the old and the new configured side by side) the path goes through the valid one; where no valid root
     * chains the certificate, the fault says which root has expired.
     */
    private List<X509Certificate> buildIssuers(X509Certificate cert, FaultCode faultCode) {
        Date now = Date.from(clock.instant());
        Set<TrustAnchor> valid = anchors.stream().filter(a -> validAt(a.getTrustedCert(), now))
                .collect(Collectors.toUnmodifiableSet());
        try {
            PKIXCertPathBuilderResult result = build(cert, valid, now);
            List<X509Certificate> issuers = new ArrayList<>();
            List<? extends Certificate> path = result.getCertPath().getCertificates();
            for (int i = 1; i < path.size(); i++) {
                X509Certificate ca = (X509Certificate) path.get(i);
                policy.checkCertificate(ca);
                issuers.add(ca);
            }
            issuers.add(result.getTrustAnchor().getTrustedCert());
            return List.copyOf(issuers);
        } catch (CertPathBuilderException e) {
            throw new ShepException(faultCode, invalidAnchorOf(cert, valid, now).orElseGet(() -> "certificate of "
                    + Certificates.describe(cert) + " is not issued by a trusted CA (issuer "
                    + Certificates.describeIssuer(cert) + ")"), e);
        } catch (GeneralSecurityException e) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "certificate path validation failed: " + e.getMessage(), e);
        }
    }

    /** A PKIX path from {@code cert} to one of {@code trusted}, judged at {@code now}, revocation left to us. */
    private PKIXCertPathBuilderResult build(X509Certificate cert, Set<TrustAnchor> trusted, Date now)
            throws GeneralSecurityException {
        if (trusted.isEmpty()) {
            throw new CertPathBuilderException("no configured root certificate is valid at " + now.toInstant());
        }
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(cert);
        PKIXBuilderParameters params = new PKIXBuilderParameters(trusted, target);
        params.setRevocationEnabled(false);
        params.setDate(now);
        params.addCertStore(intermediates);
        params.addCertStore(certStore(List.of(cert)));
        return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
    }

    /**
     * After no valid root chained {@code cert}: the refusal's words when a configured root that is not valid at
     * {@code now} would have. Asked only on a refusal, with those roots as bare names and keys: the JDK's builder
     * skips a certificate anchor out of its dates, which is what left the reason unsaid.
     */
    private Optional<String> invalidAnchorOf(X509Certificate cert, Set<TrustAnchor> valid, Date now) {
        List<X509Certificate> invalid = anchors.stream().filter(a -> !valid.contains(a)).map(TrustAnchor::getTrustedCert).toList();
        if (invalid.isEmpty()) {
            return Optional.empty(); // every root in its dates: no second path build on a refusal (review55b)
        }
        Set<TrustAnchor> keys = invalid.stream().map(c -> new TrustAnchor(c.getSubjectX500Principal(), c.getPublicKey(), null))
                .collect(Collectors.toUnmodifiableSet());
        try {
            TrustAnchor reached = build(cert, keys, now).getTrustAnchor();
            X509Certificate root = invalid.stream().filter(c -> c.getPublicKey().equals(reached.getCAPublicKey()))
                    .findFirst().orElseThrow();
            return Optional.of("certificate of " + Certificates.describe(cert) + " chains to the trusted root "
                    + Certificates.describe(root) + ", which " + (root.getNotAfter().before(now)
                    ? "expired " + Certificates.format(root.getNotAfter())
                    : "is not valid before " + Certificates.format(root.getNotBefore())));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean validAt(X509Certificate certificate, Date when) {
        try {
            certificate.checkValidity(when);
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    /** The path's certificates, its trust anchor's too, are all valid at the validator's clock. */
    private boolean allValidNow(List<X509Certificate> issuers) {
        Date now = Date.from(clock.instant());
        return issuers.stream().allMatch(ca -> validAt(ca, now));
    }

    private static void checkKeyUsage(X509Certificate cert, Purpose purpose, FaultCode faultCode) {
        boolean[] usage = cert.getKeyUsage();
        boolean ok = usage != null && switch (purpose) {
            case SIGN, TIME_STAMPS -> usage[DIGITAL_SIGNATURE] || usage[NON_REPUDIATION];
            case DOCUMENT -> usage[NON_REPUDIATION];
        };
        if (!ok) {
            String required = purpose == Purpose.DOCUMENT
                    ? "nonRepudiation (a signing certificate, not an authentication one)"
                    : "digitalSignature or nonRepudiation";
            throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert)
                    + " has the wrong key usage for " + purpose.name().toLowerCase() + " signatures: " + required + " is required");
        }
    }

    /**
     * RFC 5280 4.2.1.12: a certificate whose extended key usage is present "MUST only be used for one of the purposes
     * indicated". One naming only {@link #NOT_DOCUMENT_PURPOSES} (a TLS server, code signing, time-stamping, OCSP
     * answers, a TLS client) was issued for that, and its key is kept where that service runs: it signs no document,
     * nor a message where a {@link #SERVICE_PURPOSES service's} is among them. purpose68: a TLS server's certificate
     * commonly names clientAuth beside serverAuth, and was taken; clientAuth alone is a system's authentication, which
     * its transport signature is. A certificate naming any other usage too (the НУЦ's role usages, emailProtection,
     * anyExtendedKeyUsage, one unknown to us) is left to the other checks ({@link SignerRole} reads the role usages),
     * as is one with no extended key usage.
     */
    private static void requireNotIssuedForAnotherPurpose(X509Certificate cert, List<String> usages, Purpose purpose,
                                                          FaultCode faultCode) {
        if (usages == null || usages.isEmpty() || !NOT_DOCUMENT_PURPOSES.keySet().containsAll(usages)
                || purpose == Purpose.SIGN && usages.stream().noneMatch(SERVICE_PURPOSES::containsKey)) {
            return;
        }
        throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert) + " was issued for another"
                + " purpose: its extended key usage names only " + usages.stream().map(NOT_DOCUMENT_PURPOSES::get)
                .collect(Collectors.joining(", ")) + " (RFC 5280 4.2.1.12: it may be used for those only), not for "
                + (purpose == Purpose.DOCUMENT ? "signing documents" : "signing messages or documents"));
    }

    /** The certificate's extended key usages (null when it has none); one that cannot be read is refused. */
    private static List<String> extendedKeyUsages(X509Certificate cert, FaultCode faultCode) {
        try {
            return cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new ShepException(faultCode, "certificate of " + Certificates.describe(cert)
                    + " has an extended key usage that cannot be read: " + e.getMessage(), e);
        }
    }

    private void checkRevocation(X509Certificate cert, X509Certificate issuer, FaultCode faultCode) {
        refuseUnlessGood(revocation.check(cert, issuer), () -> "certificate of " + Certificates.describe(cert), faultCode);
    }

    /**
     * carev26: RFC 5280 6.1.3 (a)(3), every certificate of the path but the trust anchor is checked for revocation: a CA
     * certificate the root revoked makes every certificate it issued unacceptable. Asked after the certificate's own
     * status, with the same checker, cache and fail-closed policy; the fault names the CA certificate.
     */
    private void checkCaRevocation(X509Certificate cert, CaPath path, FaultCode faultCode) {
        for (Link link : path.revocable()) {
            refuseUnlessGood(revocation.check(link.ca(), link.issuer()), () -> "CA certificate of "
                    + Certificates.describe(link.ca()) + " (in the path of " + Certificates.describe(cert) + ")", faultCode);
        }
    }

    /**
     * @param whose "certificate of CN=…", as the fault names it: made only for a refusal (each description parses the
     *              certificate's name; made on every message, three of them were half of a validation's CPU, review37)
     */
    private static void refuseUnlessGood(RevocationStatus status, Supplier<String> whose, FaultCode faultCode) {
        switch (status.state()) {
            case GOOD -> { }
            case REVOKED -> throw new ShepException(faultCode, whose.get() + " was revoked at "
                    + Certificates.format(status.revokedAt()) + " (" + status.source() + ")");
            case UNKNOWN -> throw new ShepException(faultCode, "revocation status of the " + whose.get()
                    + " is unavailable: " + status.detail());
        }
    }

    private static CertStore certStore(List<X509Certificate> certificates) {
        try {
            return CertStore.getInstance("Collection", new CollectionCertStoreParameters(new ArrayList<>(certificates)));
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks the Collection CertStore", e);
        }
    }
}
