package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kz.qaqpa.catalogue.LoadedFlows;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.CamelContext;

/**
 * Plans, when an application is accepted, the due time of every step its channel's progress route will go
 * through: the route's steps that carry a norm, in the route's order (the route file maps them to the action
 * table's rows in the table's order), each due its norm after the due time of the step before, or after the
 * acceptance where the step's {@code normFrom} says so (then the next step runs from the later of the two), or from
 * where the step before it started ({@code previous-start}: the two are alternatives after one check, such as the
 * refusal or the result, each with its own term; where that step is not in the plan, an application accepted before
 * the route gave it a term, there is no alternative and the step counts from the due time before it, as it did then:
 * reg48a, seed 004's refusal for the documents). A step measured from the consumer's arrival cannot be
 * planned: it is listed without a due time. The last row is the whole service's term: the last planned due time
 * of the steps that bound it (none where no such step of the channel has a planned time, or where the text gives the
 * channel's result no term: {@code noServiceTerm}, seed 001's tables that stop at the registration). A step whose term is its
 * branch's only ({@code inServiceTerm: false}: seed 000's return «where errors are found», Table 2) is planned as any
 * other (a refusal after it is late), but does not make the service's term, and its running out is not told
 * ({@link BranchOnlyTerms}).
 */
public final class RegulationPlan {
    public static final String FROM_ACCEPTANCE = "acceptance";
    public static final String FROM_ARRIVAL = "arrival";
    /** The step is the other branch of the one planned before it: it starts where that one started. */
    public static final String FROM_PREVIOUS_START = "previous-start";
    private static final String EXTENDED_STEP = "termExtensionStep";
    /**
     * Route variable (the progress template's {@code noServiceTerm}): "true" where the text gives the channel's result
     * no term, so the service has none; its steps keep their own terms, told as any other's (reg48b).
     */
    private static final String NO_SERVICE_TERM = "noServiceTerm";
    private final Trail trail;
    private final ServiceCalendars calendars;

    /** @param calendars each route's days: those of the service it belongs to, in its regulation's zone */
    public RegulationPlan(Trail trail, ServiceCalendars calendars) {
        this.trail = trail;
        this.calendars = calendars;
    }

    /** A step of a progress route that has a norm; {@code inServiceTerm}: its due time bounds the service's term. */
    public record PlannedStep(String stepId, String norm, String normFrom, boolean inServiceTerm) {
    }

    public List<StepPlans.Planned> plan(CamelContext context, String progressRouteId, String correlationId,
                                        Instant acceptedAt) {
        return plan(context, progressRouteId, correlationId, acceptedAt, step -> true, PlannedStep::norm,
                step -> ExtendedTerm.of(null), new HashMap<>());
    }

    /**
     * The plan of an application made again from its acceptance on the calendar now loaded, with the norms stored in
     * its plan {@code rows} (a norm changed in the route file since does not move it; a step added to the route since is
     * not planned, so it moves no term it was not part of): a decree that moved a day inside a running term moves the
     * term (docs/deadlines.md). A step whose term was extended is due by its extensions ({@link ExtendedTerm}, kept in
     * its row) from the due time its own norm gives, and what follows it is planned from there, as at the extension.
     * The rows of a plan extended before store version 21 ({@link ExtendedTerm#kept}) cannot be made again: the
     * caller keeps that plan.
     */
    public List<StepPlans.Planned> planAgain(CamelContext context, String progressRouteId, Instant acceptedAt,
                                             List<StepPlans.Planned> rows) {
        return planAgain(context, progressRouteId, acceptedAt, rows, new HashMap<>());
    }

    /**
     * Where a step's own norm counts from and the due time it gives, before any extension, as the plan is made again
     * ({@link #planAgain}): what a term extension of the step is measured by. Empty where the route plans no such step
     * or the step waits on the consumer's arrival.
     */
    public record StepTerm(Norm.Start start, Instant ownDue) {
    }

