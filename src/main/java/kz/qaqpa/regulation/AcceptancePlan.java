package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.Exchange;

/**
 * What an application is accepted with, at the moment of its acceptance: the due time of every step it will go through
 * ({@link RegulationPlan}) and the status text the channels are told, naming its term ({@link AcceptanceText}).
 */
public final class AcceptancePlan {
    private final RegulationPlan plan;
    private final Clock clock;
    private final AcceptanceText acceptanceText;

    public AcceptancePlan(RegulationPlan plan, Clock clock, AcceptanceText acceptanceText) {
        this.plan = plan;
        this.clock = clock;
        this.acceptanceText = acceptanceText;
    }

    /** The application accepted now: when, its steps' due times (the last one's is its term) and its status text. */
    public record Accepted(OffsetDateTime at, List<StepPlans.Planned> steps, String status) {
    }

    Accepted accept(Exchange exchange, String correlationId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<StepPlans.Planned> planned = plan.plan(exchange.getContext(),
                exchange.getVariable("progressRoute", String.class), correlationId, now.toInstant());
        OffsetDateTime term = planned.get(planned.size() - 1).dueAt();
        String status = acceptanceText.fill(exchange.getVariable("acceptedMessage", String.class), exchange,
                correlationId, now.toInstant(), term == null ? null : term.toInstant());
        return new Accepted(now, planned, status);
    }
}
