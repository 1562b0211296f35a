package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, the running terms made again on the calendar now loaded (docs/deadlines.md, "A calendar or norm changed
 * while applications are in flight"): the texts count «N жұмыс күні» and a decree decides which days are working, so a
 * day moved by a decree inside a running term moves the term. Each open plan is made again from its acceptance with
 * the norms and term extensions stored with it ({@link RegulationPlan#planAgain}), the steps a consumer's answer to an
 * offer planned again from that answer ({@link ConsumerWait#planAgain}; those still waiting on the consumer keep no due
 * time); only its open steps whose due time differs are written; a refusal's hand-over still open after the refusal is made again from the refusal's end
 * ({@link RefusalHandOverTerm}). A plan extended before store version 21 ({@link ExtendedTerm#kept}) is kept. Bounded: the
 * applications with an open planned step, in batches, each batch's applications and plans read in one query each.
 */
public final class CalendarReplan {
    private static final Logger LOG = LoggerFactory.getLogger(CalendarReplan.class);
    private static final int BATCH = 500;
    private final Applications applications;
    private final StepPlans plans;
    private final ServiceRegistry services;
    private final RegulationPlan regulationPlan;
    private final RefusalHandOverTerm refusalHandOver;
    private final ConsumerWait consumerWait;
    private final Clock clock;

    public CalendarReplan(Applications applications, StepPlans plans, ServiceRegistry services,
                          RegulationPlan regulationPlan, RefusalHandOverTerm refusalHandOver,
                          ConsumerWait consumerWait, Clock clock) {
        this.clock = clock;
        this.consumerWait = consumerWait;
        this.refusalHandOver = refusalHandOver;
        this.applications = applications;
        this.plans = plans;
        this.services = services;
        this.regulationPlan = regulationPlan;
    }

    /** @return how many planned steps moved */
    public int run(CamelContext context) {
        int moved = 0;
        String after = "";
        List<String> batch;
        while (!(batch = plans.openPlans(after, BATCH)).isEmpty()) {
            moved += replan(context, batch);
            after = batch.get(batch.size() - 1);
        }
        if (moved > 0) {
            LOG.info("{} planned step(s) of applications in flight moved to the working-day calendar loaded", moved);
        }
        return moved;
    }

    private int replan(CamelContext context, List<String> batch) {
        Map<String, Applications.Application> byId = applications.byCorrelationIds(batch).stream()
                .collect(Collectors.toMap(Applications.Application::correlationId, Function.identity()));
        Map<String, List<StepPlans.Planned>> planOf = plans.of(batch);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int moved = 0;
        for (String correlationId : batch) {
            moved += replan(context, byId.get(correlationId), planOf.getOrDefault(correlationId, List.of()), now);
        }
        return moved;
    }

    private int replan(CamelContext context, Applications.Application a, List<StepPlans.Planned> rows,
                       OffsetDateTime now) {
        String progress = a == null ? null : services.progressRoute(a.serviceId(), a.channel());
        if (progress == null || regulationPlan.plannedStepIds(context, progress).isEmpty() || keptWhole(rows)) {
            return 0;
        }
        Map<String, OffsetDateTime> again = new HashMap<>(dues(regulationPlan.planAgain(context, progress,
                a.createdAt().toInstant(), rows)));
        // the steps a consumer's answer planned again run from the answer, not from the acceptance (wait43)
        again.putAll(dues(consumerWait.planAgain(context, progress, a.correlationId(), rows)));
        int moved = 0;
        for (StepPlans.Planned row : rows) {
            // a refusal's hand-over runs from the refusal, not from the acceptance (the plan has no due time for it)
            OffsetDateTime due = refusalHandOver.dueAgain(context, a, row).map(at -> at.atOffset(ZoneOffset.UTC))
                    .orElse(again.get(row.stepId()));
            if (row.endedAt() == null && row.dueAt() != null && due != null && !due.isEqual(row.dueAt())) {
                plans.reschedule(a.correlationId(), row.seq(), due, now);
                moved++;
            }
        }
        return moved;
    }

    private static Map<String, OffsetDateTime> dues(List<StepPlans.Planned> planned) {
        return planned.stream().filter(p -> p.dueAt() != null)
                .collect(Collectors.toMap(StepPlans.Planned::stepId, StepPlans.Planned::dueAt, (x, y) -> x));
    }

    /** A plan extended before the extension was kept as data (store V21): made again, it would lose the extension. */
    private static boolean keptWhole(List<StepPlans.Planned> rows) {
        return rows.stream().anyMatch(r -> ExtendedTerm.of(r.extension()).kept());
    }
}
