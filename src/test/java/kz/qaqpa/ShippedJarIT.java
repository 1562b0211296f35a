package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.MockSystems;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jars {@code mvn package} builds, started as README's "Run Qaqpa" and docs/production.md start them: {@code java
 * -jar} in a fresh working directory (the demo keeps {@code ./data} there), its settings as environment variables.
 * Every other test runs from target/classes; session 66's jar refused its start (a regulation's block files read
 * inside the jar, fixed in 4abacce7) while all 3,614 of them passed. Run by maven-failsafe-plugin after
 * {@code package} (docs/testing.md, Session 67: jar67, says how to run it alone).
 */
class ShippedJarIT {
    /** qaqpatest.jar-start-timeout: a 2-core machine boots the demo in a minute or two, a loaded one ten (README). */
    private static final Duration START_TIMEOUT = Duration.parse(
            System.getProperty("qaqpatest.jar-start-timeout", "PT10M"));
    /** The walkthrough waits 60 s at most for each status it follows; two of them, and its own JVM's start. */
    private static final Duration WALKTHROUGH_TIMEOUT = Duration.ofMinutes(4);
    /** A refused start stops before the store is opened (docs/production.md) but still boots Camel's main. */
    private static final Duration REFUSAL_TIMEOUT = Duration.ofMinutes(5);
    /** How much of a process's output a failure message shows: a refusal's line is among the last. */
    private static final int TAIL_LINES = 40;
    /** How the line the gateway logs once it serves begins (kz.qaqpa.ReadyLine). */
    private static final String READY = "Qaqpa ready";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** How long each step of the production case's application may take on a loaded machine. */
    private static final Duration FLOW_WAIT = Duration.ofMinutes(2);
    /** How often seed 002's provider back office polls the production jar. */
    private static final Duration PROVIDER_POLL = Duration.ofMillis(500);
    /** The sender seed 002's provider back office polls as, and the channel the citizen applies on. */
    private static final String PROVIDER = "EASTANA";
    private static final String PORTAL = "PORTAL";
    /** Seed 002's kindergarten the referral is for (the walkthrough's). */
    private static final String KINDERGARTEN = "MBU-050";
    /** How docs/production.md writes a value the operator gives. */
    private static final String LEFT_TO_THE_OPERATOR = "…";
    private static final Pattern SENDER = Pattern.compile("QAQPA_SENDER_(.+)_(PASSWORD|CALLBACK)");
    private static final Pattern ADAPTER = Pattern.compile("QAQPA_ADAPTER_(.+)_(URL|BIN)");

    /**
     * review67b J2: the jars this class started, recorded under target/ until stopped, so that a run after one whose
     * JVM was killed (no shutdown hook runs) stops the jar it left holding the ports.
     */
    private static final StartedProcesses STARTED = new StartedProcesses(Path.of("target", "shipped-jar-processes"));

    private Path directory;

    @BeforeAll
    static void stopWhatAKilledRunLeftRunning() {
        List<Long> stopped = STARTED.stopLeftovers();
        if (!stopped.isEmpty()) {
            System.err.println("ShippedJarIT stopped the jars a killed run left running, process ids " + stopped);
        }
    }

    @BeforeEach
    void freshWorkingDirectory() {
        directory = TemporaryDirectory.create("qaqpa-shipped-jar-");
    }

    @AfterEach
    void removeWorkingDirectory() {
        TemporaryDirectory.delete(directory);
    }

    /**
     * The demo jar starts (its `Qaqpa ready` line, /health 200), publishes its contract, and README's walkthrough,
     * run from the jar as README says, gets seed 002's referral through the portal's async channel: signed by the
     * test PKI the jar made in ./data, accepted, answered by the provider mock and delivered COMPLETED. Session 66's
     * jar failed here at its start ("route astana-2012-archival-certificate-entity-zhao does not set parameter
     * 'acceptedMessage'"), its refusal shown in this test's failure.
     */
    @Test
    void theDemoJarStartsAsReadmeSaysAndServesAnApplicationToItsResult() throws Exception {
        Map<String, String> environment = freePorts();
        // the provider mock's poll, 10 s as shipped, would be most of the walkthrough's wait
        environment.put(Settings.environmentName("qaqpa.mocks.provider.poll-interval"), "PT1S");

        try (JarProcess gateway = JarProcess.start(directory, environment, "gateway.log", "-jar", jar("demo"))) {
            gateway.awaitReady(url(environment, "qaqpa.monitoring.port", "/health"), START_TIMEOUT);

            HttpResponse<String> wsdl = get(url(environment, "qaqpa.http.port", "/shep/sync?wsdl"));
            assertThat(wsdl.statusCode()).as("GET /shep/sync?wsdl").isEqualTo(200);
            assertThat(wsdl.body()).contains("SyncChannel", "sendMessage");

            JarProcess.Ended walk = JarProcess.run(directory, environment, "walkthrough.log", WALKTHROUGH_TIMEOUT,
                    "-cp", jar("demo"), "kz.qaqpa.mocks.walkthrough.Walkthrough", "PORTAL", "referral");
            assertThat(walk.exitCode()).as("the walkthrough's exit code; it wrote:\n%s\n%s\nthe gateway's log ends:"
                    + "\n%s", walk.output(), walk.errors(), gateway.tail()).isZero();
            assertThat(walk.output()).contains("accepted, correlationId ", "  status DELIVERED COMPLETED:",
                    "    the result sent: referral, signed by ");
        }
    }

