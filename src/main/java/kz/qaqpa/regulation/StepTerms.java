package kz.qaqpa.regulation;

import java.util.List;
import java.util.Set;
import kz.qaqpa.catalogue.RouteFlow;

/**
 * At the start, every term a route's steps write is read once, as the plan, the hand-over and the extensions will read
 * it: a norm ({@code norm}, any {@code ...Norm}, {@code termExtensionMaximum}), where it counts from ({@code normFrom},
 * any {@code ...NormFrom}) and an extension's unit ({@code termExtensionUnit}). A step's description or variable that
 * still holds a {@code {{placeholder}}} (a block's value naming a route parameter, reg48a) is refused first. Before
 * (reg48d), the gateway started on such a route and every application of it failed at its intake; now the start is
 * refused naming the route, the step and the text (the guide: bad configuration fails the start, a broken route file
 * the build, RouteFilesTest).
 */
public final class StepTerms {
    static final String NORM = "norm";
    static final String NORM_FROM = "normFrom";
    static final String EXTENSION_MAXIMUM = "termExtensionMaximum";
    static final String EXTENSION_UNIT = "termExtensionUnit";
    /**
     * Where a norm may count from: the due time before it ({@code previous}, also an empty value), the acceptance, the
     * consumer's arrival, its alternative's start, the refusal (a refusal's hand-over).
     */
    static final Set<String> STARTS = Set.of("previous", RegulationPlan.FROM_ACCEPTANCE, RegulationPlan.FROM_ARRIVAL,
            RegulationPlan.FROM_PREVIOUS_START, ChannelEvents.FROM_REFUSAL);
    private static final String PLACEHOLDER = "{{";

    private StepTerms() {
    }

    /** Every step of every route read; the first that cannot be stops the start (IllegalStateException). */
    public static void require(List<RouteFlow> flows) {
        for (RouteFlow flow : flows) {
            for (RouteFlow.Step step : flow.steps()) {
                String where = "route " + flow.id() + "'s step " + step.id() + ": ";
                resolved(where, "description", step.description());
                resolved(where, NORM, step.norm());
                step.variables().forEach((name, value) -> resolved(where, name, value));
                readable(where, NORM, step.norm());
                step.variables().forEach((name, value) -> readable(where, name, value));
            }
        }
    }

    private static void resolved(String where, String name, String value) {
        if (value != null && value.contains(PLACEHOLDER)) {
            throw new IllegalStateException(where + name + " = '" + value + "' keeps a placeholder nothing resolves"
                    + " (a route parameter, a block, a setting): a block's value cannot name a route parameter");
        }
    }

    /** A blank value is no term (the step has none, or counts from the due time before it). */
    private static void readable(String where, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String text = value.trim();
        try {
            if (isNorm(name)) {
                Norm.parse(text);
            } else if (isStart(name) && !STARTS.contains(text)) {
                throw new IllegalArgumentException("it is none of " + String.join(", ", STARTS.stream().sorted()
                        .toList()));
            } else if (EXTENSION_UNIT.equals(name)) {
                Norm.parse("1 " + text);
            }
        } catch (IllegalArgumentException unreadable) {
            throw new IllegalStateException(where + name + " = '" + value + "' cannot be read: "
                    + unreadable.getMessage());
        }
    }

    private static boolean isNorm(String name) {
        return NORM.equals(name) || name.endsWith("Norm") || EXTENSION_MAXIMUM.equals(name);
    }

    private static boolean isStart(String name) {
        return NORM_FROM.equals(name) || name.endsWith("NormFrom");
    }
}
