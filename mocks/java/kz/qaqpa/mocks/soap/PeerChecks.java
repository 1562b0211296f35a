package kz.qaqpa.mocks.soap;

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
}
