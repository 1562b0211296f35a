package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.mocks.walkthrough.Walkthrough;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's walkthrough command run as an operator runs it (its {@code command}, printing on standard output)
 * against a running gateway with its mocks, to the end (session 44, ops43's Left): at the desk channels the result is
 * handed over by the channel's own system (HANDED_OVER in a NOTIFICATION signed with its system key, as the ЦОН's
 * system sends it) and the application is ISSUED; the line after the final status says which result the provider
 * sent; the tables fit a terminal; and what README's walkthrough shows is what the command prints.
 */
class WalkthroughTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    /** The widest table line (kz.qaqpa.mocks.walkthrough.TextTable.WIDTH): a 120-column terminal, less a margin. */
    private static final int WIDTH = 116;
    /** A status line's continuation, as the command wraps it (not "    the result sent", which follows COMPLETED). */
    private static final String CONTINUED = "    ";
    private static final String RESULT_DUMP = "\nresult in the channel's history (";
    /** A line of the gateway's log (logback.xml: the UTC time first), which the command does not print. */
    private static final Pattern GATEWAY_LOG = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z ");
    private static final Pattern CORRELATION_ID = Pattern.compile("accepted, correlationId \\{([0-9a-f-]{36})}");
    private static final String STEPS = "\nregulation steps (";
    /** The step table's heading row. */
    private static final String STEP_TABLE = "  step ";

    /**
     * Seed 002 at the ЦОН (process 8, para 7.10): the ЦОН's employee hands the referral over; the walkthrough sends the
     * ЦОН system's HANDED_OVER, the application is ISSUED, con-process-8 is among its steps and the channel is told
     * ISSUED. Before: the walkthrough stopped at COMPLETED, nothing handed over.
     */
    @Test
    void atTheCentreTheReferralIsHandedOverAndTheApplicationIssued() throws Exception {
        String out = walkthrough("CON", "referral");

        assertThat(out).contains("  the ЦОН's employee hands the result to the consumer; CON reports HANDED_OVER,"
                + " signed with its system key", "  status DELIVERED ISSUED: Қызмет көрсету нәтижесін беру");
        assertThat(steps(out)).anySatisfy(line -> assertThat(line).startsWith("  con-process-8 ")
                .contains("handed over to the consumer"));
        assertThat(channelStatuses(out)).last().asString().startsWith("  ISSUED ");
        assertThat(gateway.assembly().applications().byCorrelationId(correlationId(out)).orElseThrow().statusCode())
                .isEqualTo("ISSUED");
    }

    /**
     * ops43: the final status's entry says which result the provider sent, as the channel received it: a refusal with
     * its reason code and reasons (the provider mock's DOCUMENTS_MISSING, mocks/README.md), handed over at the ЦОН like
     * any result. Before: "status DELIVERED COMPLETED: …" only.
     */
    @Test
    void theRefusalIsNamedWithItsReasonAndHandedOver() throws Exception {
        String out = walkthrough("CON", "refusal");

        List<String> lines = out.lines().toList();
        int completed = lines.indexOf(lines.stream().filter(l -> l.startsWith("  status DELIVERED COMPLETED:"))
                .findFirst().orElseThrow());
        assertThat(lines.get(completed + 1)).startsWith("    the result sent: refusal DOCUMENTS_MISSING: ");
        assertThat(out).contains("signed by ", "CON reports HANDED_OVER", "  status DELIVERED ISSUED:");
    }

    /** The result's kind on the portal too, where nothing is handed over (the personal cabinet shows it). */
    @Test
    void onThePortalTheReferralIsNamedAndNothingHandedOver() throws Exception {
        String out = walkthrough("PORTAL", "referral");

        assertThat(out).contains("    the result sent: referral, signed by ").doesNotContain("HANDED_OVER", "ISSUED");
    }

    /**
     * ops46: the steps are printed under the command that shows them from the operator console, the token read from
     * its file as the command runs; run as printed (from the demo's directory, where {@code data} is the gateway's) it
     * answers the application's steps, while the page's bare URL, which the walkthrough printed before, is 401 to a
     * browser (no token). Before: no command was printed.
     */
    @Test
    void theConsolesStepsArePrintedUnderACommandThatShowsThem(@org.junit.jupiter.api.io.TempDir Path reader)
            throws Exception {
        DocCommands.assumeCurlAndBash();
        String out = walkthrough("PORTAL", "refusal");

        List<String> heading = section(out, STEPS, "\n" + STEP_TABLE);
        assertThat(heading).hasSize(2);
        assertThat(heading.get(0)).isEqualTo("  curl -s -H \"Authorization: Bearer $(cat data/operator.token)\" \\");
        String url = heading.get(1).strip();
        assertThat(url).isEqualTo(gateway.consoleUrl() + "/applications/" + correlationId(out).replaceAll("[{}]", ""));
        DocCommands.Answer answer = new DocCommands(gateway, reader).curl(heading.get(0).strip()
                .replace("\\", url));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("<application", steps(out).get(0).strip().split(" +")[0]);
        assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("the page without the token, as a browser asks").isEqualTo(401);
    }

    /**
     * Seed 004 para 10 (S1 L247-249): at the ЦОН the certificate is handed to the applicant on his identity card, or to
     * his representative under a notarised power ЕНИС holds; the ЦОН system's HANDED_OVER names the collector
     * (collectedBy) and con-process-9's outcome says whom the gateway checked. Before: no such scenario.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"certificate, the applicant ZHAKSYLYKOV BOLAT, collected by the applicant 881122303409",
            "representative, the representative ABENOV ERLAN, collected by the representative 911111305502"})
    void seed004sCertificateIsHandedToWhomParagraph10Names(String scenario, String collector, String outcome)
            throws Exception {
        String out = walkthrough("CON", scenario);

        assertThat(out).contains("    the result sent: guardianshipCertificate, signed by ",
                "  the ЦОН's employee hands the result to " + collector, "  status DELIVERED ISSUED:");
        assertThat(steps(out)).anySatisfy(line -> assertThat(line).startsWith("  con-process-9 "));
        String correlationId = correlationId(out);
        assertThat(gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow().statusCode())
                .isEqualTo("ISSUED");
        assertThat(gateway.assembly().statusHistory().of(correlationId)).last().satisfies(step -> {
            assertThat(step.stepId()).isEqualTo("con-process-9");
            assertThat(step.outcome()).contains(outcome);
        });
    }

    /**
     * ops43: the step table overflowed its norm column for a long norm ({@code 3 calendar-days from-next-day} on CON)
     * and ran past the terminal for a long outcome ({@code queued for EASTANA as {…}}); now a cell wraps in its column
     * and no line before the result's XML is wider than a 120-column terminal less a margin (checked on every run of
     * this class, {@link #walkthrough}). Here at the ЖАО's office, whose employee hands the interim slip over (Table 1
     * action 9): the application stays IN_QUEUE.
     */
    @Test
    void theTablesFitATerminalAndTheOfficeHandsTheSlipOver() throws Exception {
        String out = walkthrough("ZHAO", "queue");

        assertThat(out).contains("    the result sent: registrationSlip, signed by ",
                "  the ЖАО's employee hands the result to the consumer; EASTANA reports HANDED_OVER");
        assertThat(steps(out)).anySatisfy(line -> assertThat(line).startsWith("  zhao-action-9 "));
        assertThat(gateway.assembly().applications().byCorrelationId(correlationId(out)).orElseThrow().statusCode())
                .isEqualTo("IN_QUEUE");
    }

    /**
     * README "## Walkthrough": every walkthrough command it gives runs (exit code 0; --save writes its envelope, here
     * into a temporary directory), and each transcript it shows after a command is what that command prints: each
     * line, in order, with times, numbers, ports and ids as they come ("..." for what the README leaves out; a polled
     * status may be skipped, as the README says).
     */
    @Test
    void theReadmesWalkthroughIsWhatTheCommandPrints(@org.junit.jupiter.api.io.TempDir Path saveDir)
            throws Exception {
        List<ReadmeRun> runs = readmeRuns();
        assertThat(runs).as("walkthrough commands in README").hasSizeGreaterThanOrEqualTo(3);
        for (ReadmeRun run : runs) {
            String[] args = run.args().clone();
            if (args.length == 4) {
                args[3] = saveDir.resolve(Path.of(args[3]).getFileName()).toString();
            }
            String out = walkthrough(args);
            if (args.length == 4) {
                assertThat(saveDir.resolve(Path.of(args[3]).getFileName())).isNotEmptyFile();
            }
            if (!run.transcript().isEmpty()) {
                assertTranscript(run.transcript(), out);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A command of README's walkthrough section and the transcript shown after it (empty: none). */
    private record ReadmeRun(String[] args, List<String> transcript) {
    }

    private static List<ReadmeRun> readmeRuns() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Walkthrough");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Matcher block = Pattern.compile("```(sh|text)\n(.*?)```", Pattern.DOTALL).matcher(section);
        String command = "java -cp target/qaqpa-0.1.0-SNAPSHOT-all.jar " + Walkthrough.class.getName() + " ";
        List<ReadmeRun> runs = new ArrayList<>();
        while (block.find()) {
            if (block.group(1).equals("sh")) {
                block.group(2).lines().filter(l -> l.startsWith(command))
                        .forEach(l -> runs.add(new ReadmeRun(l.substring(command.length()).trim().split(" +"),
                                new ArrayList<>())));
            } else {
                assertThat(runs).as("a transcript follows a command").isNotEmpty();
                runs.get(runs.size() - 1).transcript().addAll(block.group(2).lines().toList());
            }
        }
        return runs;
    }

    /** Each README line matches a printed line after the one the line before matched; a polled status may not. */
    private static void assertTranscript(List<String> readme, String out) {
        List<String> printed = out.lines().map(WalkthroughTest::normalised).toList();
        int at = 0;
        boolean skipped = false;
        for (String line : readme) {
            if (skipped && line.startsWith(CONTINUED)) {
                continue;   // the rest of a status line a fast provider left out
            }
            Pattern wanted = pattern(line);
            int found = at;
            while (found < printed.size() && !wanted.matcher(printed.get(found)).matches()) {
                found++;
            }
            skipped = found == printed.size() && line.startsWith("  status ") && !line.contains("COMPLETED");
            if (skipped) {
                continue;
            }
            assertThat(found).as("README line %s after printed line %d of:%n%s", line, at, out)
                    .isLessThan(printed.size());
            at = found + 1;
        }
    }

    /** A README line as a pattern: "..." stands for anything, the rest literal after {@link #normalised}. */
    private static Pattern pattern(String line) {
        String[] literal = line.split("\\.\\.\\.", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literal.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(normalised(literal[i])));
        }
        return Pattern.compile(regex.toString().replace("\\Q\\E", ""));
    }

    /** What changes from run to run out of a line: ids, numbers (times, ports, sequence numbers), spacing. */
    private static String normalised(String line) {
        return line.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")
                .replaceAll("\\d+", "0").replaceAll("\\s+", " ").strip();
    }

    private static String walkthrough(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            exit = Walkthrough.command(args, gateway.settings(), new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        // the gateway runs in this JVM: its log lines (logback's console) are not the command's; its data directory
        // (in the console's command, ops46) is a temporary one, which the demo names data
        String out = printed.toString(StandardCharsets.UTF_8).lines().filter(l -> !GATEWAY_LOG.matcher(l).find())
                .map(l -> l.replace(gateway.property("qaqpa.data-dir"), "data"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        System.out.println("walkthrough " + Arrays.toString(args) + ":\n" + out);
        assertThat(exit).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        int dump = out.indexOf(RESULT_DUMP);
        if (dump >= 0) {   // not with --save: the curl command it prints is for copying whole
            assertThat(out.substring(0, dump).lines()).as("lines before the result's XML")
                    .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(WIDTH));
        }
        return out;
    }

    private static String correlationId(String out) {
        Matcher m = CORRELATION_ID.matcher(out);
        assertThat(m.find()).as("the accepted line").isTrue();
        return "{" + m.group(1) + "}";
    }

    /** The lines of the step table, its heading and the console's command above it left out. */
    private static List<String> steps(String out) {
        List<String> lines = section(out, STEPS, "\nstatuses the channel received (");
        return lines.subList(lines.indexOf(lines.stream().filter(l -> l.startsWith(STEP_TABLE)).findFirst()
                .orElseThrow()) + 1, lines.size());
    }

    private static List<String> channelStatuses(String out) {
        return section(out, "\nstatuses the channel received (", RESULT_DUMP);
    }

    private static List<String> section(String out, String from, String to) {
        int start = out.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        List<String> lines = out.substring(start, out.indexOf(to, start)).lines().filter(l -> !l.isBlank()).toList();
        return lines.subList(1, lines.size());
    }
}
