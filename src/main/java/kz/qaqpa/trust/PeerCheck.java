package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Who may answer a call the gateway makes: the answer's transport certificate must be valid and be the system
 * certificate of the organisation called (its БИН, no person named, not issued to an individual: {@link
 * SignerRole#isSystem}), so neither another system nor an employee of the organisation can answer for it.
 */
public final class PeerCheck {
    private PeerCheck() {
    }

    public static Consumer<X509Certificate> organisation(CertificateValidator validator, String bin, FaultCode fault) {
        return cert -> {
            validator.validate(cert, Purpose.SIGN, true, fault);
            SubjectIdentity signer = SubjectIdentity.of(cert);
            if (!bin.equals(signer.bin())) {
                throw new ShepException(fault, "the answer is signed by БИН " + signer.bin() + ", expected " + bin);
            }
            if (!signer.isSystem()) {
                throw new ShepException(fault, "the answer is signed by a person (ИИН " + signer.iin()
                        + "), not by the system of БИН " + bin);
            }
            if (!SignerRole.isSystem(cert)) {
                throw new ShepException(fault, "the answer is signed by a certificate the НУЦ issued to an individual"
                        + " (extended key usage " + SignerRole.INDIVIDUAL_USAGE + "), not by the system of БИН " + bin);
            }
        };
    }
}
