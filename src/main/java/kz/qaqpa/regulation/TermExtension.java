package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * The provider extends a step's term where the regulation allows it (seed 003, Table 3 action 6: «15 тен 30 күн
 * күнтізбелік күнге дейін (жекелеген жағдайларда 6 айға дейін)»), with a reason: a NOTIFICATION whose status is
 * TERM_EXTENDED and whose {@code extension} gives {@code newDueDate} (the last day of the new term) or
 * {@code extraDays} (added to the current due time in the route's {@code termExtensionUnit}) and {@code reason}.
 *
 * <p>The route names the step whose term may be extended ({@code termExtensionStep}) and the longest term the text
 * allows the step ({@code termExtensionMaximum}, a {@link Norm}), counted from where the step's own norm counts: the
 * action's start as planned (session 33; seed 003 Table 3 action 6's «Орындау мерзімі», the action's execution term,
 * is «15 тен 30 күн күнтізбелік күнге дейін (жекелеген жағдайларда 6 айға дейін)»; until then the bound counted from
 * the acceptance). The step must still be open and the new due time later than the current one and within the
 * maximum; the new due time is the step's own due time extended by every extension so far and this one
 * ({@link ExtendedTerm}, which adds them up by unit), and the maximum is kept with them, so that a calendar replan
 * never makes the term longer than the text allows. The step and every open step planned after
 * it are planned again from the new due time, and so is the service term ({@link RegulationPlan#replan}); the step's
 * plan keeps the extension as data ({@link ExtendedTerm}), so that the start's calendar replan makes the extended term
 * again by it, whatever the route calls the extension's step; the extension is a step of the status history with the
 * old and new due times and the reason; the channel and the observers are told (status code TERM_EXTENDED, the route's
 * text with the new date and the reason). The application's own status does not change. The extension and the replan
 * are written in the event's one transaction ({@link ApplicationEvents#PLAN_CHANGE}, terms44), as its history step
 * and notifications are: an event refused at the commit extends nothing.
 */
public final class TermExtension {
    /** The status code the channels are told with; the application keeps its status. */
    public static final String STATUS = "TERM_EXTENDED";
    private final RegulationPlan plan;
    private final StepPlans plans;
    private final ServiceCalendars calendars;
    private final Clock clock;

    /** @param calendars the days of the application's service, in its regulation's zone (the bound, the named day) */
    public TermExtension(RegulationPlan plan, StepPlans plans, ServiceCalendars calendars, Clock clock) {
        this.clock = clock;
        this.plan = plan;
        this.plans = plans;
        this.calendars = calendars;
    }

    public void extend(Exchange exchange) {
        Element extension = extension(exchange);
        String reason = reason(extension);
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        WorkingCalendar calendar = calendars.of(a.serviceId());
        String stepId = exchange.getVariable("termExtensionStep", String.class);
        StepPlans.Planned step = openStep(a, stepId);
        String route = exchange.getVariable("progressRoute", String.class);
        RegulationPlan.StepTerm own = ownTerm(exchange, a, route, stepId);
        NewTerm term = newTerm(exchange, calendar, extension, step, own.ownDue());
        Norm maximum = requireAllowed(exchange, calendar, term.due(), step, own.start(), stepId);
        String extended = term.extension().atMost(maximum).stored();
        CamelContext context = exchange.getContext();
        // in the event's commit (terms44): an extension the commit refuses (a messageId another message took at the
        // same moment, a store error) extends and replans nothing
        exchange.setVariable(ApplicationEvents.PLAN_CHANGE, (Runnable) () -> {
            plans.extend(a.correlationId(), step.seq(), extended);
            replanFrom(context, a, route, stepId, term.due());
        });
        tell(exchange, calendar, stepId, step.dueAt().toInstant(), term.due(), reason.trim());
    }

    private static String reason(Element extension) {
        String reason = EventDocument.text(extension, "reason");
        if (!VisibleText.shows(reason)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "an extension of the term must give its reason"
                    + " in visible characters");
        }
        return reason;
    }

    /** The step's planned row, while it is open and has a due time: only such a term can be extended. */
    private StepPlans.Planned openStep(Applications.Application a, String stepId) {
        return plans.open(a.correlationId(), stepId).filter(p -> p.dueAt() != null)
                .orElseThrow(() -> new ShepException(FaultCode.TERM_EXTENSION_REFUSED, "the term of step " + stepId
                        + " of application '" + a.correlationId() + "' is over or was never planned: nothing to extend"));
    }

    /**
     * The longest term the route allows the step (termExtensionMaximum), once the new due time {@code extended} is
     * later than the step's current one and within that maximum counted from the step's {@code start}.
     */
    private static Norm requireAllowed(Exchange exchange, WorkingCalendar calendar, Instant extended,
                                       StepPlans.Planned step, Norm.Start start, String stepId) {
        Instant current = step.dueAt().toInstant();
        String maximum = exchange.getVariable("termExtensionMaximum", String.class);
        Instant limit = Norm.parse(maximum).dueFrom(start, calendar);
        if (!extended.isAfter(current)) {
            throw new ShepException(FaultCode.TERM_EXTENSION_REFUSED, "the new term " + day(calendar, extended)
                    + " does not extend the current one (" + day(calendar, current) + ")");
        }
        if (extended.isAfter(limit)) {
            throw new ShepException(FaultCode.TERM_EXTENSION_REFUSED, "the regulation allows at most " + maximum
                    + " from the start of " + stepId + " (until " + day(calendar, limit) + "), not until "
                    + day(calendar, extended));
        }
        return Norm.parse(maximum);
    }

    /** The step and every open step planned after it, and the service term, planned again from the new due time. */
    private void replanFrom(CamelContext context, Applications.Application a, String route, String stepId,
                            Instant extended) {
        plan.replan(context, route, stepId, extended,
                plans.of(a.correlationId())).forEach(p -> plans.reschedule(p.correlationId(), p.seq(),
                p.dueAt(), OffsetDateTime.now(clock)));
    }

    /** What the channels are told (the route's text with the new date and the reason) and the trail's outcome. */
    private static void tell(Exchange exchange, WorkingCalendar calendar, String stepId, Instant current,
                             Instant extended, String reason) {
        exchange.setVariable(ApplicationEvents.NOTIFIED_STATUS, STATUS);
        exchange.setVariable("statusMessage", exchange.getVariable("statusMessage", String.class) + ": "
                + day(calendar, extended) + ". " + reason);
        exchange.setVariable("outcome", "term of " + stepId + " extended from " + day(calendar, current) + " to "
                + day(calendar, extended) + ": " + reason);
    }

    /**
     * Where the step's own norm counts from and the due time it gives, as the plan is made again; for a plan kept whole
     * since before store V21 (which cannot be made again), or a step the route no longer plans, the acceptance and
     * no due time (the extension then counts from the step's current due time, as before session 33).
     */
    private RegulationPlan.StepTerm ownTerm(Exchange exchange, Applications.Application a, String route, String stepId) {
        List<StepPlans.Planned> rows = plans.of(a.correlationId());
        RegulationPlan.StepTerm unknown = new RegulationPlan.StepTerm(Norm.Start.event(a.createdAt().toInstant()),
                null);
        if (rows.stream().anyMatch(r -> ExtendedTerm.of(r.extension()).kept())) {
            return unknown;
        }
        return plan.termOf(exchange.getContext(), route, a.createdAt().toInstant(), rows, stepId).orElse(unknown);
    }

    private static Element extension(Exchange exchange) {
        Element extension = EventDocument.element(EventDocument.of(exchange), "extension");
        if (extension == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a " + STATUS + " status must carry the extension");
        }
        return extension;
    }

    /** The step's new due time, and its extensions with this one (kept with the step: a replan makes it again by them). */
    private record NewTerm(Instant due, ExtendedTerm extension) {
    }

    /**
     * The end of {@code newDueDate}, or {@code extraDays} of the route's unit added to the step's extensions so far,
     * from the due time its own norm gives ({@code ownDue}; a plan kept whole since before store V21, or a step the
     * route no longer plans: after the step's current due time).
     */
    private static NewTerm newTerm(Exchange exchange, WorkingCalendar calendar, Element extension,
                                   StepPlans.Planned step, Instant ownDue) {
        String date = EventDocument.text(extension, "newDueDate");
        String days = EventDocument.text(extension, "extraDays");
        ExtendedTerm before = ExtendedTerm.of(step.extension());
        try {
            if (date != null) {
                // xs:date may carry a zone ('2026-04-10+05:00', '2026-04-10Z'): the day as printed, as
                // ResultRequirements.day reads a result's date (session 41)
                LocalDate lastDay = LocalDate.parse(date, DateTimeFormatter.ISO_DATE);
                return new NewTerm(calendar.startOf(lastDay.plusDays(1)), before.until(lastDay));
            }
            if (days != null) {
                Norm norm = Norm.parse(days + " " + exchange.getVariable("termExtensionUnit", String.class));
                ExtendedTerm after = before.by(norm);
                return new NewTerm(before.kept() || ownDue == null ? norm.dueAfter(step.dueAt().toInstant(), calendar)
                        : after.dueFrom(ownDue, calendar), after);
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the extension's new term cannot be read: " + e.getMessage());
        }
        throw new ShepException(FaultCode.MALFORMED_MESSAGE, "an extension gives newDueDate or extraDays");
    }

    /** The last day of a term ending at {@code due} (a day norm ends at 00:00 of the next day), local date. */
    private static String day(WorkingCalendar calendar, Instant due) {
        return calendar.dateOf(due.minusNanos(1)).toString();
    }
}
