package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import kz.qaqpa.catalogue.LoadedFlows;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The provider's terms do not run while it waits on the consumer (seed 002 para 8.10: the referral is formed after the
 * consumer's written consent to the offered place, an answer Table 3 gives no row and no term): when the provider
 * offers, the application's open planned steps are suspended, with no due time, so none goes overdue; the consumer's
 * answer (consent or not) plans them again from that moment, each its norm after the one before
 * ({@link RegulationPlan#resume}). The start's replan ({@link CalendarReplan}) makes them again from the same answer,
 * read from the status history ({@link #planAgain}): no mark in the plan's rows is needed.
 */
public final class ConsumerWait {
    /** The calls of the route's steps that suspend and resume (the progress template's offer and consent steps). */
    static final String SUSPEND = "consumerWait.suspend";
    static final String RESUME = "consumerWait.resume";
    private final RegulationPlan plan;
    private final StepPlans plans;
    private final StatusHistory history;
    private final Clock clock;

    /** @param clock the clock of regulation steps (qaqpa.clock): the consumer's answer is timed on it */
    public ConsumerWait(RegulationPlan plan, StepPlans plans, StatusHistory history, Clock clock) {
        this.plan = plan;
        this.plans = plans;
        this.history = history;
        this.clock = clock;
    }

    /** The ids of a progress route's steps that make an offer and that take the consumer's answer. */
    private record WaitSteps(Set<String> offers, Set<String> answers) {
    }

    /**
     * The provider now waits on the consumer: its open steps have no due time until the answer. Done in the event's
     * commit ({@link ApplicationEvents#PLAN_CHANGE}): an offer refused there suspends nothing.
     */
    public void suspend(Exchange exchange) {
        String correlationId = application(exchange).correlationId();
        exchange.setVariable(ApplicationEvents.PLAN_CHANGE, (Runnable) () -> plans.suspend(correlationId));
    }

    /**
     * The consumer answered: the suspended steps are due from now, in the progress route's order; in the event's
     * commit, as {@link #suspend}.
     */
    public void resume(Exchange exchange) {
        Applications.Application a = application(exchange);
        Instant answered = clock.instant();
        // the answer step ends at this moment in the history, so the start's replan counts from the same instant
        exchange.setVariable(StepRecorder.ENDED_AT, answered);
        OffsetDateTime now = answered.atOffset(ZoneOffset.UTC);
        CamelContext context = exchange.getContext();
        String progressRoute = exchange.getVariable("progressRoute", String.class);
        exchange.setVariable(ApplicationEvents.PLAN_CHANGE, (Runnable) () -> plan.resume(context, progressRoute,
                answered, plans.of(a.correlationId()))
                .forEach(p -> plans.reschedule(p.correlationId(), p.seq(), p.dueAt(), now)));
    }

    /**
     * At the start's replan: the steps the consumer's last answer to the provider's last offer planned, made again
     * from that answer on the calendar now loaded (the steps open at the answer, open now or ended since, each its norm
     * after the one before). Empty where the route makes no offer, none was answered, or the last offer still waits on
     * the consumer (then the suspended steps have no due time, and keep none).
     */
    public List<StepPlans.Planned> planAgain(CamelContext context, String progressRouteId, String correlationId,
                                             List<StepPlans.Planned> rows) {
        WaitSteps steps = waitSteps(context, progressRouteId);
        if (steps.answers().isEmpty()) {
            return List.of();
        }
        StatusHistory.Step answer = null;
        for (StatusHistory.Step step : history.of(correlationId)) {
            if (steps.offers().contains(step.stepId())) {
                answer = null;
            } else if (steps.answers().contains(step.stepId())) {
                answer = step;
            }
        }
        if (answer == null || answer.endedAt() == null) {
            return List.of();
        }
        Instant answered = answer.endedAt().toInstant();
        return plan.resume(context, progressRouteId, answered, rows.stream().map(r -> openAt(r, answered)).toList());
    }

    /** A row as it stood when the consumer answered: one not ended by then was suspended, with no due time. */
    private static StepPlans.Planned openAt(StepPlans.Planned row, Instant answered) {
        if (row.endedAt() != null && !row.endedAt().toInstant().isAfter(answered)) {
            return row;
        }
        return new StepPlans.Planned(row.correlationId(), row.seq(), row.stepId(), row.norm(), null, null,
                row.overdueNotifiedAt(), row.extension());
    }

    /** The route's offer and answer steps, from its flow as the start read it ({@link LoadedFlows}). */
    private static WaitSteps waitSteps(CamelContext context, String routeId) {
        return LoadedFlows.of(context).flow(routeId)
                .map(flow -> new WaitSteps(calling(flow.steps(), SUSPEND), calling(flow.steps(), RESUME)))
                .orElse(new WaitSteps(Set.of(), Set.of()));
    }

    private static Set<String> calling(List<RouteFlow.Step> steps, String call) {
        return steps.stream().filter(s -> s.calls().contains(call)).map(RouteFlow.Step::id).collect(Collectors.toSet());
    }

    private static Applications.Application application(Exchange exchange) {
        return exchange.getVariable("application", Applications.Application.class);
    }
}
