package kz.qaqpa.trust;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * In whose name a signer signs, as the НУЦ's extended key usages say whom a certificate was issued to:
 * {@value #INDIVIDUAL_USAGE} an individual (физлицо), {@value #ORGANISATION_USAGE} and its sub-usages (.1 head,
 * .2 may sign, .3 financial, .4 HR, .5 employee) an organisation's employee (docs/security.md).
 *
 * <p>Ours: the regulations say only that the applicant signs with his EDS and the employee with his. A certificate
 * naming neither usage (not of the НУЦ's profile) is left to the other checks; only what the usages decide is refused.
 */
public enum SignerRole {
    /** The applicant, his representative, a co-signer, the consumer consenting: a person signing for himself. */
    INDIVIDUAL,
    /** An organisation's employee: the operator at a ЦОН, the provider's employee signing a result. */
    ORGANISATION;

    static final String INDIVIDUAL_USAGE = "1.2.398.3.3.4.1.1";
    static final String ORGANISATION_USAGE = "1.2.398.3.3.4.1.2";

    /**
     * Refuses with {@code fault} a certificate whose usages name an organisation when an individual signs, and one
     * naming only an individual when an organisation's employee signs.
     */
    public void require(X509Certificate cert, FaultCode fault) {
        if (!admits(cert)) {
            throw new ShepException(fault, "certificate of " + Certificates.describe(cert) + " (extended key usages "
                    + usages(cert) + ") " + (this == INDIVIDUAL
                    ? "is an organisation's employee's (" + ORGANISATION_USAGE + "): an individual signs with his own"
                    : "is an individual's (" + INDIVIDUAL_USAGE + " only): an organisation's employee signs with the"
                            + " certificate the НУЦ issued him as its employee"));
        }
    }

    /** False where the usages say the holder is not of this role (or cannot be read); true where they do not tell. */
    public boolean admits(X509Certificate cert) {
        List<String> usages = usages(cert);
        if (usages == null) {
            return false;
        }
        boolean organisation = usages.stream().anyMatch(u -> u.equals(ORGANISATION_USAGE)
                || u.startsWith(ORGANISATION_USAGE + "."));
        return this == INDIVIDUAL ? !organisation : organisation || !usages.contains(INDIVIDUAL_USAGE);
    }

    /**
     * A system's (an information system's) certificate: it names an organisation (БИН) and no person (ИИН), and its
     * usages do not say the НУЦ issued it to an individual. Channels' systems, the systems the gateway calls and the
     * gateway itself sign their messages with one.
     */
    public static boolean isSystem(X509Certificate cert) {
        return SubjectIdentity.of(cert).isSystem() && ORGANISATION.admits(cert);
    }

    /** The extended key usages, none when the extension is absent, null when it cannot be read. */
    private static List<String> usages(X509Certificate cert) {
        try {
            List<String> usages = cert.getExtendedKeyUsage();
            return usages == null ? List.of() : usages;
        } catch (CertificateParsingException e) {
            return null;
        }
    }
}
