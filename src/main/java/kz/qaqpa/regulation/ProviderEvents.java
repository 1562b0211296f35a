package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.registry.ResultSigners;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.SubjectIdentity;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * The steps a provider system reports (after {@link EventIdentification#identify}): the application's registration,
 * the provider at work on it, a place offered for the consumer's consent, and the signed result, which must be one
 * of the regulation's result documents, about this application, signed by an employee of the provider.
 */
public final class ProviderEvents {
    /**
     * Statuses past the registration while the provider still works: a REGISTERED that arrives there (late) keeps
     * its number although the status and its text cannot go back.
     */
    private static final Set<String> WORK_UNDER_WAY = Set.of("IN_WORK", "OFFERED", "CONSENTED",
            "DECLINED", "IN_QUEUE");
    /** The route's ids of the steps a chain step follows (comma-separated), set by the progress template. */
    static final String STEPS_BEFORE = "stepsBefore";
    private final ApplicationDocuments documents;

    private final StepPlans plans;
    private final AcceptanceText texts;

    private final QueuedApplications queued;
    private final ProviderSignature signature;
    private final ResultRequirements requirements;
    private final RegisteredText registeredText;
    private final StatusHistory history;

    /**
     * @param signers   who signs each service's results (its organisation, a provider's own, or its locality's)
     * @param calendars where each regulation's days begin (a result's issue day)
     */
    public ProviderEvents(CertificateValidator certificates, ApplicationDocuments documents,
                          QueuedApplications queued, ResultSigners signers,
                          GatewayMetrics metrics,
                          Clock clock, ServiceCalendars calendars, StepPlans plans,
                          AcceptanceText texts, StatusHistory history) {
        this.history = history;
        this.queued = queued;
        this.signature = new ProviderSignature(certificates, metrics, signers, queued);
        this.requirements = new ResultRequirements(documents, queued, calendars, clock,
                certificates.policy().clockSkew());
        this.registeredText = new RegisteredText(clock, plans, texts);
        this.plans = plans;
        this.texts = texts;
        this.documents = documents;
    }

    public void registered(Exchange exchange) {
        String number = EventDocument.text(EventDocument.of(exchange), "registrationNumber");
        if (!VisibleText.shows(number)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a REGISTERED status must carry the registrationNumber");
        }
        exchange.setVariable(ApplicationEvents.REGISTRATION_NUMBER, number);
        exchange.setVariable("statusMessage", registeredText.fill(exchange, number));
        exchange.setVariable("outcome", "registered as " + number);
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        if (WORK_UNDER_WAY.contains(a.statusCode()) && !registrationRecorded(exchange, a)) {
            // the provider's REGISTERED came after its IN_WORK or an interim answer (a retry, late): the status and
            // its text do not go back, but the number is the application's and the channel is told it
            exchange.setVariable(ApplicationEvents.NOTIFIED_STATUS, "REGISTERED");
            exchange.setVariable(ApplicationEvents.LATE_REPORT, true);
            exchange.setVariable("outcome", "registered as " + number + " (reported after " + a.statusCode() + ")");
            return;
        }
        exchange.setVariable(ApplicationEvents.NEW_STATUS, "REGISTERED");
    }

    /**
     * Whether the application's registration step (variable registeredStep, the route's id of it) is recorded already:
     * its number may have come first with a later document of the provider (EventDocumentCheck#requireSameNumber).
     */
    private boolean registrationRecorded(Exchange exchange, Applications.Application a) {
        String step = exchange.getVariable("registeredStep", String.class);
        return history.of(a.correlationId()).stream().anyMatch(s -> s.stepId().equals(step));
    }

    public void inWork(Exchange exchange) {
        exchange.setVariable(ApplicationEvents.NEW_STATUS, "IN_WORK");
        exchange.setVariable("outcome", "in work");
    }

    /**
     * A further step of the provider's internal chain that the regulation names (the progress template's chain
     * slots): the status text is the route's, with {term} the application's planned end (the portal's notice of
     * the date and time of the result); the application's status code stays where it is.
     */
    public void chainStep(Exchange exchange) {
        String correlationId = exchange.getVariable("application", Applications.Application.class).correlationId();
        requireNotReportedYet(exchange, correlationId);
        requireStepsBefore(exchange, correlationId);
        List<StepPlans.Planned> plan = plans.of(correlationId);
        OffsetDateTime term = plan.isEmpty() ? null : plan.get(plan.size() - 1).dueAt();
        String text = exchange.getVariable("statusMessage", String.class);
        exchange.setVariable("statusMessage", texts.fillTerm(exchange, text, term == null ? null : term.toInstant()));
        exchange.setVariable("outcome", "reported " + exchange.getVariable("event", String.class));
    }

    /**
     * A step of the provider's chain is reported once, as its registration and work are (their statuses only move
     * forward, SCE032): a copy under a new messageId would add a step of its own, with a due time of its own, and
     * tell the channel again.
     */
    private void requireNotReportedYet(Exchange exchange, String correlationId) {
        String step = exchange.getVariable(StepRecorder.CURRENT_STEP, String.class);
        if (history.of(correlationId).stream().anyMatch(s -> s.stepId().equals(step))) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + correlationId + "' went through step "
                    + step + " (" + exchange.getVariable("event", String.class) + ") already: each step of the"
                    + " provider's chain is reported once");
        }
    }

    /**
     * The regulations order their provider's chain (seed 004 para 5: 5.1 registration, 5.2 the head's resolution,
     * 5.3 the specialist's check; seed 003 Table 3: actions 3-4 the number, 5 accepted for execution, 6 the
     * decision): a step of the chain follows the steps the route names before it (variable stepsBefore, the route's
     * step ids), which the application's history must have. The status order (SCE032) cannot see this: a chain step
     * leaves the status code where it is.
     */
    private void requireStepsBefore(Exchange exchange, String correlationId) {
        Set<String> done = history.of(correlationId).stream().map(StatusHistory.Step::stepId)
                .collect(Collectors.toSet());
        for (String before : exchange.getVariable(STEPS_BEFORE, "", String.class).split(",")) {
            if (!before.isBlank() && !done.contains(before)) {
                throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + correlationId + "' has not"
                        + " been through step " + before + " yet: the regulation orders it before step "
                        + exchange.getVariable(StepRecorder.CURRENT_STEP, String.class) + " ("
                        + exchange.getVariable("event", String.class) + ")");
            }
        }
    }

    /** A place offered for the consumer's written consent: the status names the organisation. */
    public void offer(Exchange exchange) {
        Element notification = EventDocument.of(exchange);
        String code = EventDocument.text(notification, "kindergartenCode");
        if (!VisibleText.shows(code)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "an OFFERED status must name the offered organisation");
        }
        String name = EventDocument.text(notification, "kindergartenName");
        exchange.setVariable(ApplicationEvents.NEW_STATUS, "OFFERED");
        exchange.setVariable(ApplicationEvents.STORE_DOCUMENT, notification);
        exchange.setVariable("statusMessage", exchange.getVariable("statusMessage", String.class) + ": "
                + (name == null ? code : name + " (" + code + ")"));
        exchange.setVariable("outcome", "offered " + code);
    }

    /**
     * The result must be signed by an employee of the provider organisation, with a valid certificate, and where
     * the regulation names the signer (qaqpa.service.&lt;id&gt;.result-signer-iins, or those of the application's
     * locality: registry.ResultSigners), by that person.
     */
    public void verifyResult(Exchange exchange) {
        Element result = EventDocument.of(exchange);
        if (result == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a RESPONSE must carry the result document in data");
        }
        requireOneOf(exchange, "resultDocuments", result, "is not a result of this service");
        Applications.Application application = exchange.getVariable("application", Applications.Application.class);
        requireFollowsTheInterimAnswer(exchange, application, result);
        ResultSigners.Signer signer = signature.signerOf(exchange, application, result.getLocalName());
        SubjectIdentity employee = signature.signedByProvider(exchange, application, result, signer);
        if (!signer.allows(employee.iin())) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the regulation names who signs the result of "
                    + application.serviceId()
                    + signature.localityNote(exchange, application, result.getLocalName()) + "; "
                    + employee.commonName()
                    + " (ИИН " + employee.iin() + ") is not that person");
        }
        requirements.require(exchange, application, result);
        exchange.setVariable("resultKind", result.getLocalName());
        exchange.setVariable("outcome", result.getLocalName() + " signed by employee " + employee.iin());
    }

    /**
     * The act of a home visit (seed 004: S7 and S9 para 8.3, the housing-conditions act): the provider's employee
     * who visited signs it before the decision; the gateway keeps it with the application and tells the channel.
     * Once per application, while the provider works on it.
     */
    public void homeVisit(Exchange exchange) {
        Element act = EventDocument.of(exchange);
        Applications.Application application = exchange.getVariable("application", Applications.Application.class);
        if (!exchange.getVariable("fromProvider", false, Boolean.class)) {
            throw new ShepException(FaultCode.ACCESS_DENIED, "the " + act.getLocalName() + " about application '"
                    + application.correlationId() + "' may be reported only by its provider");
        }
        SubjectIdentity employee = signature.signedByProvider(exchange, application, act,
                signature.signerOf(exchange, application, act.getLocalName()));
        // the act on the form the service's text names (S7: App. 2's act of study; S9: App. 3's act of inspection)
        ResultRequirements.requireWhatTheTextAsks(exchange, act);
        // drawn up after the application's receipt (para 4) and not ahead of its sending (ours), as a result
        requirements.requireIssuedWhileOpen(exchange, application, act);
        if (!"IN_WORK".equals(application.statusCode()) && !"REGISTERED".equals(application.statusCode())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + application.correlationId() + "' is "
                    + application.statusCode() + ": a home-visit act is drawn up while the provider works on it");
        }
        if (documents.latest(application.correlationId(), act.getLocalName()).isPresent()) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + application.correlationId()
                    + "' already has its " + act.getLocalName());
        }
        exchange.setVariable(ApplicationEvents.STORE_DOCUMENT, act);
        exchange.setVariable("outcome", act.getLocalName() + " signed by employee " + employee.iin());
    }

    /** The result goes to the channel; an interim answer keeps the application open for the final one. */
    public void deliverResult(Exchange exchange) {
        Element result = EventDocument.of(exchange);
        boolean interim = listed(exchange, "interimDocuments", result);
        exchange.setVariable(ApplicationEvents.NEW_STATUS, interim ? "IN_QUEUE" : "COMPLETED");
        if (interim) {
            exchange.setVariable("statusMessage", exchange.getVariable("interimMessage", String.class));
        }
        exchange.setVariable(ApplicationEvents.RESULT, result);
        exchange.setVariable("outcome", (interim ? "interim answer " : "") + "sent to "
                + exchange.getVariable("application", Applications.Application.class).senderId());
    }

    static boolean listed(Exchange exchange, String variable, Element document) {
        return listed(exchange, variable, document.getLocalName());
    }

    /** Whether the route's comma-separated list in {@code variable} names the document kind {@code name}. */
    private static boolean listed(Exchange exchange, String variable, String name) {
        return Arrays.asList(exchange.getVariable(variable, "", String.class).split(",")).contains(name);
    }

    /**
     * After an interim answer only the results the route lists in {@code afterInterimDocuments} may come, where it
     * lists any: seed 001 S1's queue notification shows the check of the documents passed, so the refusal of that
     * check no longer can; seed 002's registration notification is the decision to queue the child taken. The
     * interim answer is the application's current result whatever came after it (on seed 002's portal an offer and
     * the consumer's decline leave the child queued: OFFERED, DECLINED), not only while the status is IN_QUEUE.
     */
    private static void requireFollowsTheInterimAnswer(Exchange exchange, Applications.Application application,
                                                       Element result) {
        String allowed = exchange.getVariable("afterInterimDocuments", "", String.class);
        String current = application.resultKind();
        boolean interim = current != null && listed(exchange, "interimDocuments", current);
        if (interim && !"COMPLETED".equals(application.statusCode()) && !allowed.isBlank()
                && !listed(exchange, "afterInterimDocuments", result)) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + application.correlationId()
                    + "' has its interim answer (" + application.resultKind() + "): <" + result.getLocalName()
                    + "> cannot follow it (expected one of " + allowed + ")");
        }
    }

    private static void requireOneOf(Exchange exchange, String variable, Element document, String problem) {
        if (!listed(exchange, variable, document)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + document.getLocalName() + "> " + problem
                    + " (expected one of " + exchange.getVariable(variable, "", String.class) + ")");
        }
    }

    /**
     * A result speaks of its application: the field the route file names (variable {@code result.<field>}) must
     * hold what the gateway knows, read trimmed; {@code required}: also when the route names no path for it (then it is
     * found by none, and refused). The correlationId is compared as written ({@link #requireNamesApplication}).
     */
    static void requireAbout(Exchange exchange, Element result, String field, String expected, boolean required) {
        String path = pathOf(exchange, field);
        if (path == null && !required) {
            return;
        }
        requireSame(result, field, DocumentFields.read(result, path), expected);
    }

    /**
     * attack62 (attack61's Left): the application's correlationId, which the gateway gave, is compared as written: its
     * type is an xs:string, whose white space is part of the value, so {@code " {…} "} is another identifier, which a
     * channel reading the signed result strictly would not match to its application.
     */
    static void requireNamesApplication(Exchange exchange, Element result, String correlationId) {
        String field = "correlationId";
        requireSame(result, field, DocumentFields.asWritten(result, pathOf(exchange, field)), correlationId);
    }

    /** The path the route file names for the result's {@code field} (variable {@code result.<field>}); null: none. */
    private static String pathOf(Exchange exchange, String field) {
        return exchange.getVariable("result." + field, String.class);
    }

    /** SCE020 (a signer mismatch) unless the result's {@code field}, as read, is what the gateway knows. */
    private static void requireSame(Element result, String field, String actual, String expected) {
        if (actual == null || !actual.equals(expected)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + result.getLocalName() + "'s " + field + " '"
                    + actual + "' does not match the application ('" + expected + "')");
        }
    }
}
