package kz.qaqpa.regulation;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SignerRole;
import kz.qaqpa.trust.SubjectIdentity;
import kz.qaqpa.xml.XsDateTime;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * The steps the channel an application came from reports (after {@link EventIdentification#identify}): the consumer's
 * written consent to an offered place, the hand-over of the result by the channel's employee, and the consumer's
 * quality questionnaire.
 */
public final class ChannelEvents {
    /** The kind under which the provider's offer is kept ({@link ProviderEvents#offer}). */
    private static final String OFFER = "statusNotification";
    /** normFrom of a refusal's hand-over that runs from the refusal step's end (refusalHandOverNormFrom). */
    static final String FROM_REFUSAL = "refusal";
    private final CertificateValidator certificates;
    private final ApplicationDocuments documents;
    private final ConsumerArrival arrival;
    private final StatusHistory history;
    private final ResultHandOver handOver;
    private final ResultCollector collector;

    /**
     * @param handOver  the routes' hand-over steps, read once (what a refusal's hand-over takes)
     * @param collector who may collect the result, where the route says (handOverCollector)
     */
    public ChannelEvents(CertificateValidator certificates, ApplicationDocuments documents, ConsumerArrival arrival,
                         StatusHistory history, ResultHandOver handOver, ResultCollector collector) {
        this.handOver = handOver;
        this.collector = collector;
        this.certificates = certificates;
        this.documents = documents;
        this.arrival = arrival;
        this.history = history;
    }

    /**
     * The consumer's written consent (or refusal) to the offered place, signed by the consumer (the applicant) with
     * a valid, unrevoked certificate, for the organisation offered (that it is about this application, EventDocumentCheck
     * has checked); it goes on to the provider, which forms the referral after it. Only the channel may report it,
     * and only one signed after the current offer reached the gateway: a consent or decline to an earlier offer,
     * replayed by the provider or the channel, never answers a later one.
     */
    public void consent(Exchange exchange) {
        requireFromChannel(exchange);
        Element consent = EventDocument.of(exchange);
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        X509Certificate signer = DocumentVerifier.verify(consent, certificates.policy());
        certificates.validate(signer, Purpose.DOCUMENT, true, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID);
        SignerRole.INDIVIDUAL.require(signer, FaultCode.SIGNER_MISMATCH);
        String signerIin = SubjectIdentity.of(signer).iin();
        if (!a.applicantIin().equals(signerIin)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the consent must be signed by the applicant "
                    + a.applicantIin() + ", not by " + signerIin);
        }
        ApplicationDocuments.Received offer = documents.latest(a.correlationId(), OFFER).orElse(null);
        String offered = offer == null ? null : EventDocument.text(SecureXml.parse(offer.document().getBytes(
                StandardCharsets.UTF_8)).getDocumentElement(), "kindergartenCode");
        if (offered == null) {
            // depth42: was "the consent's kindergartenCode '…' does not match the application ('null')"
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "no organisation has been offered for application '"
                    + a.correlationId() + "' yet: a consent answers the provider's offer of a place (para 8.10)");
        }
        requireField(exchange, consent, "kindergartenCode", offered);
        requireSignedAfter(exchange, consent, offer, documents.latest(a.correlationId(), consent.getLocalName())
                .map(d -> SecureXml.parse(d.document().getBytes(StandardCharsets.UTF_8))
                        .getDocumentElement()).orElse(null));
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

    /**
     * The consent answers the offer the gateway recorded last: it must be signed (its signedAt, at the route's
     * consent.signedAt) no earlier than that offer was stored, and not ahead of the gateway's clock, each within the
     * clock skew the gateway allows a signer's clock (qaqpa.trust.timestamp-clock-skew, as for a wsu:Timestamp: the
     * signedAt is the signer's clock, the offer's time the gateway's own record, not a time the provider reports). A
     * consent dated in the future would answer every later offer. Because of that tolerance, it must also be signed
     * after the consumer's previous answer, on the same clock: an answer already given never answers again.
     */
    private void requireSignedAfter(Exchange exchange, Element consent, ApplicationDocuments.Received offer,
                                    Element previous) {
        Instant signedAt = signedAt(exchange, consent);
        Duration skew = certificates.policy().clockSkew();
        Instant offeredAt = offer.receivedAt().toInstant();
        if (signedAt.isBefore(offeredAt.minus(skew))) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "the consent was signed at " + signedAt + ", before the"
                    + " current offer reached the gateway (" + offer.receivedAt() + ", clock skew allowed " + skew
                    + "): it answers an earlier offer");
        }
        if (previous != null && !signedAt.isAfter(signedAt(exchange, previous))) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "the consent was signed at " + signedAt + ", not after"
                    + " the consumer's previous answer (" + signedAt(exchange, previous) + "): it answers an earlier offer");
        }
        Instant now = certificates.policy().clock().instant();
        if (signedAt.isAfter(now.plus(skew))) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the consent's signedAt " + signedAt + " is more than "
                    + skew + " ahead of the gateway's time " + now);
        }
    }

    /** The consent's signing time, at the route's consent.signedAt. */
    private static Instant signedAt(Exchange exchange, Element consent) {
        String path = exchange.getVariable("consent.signedAt", String.class);
        if (path == null) {
            throw new IllegalStateException("a route with the consumer's consent must name its signing time"
                    + " (variable consent.signedAt)");
        }
        String text = DocumentFields.read(consent, path);
        if (text == null || text.isEmpty()) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the consent must say when it was signed (signedAt)");
        }
        return instant(text);
    }

    /** An xs:dateTime with its offset (without one it names no moment). */
    private static Instant instant(String text) {
        try {
            return XsDateTime.instant(text);
        } catch (IllegalArgumentException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the consent's signedAt must be an xs:dateTime with"
                    + " its offset, e.g. 2026-11-30T09:15:00+05:00; got '" + text + "'");
        }
    }

    /** A consent or questionnaire is the consumer's, sent by the channel; the provider may not report one. */
    private static void requireFromChannel(Exchange exchange) {
        if (exchange.getVariable("fromProvider", false, Boolean.class)) {
            Applications.Application a = exchange.getVariable("application", Applications.Application.class);
            throw new ShepException(FaultCode.ACCESS_DENIED, exchange.getVariable("event", String.class) + " about"
                    + " application '" + a.correlationId() + "' may be reported only by the channel it came from");
        }
    }

    /**
     * The channel's employee handed the result over: once the result (or an interim answer) is out, and once per
     * result (a second HANDED_OVER of the same one is refused at commit, STATUS_CONFLICT); to the person the route
     * lets collect it ({@link ResultCollector}), refused before anything is recorded otherwise.
     */
    public void handOver(Exchange exchange) {
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        if (!"COMPLETED".equals(a.statusCode()) && !"IN_QUEUE".equals(a.statusCode())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId() + "' is "
                    + a.statusCode() + ": there is no result to hand over yet");
        }
        arrival.read(exchange);
        String collected = collector.check(exchange, a);
        handOver.step(exchange.getContext(), a.serviceId(), a.channel()).filter(s -> s.isRefusal(a.resultKind()))
                .ifPresent(refusal -> {
                    overrideIfSet(exchange, "norm", refusal.refusalNorm());
                    overrideIfSet(exchange, StepTerms.NORM_FROM, refusal.refusalNormFrom());
                    overrideIfSet(exchange, "statusMessage", refusal.refusalStatus());
                    startAtTheRefusal(exchange, a, refusal.refusalStep());
                });
        // HANDED_OVER does not say which result it hands over (the contract's statusNotification has no field for
        // it): it is the application's current one, as read under the application's lock (ApplicationLocks)
        exchange.setVariable(ApplicationEvents.NEW_STATUS, "COMPLETED".equals(a.statusCode()) ? "ISSUED" : null);
        exchange.setVariable(ApplicationEvents.HAND_OVER_RESULT, true);
        exchange.setVariable("outcome", "handed over to the consumer" + collected);
    }

    /**
     * A refusal's hand-over measured from the refusal (normFrom {@value #FROM_REFUSAL}, seed 000 Table 2 action 9: the
     * operator notifies the applicant within one working day of the return) starts when the refusal step (the route's
     * refusalStep) ended, whatever the channel reported in between (a questionnaire).
     */
    private void startAtTheRefusal(Exchange exchange, Applications.Application a, String refusal) {
        if (!FROM_REFUSAL.equals(exchange.getVariable(StepTerms.NORM_FROM, String.class))) {
            return;
        }
        history.of(a.correlationId()).stream().filter(step -> step.stepId().equals(refusal))
                .reduce((first, last) -> last)
                .ifPresent(step -> exchange.setVariable("awaitingSince", step.endedAt().toInstant()));
    }

    /** A refusal's own norm, start or text replaces the hand-over's where the route gives one. */
    private static void overrideIfSet(Exchange exchange, String variable, String value) {
        if (value != null && !value.isBlank()) {
            exchange.setVariable(variable, value);
        }
    }

    /** The consumer's answers about a finished application, kept and shown with it; once per application. */
    public void questionnaire(Exchange exchange) {
        requireFromChannel(exchange);
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        if (!"COMPLETED".equals(a.statusCode()) && !"ISSUED".equals(a.statusCode())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId() + "' is "
                    + a.statusCode() + ": the questionnaire is for a finished application");
        }
        Element answers = EventDocument.of(exchange);
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
}
