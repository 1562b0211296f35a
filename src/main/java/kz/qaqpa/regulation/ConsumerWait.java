package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.OffsetDateTime;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.Exchange;

/**
 * The provider's terms do not run while it waits on the consumer (seed 002 para 8.10: the referral is formed after the
 * consumer's written consent to the offered place, an answer Table 3 gives no row and no term): when the provider
 * offers, the application's open planned steps are suspended, with no due time, so none goes overdue; the consumer's
 * answer (consent or not) plans them again from that moment, each its norm after the one before
 * ({@link RegulationPlan#resume}).
 */
public final class ConsumerWait {
    private final RegulationPlan plan;
    private final StepPlans plans;
    private final Clock clock;

    /** @param clock the clock of regulation steps (qaqpa.clock): the consumer's answer is timed on it */
    public ConsumerWait(RegulationPlan plan, StepPlans plans, Clock clock) {
        this.plan = plan;
        this.plans = plans;
        this.clock = clock;
    }

    /** The provider now waits on the consumer: its open steps have no due time until the answer. */
    public void suspend(Exchange exchange) {
        plans.suspend(application(exchange).correlationId());
    }

    /** The consumer answered: the suspended steps are due from now, in the progress route's order. */
    public void resume(Exchange exchange) {
        Applications.Application a = application(exchange);
        OffsetDateTime now = OffsetDateTime.now(clock);
        plan.resume(exchange.getContext(), exchange.getVariable("progressRoute", String.class), now.toInstant(),
                plans.of(a.correlationId())).forEach(p -> plans.reschedule(p.correlationId(), p.seq(), p.dueAt(), now));
    }

    private static Applications.Application application(Exchange exchange) {
        return exchange.getVariable("application", Applications.Application.class);
    }
}
