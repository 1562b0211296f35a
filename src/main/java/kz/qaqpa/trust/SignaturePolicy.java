package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.c14n.InvalidCanonicalizerException;
import org.w3c.dom.Element;

/**
 * Which algorithms and keys a signature may use (qaqpa.trust.allowed-*, qaqpa.trust.min-rsa-key-bits), the same for
 * transport signatures, application documents and provider results, the clock that Timestamps are read against, and
 * how many certificates (the signer's and its chain's) one ds:X509Data may hold (qaqpa.trust.max-key-info-certificates,
 * {@link SignerChain}) and which CA certificates may stand beside the signer's there (the configured ones alone).
 *
 * <p>An algorithm outside the allow-list is refused with {@link FaultCode#ALGORITHM_NOT_ALLOWED} when the gateway
 * knows it (SHA-1, MD5, RSA-SHA1, HMAC: weak or unfit), and with {@link FaultCode#ALGORITHM_NOT_SUPPORTED} when it
 * cannot verify it at all (the old GOST 34.310/34.311, GOST 512-bit): the sender learns whether to change its
 * settings or wait for support. GOST R 34.10-2015 (256-bit) with GOST R 34.11-2015 is verified ({@link GostXmlDsig})
 * and allowed by default, like RSA.
 * The check reads the algorithm URIs from the DOM, before Santuario is asked to build anything.
 */
