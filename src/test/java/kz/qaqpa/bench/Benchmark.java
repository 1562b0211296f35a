package kz.qaqpa.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.trust.SignatureEngine;

/**
 * The benchmark of issue 8 (README, "Benchmark"; run it with {@code bench/run.sh}). Starts the gateway with its
 * mocks in another JVM ({@link GatewayProcess}), then, from this JVM as the load client, measures at each
 * concurrency: (a) the unsigned echo, (b) the signed sync look-up, (c) the durable application intake, (d) the
 * provider round trip; and (e) the signature rates of this machine. Writes results.json and results.md to the
 * output directory. Settings are system properties {@code bench.*} (see {@link Options}).
 */
public final class Benchmark {
    private static final Pattern RECEIVED_AT = Pattern.compile("<result receivedAt=\"([^\"]+)\"");
    /** A quiet wait longer than this is reported in the notes: earlier steps left work behind. */
    private static final Duration QUIET_WORTH_NOTING = Duration.ofSeconds(5);
    private final Options options;
    private final List<Row> rows = new ArrayList<>();
    private List<SignatureLimit.Rate> rates = List.of();
    private SignatureLimit.Rate gatewayRate;
    private String gatewayEngine = "";
    /** How long the idle gateway is read: its CPU and the provider mock's polling signatures. */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
    /** Signatures per second of the idle gateway: the provider mock polling an empty queue. */
    private double idleSignatureRate = -1;
    private final List<String> notes = new ArrayList<>();
    /** Execution samples per layer of each profiled step ({@code bench.profile}), by the step's label. */
    private final Map<String, Map<String, Integer>> profiles = new LinkedHashMap<>();

