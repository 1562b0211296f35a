package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import kz.qaqpa.regulation.ChainStatuses;
import kz.qaqpa.regulation.TemplateParameters;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * regs66 (regs64's Left): a misspelt chain status code was caught only where a code a letter from it is named nearby
 * (its block's, another channel's of its regulation). A chain step's id ends with words a seed names its code by
 * ({@code provider-action-3-examined}, EXAMINED): a code a letter from them is warned of, naming the route, the
 * parameter and the file (lead, session 66: not refused, as a step named by its action, {@code -approve} for
 * APPROVED, is a letter from its code too). The start's route checks run in-process on the progress route of a regulation written as
 * docs/adding-a-regulation.md says (seed 004's ЦОН chain block, its second and third slot its own); plausible
 * legitimate files still pass, so no file is refused that a checker writes from the guide.
 */
class ChainStatusCodesTest {
    @TempDir
    Path dir;

    /** Each a slot 2 and 3 a checker may write: the step named as its code, otherwise, or without words. */
    @ParameterizedTest(name = "{0} {1}, {2} {3}")
    @CsvSource({
            "provider-action-4-approved, APPROVED, provider-action-5, ISSUED",
            "con-own-passed, PASSED_TO_CENTRE, provider-action-5-1, HANDED_TO_COURIER",
            "provider-action-4-signed, SIGNED, provider-action-5-assigned, ASSIGNED",
            "provider-action-4-checked, DOCUMENTS_CHECKED, provider-action-5-sent, SENT_TO_ARCHIVE",
            "provider-action-4-sent, SENT, provider-action-5-seen, SEEN",
            "provider-para-8-2-head, RESOLVED, provider-para-8-3-specialist, CHECKED",
            // named by the action, a letter from the code (lead, session 66: warned of, not refused)
            "provider-action-4-approve, APPROVED, provider-action-5-issue, ISSUED",
            "provider-action-4-archive, ARCHIVED, provider-action-5-document-checked, DOCUMENTS_CHECKED"})
    void aPlausibleChainOfItsOwnStarts(String step2, String code2, String step3, String code3) throws Exception {
        check(progressRoute(step2, code2, step3, code3));
    }

    /**
     * Each misspelt against its own step's words: warned of naming the route, the parameter, the code and the file,
     * and the start goes on (a step named by its action is a letter from its code too: lead, session 66).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "provider-action-4-approved, APROVED, chain2Status = 'APROVED' is 1 letter(s) from 'APPROVED', which its"
                    + " step id 'provider-action-4-approved' names: a typo in one of them?",
            "con-own-passed-to-centre, PASSED_TO_CENTE, chain2Status = 'PASSED_TO_CENTE' is 1 letter(s) from"
                    + " 'PASSED_TO_CENTRE', which its step id 'con-own-passed-to-centre' names"})
    void aCodeMisspeltAgainstItsStepIsWarnedOf(String step2, String code2, String warning) throws Exception {
        Path route = progressRoute(step2, code2, "provider-action-5", "ISSUED");
        try (LogLines log = new LogLines()) {
            check(route);
            assertThat(log.containing("route own-chain-con-progress's " + warning)).singleElement().asString()
                    .endsWith("(file file:" + route + ")");
        }
    }

    /** A code an earlier branch of the template takes: refused naming the route, the parameter and the file. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "provider-action-4-registered, IN_WORK, chain2Status = 'IN_WORK' is an event the progress template takes"
                    + " in a branch of its own (HANDED_OVER, IN_WORK, OFFERED, REGISTERED, RESULT, TERM_EXTENDED)"})
    void aCodeTheTemplateTakesIsRefused(String step2, String code2, String refusal) throws Exception {
        Path route = progressRoute(step2, code2, "provider-action-5", "ISSUED");
        assertThatThrownBy(() -> check(route)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route own-chain-con-progress's " + refusal)
                .hasMessageEndingWith("(file file:" + route + ")");
    }

    private Path progressRoute(String step2, String code2, String step3, String code3) throws Exception {
        return Files.writeString(dir.resolve("own-chain.yaml"), """
                - templatedRoute:
                    routeTemplateRef: application-progress
                    routeId: own-chain-con-progress
                    parameters:
                      - {name: routeId, value: own-chain-con-progress}
                      - {name: block, value: almaty-2015-family-chain-con}
                      - {name: inWorkNorm, value: "2 hours"}
                      - {name: chain1Norm, value: "3 working-days"}
                      - {name: resultNorm, value: "1 working-days"}
                      - {name: refusalNorm, value: "1 working-days"}
                      - {name: resultDocuments, value: "guardianshipCertificate,documentRefusal"}
                      - {name: noChain2, value: "false"}
                      - {name: chain2, value: %s}
                      - {name: chain2Status, value: %s}
                      - {name: chain2Description, value: "Project's own: a step of the test's"}
                      - {name: noChain3, value: "false"}
                      - {name: chain3, value: %s}
                      - {name: chain3Status, value: %s}
                      - {name: chain3Description, value: "Project's own: a step of the test's"}
                """.formatted(step2, code2, step3, code3));
    }

    /** The start's checks of a templated route file, in its order (GatewayConfiguration). */
    private static void check(Path route) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RouteFilesTest.loadWithTheTemplates(context, route);
            context.getPropertiesComponent().addOverrideProperty(kz.qaqpa.regulation.RouteFileOf.ROUTE_FILES,
                    "file:" + route);
            TemplateParameters.require(context);
            ChainStatuses.require(context);
        }
    }
}
