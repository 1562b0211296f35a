package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.TemporaryDirectory;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.gateway.DocCommands.Expected;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ops45: the curl commands README's fenced {@code sh} blocks give, run as a reader runs them ({@link DocCommands}):
 * each must answer as README says, the status and a word of the answer ({@link #README}). Until then no test ran them:
 * the console's command would have answered 401 once the console asked for its token, and README would not have said
 * so. ops46: the operators' documents too, docs/operations.md and docs/production.md, their sh blocks and their inline
 * curl commands ({@link #OPERATIONS}, {@link #PRODUCTION}), each run or listed with the reason it cannot run against a
 * test gateway. Needs curl and bash (skipped without, as IndependentVerificationTest skips without xmlsec1).
 */
class ReadmeCommandsTest {
    private static final Path WORK = TemporaryDirectory.create("qaqpa-readme-");
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    /** How a reader presents the console's token in the documents' commands, as a pattern. */
    private static final String WITH_TOKEN = "curl -s -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\" ";

    private static final List<Expected> README = List.of(
            Expected.of("--data-binary @target/request\\.xml http://localhost:\\d+/shep/async$", 200, "correlationId"),
            Expected.of("^" + WITH_TOKEN + "http://localhost:\\d+/applications/[0-9a-f-]{36}$", 200, "<application"),
            Expected.of("^curl -s http://localhost:\\d+/shep/async\\?wsdl$", 200, "definitions"),
            Expected.of("^curl -s http://localhost:\\d+/contract/AsyncChannelClient\\.wsdl$", 200, "definitions"),
            Expected.of("^" + WITH_TOKEN + "http://localhost:\\d+/$", 200, "Qaqpa operator console"),
            Expected.of("^curl -s http://localhost:\\d+/message-log/verify$", 401, "token"),
            Expected.of("^" + WITH_TOKEN + "http://localhost:\\d+/message-log/verify$", 200, "OK:"));

    /** docs/operations.md's, the application its example id names being one the test sent. */
    private static final List<Expected> OPERATIONS = List.of(
            Expected.of("^" + WITH_TOKEN + "http://localhost:\\d+/message-log/verify$", 200, "OK:"),
            Expected.of("^curl -sN -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\" "
                    + "'http://localhost:\\d+/message-log/verify\\?progress' \\| tail -1$", 200, "OK:"),
            Expected.of("^" + WITH_TOKEN + "'http://localhost:\\d+/message-log/verify\\?head=\\d+:[0-9a-f]{64}'$", 200,
                    "OK:"),
            Expected.saving("^curl -s -o application\\.zip -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\""
                    + " http://localhost:\\d+/message-log/export/[0-9a-f-]{36}$", 200, "application.zip", "PK"),
            Expected.of("^curl -s -X POST -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\" "
                    + "http://localhost:\\d+/message-log/archive$", 200, "nothing to archive"),
            Expected.of("^curl -s -X POST -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\" "
                    + "http://localhost:\\d+/store/backup$", 200, "backed up to"),
            Expected.of("^" + WITH_TOKEN + "http://localhost:\\d+/$", 200, "Qaqpa operator console"),
            Expected.of("^" + WITH_TOKEN + "'http://127\\.0\\.0\\.1:\\d+/outbox/stopped\\?after="
                    + "2026-03-20T05:01:00\\.123Z,42'$", 200, "<stopped"));
    private static final String UPGRADE = "the upgrade procedure's steps (ops61, run by hand against a scratch gateway"
            + " across a stop and a start): their shell variables name what the commands above spell out, and each"
            + " request is one run above by its address";
    private static final Map<String, String> OPERATIONS_NOT_RUN = Map.of(
            "curl -s -H \"Authorization: Bearer …\" http://127.0.0.1:8089/…",
            "an outline of any console request by the address it names: the token and the page are left out",
            "curl -s -H \"Authorization: Bearer $TOKEN\" \"$CONSOLE/message-log/verify\"", UPGRADE,
            "curl -s -H \"Authorization: Bearer $TOKEN\" \"$CONSOLE/in-flight?limit=1\"", UPGRADE,
            "curl -s -X POST -H \"Authorization: Bearer $TOKEN\" \"$CONSOLE/store/backup\"", UPGRADE,
            "curl -s http://localhost:$QAQPA_MONITORING_PORT/health", UPGRADE,
            "curl -s -H \"Authorization: Bearer $TOKEN\" \"$CONSOLE/message-log/verify?head=606:55c199f9…\"", UPGRADE,
            "curl -s -H \"Authorization: Bearer $TOKEN\" \"$CONSOLE/in-flight\"", UPGRADE);

    private static final List<Expected> PRODUCTION = List.of();
    private static final Map<String, String> PRODUCTION_NOT_RUN = Map.of(
            "curl -s -H \"Authorization: Bearer $(sudo -u qaqpa cat /var/lib/qaqpa/operator.token)\" http://localhost:8089/",
            "reads the token as the production gateway's own user (sudo -u qaqpa) from its data directory"
                    + " /var/lib/qaqpa; the same request from the demo's directory is docs/operations.md's");

    @BeforeAll
    static void needsCurlAndBash() {
        DocCommands.assumeCurlAndBash();
    }

    /** The reader's directory: {@code data} there is the gateway's data directory (a link, which is removed alone). */
    @AfterAll
    static void removeWork() {
        TemporaryDirectory.delete(WORK);
    }

    @Test
    void everyCurlCommandOfTheReadmeAnswersAsItSays() throws Exception {
        assertThat(DocCommands.commands(java.nio.file.Files.readString(Path.of("README.md")))).as("README's sh blocks")
                .anyMatch(l -> l.contains(" kz.qaqpa.mocks.walkthrough.Walkthrough ") && l.contains("--save"));
        assertThat(new DocCommands(gateway, WORK).run("README.md", README, Map.of())).isEqualTo(README.size());
    }

    /**
     * ops46: an operator copies these from docs/operations.md and docs/production.md into a shell as they are (the
     * token read from its file, a head noted from the verification before); before, no test ran them.
     */
    @Test
    void everyCurlCommandOfTheOperatorsDocumentsAnswersAsTheySayOrIsListedWhyNot() throws Exception {
        DocCommands commands = new DocCommands(gateway, WORK).about(submitted());
        assertThat(commands.run("docs/operations.md", OPERATIONS, OPERATIONS_NOT_RUN)).isEqualTo(OPERATIONS.size());
        assertThat(commands.run("docs/production.md", PRODUCTION, PRODUCTION_NOT_RUN)).isZero();
    }

    /** A portal application accepted by the gateway: the one docs/operations.md's example id stands for. */
    private static String submitted() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).submit(gateway.signed(sample), "operations-" + UUID.randomUUID())
                .getCorrelationId();
    }
}
