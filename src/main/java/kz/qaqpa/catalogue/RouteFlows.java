package kz.qaqpa.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.regulation.RegulationBlocks;
import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetVariableDefinition;
import org.apache.camel.model.SetVariablesDefinition;
import org.apache.camel.model.StepDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.model.language.ConstantExpression;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.DefaultExchange;

/**
 * Reads a route's Camel model into a {@link RouteFlow}, whatever its template and parameter names: every
 * {@code step} is a regulation step, the constant {@code setVariable}s directly inside it are its norm and texts,
 * every {@code choice}/{@code filter} a condition. Template parameters ({@code {{name}}}) are resolved from the
 * route's parameters, then from the configuration, as Camel does when it builds the route. A condition without {@code ${...}} is a switch the route file sets
 * (e.g. {@code 'false' == 'true'}): it is evaluated here, so a switched-off step does not appear.
 */
public final class RouteFlows {
    static final String NORM = "norm";
    static final String STEP_DESCRIPTION = "stepDescription";
    static final String CHANNEL = "channel";
    private static final int MAX_NESTING = 5;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^{}:]+)(:[^{}]*)?}}");
    private final CamelContext context;
    private final Map<String, Object> parameters;

    private RouteFlows(CamelContext context, Map<String, Object> parameters) {
        this.context = context;
        this.parameters = parameters == null ? Map.of() : parameters;
    }

    /** @param channel the channel the route continues when it sets none itself (null if none) */
    public static RouteFlow read(CamelContext context, RouteDefinition route, String channel) {
        return new RouteFlows(context, route.getTemplateParameters()).flow(route, channel);
    }

    /** Every loaded route's flow, read now ({@link LoadedFlows} keeps the start's reading for every reader). */
    public static List<RouteFlow> readAll(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        List<RouteFlow> flows = new ArrayList<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            flows.add(read(context, route, null));
        }
        return flows;
    }

    /** A text of the route (a template parameter's value, a step's id) as Camel resolves it when it builds the route. */
    public static String resolve(CamelContext context, RouteDefinition route, String text) {
        return new RouteFlows(context, route.getTemplateParameters()).resolve(text);
    }

    /**
     * The names a text's placeholders name, as Camel reads them: {@code {{name}}}, {@code {{name:default}}},
     * {@code {{?name}}}, {@code {{ name }}} all name {@code name}.
     */
    public static Set<String> placeholderNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1).trim());
        }
        return names;
    }

    private RouteFlow flow(RouteDefinition route, String channel) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<RouteFlow.Node> nodes = nodes(route.getOutputs(), settings, new ArrayList<>(), route.getNodePrefixId());
        String own = settings.get(CHANNEL);
        return new RouteFlow(route.getRouteId(), resolve(route.getDescriptionText()), own != null ? own : channel,
                settings, nodes);
    }

    private List<RouteFlow.Node> nodes(List<ProcessorDefinition<?>> outputs, Map<String, String> variables,
                                       List<String> calls, String prefix) {
        List<RouteFlow.Node> nodes = new ArrayList<>();
        for (ProcessorDefinition<?> p : outputs) {
            if ("true".equals(resolve(p.getDisabled()))) {
                continue;   // a switched-off step of a template: not part of this regulation
            }
            if (p instanceof StepDefinition step) {
                nodes.add(step(step, prefix));
            } else if (p instanceof SetVariableDefinition set) {
                constant(set, variables);
            } else if (p instanceof SetVariablesDefinition sets) {
                sets.getVariables().forEach(set -> constant(set, variables));
            } else if (p instanceof BeanDefinition bean) {
                calls.add(bean.getRef() + (bean.getMethod() == null ? "" : "." + bean.getMethod()));
            } else if (p instanceof ChoiceDefinition choice) {
                choice(choice, variables, calls, prefix, nodes);
            } else if (p instanceof FilterDefinition filter) {
                guarded(RouteFlow.Branch.FILTER, List.of(new Guarded(filter.getExpression(), filter.getOutputs())),
                        variables, calls, prefix, nodes);
            } else {
                nodes.addAll(nodes(p.getOutputs(), variables, calls, prefix));
            }
        }
        return nodes;
    }

    private RouteFlow.Step step(StepDefinition step, String prefix) {
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> calls = new ArrayList<>();
        List<RouteFlow.Node> nested = nodes(step.getOutputs(), variables, calls, prefix);
        String norm = variables.remove(NORM);
        norm = norm == null || norm.isBlank() ? null : norm;   // an empty norm: the regulation gives the step no time
        String quoted = variables.remove(STEP_DESCRIPTION);
        String description = step.getDescriptionText() != null ? resolve(step.getDescriptionText()) : quoted;
        String id = resolve(step.getId());
        // Camel prefixes the node ids of a templated route; the regulation's own number is what follows
        if (prefix != null && id != null && id.startsWith(prefix)) {
            id = id.substring(prefix.length());
        }
        return new RouteFlow.Step(id, description, norm, variables, calls, nested);
    }

    private void choice(ChoiceDefinition choice, Map<String, String> variables, List<String> calls, String prefix,
                        List<RouteFlow.Node> into) {
        List<Guarded> guards = new ArrayList<>();
        for (WhenDefinition when : choice.getWhenClauses()) {
            guards.add(new Guarded(when.getExpression(), when.getOutputs()));
        }
        if (choice.getOtherwise() != null) {
            guards.add(new Guarded(null, choice.getOtherwise().getOutputs()));
        }
        guarded(RouteFlow.Branch.CHOICE, guards, variables, calls, prefix, into);
    }

    /** Switches the route file sets are decided here; the conditions left become a branch. */
    private void guarded(String kind, List<Guarded> guards, Map<String, String> variables, List<String> calls,
                         String prefix, List<RouteFlow.Node> into) {
        List<RouteFlow.Guard> open = new ArrayList<>();
        for (Guarded g : guards) {
            if (allSwitchedOff(g.outputs)) {
                continue;   // a branch whose every step a template switch turned off is not part of this regulation
            }
            String condition = g.expression == null ? null : resolve(g.expression.getExpression());
            Boolean fixed = condition == null ? null : evaluateSwitch(g.expression.getLanguage(), condition);
            if (Boolean.FALSE.equals(fixed)) {
                continue;
            }
            if (Boolean.TRUE.equals(fixed) || condition == null) {
                // taken whenever the open conditions before it are not: a switch that is on, or otherwise
                if (open.isEmpty()) {
                    into.addAll(nodes(g.outputs, variables, calls, prefix));
                    return;
                }
                open.add(new RouteFlow.Guard(null, nodes(g.outputs, new LinkedHashMap<>(), calls, prefix)));
                break;
            }
            open.add(new RouteFlow.Guard(condition, nodes(g.outputs, new LinkedHashMap<>(), calls, prefix)));
        }
        if (!open.isEmpty()) {
            into.add(new RouteFlow.Branch(kind, open));
        }
    }

    private boolean allSwitchedOff(List<ProcessorDefinition<?>> outputs) {
        return !outputs.isEmpty() && outputs.stream().allMatch(p -> "true".equals(resolve(p.getDisabled())));
    }

    /** The value of a condition that reads nothing of the exchange, or null when it depends on the message. */
    private Boolean evaluateSwitch(String language, String condition) {
        if (condition.contains("${") || !"simple".equals(language == null ? "simple" : language)) {
            return null;
        }
        try {
            return context.resolveLanguage("simple").createPredicate(condition).matches(new DefaultExchange(context));
        } catch (RuntimeException notAConstant) {
            return null;
        }
    }

    private void constant(SetVariableDefinition set, Map<String, String> variables) {
        if (set.getExpression() instanceof ConstantExpression constant) {
            variables.put(resolve(set.getName()), resolve(constant.getExpression()));
        }
    }

    /**
     * Resolves {{placeholders}}: the route's template parameters first, then the configuration; a text that cannot
     * be resolved is shown as written. (Not through Camel's local properties: those are one stack for the whole
     * context, which the running gateway's threads share.)
     */
    private String resolve(String text) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        // a parameter's value may name others (a block's default: {{block.{{block}}.name:default}}): repeat
        String substituted = text;
        for (int round = 0; round < MAX_NESTING; round++) {
            String next = substitute(substituted);
            if (next.equals(substituted)) {
                break;
            }
            substituted = next;
        }
        if (!substituted.contains("{{")) {
            return substituted;
        }
        try {
            return context.resolvePropertyPlaceholders(substituted);
        } catch (RuntimeException unresolved) {
            return substituted;
        }
    }

    private String substitute(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            Object value = parameters.containsKey(name) ? parameters.get(name) : blockValue(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? String.valueOf(value) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A regulation block's value as its file writes it, or null: it may name a parameter of the route that uses it
     * ({@code {{refusalReceiptAppendix}}}, docs/regulations-004.md), which the next round resolves from this route's
     * parameters, as Camel does when it builds the route. Through the configuration it was not found (no setting has
     * that name), so the step kept the block's key: a norm the plan could not read (reg48a, reg48d).
     */
    private String blockValue(String name) {
        if (!name.startsWith(RegulationBlocks.PREFIX)) {
            return null;
        }
        PropertiesSource blocks = context.getPropertiesComponent().getPropertiesSource(RegulationBlocks.NAME);
        return blocks == null ? null : blocks.getProperty(name);
    }

    private record Guarded(ExpressionDefinition expression, List<ProcessorDefinition<?>> outputs) {
    }
}
