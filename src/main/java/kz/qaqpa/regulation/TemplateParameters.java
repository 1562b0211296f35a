package kz.qaqpa.regulation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import kz.qaqpa.settings.KnownSettings;
import kz.qaqpa.catalogue.RouteFlows;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.spi.PropertiesSource;

/**
 * As each templated route is loaded (before any is built): every parameter it sets is one its template declares, and
 * every parameter it leaves to its block the block gives. Camel kept a parameter no template declares without a
 * word, so a misspelt one ({@code inWorkNrom}) left the block's value in force and the regulation ran on a norm, a
 * text or a switch its file did not give; a parameter neither the file nor its block gave failed the build with
 * Camel's dump of the whole route and a stack trace (regs63). Each is refused in one line naming the route and the
 * parameter (misspelt: the declared name nearest to it). Camel keeps no file for a templated route: its id, which
 * the file sets ({@code templatedRoute.routeId}), is what finds the file.
 */
public final class TemplateParameters {
    private TemplateParameters() {
    }

    private static final String BLOCK = "block";
    private static final String BLOCK_KEY = "{{block.";

    /** Checks each route as the route files add it to {@code context}'s model, before the routes are built. */
    public static void checkEachAsItLoads(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        model.addModelLifecycleStrategy(new ModelLifecycleStrategy() {
            @Override
            public void onAddRouteDefinition(RouteDefinition route) {
                require(context, model, route);
            }

            @Override
            public void onRemoveRouteDefinition(RouteDefinition route) {
            }

            @Override
            public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
            }

            @Override
            public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
            }
        });
    }

    /** Every route made from a template checked (RouteFilesTest); the first that fails throws IllegalStateException. */
    public static void require(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        model.getRouteDefinitions().forEach(route -> require(context, model, route));
    }

    private static void require(CamelContext context, Model model, RouteDefinition route) {
        List<RouteTemplateDefinition> templates = model.getRouteTemplateDefinitions();
        if (route.isCreatedFromTemplate() && route.getTemplateParameters() != null && !templates.isEmpty()) {
            RouteTemplateDefinition template = templateOf(route, templates);
            requireDeclared(context, route, template, namedInValues(context, route));
            requireBlockKeysDeclared(context, route, templates);
            requireGiven(context, route);
        }
    }

    /** A parameter left to the block ({@code {{block.<block>.<name>}}}, no default) that the block does not give. */
    private static void requireGiven(CamelContext context, RouteDefinition route) {
        for (Map.Entry<String, Object> parameter : new TreeMap<>(route.getTemplateParameters()).entrySet()) {
            String value = String.valueOf(parameter.getValue());
            boolean leftToTheBlock = value.contains(BLOCK_KEY)
                    && !isDashedCopy(parameter.getKey(), route.getTemplateParameters().keySet());
            if (leftToTheBlock && RouteFlows.resolve(context, route, value).contains(BLOCK_KEY)) {
                Object block = route.getTemplateParameters().get(BLOCK);
                throw new IllegalStateException("route " + route.getRouteId() + " does not set"
                        + " parameter '" + parameter.getKey() + "', and " + ("none".equals(String.valueOf(block))
                        ? "names no block that gives it" : "its block " + block + " gives none (qaqpa.regulation"
                        + ".blocks: block." + block + "." + parameter.getKey() + ")") + RouteFileOf.named(context, route));
            }
        }
    }

    /**
     * The parameters a block's value or the route's own values name ({@code {{refusalReceiptAppendix}}} in seed 004's
     * ЦОН refusal text): a route sets those for the value, not for its template.
     */
    private static Set<String> namedInValues(CamelContext context, RouteDefinition route) {
        Set<String> named = new TreeSet<>();
        PropertiesSource blocks = context.getPropertiesComponent().getPropertiesSource(RegulationBlocks.NAME);
        Object block = route.getTemplateParameters().get(BLOCK);
        for (Map.Entry<String, Object> parameter : route.getTemplateParameters().entrySet()) {
            named.addAll(placeholders(String.valueOf(parameter.getValue())));
            if (blocks != null && block != null) {
                String value = blocks.getProperty(RegulationBlocks.PREFIX + block + "." + parameter.getKey());
                named.addAll(placeholders(value == null ? "" : value));
            }
        }
        return named;
    }

    /** The route parameters a value names (a setting or a block key has a dot), dashed ones also as Camel's camelCase. */
    private static Set<String> placeholders(String value) {
        Set<String> names = new TreeSet<>();
        for (String name : RouteFlows.placeholderNames(value)) {
            if (!name.contains(".")) {
                names.add(name);
                names.add(camelCase(name));
            }
        }
        return names;
    }

    /**
     * regs64: every key of the block the route names (and of the blocks it extends) is a parameter of a template. A
     * misspelt key inside a block file ({@code inWorkNrom:}) was never read: the template's default stood in for it in
     * every regulation on the block, without a word (regs63's Left). Any loaded template's, not only this route's: one
     * block may serve a channel's intake and its progress route (review65 finding 2: it was refused).
     */
    private static void requireBlockKeysDeclared(CamelContext context, RouteDefinition route,
                                                 List<RouteTemplateDefinition> templates) {
        PropertiesSource source = context.getPropertiesComponent().getPropertiesSource(RegulationBlocks.NAME);
        Object named = route.getTemplateParameters().get(BLOCK);
        if (!(source instanceof RegulationBlocks blocks) || named == null) {
            return;
        }
        Set<String> declared = new TreeSet<>();
        templates.forEach(template -> declared.addAll(declared(template)));
        for (String block : blocks.lineage(RouteFlows.resolve(context, route, named.toString()).trim())) {
            for (String key : blocks.ownParameters(block)) {
                if (!RegulationBlocks.EXTENDS.equals(key) && !declared.contains(key)) {
                    throw new IllegalStateException("block " + block + " (file " + blocks.fileOf(block) + ") sets '"
                            + key + "', which no template declares (route " + route.getRouteId() + " names the block)"
                            + nearest(key, declared).map(n -> ": did you mean " + n + "?").orElse("")
                            + " (routes/templates/ lists the parameters)");
                }
            }
        }
    }

    private static void requireDeclared(CamelContext context, RouteDefinition route, RouteTemplateDefinition template,
                                        Set<String> named) {
        Set<String> declared = declared(template);
        declared.addAll(named);
        Set<String> set = route.getTemplateParameters().keySet();
        for (String name : new TreeSet<>(set)) {
            if (!isDashedCopy(name, set) && !declared.contains(name)) {
                throw new IllegalStateException("route " + route.getRouteId() + " sets parameter '"
                        + name + "', which its template " + template.getId() + undeclared(name, template, declared)
                        + RouteFileOf.named(context, route));
            }
        }
    }

    /**
     * Camel does not say which template a route was made from; every parameter the template declares is in the
     * route's (given, or its default), so the template is the one whose declared names the route holds most of.
     */
    private static RouteTemplateDefinition templateOf(RouteDefinition route, List<RouteTemplateDefinition> templates) {
        Set<String> set = route.getTemplateParameters().keySet();
        return templates.stream().max(Comparator.comparingLong((RouteTemplateDefinition t) -> declared(t).stream()
                        .filter(set::contains).count())
                .thenComparingLong(t -> -set.stream().filter(n -> !declared(t).contains(n)).count()))
                .orElseThrow();
    }

    private static Set<String> declared(RouteTemplateDefinition template) {
        return template.getTemplateParameters().stream().map(RouteTemplateParameterDefinition::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Camel adds each parameter again under its dashed name ({@code form-requires} for {@code formRequires}). */
    private static boolean isDashedCopy(String name, Set<String> names) {
        return name.contains("-") && names.contains(camelCase(name));
    }

    /** The parameter name a dashed copy stands for ({@code formRequires} for {@code form-requires}). */
    private static String camelCase(String dashed) {
        StringBuilder name = new StringBuilder();
        for (String part : dashed.split("-")) {
            name.append(name.length() == 0 || part.isEmpty() ? part
                    : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }

    /** " does not declare: did you mean N? (routes/templates/T.yaml lists the parameters)" for {@code name}. */
    private static String undeclared(String name, RouteTemplateDefinition template, Set<String> declared) {
        return " does not declare" + nearest(name, declared).map(n -> ": did you mean " + n + "?").orElse("")
                + " (routes/templates/" + template.getId() + ".yaml lists the parameters)";
    }

    /** The name of {@code names} spelt most like {@code written}, if one is near enough to be what was meant. */
    static Optional<String> nearest(String written, Set<String> names) {
        return names.stream().filter(n -> KnownSettings.distance(written, n) <= Math.max(3, written.length() / 4))
                .min(Comparator.comparingInt(n -> KnownSettings.distance(written, n)));
    }
}
