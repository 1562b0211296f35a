package kz.qaqpa.regulation;

import java.security.cert.X509Certificate;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * The steps the channel an application came from reports (after {@link ApplicationEvents#identify}): the consumer's
 * written consent to an offered place, the hand-over of the result by the channel's employee, and the consumer's
 * quality questionnaire.
 */
public final class ChannelEvents {
    private final CertificateValidator certificates;
    private final ApplicationDocuments documents;
    private final ConsumerArrival arrival;

    public ChannelEvents(CertificateValidator certificates, ApplicationDocuments documents, ConsumerArrival arrival) {
        this.certificates = certificates;
        this.documents = documents;
        this.arrival = arrival;
    }

    /**
     * The consumer's written consent (or refusal) to the offered place, signed by the consumer (the applicant) with
     * a valid, unrevoked certificate, for the organisation offered (that it is about this application, EventDocumentCheck
     * has checked); it goes on to the provider, which forms the referral after it.
     */
    public void consent(Exchange exchange) {
        Element consent = document(exchange);
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        X509Certificate signer = DocumentVerifier.verify(consent, certificates.policy());
        certificates.validate(signer, Purpose.DOCUMENT, true, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID);
        String signerIin = SubjectIdentity.of(signer).iin();
        if (!a.applicantIin().equals(signerIin)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the consent must be signed by the applicant "
                    + a.applicantIin() + ", not by " + signerIin);
        }
        String offered = documents.latest(a.correlationId(), "statusNotification")
                .map(d -> ProviderEvents.child(SecureXml.parse(d.document().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)).getDocumentElement(), "kindergartenCode"))
                .orElse(null);
        requireField(exchange, consent, "kindergartenCode", offered);
        String agreed = DocumentFields.read(consent, exchange.getVariable("consent.agreed", String.class));
        boolean yes = "true".equals(agreed) || "1".equals(agreed);
        exchange.setVariable(ApplicationEvents.NEW_STATUS, yes ? "CONSENTED" : "DECLINED");
        if (!yes) {
            exchange.setVariable("statusMessage", exchange.getVariable("declinedMessage", String.class));
        }
        exchange.setVariable(ApplicationEvents.STORE_DOCUMENT, consent);
        exchange.setVariable(ApplicationEvents.FORWARD_TO_PROVIDER, consent);
        exchange.setVariable("outcome", (yes ? "consent to " : "no consent to ") + offered + " signed by " + signerIin);
    }

    /** The channel's employee handed the result over: once the result (or an interim answer) is out. */
    public void handOver(Exchange exchange) {
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        if (!"COMPLETED".equals(a.statusCode()) && !"IN_QUEUE".equals(a.statusCode())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId() + "' is "
                    + a.statusCode() + ": there is no result to hand over yet");
        }
        arrival.read(exchange);
        if (isRefusal(exchange, a)) {
            overrideIfSet(exchange, "norm", "refusalHandOverNorm");
            overrideIfSet(exchange, "statusMessage", "refusalHandOverStatus");
        }
        exchange.setVariable(ApplicationEvents.NEW_STATUS, "COMPLETED".equals(a.statusCode()) ? "ISSUED" : null);
        exchange.setVariable("outcome", "handed over to the consumer");
    }

    /** Whether the result handed over is one of the route's refusal documents (seed 000 Table 2 action 9). */
    private static boolean isRefusal(Exchange exchange, Applications.Application a) {
        String refusals = exchange.getVariable("refusalDocuments", "", String.class);
        return a.resultKind() != null && java.util.Arrays.stream(refusals.split(",")).map(String::trim)
                .anyMatch(a.resultKind()::equals);
    }

    /** A refusal's own norm or text replaces the hand-over's where the route gives one. */
    private static void overrideIfSet(Exchange exchange, String variable, String refusalVariable) {
        String value = exchange.getVariable(refusalVariable, String.class);
        if (value != null && !value.isBlank()) {
            exchange.setVariable(variable, value);
        }
    }

    /** The consumer's answers about a finished application, kept and shown with it; once per application. */
    public void questionnaire(Exchange exchange) {
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        if (!"COMPLETED".equals(a.statusCode()) && !"ISSUED".equals(a.statusCode())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId() + "' is "
                    + a.statusCode() + ": the questionnaire is for a finished application");
        }
        Element answers = document(exchange);
        if (documents.latest(a.correlationId(), answers.getLocalName()).isPresent()) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId()
                    + "' already has the consumer's questionnaire");
        }
        exchange.setVariable(ApplicationEvents.STORE_DOCUMENT, answers);
        exchange.setVariable("outcome", "questionnaire answered");
    }

    private static void requireField(Exchange exchange, Element document, String field, String expected) {
        String actual = DocumentFields.read(document, exchange.getVariable("consent." + field, String.class));
        if (actual == null || !actual.equals(expected)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the consent's " + field + " '" + actual
                    + "' does not match the application ('" + expected + "')");
        }
    }

    private static Element document(Exchange exchange) {
        return exchange.getVariable(Inbound.VARIABLE, Inbound.class).businessDocument();
    }
}
