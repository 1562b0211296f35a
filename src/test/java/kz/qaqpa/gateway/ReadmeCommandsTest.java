package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.TemporaryDirectory;
import kz.qaqpa.mocks.walkthrough.Walkthrough;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ops45: the curl commands README's fenced {@code sh} blocks give, run as a reader runs them: by bash, with curl, from
 * the gateway's directory (a temporary one whose {@code data} is a running gateway's data directory, as {@code ./data}
 * is the demo's), the ports replaced by the gateway's (README: "each is a setting"), {@code <correlationId>} by the one
 * the answer before gave, and the walkthrough's {@code --save} command run first for the envelope they send. Each must
 * answer as README says: the status and a word of the answer ({@link #EXPECTED}; a command README adds that is not
 * listed there fails, so that it is tested too). Until then no test ran them: the console's command would have answered
 * 401 once the console asked for its token, and README would not have said so. Needs curl and bash (skipped without,
 * as IndependentVerificationTest skips without xmlsec1).
 */
class ReadmeCommandsTest {
    private static final Path WORK = TemporaryDirectory.create("qaqpa-readme-");
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    private static final String WALKTHROUGH = "java -cp target/qaqpa-0.1.0-SNAPSHOT-all.jar "
            + Walkthrough.class.getName() + " ";
    private static final Pattern CORRELATION_ID = Pattern.compile("\\{([0-9a-f]{8}-[0-9a-f-]{27})}");
    /** Where curl's {@code -w} puts the status, after the answer. */
    private static final String STATUS_MARK = "\nHTTP-STATUS ";
    private static final long CURL_SECONDS = 60;

    /** What a README curl command (recognised by its URL's path and whether it sends the token) answers. */
    private record Expected(Pattern command, int status, String word) {
        static Expected of(String command, int status, String word) {
            return new Expected(Pattern.compile(command), status, word);
        }
    }

    private static final List<Expected> EXPECTED = List.of(
            Expected.of("--data-binary @target/request\\.xml http://localhost:\\d+/shep/async$", 200, "correlationId"),
            Expected.of("^curl -s -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\" "
                    + "http://localhost:\\d+/applications/[0-9a-f-]{36}$", 200, "<application"),
            Expected.of("^curl -s http://localhost:\\d+/shep/async\\?wsdl$", 200, "definitions"),
            Expected.of("^curl -s http://localhost:\\d+/contract/AsyncChannelClient\\.wsdl$", 200, "definitions"),
            Expected.of("^curl -s -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\" "
                    + "http://localhost:\\d+/$", 200, "Qaqpa operator console"),
            Expected.of("^curl -s http://localhost:\\d+/message-log/verify$", 401, "token"),
            Expected.of("^curl -s -H \"Authorization: Bearer \\$\\(cat data/operator\\.token\\)\" "
                    + "http://localhost:\\d+/message-log/verify$", 200, "OK:"));

    /** The reader's directory: {@code data} there is the gateway's data directory (a link, which is removed alone). */
    @AfterAll
    static void removeWork() {
        TemporaryDirectory.delete(WORK);
    }

    @Test
    void everyCurlCommandOfTheReadmeAnswersAsItSays() throws Exception {
        Assumptions.assumeTrue(found("curl") && found("bash"), "curl and bash are needed to run README's commands");
        Files.createDirectories(WORK.resolve("target"));
        Files.createSymbolicLink(WORK.resolve("data"), Path.of(gateway.property("qaqpa.data-dir")));
        List<String> lines = readmeCommands();
        assertThat(lines).as("README's sh blocks").anyMatch(l -> l.startsWith(WALKTHROUGH) && l.contains("--save"));
        Set<Expected> used = new HashSet<>();
        String correlationId = null;
        int curls = 0;
        for (String line : lines) {
            if (line.startsWith(WALKTHROUGH) && line.contains("--save")) {
                save(line.substring(WALKTHROUGH.length()).trim().split(" +"));
            } else if (line.startsWith("curl ")) {
                String command = withThisGateway(line, correlationId);
                Expected expected = EXPECTED.stream().filter(e -> e.command().matcher(command).find()).findFirst()
                        .orElseThrow(() -> new AssertionError("README's command is not in EXPECTED, so not tested: "
                                + command));
                used.add(expected);
                Answer answer = curl(command);
                assertThat(answer.status()).as("%s answered:%n%s", command, answer.body())
                        .isEqualTo(expected.status());
                assertThat(answer.body()).as(command).contains(expected.word());
                Matcher id = CORRELATION_ID.matcher(answer.body());
                correlationId = id.find() ? id.group(1) : correlationId;
                curls++;
            }
        }
        assertThat(curls).as("curl commands run").isEqualTo(lines.stream().filter(l -> l.startsWith("curl ")).count());
        assertThat(used).as("every expected answer is README's").containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    /** The command lines of README's sh blocks, a trailing comment left out. */
    private static List<String> readmeCommands() throws IOException {
        Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        List<String> lines = new ArrayList<>();
        while (block.find()) {
            block.group(1).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.replaceFirst("\\s+#\\s.*$", "")).forEach(lines::add);
        }
        return lines;
    }

    /** The line with this gateway's ports for README's (8080 the channels', 8089 the console's) and the id. */
    private static String withThisGateway(String line, String correlationId) {
        String command = line.replace("localhost:8080", "localhost:" + gateway.property("qaqpa.http.port"))
                .replace("localhost:8089", "localhost:" + gateway.property("qaqpa.operator.port"));
        if (command.contains("<correlationId>")) {
            assertThat(correlationId).as("an answer before %s gave a correlationId", line).isNotNull();
            command = command.replace("<correlationId>", correlationId);
        }
        return command;
    }

    /** The walkthrough's --save command, as WalkthroughTest runs it: its envelope written under the work directory. */
    private static void save(String[] args) throws Exception {
        args[args.length - 1] = WORK.resolve(args[args.length - 1]).toString();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Walkthrough.command(args, gateway.settings(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as("walkthrough --save: %s", err.toString(StandardCharsets.UTF_8)).isZero();
    }

    private record Answer(int status, String body) {
    }

    /** {@code command} run by bash in the work directory, curl writing the status after the answer. */
    private static Answer curl(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command + " -w '" + STATUS_MARK.replace("\n", "\\n")
                + "%{http_code}'").directory(WORK.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(CURL_SECONDS, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        int mark = text.lastIndexOf(STATUS_MARK);
        assertThat(mark).as("%s printed its status: %s", command, text).isNotNegative();
        return new Answer(Integer.parseInt(text.substring(mark + STATUS_MARK.length()).trim()), text.substring(0, mark));
    }

    private static boolean found(String program) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + program).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
