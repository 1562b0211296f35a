package kz.qaqpa.catalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What one route of a regulation does, read from its Camel model: the variables it sets before its first step
 * (its settings, e.g. {@code channel}), and its regulation steps in order with the conditions they run under.
 *
 * @param channel the route's {@code channel} variable, or that of the route it continues ({@code R-portal} for
 *                {@code R-portal-progress}); null for a route serving every channel
 */
public record RouteFlow(String id, String description, String channel, Map<String, String> settings, List<Node> nodes) {
    /** Read once and shared by every reader ({@link LoadedFlows}): no reader changes another's view. */
    public RouteFlow {
        settings = Collections.unmodifiableMap(settings);
        nodes = Collections.unmodifiableList(nodes);
    }

    /** A regulation step or a branch point. */
    public sealed interface Node permits Step, Branch {
    }

    /**
     * A Camel {@code step}: its regulation id, description, norm (the {@code norm} variable, as written), the other
     * constants it sets (status and refusal texts, result documents...), the beans it calls ({@code ref.method}) and
     * what it nests.
     */
    public record Step(String id, String description, String norm, Map<String, String> variables, List<String> calls,
                       List<Node> nodes) implements Node {
        public Step {
            variables = Collections.unmodifiableMap(variables);
            calls = Collections.unmodifiableList(calls);
            nodes = Collections.unmodifiableList(nodes);
        }
    }

    /** A {@code choice} (one guard per {@code when}, plus {@code otherwise}) or a {@code filter} (one guard). */
    public record Branch(String kind, List<Guard> guards) implements Node {
        public Branch {
            guards = Collections.unmodifiableList(guards);
        }

        public static final String CHOICE = "choice";
        public static final String FILTER = "filter";
    }

    /** @param condition the {@code simple} expression as resolved, or null for {@code otherwise} */
    public record Guard(String condition, List<Node> nodes) {
        public Guard {
            nodes = Collections.unmodifiableList(nodes);
        }
    }

    /** Every step of the route, nested ones included, in route order. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        collect(nodes, steps);
        return steps;
    }

    private static void collect(List<Node> nodes, List<Step> into) {
        for (Node node : nodes) {
            if (node instanceof Step step) {
                into.add(step);
                collect(step.nodes(), into);
            } else if (node instanceof Branch branch) {
                branch.guards().forEach(g -> collect(g.nodes(), into));
            }
        }
    }
}
