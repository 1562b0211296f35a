package kz.qaqpa.regulation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import kz.qaqpa.catalogue.RouteFlows;
import kz.qaqpa.registry.ServiceRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * Whether an employee of an application's channel hands its result over to the consumer: the channel's progress
 * route has the hand-over step switched on (seed 002 para 6 zhao-action-9, para 7 con-process-8; the portal and
 * E-Astana put the result in the personal cabinet, paras 8 and 9, and have none). Such a COMPLETED application still
 * waits for the channel's HANDED_OVER, which makes it ISSUED.
 */
public final class ResultHandOver {
    /** The bean call of the template's hand-over step (routes/templates/application-progress.yaml). */
    private static final String HAND_OVER_CALL = "channelEvents.handOver";
    private final ServiceRegistry services;
    private final Map<String, Boolean> routes = new ConcurrentHashMap<>();

    public ResultHandOver(ServiceRegistry services) {
        this.services = services;
    }

    /** Whether the channel hands results over; empty when its progress route is not loaded (or the service gone). */
    public Optional<Boolean> awaited(CamelContext context, String serviceId, String channel) {
        String progress = services.progressRoute(serviceId, channel);
        RouteDefinition route = progress == null ? null : ((ModelCamelContext) context).getRouteDefinition(progress);
        if (route == null) {
            return Optional.empty();
        }
        // read once: the route files do not change while the gateway runs
        return Optional.of(routes.computeIfAbsent(progress, id -> RouteFlows.read(context, route, null).steps()
                .stream().anyMatch(step -> step.calls().contains(HAND_OVER_CALL))));
    }
}
