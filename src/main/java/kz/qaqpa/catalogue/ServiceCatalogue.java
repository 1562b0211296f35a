package kz.qaqpa.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.qaqpa.registry.ServiceRegistry;
import org.apache.camel.CamelContext;

/**
 * Every registered service as its loaded routes describe it (never a hand-written list): the services of
 * {@code qaqpa.services}, each with the routes that make it up and the facts its main route states, from the flows
 * the start read ({@link LoadedFlows}).
 */
public final class ServiceCatalogue {
    /** Variables of a main route with this prefix are service-level facts (title, source, provider...). */
    public static final String FACT_PREFIX = "catalogue.";
    private final CamelContext context;
    private final ServiceRegistry services;

    public ServiceCatalogue(CamelContext context, ServiceRegistry services) {
        this.context = context;
        this.services = services;
    }

    public List<ServiceEntry> entries() {
        return services.serviceIds().stream().map(this::describe).toList();
    }

    public Optional<ServiceEntry> entry(String serviceId) {
        return services.serviceIds().contains(serviceId) ? Optional.of(describe(serviceId)) : Optional.empty();
    }

    /** The result documents the service's routes take (their {@code resultDocuments}); none for an unknown service. */
    public Set<String> resultDocuments(String serviceId) {
        return entry(serviceId).map(e -> e.stepValues(CatalogueJson.RESULT_DOCUMENTS)).orElse(Set.of());
    }

    private ServiceEntry describe(String serviceId) {
        String main = services.route(serviceId);
        List<RouteFlow> routes = inheritChannels(LoadedFlows.of(context).all().stream()
                .filter(flow -> flow.id() != null && (flow.id().equals(main) || flow.id().startsWith(main + "-")))
                .toList());
        RouteFlow mainFlow = routes.stream().filter(r -> r.id().equals(main)).findFirst().orElse(null);
        Map<String, String> facts = new LinkedHashMap<>();
        if (mainFlow != null) {
            mainFlow.settings().forEach((name, value) -> {
                if (name.startsWith(FACT_PREFIX)) {
                    facts.put(name.substring(FACT_PREFIX.length()), value);
                }
            });
        }
        return new ServiceEntry(serviceId, services.channel(serviceId), main,
                mainFlow == null ? null : mainFlow.description(), facts, routes);
    }

    /** A route that names no channel continues the one whose id is the longest prefix of its own ({@code R-portal-progress}). */
    private static List<RouteFlow> inheritChannels(List<RouteFlow> routes) {
        List<RouteFlow> result = new ArrayList<>();
        for (RouteFlow r : routes) {
            String channel = r.channel();
            if (channel == null) {
                channel = routes.stream().filter(o -> o.channel() != null && r.id().startsWith(o.id() + "-"))
                        .max((a, b) -> Integer.compare(a.id().length(), b.id().length()))
                        .map(RouteFlow::channel).orElse(null);
            }
            result.add(new RouteFlow(r.id(), r.description(), channel, r.settings(), r.nodes()));
        }
        return result;
    }
}
