package kz.qaqpa.catalogue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A regulation's diagram, drawn from its routes as a Mermaid flowchart in Markdown: one subgraph per channel with
 * its routes in order, each step with its norm, the conditions on the arrows, a refusal as an end; then a table
 * of the steps with their descriptions. The originals' diagrams (Appendices 4-7 of seed 002) are missing.
 */
public final class RegulationDiagram {
    /** Beans that answer the channel and end the exchange: a step calling one is an end of the flow. */
    private static final Set<String> ENDING_BEANS = Set.of("refusals");
    private final StringBuilder out = new StringBuilder();
    private final Map<String, Integer> usedIds = new HashMap<>();

    private record Pending(String from, String label) {
    }

    private RegulationDiagram() {
    }

    /** The Markdown file of one service (a regulation). */
    public static String of(ServiceEntry service) {
        return new RegulationDiagram().render(service);
    }

    private String render(ServiceEntry service) {
        header(service);
        flowchart(service);
        stepTables(service);
        return out.toString();
    }

    /** The title, the service's facts and where the file comes from. */
    private void header(ServiceEntry service) {
        Map<String, String> facts = service.facts();
        line("# " + facts.getOrDefault("title", service.description()));
        line("");
        line("Service `" + service.serviceId() + "`, main route `" + service.route() + "`.");
        if (facts.size() > (facts.containsKey("title") ? 1 : 0)) {
            line("");
            facts.forEach((name, value) -> {
                if (!"title".equals(name)) {
                    line("- " + name + ": " + value);
                }
            });
        }
        line("");
        line("Generated from the route files by `kz.qaqpa.catalogue.DiagramGenerator`; do not edit by hand. "
                + "How to regenerate it: [docs/catalogue.md](../catalogue.md).");
        line("");
    }

    /** The Mermaid flowchart: a subgraph per channel, its routes one after another. */
    private void flowchart(ServiceEntry service) {
        line("```mermaid");
        line("flowchart TD");
        service.channels().forEach((channel, routes) -> {
            line("  subgraph " + id("channel-" + channel) + "[\"" + label("Channel " + channel) + "\"]");
            line("    direction TB");
            List<Pending> pending = List.of();
            for (RouteFlow route : routes) {
                String entry = id("route-" + route.id());
                line("    " + entry + "([\"" + label(route.id()) + "\"])");
                edges(pending, entry);
                // an arrow that still carries a condition at the end of a route ends there (a replayed message,
                // an event the route does not handle); the plain flow goes on to the channel's next route
                pending = emit(route.nodes(), List.of(new Pending(entry, null))).stream()
                        .filter(p -> p.label() == null).toList();
            }
            line("  end");
        });
        line("```");
        line("");
    }

    /** A table of the steps per channel: their norms and descriptions. */
    private void stepTables(ServiceEntry service) {
        service.channels().forEach((channel, routes) -> {
            line("## Channel " + channel);
            line("");
            line("| Step | Norm | Description |");
            line("|---|---|---|");
            for (RouteFlow route : routes) {
                for (RouteFlow.Step step : route.steps()) {
                    line("| `" + step.id() + "` | " + cell(step.norm() == null ? "" : step.norm()) + " | "
                            + cell(step.description() == null ? "" : step.description()) + " |");
                }
            }
            line("");
        });
    }

    /** Draws the nodes after the pending arrows; returns the arrows leaving them. */
    private List<Pending> emit(List<RouteFlow.Node> nodes, List<Pending> pending) {
        for (RouteFlow.Node node : nodes) {
            if (node instanceof RouteFlow.Step step) {
                String id = id("step-" + step.id());
                boolean ends = step.calls().stream().anyMatch(c -> ENDING_BEANS.contains(c.split("\\.")[0]));
                String text = label(step.id()) + (step.norm() == null || step.norm().isBlank() ? "" : "<br/>" + label(step.norm()));
                line("    " + id + (ends ? "[[\"" + text + "\"]]" : "[\"" + text + "\"]"));
                edges(pending, id);
                pending = ends ? List.of() : emit(step.nodes(), List.of(new Pending(id, null)));
            } else if (node instanceof RouteFlow.Branch branch) {
                pending = branch(branch, pending);
            }
        }
        return pending;
    }

    private List<Pending> branch(RouteFlow.Branch branch, List<Pending> pending) {
        List<Pending> after = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        boolean otherwise = false;
        for (RouteFlow.Guard guard : branch.guards()) {
            String condition = guard.condition() != null ? guard.condition() : "otherwise";
            otherwise |= guard.condition() == null;
            taken.add(condition);
            after.addAll(emit(guard.nodes(), labelled(pending, condition)));
        }
        if (!otherwise) {
            after.addAll(labelled(pending, RouteFlow.Branch.FILTER.equals(branch.kind())
                    ? "not " + taken.get(0) : "otherwise"));
        }
        return after;
    }

    private static List<Pending> labelled(List<Pending> pending, String condition) {
        return pending.stream().map(p -> new Pending(p.from(), p.label() == null ? condition : p.label() + "; " + condition)).toList();
    }

    private void edges(List<Pending> pending, String to) {
        for (Pending p : pending) {
            line("    " + p.from() + (p.label() == null ? " --> " : " -- \"" + label(p.label()) + "\" --> ") + to);
        }
    }

    /** A Mermaid node id: the name with anything but letters and digits as '_', made unique. */
    private String id(String name) {
        String base = name.replaceAll("[^A-Za-z0-9]", "_");
        int n = usedIds.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + n;
    }

    /** Text inside a quoted Mermaid label: quotes and angle brackets as entities. */
    private static String label(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