public record SignaturePolicy(Set<String> signatureAlgorithms, Set<String> digestAlgorithms,
                              Set<String> certificateAlgorithms, int minRsaKeyBits, Duration clockSkew, Clock clock,
                              int maxKeyInfoCertificates, Set<X509Certificate> caCertificates) {
    private static final Pattern BARE_OID = Pattern.compile("[0-9.]+");
    /** The TC 26 OID of a GOST R 34.10-2015 (= 34.10-2012) 256-bit key, the one GOST key BouncyCastle decodes for us. */
    static final String TC26_GOST_2015_256_KEY = "1.2.643.7.1.1.1.1";
    /** Key OIDs of НУЦ РК that the JCA cannot decode (../shared/reference/shep-protocol.md §2), with what they name. */
    private static final Map<String, String> KAZAKH_KEY_OIDS = Map.of(
            "1.2.398.3.10.1.1.2.3.1", "GOST R 34.10-2015 256-bit under НУЦ РК's Kazakh OID",
            "1.2.398.3.10.1.1.2.3.2", "GOST R 34.10-2015 512-bit under НУЦ РК's Kazakh OID",
            "1.2.398.3.10.1.1.1.1", "GOST 34.310-2004, the pre-2015 Kazakh GOST");

    /**
     * The policy of application.properties as Qaqpa ships it, no environment override read: where no configuration is
     * at hand (mocks, test clients). The file is the one place of each default.
     */
    public static final SignaturePolicy DEFAULT = configured(Settings.resolving(Settings.shipped()::getProperty));

    public SignaturePolicy {
        signatureAlgorithms = Set.copyOf(signatureAlgorithms);
        digestAlgorithms = Set.copyOf(digestAlgorithms);
        certificateAlgorithms = Set.copyOf(certificateAlgorithms.stream().map(a -> a.toUpperCase(Locale.ROOT)).toList());
        if (maxKeyInfoCertificates < 1) {
            throw new IllegalArgumentException("a KeyInfo must be allowed at least the signer's certificate");
        }
        caCertificates = Set.copyOf(caCertificates);
    }

    /** A policy that lets no certificate accompany a signer's (no configured CA certificates, {@link SignerChain}). */
    public SignaturePolicy(Set<String> signatureAlgorithms, Set<String> digestAlgorithms, Set<String> certificateAlgorithms,
                           int minRsaKeyBits, Duration clockSkew, Clock clock, int maxKeyInfoCertificates) {
        this(signatureAlgorithms, digestAlgorithms, certificateAlgorithms, minRsaKeyBits, clockSkew, clock,
                maxKeyInfoCertificates, Set.of());
    }

    /** qaqpa.trust.allowed-*, min-rsa-key-bits, timestamp-clock-skew, max-key-info-certificates: what signatures may use. */
    public static SignaturePolicy configured(Settings s) {
        return new SignaturePolicy(algorithms(s, "qaqpa.trust.allowed-signature-algorithms"),
                algorithms(s, "qaqpa.trust.allowed-digest-algorithms"),
                algorithms(s, "qaqpa.trust.allowed-certificate-algorithms"),
                s.integer("qaqpa.trust.min-rsa-key-bits"), s.duration("qaqpa.trust.timestamp-clock-skew"), Clock.systemUTC(),
                s.integer("qaqpa.trust.max-key-info-certificates"));
    }

    /** An allow-list of algorithms: written with none, no signature would be accepted. */
    private static Set<String> algorithms(Settings s, String key) {
        return Set.copyOf(s.list(key, Settings.Empty.REFUSED));
    }

    /** The same policy judging signatures' age by {@code newClock}. */
    public SignaturePolicy withClock(Clock newClock) {
        return new SignaturePolicy(signatureAlgorithms, digestAlgorithms, certificateAlgorithms, minRsaKeyBits, clockSkew,
                newClock, maxKeyInfoCertificates, caCertificates);
    }

    /**
     * The same policy letting {@code configured} (the gateway's configured roots and intermediates, byte for byte)
     * accompany a signer's certificate in its ds:X509Data; chain28's review: no other ({@link SignerChain}).
     */
    public SignaturePolicy withCaCertificates(Collection<X509Certificate> configured) {
        return new SignaturePolicy(signatureAlgorithms, digestAlgorithms, certificateAlgorithms, minRsaKeyBits, clockSkew,
                clock, maxKeyInfoCertificates, Set.copyOf(configured));
    }

    /** SignedInfo's CanonicalizationMethod, SignatureMethod and every Reference's DigestMethod of a ds:Signature element. */
    void checkAlgorithms(Element signature, String what, FaultCode malformed) {
        Element signedInfo = only(Dom.children(signature, WsNames.DS, "SignedInfo"), what, "SignedInfo", malformed);
        checkCanonicalization(only(Dom.children(signedInfo, WsNames.DS, "CanonicalizationMethod"), what,
                "CanonicalizationMethod", malformed).getAttribute("Algorithm"), what);
        Element method = only(Dom.children(signedInfo, WsNames.DS, "SignatureMethod"), what, "SignatureMethod", malformed);
        check(method.getAttribute("Algorithm"), signatureAlgorithms, what + " signature method");
        for (Element reference : Dom.children(signedInfo, WsNames.DS, "Reference")) {
            for (Element digest : Dom.children(reference, WsNames.DS, "DigestMethod")) {
                check(digest.getAttribute("Algorithm"), digestAlgorithms, what + " digest method");
            }
        }
    }

    /** The certificate's own signature algorithm and its RSA key length. */
    public void checkCertificate(X509Certificate certificate) {
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        // the JCA names what it can verify; a bare OID (Kazakh GOST 34.310: 1.2.398.3.10.1.1.1.2) it cannot
        boolean verifiable = !algorithm.contains("GOST") && !BARE_OID.matcher(algorithm).matches() || GostXmlDsig.JCE_SIGNATURE.equals(algorithm);
        if (!certificateAlgorithms.contains(algorithm) && !verifiable) {
            throw new ShepException(FaultCode.ALGORITHM_NOT_SUPPORTED, "certificate of " + Certificates.describe(certificate)
                    + " is signed with " + certificate.getSigAlgName() + ", which this gateway does not support"
                    + " (GOST: R 34.10-2015 with R 34.11-2015, " + GostXmlDsig.JCE_SIGNATURE + ", when allowed)");
        }
        if (!certificateAlgorithms.contains(algorithm)) {
            throw new ShepException(FaultCode.ALGORITHM_NOT_ALLOWED, "certificate of " + Certificates.describe(certificate)
                    + " is signed with " + certificate.getSigAlgName() + ", which is not allowed (allowed: "
                    + sorted(certificateAlgorithms) + ")");
        }
        if (certificate.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < minRsaKeyBits) {
            throw new ShepException(FaultCode.ALGORITHM_NOT_ALLOWED, "certificate of " + Certificates.describe(certificate)
                    + " has a " + rsa.getModulus().bitLength() + "-bit RSA key; at least " + minRsaKeyBits + " bits are required");
        }
    }

    /**
     * gost55: the signer's key is one the gateway can check a signature with. The JCA names the keys it decoded (RSA,
     * EC, ECGOST3410-2012); a key it could not decode keeps its algorithm as a bare OID, such as the Kazakh OID under
     * which real НУЦ РК certificates name GOST R 34.10-2015 keys. Such a signature cannot be verified at all, so it is
     * SCE011 (wait for support), not a signature that does not verify (SCE010/SCE016: "yours is broken"). Both
     * verifiers call this before they check a signature's value.
     */
    public void checkKey(X509Certificate certificate) {
        String algorithm = certificate.getPublicKey().getAlgorithm();
        if (BARE_OID.matcher(algorithm).matches()) {
            String named = KAZAKH_KEY_OIDS.containsKey(algorithm) ? " (" + KAZAKH_KEY_OIDS.get(algorithm) + ")" : "";
            throw new ShepException(FaultCode.ALGORITHM_NOT_SUPPORTED, "the key of " + Certificates.describe(certificate)
                    + " is of algorithm " + algorithm + named + ", which this gateway cannot decode, so it cannot verify"
                    + " the signature; supported keys: RSA, EC, and GOST R 34.10-2015 256-bit under the TC 26 OID "
                    + TC26_GOST_2015_256_KEY);
        }
    }

    private static void check(String uri, Set<String> allowed, String what) {
        if (allowed.contains(uri)) {
            return;
        }
        if (!knownToSantuario(uri)) {
            throw new ShepException(FaultCode.ALGORITHM_NOT_SUPPORTED, what + " " + uri + " is not supported by this gateway"
                    + (uri.toLowerCase(Locale.ROOT).contains("gost") ? " (of the GOST algorithms only R 34.10-2015 256-bit"
                            + " with R 34.11-2015 is)" : "")
                    + "; supported: " + sorted(allowed));
        }
        throw new ShepException(FaultCode.ALGORITHM_NOT_ALLOWED, what + " " + uri + " is not allowed (too weak or unfit);"
                + " allowed: " + sorted(allowed));
    }

    /**
     * attack53: SignedInfo's canonicalization is one of the W3C's ({@link Santuario#CANONICALIZATIONS}, the same the
     * references' transforms may use). Santuario also runs its own "physical" serializer there (the DOM as it stands,
     * without the namespaces in scope: no canonicalization), which verified before this check: SCE012, as a method
     * it has but the policy does not name; one it has not (an XSLT URI) SCE011, no longer a signature that cannot be
     * processed. Not a setting: the canonicalizations are fixed by the standards, not a strength to tune.
     */
    private static void checkCanonicalization(String uri, String what) {
        if (Santuario.CANONICALIZATIONS.contains(uri)) {
            return;
        }
        String method = what + " signature's canonicalization method " + uri;
        if (!canonicalizerOfSantuario(uri)) {
            throw new ShepException(FaultCode.ALGORITHM_NOT_SUPPORTED, method + " is not supported by this gateway;"
                    + " supported: " + sorted(Santuario.CANONICALIZATIONS));
        }
        throw new ShepException(FaultCode.ALGORITHM_NOT_ALLOWED, method + " is not allowed (no W3C canonicalization);"
                + " allowed: " + sorted(Santuario.CANONICALIZATIONS));
    }

    private static boolean canonicalizerOfSantuario(String uri) {
        Santuario.init();
        try {
            Canonicalizer.getInstance(uri);
            return true;
        } catch (InvalidCanonicalizerException e) {
            return false;
        }
    }

    private static boolean knownToSantuario(String uri) {
        Santuario.init();
        return JCEMapper.translateURItoJCEID(uri) != null;
    }

    private static Element only(List<Element> elements, String what, String name, FaultCode malformed) {
        if (elements.size() != 1) {
            throw new ShepException(malformed, what + " signature must have one ds:" + name + ", found " + elements.size());
        }
        return elements.get(0);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
