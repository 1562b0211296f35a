package kz.qaqpa.mocks.soap;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.SubjectIdentity;

/** Ready-made peer checks for {@link MockSoapServer} and {@code SignedSoapClient}: whom a mock talks to. */
public final class PeerChecks {
    private PeerChecks() {
    }

    /** Accepts any correctly signed peer. */
    public static Consumer<X509Certificate> anySigner() {
        return cert -> {
        };
    }

    /** The signer's certificate names one of these BINs (OU=BIN… or SERIALNUMBER=BIN…). */
    public static Consumer<X509Certificate> bin(String... bins) {
        Set<String> allowed = Set.of(bins);
        return cert -> {
            String bin = SubjectIdentity.of(cert).bin();
            if (bin == null || !allowed.contains(bin)) {
                throw new ShepException(FaultCode.ACCESS_DENIED, "signer " + cert.getSubjectX500Principal().getName()
                        + " (BIN " + bin + ") is not one of " + Arrays.toString(bins));
            }
        };
    }

    /** The signer's certificate is exactly {@code expected}, or one of the others (a peer with an RSA and a GOST key). */
    public static Consumer<X509Certificate> certificate(X509Certificate expected, X509Certificate... others) {
        return cert -> {
            if (!cert.equals(expected) && !Arrays.asList(others).contains(cert)) {
                throw new ShepException(FaultCode.ACCESS_DENIED, "signer " + cert.getSubjectX500Principal().getName()
                        + " is not the expected " + expected.getSubjectX500Principal().getName());
            }
        };
    }

    /** The signer's certificate verifies with one of the CA certificates (e.g. the test PKI's issuing CA). */
    public static Consumer<X509Certificate> issuedBy(X509Certificate... issuers) {
        return cert -> {
            for (X509Certificate issuer : issuers) {
                try {
                    cert.verify(issuer.getPublicKey());
                    return;
                } catch (GeneralSecurityException e) {
                    // try the next issuer
                }
            }
            throw new ShepException(FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID,
                    "signer " + cert.getSubjectX500Principal().getName() + " is not issued by a trusted CA");
        };
    }

    /** All checks in order. */
    @SafeVarargs
    public static Consumer<X509Certificate> all(Consumer<X509Certificate>... checks) {
        return cert -> {
            for (Consumer<X509Certificate> check : checks) {
                check.accept(cert);
            }
        };
    }
}