    /**
     * The production jar has no test PKI: started with docs/production.md's first line (test PKI and mocks off) and
     * none of the keys it then needs, it stops with exit code 1 and one line on stderr naming the setting and its
     * environment variable, no stack trace and no `Qaqpa ready` (its classes start without the mocks' ones).
     */
    @Test
    void theProductionJarWithoutItsKeyRefusesItsStartInOneLineNamingTheSetting() throws Exception {
        Map<String, String> environment = freePorts();
        environment.put(Settings.environmentName("qaqpa.test-pki.enabled"), "false");
        environment.put(Settings.environmentName("qaqpa.mocks.enabled"), "false");

        JarProcess.Ended start = JarProcess.run(directory, environment, "gateway.log", REFUSAL_TIMEOUT,
                "-jar", jar("gateway"));

        assertThat(start.exitCode()).as("the exit code; it wrote:\n%s", start.output()).isEqualTo(1);
        assertThat(start.errors().lines().toList()).as("its stderr").singleElement().asString()
                .startsWith(Main.CANNOT_START).contains("qaqpa.keystore.path", "QAQPA_KEYSTORE_PATH");
        assertThat(start.output()).doesNotContain("Qaqpa ready", "\tat ");
    }

    /**
     * jar68: the production jar started with docs/production.md's command as the document gives it
     * ({@link ProductionCommand}): each export as written, except the values that stand for the operator's own files,
     * servers and secrets ({@code …}, {@code /etc/qaqpa}, {@code /var/lib/qaqpa}, НУЦ РК's time-stamp authority), which
     * this test fills with its own ({@link #production}). The test PKI (SharedTestPki, served from this JVM) stands for
     * НУЦ РК, so {@code qaqpa.trust.test-issuers} is emptied: the one setting besides the ports that the document does
     * not give. The state systems, the channels' callbacks and seed 002's provider back office (polling as EASTANA with
     * its own password) are the mocks, real SOAP servers in this JVM ({@link MockSystems}). A citizen's referral is
     * signed, sent through the portal's async channel and followed as the portal sees it: the place OFFERED, the
     * citizen's consent, the provider's signed referral delivered, COMPLETED; /health then answers 200. Until jar68
     * the production case took TrustSetupTest's settings rather than the document's, and no application went through
     * the production jar.
     */
    @Test
    void theProductionJarStartedAsDocumentedServesAnApplicationToItsResult() throws Exception {
        ProductionCommand documented = ProductionCommand.read();
        assertThat(documented.start()).as("docs/production.md's start of the jar mvn package built")
                .isEqualTo("java -jar target/" + Path.of(jar("gateway")).getFileName());
        Map<String, String> environment = freePorts();
        String asyncUrl = url(environment, "qaqpa.http.port", "/shep/async");
        TestPki pki = SharedTestPki.pki();
        MockSystems mocks = MockSystems.start(new MockSystems.Config(pki, directory.resolve("mocks"), 0, 0, 0, 0, 0,
                asyncUrl, PROVIDER, ownPassword(PROVIDER), PROVIDER_POLL, 0, 0,
                MockSystems.Config.DEFAULT_PROVIDER_WORKERS, Clock.systemUTC()), false);
        try {
            environment.putAll(production(documented.exports(), mocks));
            environment.put(Settings.environmentName("qaqpa.trust.test-issuers"), "");
            try (JarProcess gateway = JarProcess.start(directory, environment, "gateway.log", "-jar",
                    jar("gateway"))) {
                gateway.awaitLogged(READY, START_TIMEOUT);

                HttpResponse<String> wsdl = get(asyncUrl + "?wsdl");
                assertThat(wsdl.statusCode()).as("GET /shep/async?wsdl").isEqualTo(200);
                assertThat(wsdl.body()).contains("AsyncChannel", "sendMessage");
                referral(pki, mocks, asyncUrl, gateway);
                HttpResponse<String> health = get(url(environment, "qaqpa.monitoring.port", "/health"));
                assertThat(health.statusCode()).as("GET /health: %s", health.body()).isEqualTo(200);
            }
        } finally {
            mocks.stop();
        }
    }

