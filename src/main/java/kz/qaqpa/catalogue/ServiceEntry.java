package kz.qaqpa.catalogue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A registered service as its routes describe it: its main route R and every route whose id starts with
 * {@code R-}, in the order Camel loaded them.
 *
 * @param kind  "sync" (a look-up) or "async" (an application under a regulation)
 * @param facts the service-level facts the main route states as {@code catalogue.<name>} variables, by name
 */
public record ServiceEntry(String serviceId, String kind, String route, String description, Map<String, String> facts,
                           List<RouteFlow> routes) {

    /**
     * The routes of each channel, channels in the order their first route was loaded; a route comes after the routes
     * it continues ({@code R-portal} before {@code R-portal-progress}), since Camel loads a file's templated routes
     * after its plain ones.
     */
    public Map<String, List<RouteFlow>> channels() {
        Map<String, List<RouteFlow>> channels = new LinkedHashMap<>();
        for (RouteFlow r : routes) {
            if (r.channel() != null) {
                channels.computeIfAbsent(r.channel(), c -> new ArrayList<>()).add(r);
            }
        }
        channels.values().forEach(list -> {
            List<RouteFlow> all = List.copyOf(list);
            list.sort(Comparator.comparingLong(r -> all.stream().filter(o -> r.id().startsWith(o.id() + "-")).count()));
        });
        return channels;
    }

    /** Every value of a variable the service's steps set (e.g. {@code resultDocuments}), split on commas. */
    public Set<String> stepValues(String variable) {
        Set<String> values = new TreeSet<>();
        for (RouteFlow r : routes) {
            for (RouteFlow.Step s : r.steps()) {
                String value = s.variables().get(variable);
                if (value != null) {
                    for (String v : value.split(",")) {
                        if (!v.isBlank()) {
                            values.add(v.trim());
                        }
                    }
                }
            }
        }
        return values;
    }

    /** A variable the service's routes set before their steps (e.g. {@code document}), first found. */
    public String setting(String variable) {
        return routes.stream().map(r -> r.settings().get(variable)).filter(v -> v != null).findFirst().orElse(null);
    }
}