    public Optional<StepTerm> termOf(CamelContext context, String progressRouteId, Instant acceptedAt,
                                     List<StepPlans.Planned> rows, String stepId) {
        Map<String, StepTerm> terms = new HashMap<>();
        planAgain(context, progressRouteId, acceptedAt, rows, terms);
        return Optional.ofNullable(terms.get(stepId));
    }

    private List<StepPlans.Planned> planAgain(CamelContext context, String progressRouteId, Instant acceptedAt,
                                              List<StepPlans.Planned> rows, Map<String, StepTerm> terms) {
        Map<String, String> stored = new HashMap<>();
        Map<String, ExtendedTerm> extended = new HashMap<>();
        rows.stream().filter(r -> r.norm() != null).forEach(r -> stored.putIfAbsent(r.stepId(), r.norm()));
        Map<String, Norm> bounds = extensionBounds(context, progressRouteId);
        rows.stream().filter(r -> r.extension() != null).forEach(r -> extended.putIfAbsent(r.stepId(),
                ExtendedTerm.of(r.extension()).boundedBy(bounds.get(r.stepId()))));
        String correlationId = rows.isEmpty() ? null : rows.get(0).correlationId();
        Set<String> named = rows.stream().map(StepPlans.Planned::stepId).collect(Collectors.toSet());
        return plan(context, progressRouteId, correlationId, acceptedAt, step -> named.contains(step.stepId()),
                step -> stored.getOrDefault(step.stepId(), step.norm()),
                step -> extended.getOrDefault(step.stepId(), ExtendedTerm.of(null)), terms);
    }

    private List<StepPlans.Planned> plan(CamelContext context, String progressRouteId, String correlationId,
                                         Instant acceptedAt, Predicate<PlannedStep> planned,
                                         Function<PlannedStep, String> norm,
                                         Function<PlannedStep, ExtendedTerm> extension, Map<String, StepTerm> terms) {
        List<StepPlans.Planned> rows = new ArrayList<>();
        WorkingCalendar calendar = calendars.ofRoute(progressRouteId);
        Norm.Start acceptance = Norm.Start.event(acceptedAt);
        Norm.Start previous = acceptance;
        Norm.Start previousStart = acceptance;
        Instant serviceDue = null;
        // whether the route's step before this one is in this plan: a previous-start step counts from its
        // alternative's start only where that alternative is planned (reg48a)
        boolean alternativePlanned = true;
        for (PlannedStep step : steps(context, progressRouteId)) {
            if (!planned.test(step)) {
                alternativePlanned = false;
                continue;
            }
            Instant due = null;
            if (!FROM_ARRIVAL.equals(step.normFrom())) {
                Norm.Start start = start(step, acceptance, alternativePlanned ? previousStart : previous, previous);
                Instant own = trail.due(calendar, norm.apply(step), start);
                terms.putIfAbsent(step.stepId(), new StepTerm(start, own));
                due = extended(calendar, own, start, extension.apply(step));
                previousStart = start;
                previous = later(due, previous);
                serviceDue = step.inServiceTerm() ? latest(serviceDue, due) : serviceDue;
            }
            alternativePlanned = true;
            rows.add(new StepPlans.Planned(correlationId, rows.size(), step.stepId(), norm.apply(step), at(due), null,
                    null, extension.apply(step).stored()));
        }
        // a channel whose steps have no time of their own has no term either (not one that ends at the acceptance)
        rows.add(new StepPlans.Planned(correlationId, rows.size(), StepPlans.SERVICE_TERM, null, at(serviceDue), null,
                null));
        return rows;
    }

    private static Instant latest(Instant serviceDue, Instant due) {
        return serviceDue == null || due.isAfter(serviceDue) ? due : serviceDue;
    }

    /**
     * What the next step runs from: a step fixed from the acceptance may fall before the one planned above it (a
     * refusal's shorter term next to the result's), so the later of the two; the step just planned where they are
     * equal (a due time, not the acceptance it may coincide with: depth42).
     */
    private static Norm.Start later(Instant due, Norm.Start previous) {
        return due.isBefore(previous.at()) ? previous : Norm.Start.dueTime(due);
    }

