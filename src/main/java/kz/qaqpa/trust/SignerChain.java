package kz.qaqpa.trust;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import kz.qaqpa.fault.ShepException;

/**
 * The certificates of one ds:X509Data (or a WSS X509PKIPathv1 token), which XML-DSig 1.0 4.4.4 lets a signer send with its chain: "All certificates
 * appearing in an X509Data element MUST relate to the validation key by either containing it or being part of a
 * certification chain that terminates in a certificate containing the validation key. No ordering is implied".
 *
 * <p>Ours, made precise: the certificates, in any order, are one chain. A certificate <em>issues</em> another of
 * the set when it is a CA certificate (basicConstraints cA), its subject is the other's issuer and the other's
 * signature verifies with its key. Exactly one certificate issues none of the others: the end certificate, the
 * signer's, the one the signature is verified with. Following each certificate's issuer within the set from it
 * reaches every other certificate once (so none is unrelated, issued twice over, repeated or in a cycle). The chain's
 * CA certificates are tolerated only: the caller validates the end certificate against the configured roots and
 * intermediates, never through these. At most {@link SignaturePolicy#maxKeyInfoCertificates} of them.
 */
final class SignerChain {
    private SignerChain() {
    }

    /**
     * The end certificate of {@code certificates}, which {@code holder} (ds:X509Data, a PkiPath token) held, or a
     * refusal made by {@code refusal} from what is wrong (the words begin with {@code holder}; the caller adds whose
     * signature).
     */
    static X509Certificate endOf(List<X509Certificate> certificates, int most, String holder,
                                 Function<String, ShepException> refusal) {
        requireAtMost(certificates.size(), most, holder, refusal);
        Function<String, ShepException> named = why -> refusal.apply(holder + why);
        requireDistinct(certificates, named);
        if (certificates.size() == 1) {
            return certificates.get(0);
        }
        X509Certificate end = onlyEnd(certificates, named);
        requireOneChainFrom(end, certificates, named);
        return end;
    }

    /** {@code count} certificates in {@code holder} are at most {@code most}: checked before any is decoded, too. */
    static void requireAtMost(int count, int most, String holder, Function<String, ShepException> refusal) {
        if (count > most) {
            throw refusal.apply(holder + " holds " + count + " certificates, more than " + most);
        }
    }

    private static void requireDistinct(List<X509Certificate> certificates, Function<String, ShepException> refusal) {
        for (int i = 0; i < certificates.size(); i++) {
            for (int j = i + 1; j < certificates.size(); j++) {
                if (Arrays.equals(encoded(certificates.get(i)), encoded(certificates.get(j)))) {
                    throw refusal.apply(" holds the certificate of " + Certificates.describe(certificates.get(i))
                            + " twice");
                }
            }
        }
    }

    /** The one certificate that issues none of the others. */
    private static X509Certificate onlyEnd(List<X509Certificate> certificates, Function<String, ShepException> refusal) {
        List<X509Certificate> ends = new ArrayList<>();
        for (X509Certificate candidate : certificates) {
            if (certificates.stream().noneMatch(other -> issues(candidate, other))) {
                ends.add(candidate);
            }
        }
        if (ends.size() != 1) {
            throw refusal.apply("'s certificates are not one chain ending in the signer's: " + ends.size()
                    + " of them issue none of the others" + (ends.isEmpty() ? "" : " (" + described(ends) + ")"));
        }
        return ends.get(0);
    }

    /** From {@code end} up through issuers within the set, every certificate of it once. */
    private static void requireOneChainFrom(X509Certificate end, List<X509Certificate> certificates,
                                            Function<String, ShepException> refusal) {
        List<X509Certificate> chain = new ArrayList<>(List.of(end));
        for (Optional<X509Certificate> up = issuerOf(end, certificates, refusal); up.isPresent();
                up = issuerOf(up.get(), certificates, refusal)) {
            if (chain.contains(up.get())) {
                throw refusal.apply("'s certificates issue each other in a cycle (" + Certificates.describe(up.get())
                        + ")");
            }
            chain.add(up.get());
        }
        List<X509Certificate> outside = certificates.stream().filter(c -> !chain.contains(c)).toList();
        if (!outside.isEmpty()) {
            throw refusal.apply(" holds certificates outside the chain of the signer's, "
                    + Certificates.describe(end) + ": " + described(outside));
        }
    }

    private static Optional<X509Certificate> issuerOf(X509Certificate issued, List<X509Certificate> certificates,
                                                      Function<String, ShepException> refusal) {
        List<X509Certificate> issuers = certificates.stream().filter(c -> issues(c, issued)).toList();
        if (issuers.size() > 1) {
            throw refusal.apply(" holds " + issuers.size() + " issuers of " + Certificates.describe(issued) + " ("
                    + described(issuers) + ")");
        }
        return issuers.stream().findFirst();
    }

    /** Whether {@code ca} is another certificate, a CA's, named as the issuer of {@code issued}, that signed it. */
    static boolean issues(X509Certificate ca, X509Certificate issued) {
        if (ca == issued || ca.getBasicConstraints() < 0
                || !ca.getSubjectX500Principal().equals(issued.getIssuerX500Principal())) {
            return false;
        }
        try {
            issued.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String described(List<X509Certificate> certificates) {
        return String.join(", ", certificates.stream().map(Certificates::describe).toList());
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
        }
    }
}
