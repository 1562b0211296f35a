package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kz.qaqpa.catalogue.RouteFlow;

/**
 * At start: a route that asks for a result to follow the consumer's consent ({@code consentBefore}, seed 002 para
 * 8.10: the referral is formed after the consent «ұсынылған МБҰ-ға») belongs to a regulation whose routes name the
 * field of the result and of the consent that name the organisation ({@code result.kindergartenCode},
 * {@code consent.kindergartenCode}). Without them the check that the result is for the organisation agreed to did not
 * run (seeds41 found a route that never set the result's path: a referral to another organisation was taken); now
 * such a route does not start (depth42). The fields may be set in any route of the regulation (the shared progress
 * route sets them, the channel's progress route asks for the check), as the exchange carries them from one to the next.
 */
public final class ConsentCheckFields {
    static final String CONSENT_BEFORE = "consentBefore";
    /** What {@link ResultRequirements} compares: the result's organisation and the one the consumer agreed to. */
    static final List<String> FIELDS = List.of("result.kindergartenCode", "consent.kindergartenCode");

    private ConsentCheckFields() {
    }

    /** Throws IllegalStateException naming the route that asks for the check and the field its regulation lacks. */
    public static void require(List<RouteFlow> flows) {
        for (RouteFlow flow : flows) {
            String results = set(flow, CONSENT_BEFORE);
            if (results == null) {
                continue;
            }
            String regulation = regulation(flow.id(), flows);
            for (String field : FIELDS) {
                if (flows.stream().filter(f -> ofRegulation(f.id(), regulation)).noneMatch(f -> set(f, field) != null)) {
                    throw new IllegalStateException("route " + flow.id() + " sets " + CONSENT_BEFORE + " '" + results
                            + "' but no route of " + regulation + " sets " + field + ", the field naming the"
                            + " organisation: the result could not be checked against the consent (docs/security.md,"
                            + " Session 42 review, depth42)");
                }
            }
        }
    }

    /** The route's value of {@code variable}, set before its steps or in one of them; null when none or blank. */
    private static String set(RouteFlow flow, String variable) {
        List<Map<String, String>> sets = new ArrayList<>(List.of(flow.settings()));
        flow.steps().forEach(step -> sets.add(step.variables()));
        return sets.stream().map(v -> v.get(variable)).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    /** The shortest loaded route id the route's id extends ({@code R} of {@code R-portal-progress}), or its own. */
    private static String regulation(String routeId, List<RouteFlow> flows) {
        return flows.stream().map(RouteFlow::id).filter(id -> routeId.startsWith(id + "-"))
                .reduce((a, b) -> a.length() <= b.length() ? a : b).orElse(routeId);
    }

    private static boolean ofRegulation(String routeId, String regulation) {
        return routeId.equals(regulation) || routeId.startsWith(regulation + "-");
    }
}