    /**
     * A citizen's seed 002 referral on the portal, followed as the portal sees it (its callbacks and its status
     * requests) to COMPLETED; a step that does not come within {@link #FLOW_WAIT} fails with the gateway's log.
     */
    private static void referral(TestPki pki, MockSystems mocks, String asyncUrl, JarProcess gateway)
            throws IOException {
        mocks.provider().orElseThrow().freePlace(KINDERGARTEN);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens(KINDERGARTEN);
        KeyMaterial citizen = pki.key(sample.signerAlias());
        ChannelClient portal = new ChannelClient(asyncUrl, PORTAL, ownPassword(PORTAL),
                pki.key(PORTAL.toLowerCase(Locale.ROOT)), PeerChecks.certificate(pki.key("gateway").certificate()));
        String messageId = "shipped-jar-" + UUID.randomUUID();
        String correlationId = portal.submit(ChannelClient.sign(sample.build(), citizen), messageId)
                .getCorrelationId();

        assertThat(mocks.portal().awaitStatus(messageId, "OFFERED", FLOW_WAIT))
                .as("the portal told of the place offered; the gateway's log ends:%n%s", gateway.tail()).isPresent();
        portal.consent(correlationId, KINDERGARTEN, true, citizen);
        assertThat(mocks.portal().awaitResult(correlationId, "referral", FLOW_WAIT))
                .as("the referral delivered to the portal; the gateway's log ends:%n%s", gateway.tail()).isPresent();
        assertThat(mocks.portal().awaitStatus(messageId, "COMPLETED", FLOW_WAIT))
                .as("the portal told of COMPLETED; the gateway's log ends:%n%s", gateway.tail()).isPresent();
        assertThat(portal.status(messageId).getStatus().getStatusCode()).as("the portal's status request")
                .isEqualTo("COMPLETED");
    }

    /**
     * docs/production.md's exports with this test's values where the document's stand for the operator's: the
     * gateway's key and НУЦ РК's certificates and time-stamp authority are the test PKI's, the directories this
     * test's, every sender's password its own ({@link #ownPassword}), the state systems and callbacks the mocks', a
     * state system's БИН the shipped one (the test PKI's organisation that signs the mock's answers). A value the
     * document leaves to the operator ({@code …}) that this test cannot fill fails it: a setting the document adds is
     * given here too.
     */
    private Map<String, String> production(Map<String, String> documented, MockSystems mocks) {
        TestPki pki = SharedTestPki.pki();
        Map<String, String> own = Map.of("QAQPA_KEYSTORE_PATH", pki.keyFile("gateway").toString(),
                "QAQPA_KEYSTORE_PASSWORD", new String(SharedTestPki.PASSWORD),
                "QAQPA_TRUST_ROOT", pki.dir().resolve("root-ca.crt").toString(),
                "QAQPA_TRUST_INTERMEDIATES", pki.dir().resolve("issuing-ca.crt").toString(),
                "QAQPA_DATA_DIR", directory.resolve("data").toString(),
                "QAQPA_LOG_ARCHIVE_DIR", directory.resolve("archive").toString(),
                "QAQPA_LOG_TIMESTAMP_URL", pki.publicBaseUrl() + "/tsa");
        assertThat(documented).as("docs/production.md's exports").containsKeys(own.keySet().toArray(String[]::new));
        Map<String, String> production = new TreeMap<>();
        documented.forEach((name, value) -> production.put(name,
                own.containsKey(name) ? own.get(name) : filled(name, value, mocks)));
        return production;
    }

    /** A value the document leaves to the operator ({@code …}) filled with this test's; any other as written. */
    private static String filled(String name, String value, MockSystems mocks) {
        if (!value.contains(LEFT_TO_THE_OPERATOR)) {
            return value;
        }
        Matcher sender = SENDER.matcher(name);
        if (sender.matches()) {
            return sender.group(2).equals("PASSWORD") ? ownPassword(sender.group(1)) : switch (sender.group(1)) {
                case "PORTAL" -> mocks.portal().url();
                case "CON" -> mocks.con().url();
                case "EASTANA" -> mocks.eastana().url();
                case "ARCHIVE" -> mocks.archive().url();
                default -> throw new AssertionError("no mock stands for " + name);
            };
        }
        Matcher adapter = ADAPTER.matcher(name);
        if (adapter.matches()) {
            return adapter.group(2).equals("BIN")
                    ? Settings.shipped().getProperty("qaqpa.adapter." + adapter.group(1) + ".bin").trim()
                    : switch (adapter.group(1)) {
                        case "GBDFL_PERSON" -> mocks.gbdflUrl();
                        case "ENIS_POWER_OF_ATTORNEY" -> mocks.enisUrl();
                        case "GBDUL_LEGAL_ENTITY" -> mocks.gbdul().url();
                        default -> throw new AssertionError("no mock stands for " + name);
                    };
        }
        throw new AssertionError("docs/production.md sets " + name + "=" + value + ", which this test does not fill:"
                + " give it what stands for it here (ShippedJarIT.production)");
    }

