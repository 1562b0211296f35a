package kz.qaqpa.regulation;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.catalogue.RouteFlow;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;

/**
 * At the start, every loaded route (routes/, a deployment's {@code file:} pattern, a test's {@code classpath:} one)
 * follows what the guide promises of a regulation file: it says what it does (a description), each regulation step
 * is numbered as the regulation's text numbers it, and the total term it states reads as terms. Before (regs63's
 * Left), RouteFilesTest checked the first two for routes/ only, and a total term in an unknown unit was published
 * unread in the catalogue; a regulation file added elsewhere loaded with any of them. Each is refused on one line
 * naming the route, its file, the field and what is allowed.
 */
public final class RouteConventions {
    /**
     * The regulation's own numbering; a part of one numbered process (para 8.10's offer and consent, seed 004's act of
     * the home visit in para 8.3) adds a word; a text numbering its steps by level (1.2, 8.10) is written with
     * dashes (1-2, 8-10). A step the project adds where the text has none says so: {@code <channel>-own-...}. The
     * prefix is the channel's name in lower case, any word: channels are configuration (qaqpa.sender.X.channels, the
     * document's channel, route ids {@code <routeId>-<channel>}), so a regulation on a channel of its own must load
     * (review65 finding 1: a list fixed here refused it).
     */
    public static final Pattern STEP_ID = Pattern.compile("[a-z]+-"
            + "((condition|process|action|appendix|para)-\\d+(-\\d+)*(-[a-z]+)*|own(-[a-z0-9]+)+)");
    /** The words a step id has after its number ({@code examined} of {@code provider-action-3-examined}). */
    private static final Pattern STEP_WORDS = Pattern.compile("[a-z]+-((condition|process|action|appendix|para)"
            + "-\\d+(-\\d+)*|own)-(?<words>[a-z0-9]+(-[a-z0-9]+)*)");
    static final String STEP_ID_RULE = "<channel>-(condition|process|action|appendix|para)-<n>[-<n>...][-word...]"
            + " as the text numbers it (1.2 written 1-2), or <channel>-own-<words> for a step the project adds;"
            + " <channel> the channel's name in lower case (con, portal, provider, ...)";
    /** The catalogue's total term: the sum of the procedures' norms, joined by " and ". */
    static final String TOTAL_TERM = "catalogue.totalTerm";
    private static final String AND = " and ";

    private RouteConventions() {
    }

    /** Every flow checked; the first that fails throws IllegalStateException. */
    public static void require(CamelContext context, List<RouteFlow> flows) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteFlow flow : flows) {
            String route = "route " + flow.id();
            // read only where a route is refused: naming the file reads the route files
            Supplier<String> file = () -> RouteFileOf.named(context,
                    model.getRouteDefinition(flow.id()));
            if (flow.description() == null || flow.description().isBlank()) {
                throw new IllegalStateException(route + " has no description: every route says what it does"
                        + " (description: ...)" + file.get());
            }
            for (RouteFlow.Step step : flow.steps()) {
                if (step.id() == null || !STEP_ID.matcher(step.id()).matches()) {
                    throw new IllegalStateException(route + "'s step id '" + step.id() + "' is not the regulation's"
                            + " numbering: " + STEP_ID_RULE + file.get());
                }
            }
            requireTotalTerm(route, flow.settings().get(TOTAL_TERM), file);
        }
    }

    /** "3 working-days and 30 minutes": each part a norm the plan reads (blank: the text states none). */
    private static void requireTotalTerm(String route, String total, Supplier<String> file) {
        if (total == null || total.isBlank()) {
            return;
        }
        for (String part : total.split(AND)) {
            try {
                Norm.parse(part);
            } catch (IllegalArgumentException unreadable) {
                throw new IllegalStateException(route + "'s totalTerm = '" + total + "' cannot be read: "
                        + unreadable.getMessage() + " (norms joined by 'and')" + file.get());
            }
        }
    }

    /** The words of {@code stepId} after its number, joined by '-' as written; empty where it has none. */
    static Optional<String> stepWords(String stepId) {
        Matcher m = STEP_WORDS.matcher(stepId == null ? "" : stepId);
        return m.matches() ? Optional.of(m.group("words")) : Optional.empty();
    }
}
