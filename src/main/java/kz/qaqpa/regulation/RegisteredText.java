package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.Instant;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.XsDateTime;
import org.apache.camel.Exchange;

/**
 * The status text the channel is told when the provider registers an application ({@link ProviderEvents#registered}).
 */
final class RegisteredText {
    private final Clock clock;
    private final StepPlans plans;
    private final AcceptanceText texts;

    RegisteredText(Clock clock, StepPlans plans, AcceptanceText texts) {
        this.clock = clock;
        this.plans = plans;
        this.texts = texts;
    }

    /**
     * The route's REGISTERED text with its placeholders filled in: {registrationNumber}, and {readyAt}, the date and
     * time the provider says the result will be ready (the notification's field at the route's document.readyAt,
     * then required, not in the past and not after the application's term; shown as {@link AcceptanceText#dateTime}
     * shows a term).
     */
    String fill(Exchange exchange, String number) {
        String text = exchange.getVariable("statusMessage", "", String.class).replace("{registrationNumber}", number);
        if (!text.contains("{readyAt}")) {
            return text;
        }
        String ready = DocumentFields.read(EventDocument.of(exchange),
                exchange.getVariable("document.readyAt", String.class));
        if (ready == null || ready.isEmpty()) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "this regulation's REGISTERED status must say when"
                    + " the result will be ready (readyAt)");
        }
        Instant readyAt = moment(ready);
        if (readyAt.isBefore(clock.instant())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "readyAt " + ready + " is already past");
        }
        requireWithinTheTerm(exchange, ready, readyAt);
        return text.replace("{readyAt}", texts.dateTime(exchange, readyAt));
    }

    private static Instant moment(String ready) {
        try {
            return XsDateTime.instant(ready);
        } catch (IllegalArgumentException e) {
            // the schema's xs:dateTime also takes a time without its offset (no moment) or a year past 9999
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "readyAt must be an xs:dateTime with its offset"
                    + " and a four-digit year, e.g. 2026-11-30T09:15:00+05:00; got '" + ready + "'");
        }
    }

    /**
     * The date the channel is told may not promise the result later than the regulation's norms allow: no later than
     * the planned due of the provider's steps after the registration (as a term extension moved them), where the
     * regulation gives them a term (seed 000 S3 gives none: nothing to hold the date to).
     */
    private void requireWithinTheTerm(Exchange exchange, String ready, Instant readyAt) {
        String correlationId = exchange.getVariable("application", Applications.Application.class).correlationId();
        String registration = exchange.getVariable("registeredStep", String.class);
        Instant term = null;
        boolean afterRegistration = false;
        for (StepPlans.Planned p : plans.of(correlationId)) {
            if (afterRegistration && p.dueAt() != null && !StepPlans.SERVICE_TERM.equals(p.stepId())
                    && (term == null || p.dueAt().toInstant().isAfter(term))) {
                term = p.dueAt().toInstant();
            }
            afterRegistration |= p.stepId().equals(registration);
        }
        if (term != null && readyAt.isAfter(term)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "readyAt " + ready + " is after the term the"
                    + " regulation's norms give the provider, " + texts.dateTime(exchange, term));
        }
    }
}
