package kz.qaqpa.regulation;

import java.security.cert.X509Certificate;
import java.util.List;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.SignerRole;
import kz.qaqpa.trust.SubjectIdentity;
import kz.qaqpa.trust.VerifiedDocument;
import org.apache.camel.Exchange;

/**
 * Condition 2 of the regulation: the ЖСН in the request equals the ЖСН in the signer's certificate, the
 * certificate is within its validity period and (where the channel requires it) not revoked. The signer is the
 * applicant or their representative on self-service channels, the operator or employee on ЦОН and ЖАО.
 * Where the form requires other people's signatures too, each is checked the same way ({@link CoSignatures}).
 * A failure is recorded in variable "failure" for the refusal step.
 */
public final class DocumentSignatureCheck {
    private final CertificateValidator certificates;

    private final GatewayMetrics metrics;
    private final CoSignatures coSignatures;

    public DocumentSignatureCheck(CertificateValidator certificates, GatewayMetrics metrics,
                                  CoSignatures coSignatures) {
        this.metrics = metrics;
        this.certificates = certificates;
        this.coSignatures = coSignatures;
    }

    public void check(Exchange exchange) {
        exchange.removeVariable(Refusals.FAILURE);
        try {
            ApplicationDocument doc = ApplicationDocument.of(exchange);
            VerifiedDocument verified = metrics.verifying("document",
                    () -> DocumentVerifier.verified(doc.element(), certificates.policy()));
            X509Certificate signer = verified.signer();
            certificates.validate(signer, Purpose.DOCUMENT,
                    exchange.getVariable("checkRevocation", true, Boolean.class), FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID);
            String operatorBin = exchange.getVariable("operatorBin", String.class);
            requireSignerMatches(doc.facts(), SubjectIdentity.of(signer), operatorBin);
            roleOf(doc.facts(), operatorBin).require(signer, FaultCode.SIGNER_MISMATCH);
            String signerIin = SubjectIdentity.of(signer).iin();
            List<String> coSigners = coSignatures.check(exchange, doc, signerIin);
            exchange.setVariable("outcome", "signed by " + signerIin
                    + (coSigners.isEmpty() ? "" : ", co-signed by " + String.join(", ", coSigners)));
            exchange.setVariable("signerName", SubjectIdentity.of(signer).commonName());
            SignedOnce.noteChecked(exchange, verified);
        } catch (ShepException e) {
            exchange.setVariable(Refusals.FAILURE, e);
        }
    }

    /**
     * An operator, employee or legal entity's representative signs as an organisation's employee; the applicant or
     * his representative on a self-service channel as an individual (ours, see {@link SignerRole}).
     */
    private static SignerRole roleOf(ApplicationFacts a, String operatorBin) {
        return operatorBin != null || a.applicantBin() != null ? SignerRole.ORGANISATION : SignerRole.INDIVIDUAL;
    }

    /**
     * @param operatorBin on operator channels (ЦОН, ЖАО) the БИН of the organisation whose staff sign, or the БИНs,
     *                    comma-separated, where staff of more than one sign (seed 003's ЖАО: two bodies); null on
     *                    channels where the applicant or their representative signs
     */
    private static void requireSignerMatches(ApplicationFacts a, SubjectIdentity signer, String operatorBin) {
        String expected = operatorBin != null ? a.operatorIin()
                : a.representativeIin() != null ? a.representativeIin() : a.applicantIin();
        if (!expected.equals(signer.iin())) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the ЖСН in the request (" + expected
                    + ") does not match the ЖСН in the signer's certificate (" + signer.iin() + ")");
        }
        if (operatorBin != null && !staffOf(operatorBin).contains(signer.bin())) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the operator's certificate names БИН " + signer.bin()
                    + ", not an organisation of this channel (" + String.join(" or ", staffOf(operatorBin)) + ")");
        }
        if (operatorBin == null && a.applicantBin() != null && !a.applicantBin().equals(signer.bin())) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the БИН in the request (" + a.applicantBin()
                    + ") does not match the БИН in the signer's certificate (" + signer.bin() + ")");
        }
    }

    /** The БИНs of the route's {@code operatorBin}: one, or a comma-separated list. */
    private static List<String> staffOf(String operatorBin) {
        return Settings.list("operatorBin", operatorBin, Settings.Empty.NONE);
    }
}
