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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.mocks.walkthrough.Walkthrough;

/**
 * The curl commands a document gives (README, docs/operations.md, docs/production.md), run as a reader runs them: by
 * bash, with curl, from the gateway's directory (a work directory whose {@code data} is a running gateway's data
 * directory, as {@code ./data} is the demo's), the ports replaced by the gateway's (README: "each is a setting"), and
 * the values a reader takes from an answer before (the correlationId, a noted head of the message log) by those this
 * gateway gave; the walkthrough's {@code --save} command is run for the envelope they send. A command is a line of a
 * fenced {@code sh} block or an inline code span that starts with {@code curl }. Each must answer as the document says
 * ({@link Expected}), or be listed with the reason it cannot run against a test gateway; a command in neither list
 * fails, so that a command a document adds is tested too (ops45 for README, ops46 for the operators' documents).
 */
final class DocCommands {
    private static final String WALKTHROUGH = "java -cp target/qaqpa-0.1.0-SNAPSHOT-all.jar "
            + Walkthrough.class.getName() + " ";
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FENCED = Pattern.compile("```.*?```", Pattern.DOTALL);
    private static final Pattern INLINE_CURL = Pattern.compile("`(curl [^`]+)`");
    private static final Pattern CORRELATION_ID = Pattern.compile("\\{([0-9a-f]{8}-[0-9a-f-]{27})}");
    /** The head a verification names, {@code (seq:hash)}, which docs/operations.md tells the operator to note. */
    private static final Pattern HEAD = Pattern.compile("\\((\\d+:[0-9a-f]{64})\\)");
    /** docs/operations.md's noted head, shortened there as a reader would not type it ({@code 1843:e5fa8c3f…}). */
    private static final Pattern NOTED_HEAD = Pattern.compile("\\d+:[0-9a-f]+…");
    /** docs/operations.md's example application, which stands for one the gateway holds. */
    private static final String EXAMPLE_APPLICATION = "0a080880-c62d-4f2f-b9ba-32367f720e9a";
    /** What curl writes on standard error after the answer (curl's {@code -w %{stderr}}), leaving the answer alone. */
    private static final String STATUS_MARK = "HTTP-STATUS ";
    private static final long CURL_SECONDS = 60;

    /**
     * What a document's curl command (recognised by {@code command}, found in it after the substitutions) answers: the
     * status and a word of the answer, or of the file it saves ({@code saved}, in the work directory).
     */
    record Expected(Pattern command, int status, String word, String saved) {
        static Expected of(String command, int status, String word) {
            return new Expected(Pattern.compile(command), status, word, null);
        }

        static Expected saving(String command, int status, String saved, String word) {
            return new Expected(Pattern.compile(command), status, word, saved);
        }
    }

    private final GatewayHarness gateway;
    private final Path work;
    private String correlationId;
    private String head;

