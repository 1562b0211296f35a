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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.AfterEach;
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

    private Path directory;

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
     * The production jar started as docs/production.md says, on a key and trust root of its own (the test PKI's
     * outsider CA, "untrusted", which is none of qaqpa.trust.test-issuers), the state systems and callbacks at other
     * addresses than the mocks', every sender with its own password: it opens its store, reads the regulations inside
     * the jar, logs `Qaqpa ready` and publishes its contract. Its /health answers 503, and says why: its own parts are
     * up, what lies outside (the state systems at example.kz, the outsider CA's CRL and OCSP, served by no one here)
     * down. Nothing is sent: no channel system is there.
     */
    @Test
    void theProductionJarWithAKeyOfItsOwnStartsAndPublishesItsContract() throws Exception {
        Map<String, String> environment = freePorts();
        production().forEach((key, value) -> environment.put(Settings.environmentName(key), value));

        try (JarProcess gateway = JarProcess.start(directory, environment, "gateway.log", "-jar", jar("gateway"))) {
            gateway.awaitLogged(READY, START_TIMEOUT);

            HttpResponse<String> health = get(url(environment, "qaqpa.monitoring.port", "/health"));
            assertThat(health.statusCode()).as("GET /health: %s", health.body()).isEqualTo(503);
            assertThat(health.body()).contains("\"store\":{\"status\":\"UP\"}", "\"signingKey\":{\"status\":\"UP\"}",
                    "\"trustedRoots\":{\"status\":\"UP\"}", "\"stateSystem.GBDFL_PERSON\":{\"status\":\"DOWN\"}");
            HttpResponse<String> wsdl = get(url(environment, "qaqpa.http.port", "/shep/async?wsdl"));
            assertThat(wsdl.statusCode()).as("GET /shep/async?wsdl").isEqualTo(200);
            assertThat(wsdl.body()).contains("AsyncChannel", "sendMessage");
        }
    }

    /**
     * docs/production.md's settings with values of no demo: TrustSetupTest's outsider key and root; the rest as
     * DemoDefaults asks (its refusals name each key a production start must change).
     */
    private Map<String, String> production() throws IOException {
        KeyMaterial outsider = SharedTestPki.pki().key("untrusted");
        Path root = directory.resolve("root.crt");
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(root, "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(encoded(outsider.chain().get(1)))
                + "\n-----END CERTIFICATE-----\n");
        Map<String, String> production = new TreeMap<>(Map.of("qaqpa.test-pki.enabled", "false",
                "qaqpa.mocks.enabled", "false",
                "qaqpa.keystore.path", SharedTestPki.pki().keyFile("untrusted").toString(),
                "qaqpa.keystore.password", new String(SharedTestPki.PASSWORD), "qaqpa.trust.root", root.toString(),
                "qaqpa.trust.intermediates", "", "qaqpa.log.timestamp.url", "",
                "qaqpa.adapter.ENIS_POWER_OF_ATTORNEY.url", "https://enis.example.kz/sync",
                "qaqpa.adapter.GBDFL_PERSON.url", "https://gbdfl.example.kz/sync",
                "qaqpa.adapter.GBDUL_LEGAL_ENTITY.url", "https://gbdul.example.kz/sync"));
        Settings shipped = Settings.standalone(Map.of());
        for (String id : shipped.list("qaqpa.senders", Settings.Empty.REFUSED)) {
            production.put("qaqpa.sender." + id + ".password", id + "-own");
            String callback = shipped.getOrNull("qaqpa.sender." + id + ".callback");
            if (callback != null && !callback.isEmpty()) {
                production.put("qaqpa.sender." + id + ".callback", "https://" + id.toLowerCase(Locale.ROOT)
                        + ".example.kz/callback");
            }
        }
        return production;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
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
        /** A test JVM stopped half-way (Ctrl-C, a timeout) takes the jar's process along. */
        private final Thread stopAtExit;

        private JarProcess(Process process, Path output, Path errors) {
            this.process = process;
            this.output = output;
            this.errors = errors;
            this.stopAtExit = new Thread(process::destroyForcibly, "shipped-jar-stop");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
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
        }

        /** A process that ended: its exit code, stdout and stderr. */
        record Ended(int exitCode, String output, String errors) {
        }
    }
}
