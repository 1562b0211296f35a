package kz.qaqpa.registry;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Services the gateway knows: serviceId to the {@code direct:} route that handles it. Sync look-ups route to an
 * adapter route, async services to the regulation's intake route. Read from {@code qaqpa.services} and
 * {@code qaqpa.service.<id>.route}.
 */
public final class ServiceRegistry {
    private final Map<String, String> routes;

    public ServiceRegistry(Map<String, String> routes) {
        this.routes = Map.copyOf(routes);
    }

    public static ServiceRegistry fromProperties(Function<String, String> property) {
        Map<String, String> routes = new LinkedHashMap<>();
        String ids = property.apply("qaqpa.services");
        for (String id : ids == null ? new String[0] : ids.split(",")) {
            String serviceId = id.trim();
            if (!serviceId.isEmpty()) {
                routes.put(serviceId, property.apply("qaqpa.service." + serviceId + ".route"));
            }
        }
        return new ServiceRegistry(routes);
    }

    public String routeOf(String serviceId) {
        String route = routes.get(serviceId);
        if (route == null) {
            throw new ShepException(FaultCode.UNKNOWN_SERVICE, "service '" + serviceId + "' is not registered at this gateway"
                    + " (known: " + String.join(", ", routes.keySet()) + ")");
        }
        return route;
    }

    public boolean isKnown(String serviceId) {
        return routes.containsKey(serviceId);
    }

    @Override
    public String toString() {
        return Arrays.toString(routes.keySet().toArray());
    }
}
