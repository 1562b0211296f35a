package kz.qaqpa.trust;

import java.security.Key;
import java.util.Locale;

/**
 * The XML-DSig algorithms a key signs with: the gateway, the mocks and the test clients sign with the algorithm of
 * their own key, so an RSA key gives RSA-SHA256 and a GOST R 34.10-2015 (256-bit) key gives GOST R 34.10-2015 with
 * the GOST R 34.11-2015 (Streebog-256) digest, under the URIs the Kazakh PKI (НУЦ РК, KalkanCrypt, NCANode) writes.
 */
public enum SigningAlgorithm {
    RSA_SHA256(WsNames.RSA_SHA256, WsNames.SHA256, "SHA256withRSA"),
    GOST_2015_256(GostXmlDsig.SIGNATURE_2015_256, GostXmlDsig.DIGEST_2015_256, GostXmlDsig.JCE_SIGNATURE);

    private final String signatureUri;
    private final String digestUri;
    private final String jcaSignature;

    SigningAlgorithm(String signatureUri, String digestUri, String jcaSignature) {
        this.signatureUri = signatureUri;
        this.digestUri = digestUri;
        this.jcaSignature = jcaSignature;
    }

    /** The same algorithm's JCA name (for signatures outside XML-DSig: the archive files' CMS seals). */
    public String jcaSignature() {
        return jcaSignature;
    }

    public String signatureUri() {
        return signatureUri;
    }

    public String digestUri() {
        return digestUri;
    }

    /** Santuario with the GOST algorithms and BouncyCastle as a JCA provider (idempotent): for code that makes GOST keys. */
    public static void ensureRegistered() {
        Santuario.init();
    }

    /** By the key's JCA algorithm: "RSA", or BouncyCastle's "ECGOST3410-2012" (GOST R 34.10-2012/2015). */
    public static SigningAlgorithm of(Key key) {
        String algorithm = key.getAlgorithm().toUpperCase(Locale.ROOT);
        if ("RSA".equals(algorithm)) {
            return RSA_SHA256;
        }
        if (algorithm.startsWith("ECGOST3410-2012") && GostXmlDsig.bits(key) == GostXmlDsig.KEY_BITS) {
            return GOST_2015_256;
        }
        throw new IllegalArgumentException("no XML-DSig algorithm for a " + key.getAlgorithm() + " key here: keys are RSA"
                + " or GOST R 34.10-2015 with " + GostXmlDsig.KEY_BITS + " bits");
    }
}
