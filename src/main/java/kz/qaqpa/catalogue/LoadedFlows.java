package kz.qaqpa.catalogue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;

/**
 * The flows of every route the gateway loaded, each read once ({@link RouteFlows}) and shared: the start's checks,
 * the catalogue ({@link ServiceCatalogue}) and the regulation's readers at run time (the plan, the result's hand-over,
 * the consumer wait) look a route up here instead of reading its model again. Immutable.
 *
 * <p>Read when the context starts, once the route files are loaded ({@link #atStart}), and kept in the context. Qaqpa
 * loads no route while it runs (no route reload, no management API, no console action): from then on the context
 * refuses a route added or replaced, so this view cannot miss one. (Camel removes a route before its model's listeners
 * hear of it, so a removal cannot be refused; nothing in Qaqpa removes one, and the view keeps its flow, by which the
 * applications in flight were planned.) A context the gateway never started (a test's, {@link DiagramGenerator}'s) is
 * read when asked, as its routes are then: nothing is kept.
 */
public final class LoadedFlows {
    private final List<RouteFlow> all;
    private final Map<String, RouteFlow> byId;

    private LoadedFlows(List<RouteFlow> read) {
        this.all = List.copyOf(read);
        Map<String, RouteFlow> ids = new LinkedHashMap<>();
        read.forEach(flow -> ids.putIfAbsent(flow.id(), flow));
        this.byId = Collections.unmodifiableMap(ids);
    }

    /**
     * At the start, once the route files are loaded: the routes' flows read, kept in the context for every reader, and
     * every later route refused. Called again (a restart of the same context), the view kept.
     */
    public static synchronized LoadedFlows atStart(CamelContext context) {
        LoadedFlows kept = kept(context);
        if (kept != null) {
            return kept;
        }
        LoadedFlows view = new LoadedFlows(RouteFlows.readAll(context));
        context.getCamelContextExtension().addContextPlugin(LoadedFlows.class, view);
        model(context).addModelLifecycleStrategy(new NoRouteAfterStart());
        return view;
    }

    /** The view kept at the start; for a context never started, a reading of the routes loaded now. */
    public static LoadedFlows of(CamelContext context) {
        LoadedFlows kept = kept(context);
        return kept != null ? kept : new LoadedFlows(RouteFlows.readAll(context));
    }

    /** Every loaded route's flow, in the order Camel loaded them. */
    public List<RouteFlow> all() {
        return all;
    }

    /** The flow of the route {@code routeId}; empty when no such route is loaded. */
    public Optional<RouteFlow> flow(String routeId) {
        return Optional.ofNullable(routeId == null ? null : byId.get(routeId));
    }

    private static LoadedFlows kept(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(LoadedFlows.class);
    }

    private static Model model(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    /** A route added after the start would run on flows nobody read: refused before Camel adds it. */
    private static final class NoRouteAfterStart extends ModelLifecycleStrategySupport {
        @Override
        public void onAddRouteDefinition(RouteDefinition route) {
            throw new IllegalStateException("route " + route.getRouteId() + " added after the start: Qaqpa reads its "
                    + "routes once, at the start; add the route file and restart the gateway");
        }
    }
}
