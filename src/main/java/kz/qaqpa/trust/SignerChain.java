package kz.qaqpa.trust;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import kz.qaqpa.fault.ShepException;

/**
 * The certificates of one ds:X509Data (or a WSS X509PKIPathv1 token), which XML-DSig 1.0 4.4.4 lets a signer send with
 * its chain: "All certificates appearing in an X509Data element MUST relate to the validation key by either containing
 * it or being part of a certification chain that terminates in a certificate containing the validation key. No
 * ordering is implied".
 *
 * <p>Ours, made precise (chain28's review): only the gateway's own configured CA certificates (its roots and
 * intermediates, byte for byte, {@link SignaturePolicy#caCertificates}) may accompany the signer's. The end
 * certificate, the signer's, is the one certificate of the set that is not configured (none, or two, is refused); the
 * signature is verified with it and it is validated as before. A certificate <em>issues</em> another when it is a
 * configured CA certificate (basicConstraints cA), its subject is the other's issuer and the other's signature
 * verifies with its key: so a link is checked only with a configured key (never with a key the client supplied, whose
 * parameters it chooses), at most {@link SignaturePolicy#maxKeyInfoCertificates} squared times. Following each
 * certificate's issuer within the set from the end reaches every other certificate once (so none is unrelated,
 * issued twice over, repeated or in a cycle). A CA certificate of the client's making, under a real CA's name or key,
 * never rides along into a passed-on document.
 */
final class SignerChain {
    private SignerChain() {
    }

    /**
     * The end certificate of {@code certificates}, which {@code holder} (ds:X509Data, a PkiPath token) held, or a
     * refusal made by {@code refusal} from what is wrong (the words begin with {@code holder}; the caller adds whose
     * signature). {@code policy}: the bound and the configured CA certificates.
     */
    static X509Certificate endOf(List<X509Certificate> certificates, SignaturePolicy policy, String holder,
                                 Function<String, ShepException> refusal) {
        requireAtMost(certificates.size(), policy.maxKeyInfoCertificates(), holder, refusal);
        return endOfBounded(certificates, policy, holder, refusal);
    }

    /**
     * As {@link #endOf}, of the certificates whose base64 texts {@code holder} (an X509Data) held, each called
     * {@code what} ({@link CertificateText}: exactly one certificate's own DER bytes): counted against the bound before
     * any is decoded. The document's and the transport signature's X509Data both come here.
     */
    static X509Certificate endOfTexts(List<String> texts, SignaturePolicy policy, String holder, String what,
                                      Function<String, ShepException> refusal) {
        requireAtMost(texts.size(), policy.maxKeyInfoCertificates(), holder, refusal);
        return endOfBounded(texts.stream().map(text -> CertificateText.read(text, what, refusal)).toList(), policy,
                holder, refusal);
    }

    /** {@link #endOf} once the count is known to be within the bound. */
    private static X509Certificate endOfBounded(List<X509Certificate> certificates, SignaturePolicy policy,
                                                String holder, Function<String, ShepException> refusal) {
        Function<String, ShepException> named = why -> refusal.apply(holder + why);
        requireDistinct(certificates, named);
        if (certificates.size() == 1) {
            return certificates.get(0);
        }
        X509Certificate end = onlyOneNotConfigured(certificates, policy.caCertificates(), named);
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
            if (certificates.subList(i + 1, certificates.size()).contains(certificates.get(i))) {
                throw refusal.apply(" holds the certificate of " + Certificates.describe(certificates.get(i)) + " twice");
            }
        }
    }

    /** The signer's: the one certificate that is not one of the gateway's configured CA certificates. */
    private static X509Certificate onlyOneNotConfigured(List<X509Certificate> certificates, Set<X509Certificate> configured,
                                                        Function<String, ShepException> refusal) {
        List<X509Certificate> others = certificates.stream().filter(c -> !configured.contains(c)).toList();
        if (others.isEmpty()) {
            throw refusal.apply(" holds only the gateway's configured CA certificates, not a signer's");
        }
        if (others.size() > 1) {
            throw refusal.apply(" holds " + others.size() + " certificates that are not a certificate the gateway trusts"
                    + " (" + described(others) + "): only the gateway's configured CA certificates may accompany the"
                    + " signer's");
        }
        return others.get(0);
    }

    /** From {@code end} up through issuers within the set, every certificate of it once. */
    private static void requireOneChainFrom(X509Certificate end, List<X509Certificate> certificates,
                                            Function<String, ShepException> refusal) {
        List<X509Certificate> configured = certificates.stream().filter(c -> !c.equals(end)).toList();
        List<X509Certificate> chain = new ArrayList<>(List.of(end));
        for (Optional<X509Certificate> up = issuerOf(end, configured, refusal); up.isPresent();
                up = issuerOf(up.get(), configured, refusal)) {
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

    private static Optional<X509Certificate> issuerOf(X509Certificate issued, List<X509Certificate> configured,
                                                      Function<String, ShepException> refusal) {
        List<X509Certificate> issuers = configured.stream().filter(c -> issues(c, issued)).toList();
        if (issuers.size() > 1) {
            throw refusal.apply(" holds " + issuers.size() + " issuers of " + Certificates.describe(issued) + " ("
                    + described(issuers) + ")");
        }
        return issuers.stream().findFirst();
    }

    /** Whether {@code ca}, a configured CA's certificate other than it, is named as the issuer of {@code issued} and signed it. */
    private static boolean issues(X509Certificate ca, X509Certificate issued) {
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
}
