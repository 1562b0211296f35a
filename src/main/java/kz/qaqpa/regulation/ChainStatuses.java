package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.settings.KnownSettings;
import kz.qaqpa.catalogue.RouteFlows;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the start, the status code each switched-on chain slot of a progress route names ({@code chainNStatus}: what
 * the provider reports at the end of that step) is one a provider can send and the route can tell apart. Before
 * (regs63's Left), a misspelt code ({@code EXAMIND}) loaded, and the provider's real EXAMINED was then refused at run
 * time (SCE033) for every application of the channel. The gateway takes any code a route names, so there is no list
 * of codes; what is refused is a code no provider's status can be (the schemas' {@code [A-Z][A-Z_]{0,39}}), one an
 * earlier branch of the template takes (REGISTERED, ...), one two slots share, and one a letter from, but not, the
 * code its block or another channel of its regulation names for a chain step (a typo); one a letter from the words its
 * own step id ends with is warned of (regs66). Two letters apart is taken
 * as meant (lead, session 64: SIGNED and ASSIGNED, SENT and SEEN are two codes a text may well name, and a refusal
 * here stops the whole gateway).
 */
public final class ChainStatuses {
    private static final Logger LOG = LoggerFactory.getLogger(ChainStatuses.class);
    static final int SLOTS = 3;
    /** The template whose branches a chain code must not take. */
    static final String PROGRESS_TEMPLATE = "application-progress";
    /** A branch of the template taking an event it names as written ({@code ${variable.event} == 'IN_WORK'}). */
    private static final Pattern BRANCH_EVENT = Pattern.compile("\\$\\{variable\\.event} == '([A-Z][A-Z_]*)'");
    /** Codes this many letters apart or fewer, and not equal, are taken for a typo of one another. */
    static final int TYPO_DISTANCE = 1;

    private ChainStatuses() {
    }