    /** Runs commands against {@code gateway} from {@code work}, where {@code data} links to the gateway's data. */
    DocCommands(GatewayHarness gateway, Path work) throws IOException {
        this.gateway = gateway;
        this.work = work;
        Files.createDirectories(work.resolve("target"));
        if (!Files.exists(work.resolve("data"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(work.resolve("data"), Path.of(gateway.property("qaqpa.data-dir")));
        }
    }

    /** The application the commands ask about until an answer names another (the id without its braces). */
    DocCommands about(String application) {
        correlationId = application.replaceAll("[{}]", "");
        return this;
    }

    /**
     * Runs every command of {@code doc}: each curl command must answer as one of {@code expected} says, unless
     * {@code notRun} names it (its text in the document, with the reason); every expected answer and every reason must
     * be the document's. Returns the curl commands run.
     */
    int run(String doc, List<Expected> expected, Map<String, String> notRun) throws Exception {
        List<String> lines = commands(Files.readString(Path.of(doc)));
        Set<Expected> used = new HashSet<>();
        Set<String> skipped = new HashSet<>();
        int curls = 0;
        for (String line : lines) {
            if (line.startsWith(WALKTHROUGH) && line.contains("--save")) {
                save(line.substring(WALKTHROUGH.length()).trim().split(" +"));
            } else if (notRun.containsKey(line)) {
                skipped.add(line);
            } else if (line.startsWith("curl ")) {
                String command = withThisGateway(line);
                Expected answer = expected.stream().filter(e -> e.command().matcher(command).find()).findFirst()
                        .orElseThrow(() -> new AssertionError(doc + "'s command is neither expected nor listed as"
                                + " not run, so not tested: " + command));
                used.add(answer);
                check(command, answer);
                curls++;
            }
        }
        assertThat(used).as("every expected answer is %s's", doc).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(skipped).as("every command listed as not run is %s's", doc)
                .containsExactlyInAnyOrderElementsOf(notRun.keySet());
        assertThat(curls + skipped.size()).as("%s's curl commands, run or listed", doc)
                .isEqualTo(lines.stream().filter(l -> l.startsWith("curl ")).count());
        return curls;
    }

    /** The lines of {@code text}'s sh blocks (a trailing comment left out), then its inline curl commands. */
    static List<String> commands(String text) {
        List<String> lines = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(text);
        while (block.find()) {
            block.group(1).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.replaceFirst("\\s+#\\s.*$", "")).forEach(lines::add);
        }
        Matcher inline = INLINE_CURL.matcher(FENCED.matcher(text).replaceAll(""));
        while (inline.find()) {
            lines.add(inline.group(1).strip());
        }
        return lines;
    }

    /**
     * The line with this gateway's ports for the documents' (8080 the channels', 8089 the console's, by either
     * loopback name), the application and the noted head for the documents' placeholders and examples.
     */
    private String withThisGateway(String line) {
        String command = line
                .replaceAll("(localhost|127\\.0\\.0\\.1):8080", "$1:" + gateway.property("qaqpa.http.port"))
                .replaceAll("(localhost|127\\.0\\.0\\.1):8089", "$1:" + gateway.property("qaqpa.operator.port"));
        if (command.contains("<correlationId>") || command.contains(EXAMPLE_APPLICATION)) {
            assertThat(correlationId).as("an application before %s", line).isNotNull();
            command = command.replace("<correlationId>", correlationId).replace(EXAMPLE_APPLICATION, correlationId);
        }
        if (NOTED_HEAD.matcher(command).find()) {
            assertThat(head).as("a verification before %s named the head", line).isNotNull();
            command = NOTED_HEAD.matcher(command).replaceAll(head);
        }
        return command;
    }

    /** Runs {@code command} and checks its answer; notes the correlationId and the head it names for later ones. */
    private void check(String command, Expected expected) throws Exception {
        Answer answer = curl(command);
        assertThat(answer.status()).as("%s answered:%n%s", command, answer.body()).isEqualTo(expected.status());
        if (expected.saved() == null) {
            assertThat(answer.body()).as(command).contains(expected.word());
        } else {
            assertThat(Files.readString(work.resolve(expected.saved()), StandardCharsets.ISO_8859_1))
                    .as("%s saved %s", command, expected.saved()).startsWith(expected.word());
        }
        Matcher id = CORRELATION_ID.matcher(answer.body());
        correlationId = id.find() ? id.group(1) : correlationId;
        Matcher noted = HEAD.matcher(answer.body());
        head = noted.find() ? noted.group(1) : head;
    }

    /** The walkthrough's --save command, as WalkthroughTest runs it: its envelope written under the work directory. */
    private void save(String[] args) throws Exception {
        args[args.length - 1] = work.resolve(args[args.length - 1]).toString();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Walkthrough.command(args, gateway.settings(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as("walkthrough --save: %s", err.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** A command's HTTP status and what it printed. */
    record Answer(int status, String body) {
    }

    /**
     * {@code command} run by bash in the work directory, its curl writing the status on standard error after the
     * answer, so that what it prints (and a pipe after it reads) is what the reader sees.
     */
    Answer curl(String command) throws Exception {
        Path errors = Files.createTempFile(work, "curl-", ".err");
        String withStatus = "curl -w '%{stderr}\\n" + STATUS_MARK + "%{http_code}\\n' "
                + command.substring("curl ".length());
        Process process = new ProcessBuilder("bash", "-c", withStatus).directory(work.toFile())
                .redirectError(errors.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(CURL_SECONDS, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        String body = new String(out, StandardCharsets.UTF_8);
        String err = Files.readString(errors);
        int mark = err.lastIndexOf(STATUS_MARK);
        assertThat(mark).as("%s printed its status: %s%s", command, body, err).isNotNegative();
        return new Answer(Integer.parseInt(err.substring(mark + STATUS_MARK.length()).trim()), body);
    }

    /**
     * Goes on where curl and bash run, which run the documents' commands; else skipped with the reason, or failed with
     * {@value kz.qaqpa.ExternalTools#REQUIRED} (interop49: they were looked up by {@code command -v} and skipped alone).
     */
    static void assumeCurlAndBash() {
        kz.qaqpa.ExternalTools.assumeCurl();
        kz.qaqpa.ExternalTools.assumeRuns("bash is not installed (apt-get install bash)", "bash", "--version");
    }
}
