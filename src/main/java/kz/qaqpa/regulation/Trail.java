package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.XmlCharacters;
import org.apache.camel.Exchange;

/**
 * Writes an exchange's recorded steps into the status history. A step keeps the due time planned for it when the
 * application was accepted ({@link RegulationPlan}); a step measured from the consumer's arrival is due its norm
 * after the arrival the channel reported (variable {@value #ARRIVED_AT}); any other step its norm after it began.
 */
public final class Trail {
    /** The store's width of a step's outcome (status_history.outcome, VARCHAR(1000)). */
    private static final int OUTCOME_CHARS = 1000;
    private static final String ELLIPSIS = "...";
    /** Exchange variable: when the channel says the consumer arrived (front-office steps start then). */
    public static final String ARRIVED_AT = "arrivedAt";
    private final Database db;
    private final StatusHistory history;
    private final StepPlans plans;
    private final ServiceCalendars calendars;

    /**
     * @param calendars the working days and the zone where each regulation's days begin and end (qaqpa.calendar,
     *                  the service's zone)
     */
    public Trail(Database db, StatusHistory history, StepPlans plans, ServiceCalendars calendars) {
        this.db = db;
        this.history = history;
        this.plans = plans;
        this.calendars = calendars;
    }

    /** When a step measured by {@code norm} from {@code start} is due, on the regulation's {@code calendar}. */
    public Instant due(WorkingCalendar calendar, String norm, Norm.Start start) {
        return Norm.parse(norm).dueFrom(start, calendar);
    }

    /**
     * When a step whose term was extended is due, from the due time {@code planned} its own norm gives from
     * {@code start}, no later than the extension's bound from there ({@link ExtendedTerm#dueFrom(Instant, Instant,
     * WorkingCalendar)}), on the regulation's {@code calendar}.
     */
    public Instant due(WorkingCalendar calendar, ExtendedTerm extension, Instant planned, Norm.Start start) {
        return extension.dueFrom(planned, start, calendar);
    }

    /**
     * @param awaitingSince when the first step of this exchange really began (the previous step's end), for steps
     *                      that wait on a person, such as the ЖАО employee's decision; null = the step's own start
     */
    public void persist(Exchange exchange, String correlationId, Instant awaitingSince) {
        persist(exchange, correlationId, awaitingSince, stepId -> true);
    }

    /**
     * As {@link #persist}, for the application accepted in the current transaction, whose whole plan {@code plan} that
     * transaction has just written: a step the plan does not name has no planned row, so the store is not asked for
     * one (the intake's steps are the checks before the plan's first step: four look-ups an intake that found nothing,
     * store48). A step it names is read from the store as {@link #persist} reads it.
     */
    public void persistAccepted(Exchange exchange, String correlationId, List<StepPlans.Planned> plan) {
        Set<String> planned = plan.stream().map(StepPlans.Planned::stepId).collect(Collectors.toSet());
        persist(exchange, correlationId, null, planned::contains);
    }

    /** @param mayBePlanned false for a step known to have no planned row */
    private void persist(Exchange exchange, String correlationId, Instant awaitingSince,
                         Predicate<String> mayBePlanned) {
        Instant arrivedAt = exchange.getVariable(ARRIVED_AT, Instant.class);
        WorkingCalendar calendar = calendars.of(exchange);
        List<TrailEntry> trail = StepRecorder.trail(exchange);
        List<TrailEntry> written = List.copyOf(trail);
        boolean first = true;
        // one INSERT after the loop: nothing in it reads the history (perf58b)
        List<StatusHistory.Step> steps = new ArrayList<>();
        for (TrailEntry e : written) {
            Instant start = first && awaitingSince != null ? awaitingSince : e.startedAt();
            first = false;
            if (RegulationPlan.FROM_ARRIVAL.equals(e.normFrom()) && arrivedAt != null) {
                start = arrivedAt;
            }
            // read once: its due time goes into the history, and it ends with the step
            Optional<StepPlans.Planned> planned = mayBePlanned.test(e.stepId())
                    ? plans.open(correlationId, e.stepId()) : Optional.empty();
            steps.add(new StatusHistory.Step(correlationId, e.stepId(), e.description(), e.norm(), at(start),
                    at(dueOf(calendar, planned, e, start)), at(e.endedAt()), bounded(e.outcome())));
            planned.ifPresent(p -> plans.end(p, at(e.endedAt())));
        }
        history.append(steps);
        trail.clear();
        // a transaction rolled back and run again (a serialization failure, Database#inTransaction) writes them again:
        // cleared for good, its retry committed the status change without its history (review50)
        db.onRollback(() -> trail.addAll(0, written));
    }

    /**
     * The final result is out (a refusal included): the steps still planned after it are not awaited any more, so
     * none of them can go overdue.
     */
    public void closePlan(String correlationId, Instant at) {
        plans.endAll(correlationId, at(at));
    }

    /**
     * The final result is out, but {@code awaited} still runs after it (a refusal's hand-over): every other planned
     * step ends at {@code at}; that one stays open, due as {@code awaited} says.
     */
    public void closePlanAwaiting(String correlationId, Instant at, RefusalHandOverTerm.Awaited awaited) {
        plans.endAllBut(correlationId, at(at), awaited.stepId(), awaited.norm(), at(awaited.due()));
    }

    private Instant dueOf(WorkingCalendar calendar, Optional<StepPlans.Planned> planned, TrailEntry e, Instant start) {
        if (e.norm() == null || e.norm().isBlank()) {   // a row the table gives no time (seed 001)
            return null;
        }
        return planned.map(StepPlans.Planned::dueAt).map(OffsetDateTime::toInstant)
                .orElseGet(() -> due(calendar, e.norm(), Norm.Start.event(start)));   // a step's real start is an event
    }

    /** Outcomes may quote a refusal's reason; the store keeps the first {@value #OUTCOME_CHARS} characters. */
    private static String bounded(String outcome) {
        return outcome == null || outcome.length() <= OUTCOME_CHARS ? outcome
                : XmlCharacters.cut(outcome, OUTCOME_CHARS - ELLIPSIS.length()) + ELLIPSIS;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