    /**
     * The plan of an application after the term of {@code stepId} moved to {@code newDue} (a term extension): that
     * step and every planned step after it that has not ended, each planned again as at acceptance from the one
     * before (a step measured from the acceptance keeps its time), and the service term. {@code rows} is the
     * application's plan in order; only the open rows that move are returned.
     */
    public List<StepPlans.Planned> replan(CamelContext context, String progressRouteId, String stepId, Instant newDue,
                                          List<StepPlans.Planned> rows) {
        Map<String, PlannedStep> steps = byId(context, progressRouteId);
        Set<String> withoutAlternative = withoutAlternative(steps(context, progressRouteId), rows);
        WorkingCalendar calendar = calendars.ofRoute(progressRouteId);
        List<StepPlans.Planned> moved = new ArrayList<>();
        Norm.Start previous = null;
        Norm.Start previousStart = null;   // null: the extended step's start, which does not move
        Instant serviceDue = null;
        for (StepPlans.Planned row : rows) {
            Instant due;
            if (row.stepId().equals(stepId)) {
                due = newDue;
                previous = Norm.Start.dueTime(newDue);
                PlannedStep extended = steps.get(row.stepId());
                serviceDue = extended == null || extended.inServiceTerm() ? newDue : null;
            } else if (previous != null && StepPlans.SERVICE_TERM.equals(row.stepId())) {
                moved.add(due(row, serviceDue));
                continue;
            } else if (previous != null && row.dueAt() != null) {
                PlannedStep step = Optional.ofNullable(steps.get(row.stepId())).orElseThrow(() ->
                        new IllegalStateException("step " + row.stepId() + " is not planned by " + progressRouteId));
                Norm.Start start = start(step, null, withoutAlternative.contains(step.stepId()) ? previous
                        : previousStart, previous);
                due = start == null ? row.dueAt().toInstant() : trail.due(calendar, step.norm(), start);
                previousStart = start;
                previous = later(due, previous);
                serviceDue = step.inServiceTerm() ? latest(serviceDue, due) : serviceDue;
            } else {
                continue;
            }
            if (row.endedAt() == null) {
                moved.add(due(row, due));
            }
        }
        return moved;
    }

    /**
     * The steps of the route whose step before it is not in the plan {@code rows}: a {@code previous-start} step among
     * them counts from the due time before it, as {@link #plan} made it (reg48a), also when an extension moves it
     * (reg48d).
     */
    private static Set<String> withoutAlternative(List<PlannedStep> route, List<StepPlans.Planned> rows) {
        Set<String> named = rows.stream().map(StepPlans.Planned::stepId).collect(Collectors.toSet());
        Set<String> without = new HashSet<>();
        for (int i = 1; i < route.size(); i++) {
            if (!named.contains(route.get(i - 1).stepId())) {
                without.add(route.get(i).stepId());
            }
        }
        return without;
    }

    /**
     * The open steps suspended while the provider waited on the consumer ({@link ConsumerWait}: open, planned by the
     * route, with a norm, not measured from the consumer's arrival, and no due time) planned again from
     * {@code answeredAt}, each its norm after the one before, and the service term after the last; only those rows are
     * returned.
     */
    public List<StepPlans.Planned> resume(CamelContext context, String progressRouteId, Instant answeredAt,
                                          List<StepPlans.Planned> rows) {
        Map<String, PlannedStep> steps = byId(context, progressRouteId);
        WorkingCalendar calendar = calendars.ofRoute(progressRouteId);
        List<StepPlans.Planned> moved = new ArrayList<>();
        Norm.Start previous = Norm.Start.event(answeredAt);
        Instant serviceDue = null;
        for (StepPlans.Planned row : rows) {
            if (row.endedAt() != null || row.dueAt() != null) {
                continue;
            }
            PlannedStep step = steps.get(row.stepId());
            if (StepPlans.SERVICE_TERM.equals(row.stepId()) && serviceDue != null) {
                moved.add(due(row, serviceDue));
            } else if (step != null && !FROM_ARRIVAL.equals(step.normFrom()) && row.norm() != null
                    && !row.norm().isBlank()) {
                Instant due = trail.due(calendar, row.norm(), previous);
                moved.add(due(row, due));
                previous = Norm.Start.dueTime(due);
                serviceDue = step.inServiceTerm() ? latest(serviceDue, due) : serviceDue;
            }
        }
        return moved;
    }

