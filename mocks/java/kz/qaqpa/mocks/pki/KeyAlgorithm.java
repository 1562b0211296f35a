package kz.qaqpa.mocks.pki;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Locale;
import kz.qaqpa.trust.SigningAlgorithm;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveGenParameterSpec;

/**
 * The two key families of the test НУЦ, each with its own root and issuing CA, as НУЦ РК runs an RSA and a GOST
 * hierarchy side by side. Every subject has a key in both; {@link TestPki#key(String)} hands out the default one.
 */
public enum KeyAlgorithm {
    /** RSA-2048, certificates, CRLs and OCSP answers signed SHA256withRSA (the gateway's own RSA algorithm). */
    RSA("", "RSA", SigningAlgorithm.RSA_SHA256),
    /** GOST R 34.10-2015 256-bit (curve paramSetA of TC 26), signed with GOST R 34.11-2015 (Streebog-256). */
    GOST("-gost", "GOST", SigningAlgorithm.GOST_2015_256);

    /** System property that picks the default family of a test PKI: RSA (default) or GOST. */
    public static final String PROPERTY = "qaqpatest.key-algorithm";
    private static final String GOST_CURVE = "Tc26-Gost-3410-12-256-paramSetA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String fileSuffix;
    private final String caLabel;
    private final SigningAlgorithm signing;

    KeyAlgorithm(String fileSuffix, String caLabel, SigningAlgorithm signing) {
        this.fileSuffix = fileSuffix;
        this.caLabel = caLabel;
        this.signing = signing;
    }

    /** Appended to the file and URL names of this family: "" for RSA (the names it had alone, kept), "-gost". */
    public String fileSuffix() {
        return fileSuffix;
    }

    /** The JCA name certificates, CRLs and OCSP answers of this family are signed with. */
    public String signatureAlgorithm() {
        return signing.jcaSignature();
    }

    public String rootName() {
        return "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (" + caLabel + ") TEST";
    }

    public String issuingName() {
        return "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (" + caLabel + ") ISSUING TEST";
    }

    public KeyPair newKeyPair() {
        try {
            if (this == RSA) {
                return CertificateIssuer.rsaKeyPair();
            }
            SigningAlgorithm.ensureRegistered();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("ECGOST3410-2012", BouncyCastleProvider.PROVIDER_NAME);
            generator.initialize(new ECNamedCurveGenParameterSpec(GOST_CURVE), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }

    /** RSA or GOST (any case); blank = the system property {@value #PROPERTY}, itself RSA when unset. */
    public static KeyAlgorithm named(String name) {
        String value = name == null || name.isBlank() ? System.getProperty(PROPERTY, "") : name;
        if (value.isBlank()) {
            return RSA;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key algorithm must be RSA or GOST, not '" + value + "'", e);
        }
    }

    /** Of a key this PKI issued. */
    static KeyAlgorithm of(Key key) {
        return SigningAlgorithm.of(key) == RSA.signing ? RSA : GOST;
    }
}
