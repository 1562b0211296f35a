package kz.qaqpa.registry;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Services the gateway knows: serviceId to the {@code direct:} route that handles it. Sync look-ups route to an
 * adapter route, async services to the regulation's intake route. Read from {@code qaqpa.services} and
 * {@code qaqpa.service.<id>.route}; a service being withdrawn takes no new applications
 * ({@code qaqpa.service.<id>.closed-to-new}).
 */
public final class ServiceRegistry {
    /** The channel of look-ups answered by a state system (qaqpa.service.<id>.channel). */
    public static final String SYNC = "sync";
    public static final String ASYNC = "async";
    private final Map<String, String> routes;
    private final Map<String, String> channels;
    private final Set<String> closedToNew;

    /** @param channels serviceId to the channel it is served on: "sync" (look-ups) or "async" (applications) */
    public ServiceRegistry(Map<String, String> routes, Map<String, String> channels) {
        this(routes, channels, Set.of());
    }

    /** @param closedToNew the services that take no new applications, while those accepted go on to their end */
    public ServiceRegistry(Map<String, String> routes, Map<String, String> channels, Set<String> closedToNew) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        this.channels = Map.copyOf(channels);
        this.closedToNew = Set.copyOf(closedToNew);
    }

    public static ServiceRegistry fromProperties(Function<String, String> property) {
        Map<String, String> routes = new LinkedHashMap<>();
        Map<String, String> channels = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        for (String serviceId : Settings.listWithExtra("qaqpa.services", property, Settings.Empty.REFUSED)) {
            routes.put(serviceId, route(serviceId, property));
            channels.put(serviceId, channel(serviceId, property));
            if (closedToNew(serviceId, property.apply("qaqpa.service." + serviceId + ".closed-to-new"))) {
                closed.add(serviceId);
            }
        }
        return new ServiceRegistry(routes, channels, closed);
    }

    /**
     * The service's main route (qaqpa.service.<id>.route). Ours (regs65): a service listed without one is refused at
     * start; it was registered with no route, every application of it refused as a service the gateway does not know.
     */
    private static String route(String serviceId, Function<String, String> property) {
        String key = "qaqpa.service." + serviceId + ".route";
        String route = Settings.single(key, property.apply(key), Settings.Empty.REFUSED);
        if (route == null) {
            throw new IllegalStateException("service " + serviceId + " has no route: " + key + " is not set; give the"
                    + " id of the route that serves it (docs/adding-a-regulation.md)");
        }
        return route;
    }

    /**
     * The channel the service is served on (qaqpa.service.<id>.channel). Ours (review66 3): a service listed without
     * one, or with another word, is refused at start naming the key; it stopped the start with a bare
     * NullPointerException, or registered a service no channel serves.
     */
    private static String channel(String serviceId, Function<String, String> property) {
        String key = "qaqpa.service." + serviceId + ".channel";
        String channel = Settings.single(key, property.apply(key), Settings.Empty.REFUSED);
        if (!SYNC.equals(channel) && !ASYNC.equals(channel)) {
            throw new IllegalStateException("service " + serviceId + (channel == null ? " has no channel: " + key
                    + " is not set" : ": " + key + " = '" + channel + "' is no channel") + "; give " + SYNC
                    + " (a look-up answered at once) or " + ASYNC + " (an application) (docs/adding-a-regulation.md)");
        }
        return channel;
    }

    /**
     * Ours (regs65): every service's main route is one the gateway loaded ({@code loaded}); a route id misspelt, or a
     * route file left out of camel.main.routes-include-pattern (qaqpa.routes.extra), is refused at start instead of
     * failing each application of the service.
     */
    public void requireRoutesLoaded(Predicate<String> loaded) {
        routes.forEach((serviceId, route) -> {
            if (!loaded.test(route)) {
                throw new IllegalStateException("qaqpa.service." + serviceId + ".route = '" + route + "' is no route"
                        + " the gateway loaded: no route file of camel.main.routes-include-pattern (with"
                        + " qaqpa.routes.extra) gives a route that id (the route 'from: direct:" + route + "' must"
                        + " have it: the catalogue and the calendar find the service's route by its id)");
            }
        });
    }

    /** true or false (absent: false); a typo would silently keep a withdrawn service open, so it stops the start. */
    private static boolean closedToNew(String serviceId, String value) {
        String key = "qaqpa.service." + serviceId + ".closed-to-new";
        String setting = Settings.single(key, value, Settings.Empty.NONE);
        if (setting == null || setting.equals("false")) {
            return false;
        }
        if (setting.equals("true")) {
            return true;
        }
        throw new IllegalStateException(key + " must be true or false, not '" + value + "'");
    }

    /**
     * Refuses a new application of a service being withdrawn (SCE038); the events about applications it accepted
     * before (results, hand-overs) do not come here and go on.
     */
    public void requireTakesNew(String serviceId) {
        if (closedToNew.contains(serviceId)) {
            throw new ShepException(FaultCode.SERVICE_CLOSED_TO_NEW, "service '" + serviceId + "' takes no new"
                    + " applications: it is being withdrawn (qaqpa.service." + serviceId + ".closed-to-new); those"
                    + " accepted before go on to their end");
        }
    }

    /**
     * The progress route of an application service's channel (its events after intake), or null when the service
     * is not an application service (any more).
     */
    public String progressRoute(String serviceId, String channel) {
        String main = routes.get(serviceId);
        if (main == null || SYNC.equals(channels.get(serviceId))) {
            return null;
        }
        // the intake route of a channel is <main>-<channel>, its events' route <main>-<channel>-progress (routes/)
        return main + "-" + channel.toLowerCase(Locale.ROOT) + "-progress";
    }

    /** The route of a service served on {@code channel} ("sync" or "async"); anything else is an unknown service. */
    public String routeOf(String serviceId, String channel) {
        String route = routes.get(serviceId);
        if (route != null && !channel.equals(channels.get(serviceId))) {
            throw new ShepException(FaultCode.UNKNOWN_SERVICE, "service '" + serviceId + "' is not served on the "
                    + channel + " channel but on the " + channels.get(serviceId) + " one");
        }
        if (route == null) {
            throw new ShepException(FaultCode.UNKNOWN_SERVICE, "service '" + serviceId + "' is not registered at this gateway"
                    + " (known: " + String.join(", ", routes.keySet()) + ")");
        }
        return route;
    }

    /** Every registered serviceId, in the order of {@code qaqpa.services}. */
    public List<String> serviceIds() {
        return List.copyOf(routes.keySet());
    }

    /** Every registered serviceId served on {@code channel}, in the order of {@code qaqpa.services}. */
    public List<String> servedOn(String channel) {
        return routes.keySet().stream().filter(id -> channel.equals(channels.get(id))).toList();
    }

    /** The main route of a registered service. */
    public String route(String serviceId) {
        return routes.get(serviceId);
    }

    /** "sync" or "async" (see the constructor). */
    public String channel(String serviceId) {
        return channels.get(serviceId);
    }

    @Override
    public String toString() {
        return Arrays.toString(routes.keySet().toArray());
    }
}
