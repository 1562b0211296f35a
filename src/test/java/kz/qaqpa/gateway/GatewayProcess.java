package kz.qaqpa.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway in a JVM of its own ({@code kz.qaqpa.Main} on the test classpath), so that a test can kill it the way
 * {@code kill -9} does and start it again on the same data directory and ports. Configured as {@link GatewayHarness}
 * configures its in-process gateway: application-test.properties plus per-run keys, all passed as {@code -Dkey=value}
 * (Camel Main lets system properties override application.properties). Its output goes to {@code gateway.log} in the
 * data directory, appended over restarts.
 */
final class GatewayProcess implements AutoCloseable, IssuedTestPki.Holder {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** System properties of the test JVM (surefire's) the gateway runs with too. */
    /** Passed on to the gateway's JVM; the key family too, so both JVMs' test PKIs hand out the same keys. */
    private static final List<String> INHERITED = List.of("org.apache.cxf.transport.http.forceURLConnection",
            "org.apache.xml.security.ignoreLineBreaks", kz.qaqpa.mocks.pki.KeyAlgorithm.PROPERTY,
            // suite53: the PKCS#12 iteration counts the tests' files are written with (pom.xml, surefire)
            "keystore.pkcs12.keyPbeIterationCount", "keystore.pkcs12.certPbeIterationCount",
            "keystore.pkcs12.macIterationCount");
    /** The gateway refused to start (kz.qaqpa.Main prints it, then exits). */
    private static final String MAIN_FAILED = kz.qaqpa.Main.CANNOT_START;
    /** The gateway's largest heap unless a test sets its own ({@link #heap}). */
    private static final String DEFAULT_HEAP = "256m";
    private final Map<String, String> properties = new LinkedHashMap<>();
    /** Environment variables the gateway's JVM gets besides the test JVM's own (QAQPA_* overrides). */
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String heap = DEFAULT_HEAP;
    /** A program the JVM runs under (e.g. strace and its options), or none. */
    private List<String> wrapper = List.of();
    private final Path log;
    private Process process;

    GatewayProcess(Path dataDir) {
        this.log = dataDir.resolve("gateway.log");
        GatewayHarness.testOverrides().forEach((k, v) -> properties.put((String) k, (String) v));
        properties.put("qaqpa.data-dir", dataDir.toString());
    }

    GatewayProcess with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** An environment variable of the gateway's JVM, as an operator sets QAQPA_HTTP_PORT. */
    GatewayProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The JVM's -Xmx, e.g. "128m". */
    GatewayProcess heap(String maxHeap) {
        this.heap = maxHeap;
        return this;
    }

    /**
     * The next starts run the JVM under {@code command} (a program and its options that end where the JVM's command
     * begins, e.g. strace's); none: the JVM alone again.
     */
    GatewayProcess under(List<String> command) {
        this.wrapper = List.copyOf(command);
        return this;
    }

    /**
     * suite66: the test PKI's port, and in a data directory holding no test PKI yet a copy of the one issued once per
     * test JVM ({@link IssuedTestPki}) served on the port its certificates name, instead of the gateway's JVM issuing
     * its own (most of a first start's time); while a gateway of this JVM holds that port, a free one, and the
     * gateway issues its own as before.
     */
    GatewayProcess withIssuedTestPki() {
        Path dataDir = dataDir();
        java.util.OptionalInt leased = Files.exists(dataDir.resolve("pki")) ? java.util.OptionalInt.empty()
                : IssuedTestPki.lease(this, dataDir);
        return with("qaqpa.test-pki.port", String.valueOf(leased.orElseGet(kz.qaqpa.mocks.pki.PkiServer::freePort)));
    }

    /** Whether its JVM runs (started, not killed since). */
    @Override
    public boolean running() {
        return process != null;
    }

    @Override
    public Path dataDir() {
        return Path.of(properties.get("qaqpa.data-dir"));
    }

    String property(String key) {
        return properties.get(key);
    }

    String asyncUrl() {
        return "http://localhost:" + properties.get("qaqpa.http.port") + "/shep/async";
    }

    String syncUrl() {
        return "http://localhost:" + properties.get("qaqpa.http.port") + "/shep/sync";
    }

    String operatorUrl() {
        return "http://127.0.0.1:" + properties.get("qaqpa.operator.port");
    }

    /** ops45: the console's token as an operator reads it, from the file the gateway wrote in its data directory. */
    String consoleAuthorization() {
        return "Bearer " + kz.qaqpa.operator.OperatorToken.read(java.nio.file.Path.of(properties.getOrDefault(
                "qaqpa.operator.token-file", properties.get("qaqpa.data-dir") + "/operator.token")));
    }

    /** Starts the JVM and waits until it serves its WSDL; throws (with the log's tail) when it exits first. */
    GatewayProcess start() {
        launch();
        awaitServing();
        return this;
    }

    /** Starts the JVM without waiting for anything: a test that kills it during its start watches its log. */
    GatewayProcess launch() {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:TieredStopAtLevel=1");
        for (String key : INHERITED) {
            if (System.getProperty(key) != null) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(kz.qaqpa.Main.class.getName());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + String.join(" ", command) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            // run from the data directory: started in the repository, Camel found routes/ there beside the classpath's copy
            ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void awaitServing() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive() || logTail().contains(MAIN_FAILED)) {
                kill();
                throw new IllegalStateException("gateway did not start:\n" + logTail());
            }
            try {
                HttpResponse<Void> wsdl = http.send(HttpRequest.newBuilder(URI.create(asyncUrl() + "?wsdl"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (wsdl.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (IllegalArgumentException e) {
                // the channels' port is set to what is no port (a case of a refused start): wait for the refusal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.sleep(Duration.ofMillis(200));
        }
        kill();
        throw new IllegalStateException("gateway did not serve within " + START_TIMEOUT + ":\n" + logTail());
    }

    /** What {@code kill -9} does: no shutdown hook, no orderly stop; returns once the process is gone. */
    void kill() {
        if (process != null) {
            // the JVM first: under a wrapper it is the wrapper's child, and strace killed first lets it run on
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** The JVM's process id (started without a wrapper, {@link #under}: the JVM's own); for strace to attach to it. */
    long pid() {
        return process.pid();
    }

    boolean portTaken() {
        return logTail().contains("Address already in use");
    }

    /**
     * The whole log once it holds {@code text}, or as it is after {@code within}: the channels' port serves before
     * the gateway logs its last start lines ("Qaqpa ready"), so a line of the end of the start is waited for.
     */
    String logOnceItHolds(String text, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String now = log();
        while (!now.contains(text) && System.nanoTime() < deadline) {
            Pause.sleep(java.time.Duration.ofMillis(100));
            now = log();
        }
        return now;
    }

    /** The whole log, over every start. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 6000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