    private Instant extended(WorkingCalendar calendar, Instant planned, Norm.Start start, ExtendedTerm extension) {
        return extension.isNone() ? planned : trail.due(calendar, extension, planned, start);
    }

    /**
     * Where a step's norm counts from, as chosen (the acceptance, an event whose day is never counted, or a start
     * carried from the steps planned before, each with its origin); null where that start is fixed (the acceptance,
     * when replanning). depth42: the origin was told afterwards by comparing the instant with the acceptance's.
     */
    private static Norm.Start start(PlannedStep step, Norm.Start acceptance, Norm.Start previousStart,
                                    Norm.Start previousDue) {
        return FROM_ACCEPTANCE.equals(step.normFrom()) ? acceptance
                : FROM_PREVIOUS_START.equals(step.normFrom()) ? previousStart : previousDue;
    }

    private static StepPlans.Planned due(StepPlans.Planned row, Instant due) {
        return new StepPlans.Planned(row.correlationId(), row.seq(), row.stepId(), row.norm(), at(due), row.endedAt(),
                null, row.extension());
    }

    /** The ids of the steps {@code routeId} plans, or empty when no such route is loaded. */
    public Optional<Set<String>> plannedStepIds(CamelContext context, String routeId) {
        return LoadedFlows.of(context).flow(routeId)
                .map(flow -> planned(flow).stream().map(PlannedStep::stepId).collect(Collectors.toSet()));
    }

    /**
     * The longest term the route allows each step it lets the provider extend ({@code termExtensionStep} with its
     * {@code termExtensionMaximum}, as {@link TermExtension} reads them), for the extensions stored without their bound
     * (before session 33); from the route's flow as the start read it.
     */
    private static Map<String, Norm> extensionBounds(CamelContext context, String routeId) {
        return LoadedFlows.of(context).flow(routeId).map(flow -> flow.steps().stream()
                .map(RouteFlow.Step::variables)
                .filter(v -> !blank(v.get(EXTENDED_STEP)) && !blank(v.get(StepTerms.EXTENSION_MAXIMUM)))
                .collect(Collectors.toMap(v -> v.get(EXTENDED_STEP), v -> Norm.parse(v.get(StepTerms.EXTENSION_MAXIMUM)),
                        (a, b) -> a))).orElse(Map.of());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** The route's steps with a norm, in order, from its flow as the start read it ({@link LoadedFlows}). */
    public List<PlannedStep> steps(CamelContext context, String routeId) {
        return planned(LoadedFlows.of(context).flow(routeId)
                .orElseThrow(() -> new IllegalStateException("no route " + routeId + " to plan the steps of")));
    }

    /** {@link #steps} by id, looked up once per row (a step listed twice: its first place, as the plan takes it). */
    private Map<String, PlannedStep> byId(CamelContext context, String routeId) {
        Map<String, PlannedStep> steps = new HashMap<>();
        steps(context, routeId).forEach(step -> steps.putIfAbsent(step.stepId(), step));
        return steps;
    }

    private static List<PlannedStep> planned(RouteFlow flow) {
        boolean serviceTermless = "true".equals(flow.settings().get(NO_SERVICE_TERM));
        return flow.steps().stream()
                .filter(step -> step.norm() != null && !step.norm().isBlank())
                .map(step -> new PlannedStep(step.id(), step.norm(), step.variables().get(StepTerms.NORM_FROM),
                        !serviceTermless && !BranchOnlyTerms.bindsOnlyItsBranch(step)))
                .toList();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
