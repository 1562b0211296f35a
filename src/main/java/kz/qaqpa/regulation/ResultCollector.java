package kz.qaqpa.regulation;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * Who collected the result at a hand-over, where the regulation says who may (the route's handOverCollector, e.g.
 * seed 004 para 10 at the State Corporation: «...жеке куәлiгiн (не нотариалды расталған сенiмхат бойынша оның өкiлi)
 * ұсыну кезiнде...»): the channel's hand-over may name the collector (collectedBy, the project's own optional field).
 * The applicant must be the application's; a representative's notarised power is looked up in ЕНИС as at intake
 * ({@link StateDatabaseCondition#requirePower}). A hand-over naming no one is taken: older channel systems send none,
 * and the employee's check at the desk stands (ours).
 */
public final class ResultCollector {
    /** handOverCollector where the text names no rule (the template's default): a named collector is not checked. */
    static final String ANY = "any";
    /** handOverCollector of seed 004 para 10: the applicant, or a representative under a notarised power. */
    static final String APPLICANT_OR_NOTARISED_REPRESENTATIVE = "applicant-or-notarised-representative";
    static final String RULE = "handOverCollector";
    private static final Set<String> RULES = Set.of(ANY, APPLICANT_OR_NOTARISED_REPRESENTATIVE);
    private final StateDatabaseCondition stateDatabases;

    public ResultCollector(StateDatabaseCondition stateDatabases) {
        this.stateDatabases = stateDatabases;
    }

    /**
     * At start: every hand-over step's rule is one this class knows, so a mistyped route value stops the start
     * naming the route instead of failing the first hand-over with an internal error (the guide: a broken route file
     * fails the build).
     */
    public static void requireKnownRules(List<RouteFlow> flows) {
        for (RouteFlow flow : flows) {
            for (RouteFlow.Step step : flow.steps()) {
                String rule = step.variables().get(RULE);
                if (rule != null && !RULES.contains(rule)) {
                    throw new IllegalStateException("route " + flow.id() + " step " + step.id() + " sets " + RULE
                            + " '" + rule + "': it must be " + ANY + " or " + APPLICANT_OR_NOTARISED_REPRESENTATIVE);
                }
            }
        }
    }

    /** What the step's outcome says of the collector ("" where the route checks none); refused with SCE020 / SCE023. */
    String check(Exchange exchange, Applications.Application a) {
        // any other value does not start (requireKnownRules)
        if (ANY.equals(exchange.getVariable(RULE, ANY, String.class))) {
            return "";
        }
        Element document = EventDocument.of(exchange);
        Element collector = document == null ? null : EventDocument.element(document, "collectedBy");
        if (collector == null) {
            return ": the collector is not named (the desk's check)";
        }
        String applicant = EventDocument.text(collector, "applicant");
        if (applicant != null) {
            if (!applicant.equals(a.applicantIin())) {
                throw new ShepException(FaultCode.SIGNER_MISMATCH, "the result of application '" + a.correlationId()
                        + "' is the applicant's " + a.applicantIin() + ", not " + applicant + "'s: another person"
                        + " collects it only as a representative under a notarised power of attorney");
            }
            return ": collected by the applicant " + applicant;
        }
        Element representative = EventDocument.element(collector, "representative");
        String iin = EventDocument.text(representative, "iin");
        String number = EventDocument.text(representative, "powerOfAttorneyNumber");
        Set<String> scopes = Set.copyOf(Arrays.asList(exchange.getVariable("handOverPowerOfAttorneyScopes", "",
                String.class).split(",")));
        stateDatabases.requirePower(number, a.applicantIin(), iin, scopes, exchange);
        return ": collected by the representative " + iin + " under the power of attorney " + number + " in ЕНИС";
    }
}
