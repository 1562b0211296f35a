package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Who may answer a call the gateway makes: the answer's transport certificate must be valid and belong to the
 * organisation called (its БИН), so one system cannot answer for another.
 */
public final class PeerCheck {
    private PeerCheck() {
    }

    public static Consumer<X509Certificate> organisation(CertificateValidator validator, String bin, FaultCode fault) {
        return cert -> {
            validator.validate(cert, Purpose.SIGN, true, fault);
            String actual = SubjectIdentity.of(cert).bin();
            if (!bin.equals(actual)) {
                throw new ShepException(fault, "the answer is signed by БИН " + actual + ", expected " + bin);
            }
        };
    }
}