    /** Every knob, from system properties; the defaults are the full run, the test sets a tiny one. */
    record Options(Path out, List<String> launch, List<String> gatewayJvmOptions, List<Integer> concurrency,
                   List<String> paths, int requests, int intakeRequests, int applications, int warmup,
                   Duration warmupMax, double jitSettledPercent, int intakeWarmupMax,
                   double signatureSeconds, String providerPollInterval, Duration quietTimeout, List<String> profile) {
        static Options fromSystemProperties() {
            String gateway = System.getProperty("bench.gateway", "classpath");
            List<String> launch = gateway.startsWith("jar:") ? List.of("-jar", gateway.substring(4))
                    : List.of("-cp", classPath(), "kz.qaqpa.Main");
            return new Options(Path.of(System.getProperty("bench.out", "bench/results")), launch,
                    words(System.getProperty("bench.gateway-jvm-options", "")),
                    words(System.getProperty("bench.concurrency", "1,8,32").replace(',', ' ')).stream().map(Integer::valueOf).toList(),
                    words(System.getProperty("bench.paths", "a,b,c,d,e").replace(',', ' ')),
                    Integer.getInteger("bench.requests", 2000), Integer.getInteger("bench.intake-requests", 600),
                    Integer.getInteger("bench.applications", 150), Integer.getInteger("bench.warmup", 300),
                    Duration.parse(System.getProperty("bench.warmup-max", "PT120S")),
                    Double.parseDouble(System.getProperty("bench.jit-settled-percent", "3")),
                    Integer.getInteger("bench.intake-warmup-max", 4500),
                    Double.parseDouble(System.getProperty("bench.signature-seconds", "3")),
                    System.getProperty("bench.provider-poll-interval", "PT0.5S"),
                    Duration.parse(System.getProperty("bench.quiet-timeout", "PT300S")),
                    words(System.getProperty("bench.profile", "").replace(',', ' ')));
        }

        /**
         * The gateway's JVM options: {@code bench.gateway-jvm-options}, and with a step profiled the JIT's record of every
         * instruction's position (perf69). Without it JFR counts a sample at the nearest call or safepoint of the
         * compiled code, often in another method: a benchmark of SecureXml.parse put 28.5% of its samples in TagCount.over
         * without it and 9.5% with it. It costs only a larger table of positions beside the compiled code.
         */
        List<String> gatewayJvm() {
            if (profile.isEmpty()) {
                return gatewayJvmOptions;
            }
            List<String> all = new ArrayList<>(gatewayJvmOptions);
            all.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
            return all;
        }

        /**
         * This JVM's class path without empty entries: an empty one means the working directory, whose routes/ would
         * be loaded a second time next to the jar's.
         */
        static String classPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                    .filter(e -> !e.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }

        private static List<String> words(String s) {
            return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        }
    }

    Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Path written = new Benchmark(Options.fromSystemProperties()).run();
        System.out.println("results: " + written.resolve("results.md") + " and results.json");
    }

    /** Runs everything and returns the output directory. */
    Path run() throws Exception {
        SignatureEngine.configure(SignatureEngine.AUTO);
        Files.createDirectories(options.out());
        Machine machine = Machine.describe();
        if (options.paths().contains("e")) {
            // before the gateway starts, so that nothing else of ours competes for the cores
            rates = new ArrayList<>(SignatureLimit.measure(options.signatureSeconds()));
            rates.addAll(SignatureLimit.openssl((int) Math.max(1, Math.round(options.signatureSeconds()))));
            print("(e) signature rates: " + rates);
        }
        Path dataDir = Files.createTempDirectory("qaqpa-bench-");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("qaqpa.mocks.provider.poll-interval", options.providerPollInterval());
        // the published figures and the signature-bound rates are RSA's, whatever family the tests default to
        overrides.put("qaqpa.test-pki.key-algorithm", KeyAlgorithm.RSA.name());
        // the benchmark drives seed 002 only; the other regulations' offices would add their idle polling to every row
        overrides.put("qaqpa.mocks.provider-offices.enabled", "false");
        try (GatewayProcess gateway = GatewayProcess.start(options.launch(), options.gatewayJvm(), dataDir,
                options.out().resolve("gateway.log"), overrides)) {
            gatewayEngine = gateway.engine();
            if (!options.profile().isEmpty()) {
                gateway.primeProfiler(); // before any warm-up: JFR's first start throws the compiled code away
                notes.add("profiled steps: the gateway's JIT keeps the position of every instruction (DebugNonSafepoints "
                        + gateway.vmOption("DebugNonSafepoints") + "), so a sample counts in the method it ran in, not at"
                        + " the nearest call or safepoint of its compiled code");
            }
            gatewayRate = SignatureLimit.onAllCores(rates, gatewayEngine);
            TestPki pki = TestPki.openOrCreate(dataDir.resolve("pki"), "qaqpa-test".toCharArray(),
                    "http://localhost:" + gateway.property("qaqpa.test-pki.port"), Clock.systemUTC(), KeyAlgorithm.RSA);
            RequestPools pools = new RequestPools(pki);
            String sync = gateway.baseUrl() + "/shep/sync";
            String async = gateway.baseUrl() + "/shep/async";
            if (options.paths().contains("a")) {
                closedLoop(gateway, "a echo", gateway.baseUrl() + "/bench/echo", RequestPools::echo, options.requests(),
                        Integer.MAX_VALUE, false, Arrays::equals, false);
            }
            if (options.paths().contains("b")) {
                closedLoop(gateway, "b sync look-up", sync, pools::personLookups, options.requests(), Integer.MAX_VALUE,
                        false, (request, answer) -> ClosedLoad.contains(answer, "SCSS001") && !ClosedLoad.contains(answer, "Fault>"), true);
            }
            if (options.paths().contains("c")) {
                // every application warmed up with is one the provider mock works through afterwards: the warm-up
                // waits for that after each round
                closedLoop(gateway, "c intake", async, pools::applications, options.intakeRequests(),
                        options.intakeWarmupMax(), true, ACKNOWLEDGED, true);
            }
            if (options.paths().contains("d")) {
                if (!options.paths().contains("c")) {
                    // (d) starts with the intake's code and the round trip's: run alone it would measure the JIT
                    warmUp(gateway, "d provider round trip (intake)", async, pools::applications,
                            options.intakeWarmupMax(), true, ACKNOWLEDGED);
                }
                for (int clients : options.concurrency()) {
                    rows.add(roundTrip(gateway, pools, async, clients));
                }
            }
        } finally {
            deleteQuietly(dataDir);
        }
        ResultFiles.write(options.out(), machine, Machine.describe(), gatewayEngine, rates, gatewayRate, rows, notes,
                profiles);
        return options.out();
    }

    /**
     * Reads the idle gateway once the JIT has warmed up on the echo (not at start-up, when the provider's polls are
     * slow), over {@link #IDLE_WINDOW}: right after (a) its CPU read 3% to 23% a second, the JIT
     * finishing (a)'s compilations in bursts (docs/performance.md, "Session 37"), so the JIT's part is said too.
     */
    private void idleNote(GatewayProcess gateway) throws IOException, InterruptedException {
        long cpu = gateway.cpuNanos();
        long compiling = gateway.compilationMillis();
        long start = System.nanoTime();
        idleSignatureRate = gateway.signatureRate(IDLE_WINDOW);
        double wallNanos = System.nanoTime() - start;
        double idleCpu = (gateway.cpuNanos() - cpu) / wallNanos * 100;
        double jit = (gateway.compilationMillis() - compiling) * 1e6 / wallNanos * 100;
        notes.add(String.format(java.util.Locale.ROOT, "idle gateway (provider mock polling every %s, read over %d s): "
                + "%.0f%% CPU (the JIT compiling for %.0f%% of that time), %.0f signatures/s; both are part of every row",
                options.providerPollInterval(), IDLE_WINDOW.toSeconds(), idleCpu, jit, idleSignatureRate));
    }

    /** An application's answer is its acknowledgement: it names the correlationId the gateway gave it. */
    private static final BiPredicate<byte[], byte[]> ACKNOWLEDGED =
            (request, answer) -> RequestPools.correlationId(answer) != null;

    private interface Pool {
        List<byte[]> of(int count);
    }

    /** One path at every concurrency: warm-up, then a measured closed loop per concurrency. */
    private void closedLoop(GatewayProcess gateway, String path, String url, Pool pool, int requests, int warmupMax,
                            boolean leavesWork, BiPredicate<byte[], byte[]> accept, boolean signed) throws Exception {
        quiet(gateway, path);
        if (signed && idleSignatureRate < 0) {
            idleNote(gateway);
        }
        warmUp(gateway, path, url, pool, warmupMax, leavesWork, accept);
        for (int clients : options.concurrency()) {
            List<byte[]> requestPool = pool.of(requests);
            quiet(gateway, path);
            gateway.resetPeakHeap();
            GatewayProcess.Signatures before = gateway.signatures();
            long cpu = gateway.cpuNanos();
            long recording = startProfile(gateway, path, clients);
            Instant started = Instant.now();
            ClosedLoad.Outcome o = ClosedLoad.run(url, requestPool, clients, accept, false);
            Instant ended = Instant.now();
            double cpuPercent = (gateway.cpuNanos() - cpu) / (double) o.wallNanos() * 100;
            stopProfile(gateway, recording, path, clients);
            LatencyTail.write(options.out().resolve("latencies-" + step(path, clients) + ".csv"), o);
            notes.add(path + " at " + clients + " clients, latency: " + LatencyTail.summary(o.latencyNanos())
                    + " (every request in latencies-" + step(path, clients) + ".csv)");
            GatewayProcess.Signatures made = gateway.signatures().minus(before);
            rows.add(row(path, clients, requests, o.throughput(), o.percentileMs(50), o.percentileMs(99), o.errors(),
                    gateway.peakHeapMb(), gateway.liveHeapMb(), cpuPercent, signed ? made : null, o.wallNanos(),
                    o.firstError(), started, ended));
        }
    }

    /**
     * Rounds of {@code bench.warmup} requests until the gateway's JIT compilers spent less than
     * {@code bench.jit-settled-percent} of a round's wall time compiling, {@code bench.warmup-max} of rounds passed,
     * or {@code maxRequests} were sent. On two cores the C2 compiler otherwise takes a third of the CPU for the first
     * minute of a path, and the rows would measure the JIT, not the gateway. A path whose requests leave work behind
     * (the intake: the provider mock and the callbacks) waits for it after each round, so that the next round
     * measures the path and the JIT compiles what that work needs in between.
     */
    private void warmUp(GatewayProcess gateway, String path, String url, Pool pool, int maxRequests, boolean leavesWork,
                        BiPredicate<byte[], byte[]> accept) throws Exception {
        long roundsNanos = 0;
        long waitedNanos = 0;
        int rounds = 0;
        double jitPercent;
        do {
            long compiling = gateway.compilationMillis();
            ClosedLoad.Outcome warm = ClosedLoad.run(url, pool.of(options.warmup()), Math.min(8, maxClients()), accept, false);
            jitPercent = (gateway.compilationMillis() - compiling) * 1e6 / warm.wallNanos() * 100;
            roundsNanos += warm.wallNanos();
            rounds++;
            if (warm.errors() > 0) {
                notes.add(path + " warm-up: " + warm.errors() + " errors, first: " + warm.firstError());
            }
            if (leavesWork) {
                long waited = awaitQuiet(gateway, path + " warm-up round " + rounds);
                waitedNanos += waited < 0 ? options.quietTimeout().toNanos() : waited;
            }
        } while (jitPercent >= options.jitSettledPercent() && roundsNanos < options.warmupMax().toNanos()
                && (long) (rounds + 1) * options.warmup() <= maxRequests);
        notes.add(String.format(java.util.Locale.ROOT, "%s warm-up: %d rounds of %d requests in %.0f s%s, JIT compiling"
                        + " %.1f%% of the last round's time (settled below %.1f%%, at most %s%s)", path, rounds,
                options.warmup(), roundsNanos / 1e9, leavesWork ? String.format(java.util.Locale.ROOT,
                        " (and %.0f s waiting for the work they left)", waitedNanos / 1e9) : "", jitPercent,
                options.jitSettledPercent(), options.warmupMax(),
                maxRequests == Integer.MAX_VALUE ? "" : " and " + maxRequests + " requests"));
    }

    /**
     * (d) Applications submitted by {@code clients} clients, each followed until its signed result reached the
     * portal's mock (the last thing the gateway delivers for it, after its status notifications): completed
     * applications per second from the first submission to the last result, and each one's submit-to-result time.
     */
    private Row roundTrip(GatewayProcess gateway, RequestPools pools, String async, int clients) throws Exception {
        String path = "d provider round trip";
        int n = options.applications();
        List<byte[]> pool = pools.applications(n);
        quiet(gateway, path);
        gateway.resetPeakHeap();
        GatewayProcess.Signatures before = gateway.signatures();
        long cpu = gateway.cpuNanos();
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        long recording = startProfile(gateway, path, clients);
        ClosedLoad.Outcome submitted = ClosedLoad.run(async, pool, clients,
                ACKNOWLEDGED, true);
        Map<String, Integer> pending = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = submitted.answers()[i] == null ? null : RequestPools.correlationId(submitted.answers()[i]);
            if (id != null) {
                pending.put(id, i);
            }
        }
        List<Long> latencies = new ArrayList<>();
        Instant last = start;
        long deadline = System.nanoTime() + options.quietTimeout().toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Instant received = resultReceivedAt(gateway, entry.getKey());
                if (received != null) {
                    latencies.add(Duration.between(start, received).toNanos());
                    last = received.isAfter(last) ? received : last;
                    it.remove();
                }
            }
            Thread.sleep(50);
        }
        long wallNanos = System.nanoTime() - startNanos;
        double cpuPercent = (gateway.cpuNanos() - cpu) / (double) wallNanos * 100;
        stopProfile(gateway, recording, path, clients);
        double peakHeap = gateway.peakHeapMb();
        double liveHeap = gateway.liveHeapMb();
        // the observer's notifications may still be on their way: count the signatures once everything is done
        quiet(gateway, path);
        GatewayProcess.Signatures made = gateway.signatures().minus(before);
        long countedNanos = System.nanoTime() - startNanos;
        int errors = submitted.errors() + pending.size();
        String firstError = submitted.firstError() != null ? submitted.firstError()
                : pending.isEmpty() ? null : pending.size() + " applications got no result within " + options.quietTimeout();
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        double seconds = Math.max(1e-3, Duration.between(start, last).toNanos() / 1e9);
        return row(path, clients, n, latencies.size() / seconds, ClosedLoad.Outcome.percentileMs(nanos, 50),
                ClosedLoad.Outcome.percentileMs(nanos, 99), errors, peakHeap, liveHeap, cpuPercent, made, countedNanos,
                firstError, start, last);
    }

    private static Instant resultReceivedAt(GatewayProcess gateway, String correlationId) throws IOException {
        byte[] history = ClosedLoad.get(URI.create(gateway.portalHistoryUrl()
                + URLEncoder.encode(correlationId, StandardCharsets.UTF_8)));
        if (history == null) {
            return null;
        }
        Matcher m = RECEIVED_AT.matcher(new String(history, StandardCharsets.UTF_8));
        return m.find() ? Instant.parse(m.group(1)) : null;
    }

    private Row row(String path, int clients, int requests, double throughput, double p50, double p99, int errors,
                    double peakHeap, double liveHeap, double cpuPercent, GatewayProcess.Signatures made, long countedNanos,
                    String firstError, Instant started, Instant ended) {
        Double perRequest = null;
        Double bound = null;
        Double ratio = null;
        if (made != null) {
            // the provider mock's idle polling (made and checked in equal parts) is not the path's work
            double idle = Math.max(0, idleSignatureRate) * countedNanos / 1e9 / 2;
            double signed = Math.max(0, made.signed() - idle) / requests;
            double verified = Math.max(0, made.verified() - idle) / requests;
            perRequest = signed + verified;
            bound = Row.bound(signed, verified, gatewayRate);
            ratio = bound == null ? null : throughput / bound;
        }
        Row row = new Row(path, clients, requests, throughput, p50, p99, errors, peakHeap, liveHeap, cpuPercent, perRequest, bound,
                ratio, firstError, started, ended);
        print(ResultFiles.markdownRow(row));
        return row;
    }

    /**
     * Starts a JFR recording in the gateway when {@code bench.profile} names this step as its path's letter and the
     * clients ({@code b8}); -1 when it does not. Off by default: recording costs the gateway a little CPU.
     */
    private long startProfile(GatewayProcess gateway, String path, int clients) throws IOException {
        return options.profile().contains(step(path, clients)) ? gateway.startProfile() : -1;
    }

    /** Writes the step's recording as profile-&lt;step&gt;.jfr and counts its samples by layer. */
    private void stopProfile(GatewayProcess gateway, long recording, String path, int clients) throws IOException {
        if (recording < 0) {
            return;
        }
        Path file = options.out().resolve("profile-" + step(path, clients) + ".jfr");
        gateway.stopProfile(recording, file);
        profiles.put(path + " at " + clients, ProfileLayers.count(file));
    }

    private static String step(String path, int clients) {
        return path.charAt(0) + String.valueOf(clients);
    }

    private int maxClients() {
        return options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** Lets what earlier steps left (provider, callbacks) finish, so it does not load the next measurement. */
    private void quiet(GatewayProcess gateway, String path) throws IOException, InterruptedException {
        long waited = awaitQuiet(gateway, "before " + path);
        if (waited > QUIET_WORTH_NOTING.toNanos()) {
            notes.add(String.format(java.util.Locale.ROOT, "before %s: %.0f s until the provider mock and the callbacks"
                    + " were done with the earlier steps' applications", path, waited / 1e9));
        }
    }

    /**
     * Waits until the gateway is quiet; returns the nanoseconds waited, or -1 (and notes it) when it was still busy
     * at the timeout.
     */
    private long awaitQuiet(GatewayProcess gateway, String when) throws IOException, InterruptedException {
        long start = System.nanoTime();
        if (!gateway.awaitQuiet(Duration.parse(options.providerPollInterval()), options.quietTimeout())) {
            notes.add(when + ": the gateway was still signing after " + options.quietTimeout());
            return -1;
        }
        return System.nanoTime() - start;
    }

    private static void print(String line) {
        System.out.println(line);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
