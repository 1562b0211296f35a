package kz.qaqpa.regulation;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the start, every loaded route (routes/, a deployment's {@code file:} pattern, a test's {@code classpath:} one)
 * follows what the guide promises of a regulation file: it says what it does (a description), each regulation step
 * is numbered as the regulation's text numbers it, and the total term it states reads as terms. Before (regs63's
 * Left), RouteFilesTest checked the first two for routes/ only, and a total term in an unknown unit was published
 * unread in the catalogue; a regulation file added elsewhere loaded with any of them. Each is refused on one line
 * naming the route, its file, the field and what is allowed.
 */
public final class RouteConventions {
    private static final Logger LOG = LoggerFactory.getLogger(RouteConventions.class);
    /**
     * The regulation's own numbering; a part of one numbered process (para 8.10's offer and consent, seed 004's act of
     * the home visit in para 8.3) adds a word; a text numbering its steps by level (1.2, 8.10) is written with
     * dashes (1-2, 8-10). A step the project adds where the text has none says so: {@code <channel>-own-...}. The
     * prefix is the channel's name in lower case, any word: channels are configuration (qaqpa.sender.X.channels, the
     * document's channel, route ids {@code <routeId>-<channel>}), so a regulation on a channel of its own must load
     * (review65 finding 1: a list fixed here refused it). A word naming no channel the configuration or the route
     * knows is warned of ({@link #warnOfAnUnknownPrefix}, review66 8c).
     */
    public static final Pattern STEP_ID = Pattern.compile("[a-z]+-"
            + "((condition|process|action|appendix|para)-\\d+(-\\d+)*(-[a-z]+)*|own(-[a-z0-9]+)+)");
    /** The words a step id has after its number ({@code examined} of {@code provider-action-3-examined}). */
    private static final Pattern STEP_WORDS = Pattern.compile("[a-z]+-((condition|process|action|appendix|para)"
            + "-\\d+(-\\d+)*|own)-(?<words>[a-z0-9]+(-[a-z0-9]+)*)");
    static final String STEP_ID_RULE = "<channel>-(condition|process|action|appendix|para)-<n>[-<n>...][-word...]"
            + " as the text numbers it (1.2 written 1-2), or <channel>-own-<words> for a step the project adds;"
            + " <channel> the channel's name in lower case (con, portal, provider, ...)";
    /** The step-id prefixes that name the provider's own side of a regulation rather than a channel. */
    public static final String PROVIDER_PREFIXES = "qaqpa.regulation.provider-step-prefixes";
    /** The suffix of a channel's progress route ({@code <route>-<channel>-progress}, ServiceRegistry.progressRoute). */
    private static final String PROGRESS = "-progress";
    /** The catalogue's total term: the sum of the procedures' norms, joined by " and ". */
    static final String TOTAL_TERM = "catalogue.totalTerm";
    private static final String AND = " and ";

    private RouteConventions() {
    }

    /**
     * Every flow checked; the first that fails throws IllegalStateException. {@code channels}: the channels the
     * gateway's senders may send on (qaqpa.sender.&lt;id&gt;.channels, as configured), which a step id's prefix may
     * name.
     */
    public static void require(CamelContext context, List<RouteFlow> flows, Set<String> channels) {
        Set<String> known = knownPrefixes(Settings.of(context), channels);
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
            // one WARN a route and prefix, at its first step (review67b G1: one a step at every start)
            Set<String> prefixes = new HashSet<>();
            Set<String> own = ownChannels(flow);
            for (RouteFlow.Step step : flow.steps()) {
                if (step.id() == null || !STEP_ID.matcher(step.id()).matches()) {
                    throw new IllegalStateException(route + "'s step id '" + step.id() + "' is not the regulation's"
                            + " numbering: " + STEP_ID_RULE + file.get());
                }
                String prefix = step.id().substring(0, step.id().indexOf('-'));
                if (prefixes.add(prefix) && !known.contains(prefix) && !own.contains(prefix)) {
                    warnOfAnUnknownPrefix(route, step.id(), prefix, known, own, file);
                }
            }
            requireTotalTerm(route, flow.settings().get(TOTAL_TERM), file);
        }
    }

    /**
     * review66 8c: since review65 finding 1 any lower-case word was a step id's prefix, so a misspelt one
     * ({@code prtal-condition-1}) loaded unseen. The prefix names who takes the step: a channel a sender may send on,
     * the route's own channel (a regulation's channel of its own: its route ids {@code <route>-<channel>[-progress]},
     * by which ApplicationChannel and ServiceRegistry find them), or the provider's side (qaqpa.regulation
     * .provider-step-prefixes). Another word is warned of, not refused: nothing reads the prefix (it labels the step
     * in the catalogue), and session 66 let a file take any word, so a refusal could stop a gateway an upgrade left
     * able to serve (as the lead ruled for the step's words, ChainStatuses).
     */
    private static void warnOfAnUnknownPrefix(String route, String stepId, String prefix, Set<String> known,
                                              Set<String> own, Supplier<String> file) {
        Set<String> all = new TreeSet<>(known);
        all.addAll(own);
        LOG.warn("{}'s step id '{}' begins with '{}', which names no channel of a sender (qaqpa.sender.<id>.channels),"
                        + " not the route's own nor the provider's side ({}): one of {}; a typo?{} (the start goes on:"
                        + " nothing reads the prefix, it labels the step){}", route, stepId, prefix, PROVIDER_PREFIXES,
                String.join(", ", all), TemplateParameters.nearest(prefix, all).map(p -> " did you mean " + p + "?")
                        .orElse(""), file.get());
    }

    /** The senders' channels and the provider's side, in lower case as step ids write them. */
    private static Set<String> knownPrefixes(Settings settings, Set<String> channels) {
        Set<String> known = new TreeSet<>(settings.list(PROVIDER_PREFIXES, Settings.Empty.NONE));
        channels.forEach(c -> known.add(c.toLowerCase(Locale.ROOT)));
        return known;
    }

    /**
     * The channel a route serves, lower case: the word its id ends with ({@code <route>-<channel>}, or before
     * {@code -progress}), and its {@code channel} variable where it sets one.
     */
    static Set<String> ownChannels(RouteFlow flow) {
        Set<String> own = new TreeSet<>();
        String id = flow.id().endsWith(PROGRESS) ? flow.id().substring(0, flow.id().length() - PROGRESS.length())
                : flow.id();
        own.add(id.substring(id.lastIndexOf('-') + 1));
        if (flow.channel() != null) {
            own.add(flow.channel().toLowerCase(Locale.ROOT));
        }
        return own;
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