    /** A sender's password of this production: none of the demo's, which the start refuses. */
    private static String ownPassword(String senderId) {
        return senderId.toLowerCase(Locale.ROOT) + "-production-password";
    }

    /** The built jar of that kind (demo or gateway), as the pom gives it to failsafe. */
    private static String jar(String kind) {
        String jar = System.getProperty("qaqpatest." + kind + "-jar");
        assertThat(jar).as("qaqpatest.%s-jar (the pom's failsafe configuration)", kind).isNotNull();
        assertThat(Path.of(jar)).as("the %s jar: run by failsafe after package", kind).isRegularFile();
        return jar;
    }

    /** Every port of application.properties (channels, monitoring, console, mocks, test PKI) on a free one. */
    private static Map<String, String> freePorts() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String key : Settings.shipped().stringPropertyNames()) {
            if (key.endsWith(".port")) {
                environment.put(Settings.environmentName(key), String.valueOf(PkiServer.freePort()));
            }
        }
        return environment;
    }

    private static String url(Map<String, String> environment, String portKey, String path) {
        return "http://localhost:" + environment.get(Settings.environmentName(portKey)) + path;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A JVM started from a jar in {@code directory} with the given environment and no other {@code QAQPA_*} variable
     * (the test's own would change the start), its stdout and stderr in files there; destroyed, then killed, on close.
     */
    private static final class JarProcess implements AutoCloseable {
        private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
        private final Process process;
        private final Path output;
        private final Path errors;
        /**
         * A test JVM stopped half-way (Ctrl-C, a timeout) takes the jar's process along; one killed (SIGKILL) runs no
         * hook, and the next run stops the jar from its record ({@link #STARTED}).
         */
        private final Thread stopAtExit;

        private JarProcess(Process process, Path output, Path errors) {
            this.process = process;
            this.output = output;
            this.errors = errors;
            this.stopAtExit = new Thread(process::destroyForcibly, "shipped-jar-stop");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
            STARTED.record(process.toHandle());
        }

        static JarProcess start(Path directory, Map<String, String> environment, String log, String... arguments)
                throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("QAQPA_"));
            builder.environment().putAll(environment);
            Path output = directory.resolve(log);
            Path errors = directory.resolve(log + ".err");
            Process process = builder.redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            return new JarProcess(process, output, errors);
        }

        /** Starts it and waits for its end, killing it after {@code timeout}. */
        static Ended run(Path directory, Map<String, String> environment, String log, Duration timeout,
                         String... arguments) throws IOException, InterruptedException {
            try (JarProcess started = start(directory, environment, log, arguments)) {
                if (!started.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(String.join(" ", arguments) + " did not end within " + timeout
                            + "; its output ends:\n" + started.tail());
                }
                return new Ended(started.process.exitValue(), text(started.output), text(started.errors));
            }
        }

        /**
         * Until it logs `Qaqpa ready` and {@code health} answers 200; a refused start (the process ends, or prints
         * Main's one line) or the timeout fails with the end of its output.
         */
        void awaitReady(String health, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            awaitLogged(READY, timeout);
            while (!answers200(health)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(health + " did not answer 200 within " + timeout + "; its output ends:\n"
                            + tail());
                }
                Thread.sleep(500);
            }
        }

        /**
         * Until its log holds {@code line}; a refused start (the process ends, or prints Main's one line) or the
         * timeout fails with the end of its output.
         */
        void awaitLogged(String line, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!text(output).contains(line)) {
                if (!process.isAlive() || text(errors).contains(Main.CANNOT_START)) {
                    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    throw new AssertionError("the jar refused its start (exit code " + (process.isAlive() ? "none yet"
                            : process.exitValue()) + "); its output ends:\n" + tail());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the jar did not log '" + line + "' within " + timeout
                            + "; its output ends:\n" + tail());
                }
                Thread.sleep(500);
            }
        }

        private static boolean answers200(String url) throws InterruptedException {
            try {
                return get(url).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }

        /** The last lines of its stdout, then of its stderr (where a refused start writes its line). */
        String tail() throws IOException {
            return last(text(output)) + "\n--- stderr:\n" + last(text(errors));
        }

        private static String last(String text) {
            List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }

        private static String text(Path file) throws IOException {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }

        /** Stops it as Ctrl-C would (Camel shuts down), then forcibly if it does not end. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
            if (!process.isAlive()) {
                STARTED.forget(process.toHandle());
            }
        }

        /** A process that ended: its exit code, stdout and stderr. */
        record Ended(int exitCode, String output, String errors) {
        }
    }
}
