package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import kz.qaqpa.settings.KnownSettings;
import kz.qaqpa.catalogue.RouteFlows;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesSource;

/**
 * At the start, the status code each switched-on chain slot of a progress route names ({@code chainNStatus}: what
 * the provider reports at the end of that step) is one a provider can send and the route can tell apart. Before
 * (regs63's Left), a misspelt code ({@code EXAMIND}) loaded, and the provider's real EXAMINED was then refused at run
 * time (SCE033) for every application of the channel. The gateway takes any code a route names, so there is no list
 * of codes; what is refused is a code no provider's status can be (the schemas' {@code [A-Z][A-Z_]{0,39}}), one an
 * earlier branch of the template takes (REGISTERED, ...), one two slots share, and one a letter from, but not, the
 * code its block or another channel of its regulation names for a chain step (a typo). Two letters apart is taken
 * as meant (lead, session 64: SIGNED and ASSIGNED, SENT and SEEN are two codes a text may well name, and a refusal
 * here stops the whole gateway).
 */
public final class ChainStatuses {
    static final int SLOTS = 3;
    static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,39}");
    /** The events the progress template's branches take before or besides the chain's. */
    static final Set<String> TAKEN = Set.of("REGISTERED", "IN_WORK", "OFFERED", "RESULT", "HANDED_OVER",
            "TERM_EXTENDED");
    /** Codes this many letters apart or fewer, and not equal, are taken for a typo of one another. */
    static final int TYPO_DISTANCE = 1;

    private ChainStatuses() {
    }

    /** Every templated route's switched-on chain codes checked; the first that fails throws IllegalStateException. */
    public static void require(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
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
            requireReadable(where, code, own, slot, file);
            for (String[] other : othersOf(context, route, codes)) {
                int distance = KnownSettings.distance(code, other[1]);
                if (distance > 0 && distance <= TYPO_DISTANCE) {
                    throw new IllegalStateException(where + "is " + distance + " letter(s) from '" + other[1]
                            + "', which " + other[0] + " names for a chain step: a typo? (a provider's " + other[1]
                            + " would be refused, SCE033); name one code, or two codes more than " + TYPO_DISTANCE
                            + " letter apart" + file.get());
                }
            }
        }));
    }

    private static void requireReadable(String where, String code, Map<String, String> own, String slot,
                                        Supplier<String> file) {
        if (!CODE.matcher(code).matches()) {
            throw new IllegalStateException(where + "is no status code a provider can send: capitals and _,"
                    + " a letter first, up to 40 ([A-Z][A-Z_]{0,39})" + file.get());
        }
        if (TAKEN.contains(code)) {
            throw new IllegalStateException(where + "is an event the progress template takes in a branch of its"
                    + " own (" + String.join(", ", TAKEN.stream().sorted().toList()) + "): a chain step needs"
                    + " a code of its own" + file.get());
        }
        own.forEach((other, otherCode) -> {
            if (!other.equals(slot) && otherCode.equals(code)) {
                throw new IllegalStateException(where + "is " + other + "'s code too: each chain step needs a code"
                        + " of its own" + file.get());
            }
        });
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
                if (code != null && CODE.matcher(code.trim()).matches()) {
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