    /** Every templated route's switched-on chain codes checked; the first that fails throws IllegalStateException. */
    public static void require(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> taken = taken(model);
        Map<RouteDefinition, Map<String, String>> codes = new LinkedHashMap<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (route.getTemplateParameters() != null) {
                codes.put(route, switchedOn(context, route));
            }
        }
        codes.forEach((route, own) -> own.forEach((slot, code) -> {
            String where = "route " + route.getRouteId() + "'s " + slot + " = '" + code + "' ";
            // read only where a code is refused: naming the file reads the route files
            Supplier<String> file = () -> RouteFileOf.named(context, route);
            requireReadable(where, code, own, slot, file, taken);
            for (String[] other : othersOf(context, route, codes)) {
                int distance = KnownSettings.distance(code, other[1]);
                if (distance > 0 && distance <= TYPO_DISTANCE) {
                    throw new IllegalStateException(where + "is " + distance + " letter(s) from '" + other[1]
                            + "', which " + other[0] + " names for a chain step: a typo? (a provider's " + other[1]
                            + " would be refused, SCE033); name one code, or two codes more than " + TYPO_DISTANCE
                            + " letter apart" + file.get());
                }
            }
            warnIfALetterFromItsStep(where, code, stepOf(context, route, slot), file);
        }));
    }

    private static void requireReadable(String where, String code, Map<String, String> own, String slot,
                                        Supplier<String> file, Set<String> taken) {
        if (!EventIdentification.STATUS_CODE.matcher(code).matches()) {
            throw new IllegalStateException(where + "is no status code a provider can send: capitals and _,"
                    + " a letter first, up to 40 ([A-Z][A-Z_]{0,39})" + file.get());
        }
        if (taken.contains(code)) {
            throw new IllegalStateException(where + "is an event the progress template takes in a branch of its"
                    + " own (" + String.join(", ", taken) + "): a chain step needs"
                    + " a code of its own" + file.get());
        }
        own.forEach((other, otherCode) -> {
            if (!other.equals(slot) && otherCode.equals(code)) {
                throw new IllegalStateException(where + "is " + other + "'s code too: each chain step needs a code"
                        + " of its own" + file.get());
            }
        });
    }

    /**
     * regs66 (regs64's Left): a code a letter from the words its own step id ends with ({@code EXAMIND} for the step
     * {@code provider-action-3-examined}) is likely a typo in one of them, and a provider's status would then be
     * refused (SCE033). Warned of, not refused (lead, session 66): a step named by its action
     * ({@code provider-action-4-approve} for APPROVED, {@code -issue} for ISSUED) is a letter from its code too, and a
     * refusal here would stop the whole gateway for a legitimate file.
     */
    private static void warnIfALetterFromItsStep(String where, String code, String stepId, Supplier<String> file) {
        String named = RouteConventions.stepWords(stepId).map(w -> w.toUpperCase(Locale.ROOT).replace('-', '_'))
                .orElse(code);
        int distance = KnownSettings.distance(code, named);
        if (distance > 0 && distance <= TYPO_DISTANCE) {
            LOG.warn("{}is {} letter(s) from '{}', which its step id '{}' names: a typo in one of them? (a"
                    + " provider's {} would be refused, SCE033; the start goes on, as a step named by its action is"
                    + " a letter from its code too){}", where, distance, named, stepId, named, file.get());
        }
    }

    /** The step id of the chain slot whose code is {@code slot} ({@code chain1} for {@code chain1Status}). */
    private static String stepOf(CamelContext context, RouteDefinition route, String slot) {
        Object step = route.getTemplateParameters().get(slot.replace("Status", ""));
        return step == null ? "" : RouteFlows.resolve(context, route, step.toString()).trim();
    }

    /**
     * The events the progress template's own branches take before or besides the chain's (REGISTERED, IN_WORK, ...),
     * read from its {@code when}s (review65 finding 5: a copy here would miss a branch the template gains).
     */
    private static Set<String> taken(Model model) {
        Set<String> events = new TreeSet<>();
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(PROGRESS_TEMPLATE);
        if (template != null) {
            branchEvents(template.getRoute().getOutputs(), events);
        }
        return events;
    }

    private static void branchEvents(List<ProcessorDefinition<?>> outputs, Set<String> into) {
        for (ProcessorDefinition<?> p : outputs) {
            if (p instanceof ChoiceDefinition choice) {
                for (WhenDefinition when : choice.getWhenClauses()) {
                    Matcher event = BRANCH_EVENT.matcher(String.valueOf(when.getExpression().getExpression()).trim());
                    if (event.matches()) {
                        into.add(event.group(1));
                    }
                }
            }
            branchEvents(p.getOutputs(), into); // a choice's outputs are its branches' steps
        }
    }

    /** {@code chainNStatus} -> code, for each slot the route switches on ({@code noChainN: false}). */
    private static Map<String, String> switchedOn(CamelContext context, RouteDefinition route) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int n = 1; n <= SLOTS; n++) {
            Object on = route.getTemplateParameters().get("noChain" + n);
            Object code = route.getTemplateParameters().get("chain" + n + "Status");
            if (on != null && code != null && "false".equals(RouteFlows.resolve(context, route, on.toString()).trim())) {
                codes.put("chain" + n + "Status", RouteFlows.resolve(context, route, code.toString()).trim());
            }
        }
        return codes;
    }

    /** [who, code]: what the route's block names, and the other progress routes of its regulation. */
    private static List<String[]> othersOf(CamelContext context, RouteDefinition route,
                                           Map<RouteDefinition, Map<String, String>> codes) {
        List<String[]> others = new ArrayList<>();
        Object block = route.getTemplateParameters().get("block");
        PropertiesSource blocks = context.getPropertiesComponent().getPropertiesSource(RegulationBlocks.NAME);
        if (block != null && blocks != null) {
            for (int n = 1; n <= SLOTS; n++) {
                String code = blocks.getProperty(RegulationBlocks.PREFIX + block + ".chain" + n + "Status");
                if (code != null && EventIdentification.STATUS_CODE.matcher(code.trim()).matches()) {
                    others.add(new String[] {"its block " + block, code.trim()});
                }
            }
        }
        String regulation = regulationOf(route.getRouteId());
        codes.forEach((other, own) -> {
            if (other != route && regulation != null && regulation.equals(regulationOf(other.getRouteId()))) {
                own.values().forEach(code -> others.add(new String[] {"route " + other.getRouteId(), code}));
            }
        });
        return others;
    }

    /** The regulation's route id of a progress route {@code <regulation>-<channel>-progress}; null for another. */
    private static String regulationOf(String routeId) {
        return routeId != null && routeId.matches(".+-[a-z]+-progress") ? routeId.replaceFirst("-[a-z]+-progress$", "")
                : null;
    }
}
