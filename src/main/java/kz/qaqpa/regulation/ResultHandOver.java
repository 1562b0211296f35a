package kz.qaqpa.regulation;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import kz.qaqpa.catalogue.LoadedFlows;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.registry.ServiceRegistry;
import org.apache.camel.CamelContext;

/**
 * Whether an employee of an application's channel hands its result over to the consumer: the channel's progress
 * route has the hand-over step switched on (seed 002 para 6 zhao-action-9, para 7 con-process-8; the portal and
 * E-Astana put the result in the personal cabinet, paras 8 and 9, and have none). Such a COMPLETED application still
 * waits for the channel's HANDED_OVER, which makes it ISSUED.
 *
 * <p>The one reader of the hand-over step's settings (its constants in the route file, in the flow the start read:
 * {@link LoadedFlows}): what a refusal's hand-over takes ({@link Step}) serves the HANDED_OVER itself
 * ({@link ChannelEvents#handOver}) and the term that runs after a refusal ({@link RefusalHandOverTerm}). depth42: the
 * term read the route's model again, apart from the variables the route gave the hand-over.
 */
public final class ResultHandOver {
    /** The bean call of the template's hand-over step (routes/templates/application-progress.yaml). */
    private static final String HAND_OVER_CALL = "channelEvents.handOver";
    private final ServiceRegistry services;

    public ResultHandOver(ServiceRegistry services) {
        this.services = services;
    }

    /**
     * A progress route's hand-over step and what it takes when the result handed over is a refusal (seed 000 Table 2
     * action 9); the refusal's settings are blank where the route gives none (the hand-over's own apply).
     *
     * @param refusalStep      the step whose end a refusal's hand-over measured from the refusal runs from
     * @param refusalDocuments the result documents that are refusals
     */
    public record Step(String stepId, String refusalNorm, String refusalNormFrom, String refusalStatus,
                       String refusalStep, Set<String> refusalDocuments) {
        /** Whether the result handed over ({@code resultKind}) is one of the route's refusals. */
        public boolean isRefusal(String resultKind) {
            return resultKind != null && refusalDocuments.contains(resultKind);
        }

        /** Whether a refusal's hand-over has a term of its own from the refusal ({@code refusalHandOverNormFrom}). */
        public boolean termFromTheRefusal() {
            return ChannelEvents.FROM_REFUSAL.equals(refusalNormFrom) && !refusalNorm.isBlank();
        }
    }

    /** Whether the channel hands results over; empty when its progress route is not loaded (or the service gone). */
    public Optional<Boolean> awaited(CamelContext context, String serviceId, String channel) {
        return read(context, serviceId, channel).map(Optional::isPresent);
    }

    /** The channel's hand-over step; empty when it has none or its progress route is not loaded. */
    public Optional<Step> step(CamelContext context, String serviceId, String channel) {
        return read(context, serviceId, channel).flatMap(step -> step);
    }

    private Optional<Optional<Step>> read(CamelContext context, String serviceId, String channel) {
        String progress = services.progressRoute(serviceId, channel);
        return LoadedFlows.of(context).flow(progress).map(flow -> flow.steps().stream()
                .filter(step -> step.calls().contains(HAND_OVER_CALL)).findFirst().map(ResultHandOver::of));
    }

    private static Step of(RouteFlow.Step step) {
        Map<String, String> v = step.variables();
        Set<String> documents = Arrays.stream(v.getOrDefault("refusalDocuments", "").split(",")).map(String::trim)
                .filter(d -> !d.isEmpty()).collect(Collectors.toSet());
        return new Step(step.id(), v.getOrDefault("refusalHandOverNorm", ""),
                v.getOrDefault("refusalHandOverNormFrom", ""), v.getOrDefault("refusalHandOverStatus", ""),
                v.get("refusalStep"), documents);
    }
}
