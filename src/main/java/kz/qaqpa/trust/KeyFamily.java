package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.Locale;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * A SignatureMethod of another family than the signer's key (an EC or GOST certificate under rsa-sha256, an RSA one
 * under a GOST URI) cannot be what the certificate's holder was certified for: refused in these words rather than in
 * the provider's, which name its key classes or nothing. attack66: a GOST R 34.10-2015 key's holder could otherwise
 * make a document signature under ECDSA (BouncyCastle's ECDSA takes the GOST key, an EC key on the GOST curve), which
 * is not the algorithm the НУЦ РК certified nor one Kazakh law recognises for an ЭЦП (electronic digital signature).
 */
final class KeyFamily {
    private KeyFamily() {
    }

    /** Refuses ({@code invalid}, naming {@code what}) a {@code methodUri} that does not fit {@code certificate}'s key. */
    static void requireFits(String methodUri, X509Certificate certificate, FaultCode invalid, String what) {
        String key = certificate.getPublicKey().getAlgorithm();
        String family = key.startsWith("ECGOST") ? "gost" : "EC".equals(key) ? "ecdsa" : key.toLowerCase(Locale.ROOT);
        if (methodUri == null || !methodUri.toLowerCase(Locale.ROOT).contains(family)) {
            throw new ShepException(invalid, what + " method " + methodUri + " does not fit the " + key
                    + " key of " + Certificates.describe(certificate));
        }
    }
}
