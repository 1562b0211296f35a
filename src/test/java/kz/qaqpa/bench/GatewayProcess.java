package kz.qaqpa.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.trust.SignatureCounter;

/**
 * The gateway with its embedded mocks in a JVM of its own, started as {@code java -jar} starts it (or from a class
 * path), on free ports with a fresh data directory and the benchmark echo switched on; watched over JMX (attach API)
 * for heap, CPU time and the signatures it made and checked.
 */
final class GatewayProcess implements AutoCloseable {
    /** bench.start-timeout: a loaded machine (another build beside the run) may boot Camel for minutes. */
    private static final Duration START_TIMEOUT = Duration.parse(System.getProperty("bench.start-timeout", "PT120S"));
    private final Process process;
    private final Map<String, String> properties;
    private JMXConnector jmx;
    private MBeanServerConnection server;

    private GatewayProcess(Process process, Map<String, String> properties) {
        this.process = process;
        this.properties = properties;
    }

    /**
     * @param launch     how to start it: {@code -jar path/to/qaqpa-all.jar}, or {@code -cp <class path> kz.qaqpa.Main}
     * @param jvmOptions extra JVM options (heap, GC), may be empty
     * @param overrides  configuration keys on top of the defaults (e.g. the provider mock's poll interval)
     */
    static GatewayProcess start(List<String> launch, List<String> jvmOptions, Path dataDir, Path log,
                                Map<String, String> overrides) throws IOException, InterruptedException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("qaqpa.data-dir", dataDir.toString());
        for (String key : new String[] {"qaqpa.http.port", "qaqpa.test-pki.port", "qaqpa.mocks.gbdfl.port",
                "qaqpa.mocks.enis.port", "qaqpa.operator.port", "qaqpa.monitoring.port", "qaqpa.mocks.portal.port",
                "qaqpa.mocks.con.port", "qaqpa.mocks.eastana.port", "qaqpa.mocks.gbdul.port", "qaqpa.mocks.archive.port"}) {
            p.put(key, String.valueOf(PkiServer.freePort()));
        }
        p.put("qaqpa.bench.echo-enabled", "true");
        p.putAll(overrides);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        p.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(launch);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a client stopped with Ctrl-C takes its gateway along
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-gateway-stop"));
        GatewayProcess gateway = new GatewayProcess(process, p);
        try {
            gateway.awaitReady(log);
            gateway.connectJmx();
        } catch (IOException | RuntimeException | InterruptedException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    long pid() {
        return process.pid();
    }

    String property(String key) {
        return properties.get(key);
    }

    String baseUrl() {
        return "http://localhost:" + properties.get("qaqpa.http.port");
    }

    String portalHistoryUrl() {
        return "http://localhost:" + properties.get("qaqpa.mocks.portal.port") + "/history/";
    }

    /** Serving the channels and the mocks (which start once the gateway serves). */
    private void awaitReady(Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<String> probes = List.of(baseUrl() + "/shep/sync?wsdl",
                "http://localhost:" + properties.get("qaqpa.mocks.gbdfl.port") + "/gbdfl/sync",
                "http://localhost:" + properties.get("qaqpa.mocks.portal.port") + "/history");
        while (!probes.stream().allMatch(GatewayProcess::answers)) {
            // a refused start prints one line and exits (kz.qaqpa.Main); the line is enough to stop waiting
            if (!process.isAlive() || java.nio.file.Files.readString(log).contains(kz.qaqpa.Main.CANNOT_START)) {
                throw new IOException("the gateway failed to start; its log ends:\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the gateway did not start within " + START_TIMEOUT + "; its log ends:\n" + tail(log));
            }
            Thread.sleep(200);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static boolean answers(String url) {
        try {
            return ClosedLoad.get(URI.create(url)) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private void connectJmx() throws IOException {
        try {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
            try {
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
            server = jmx.getMBeanServerConnection();
            watchCollections();
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to the gateway process " + process.pid(), e);
        }
    }

    /** The names of the gateway's heap memory pools (read once at connection). */
    private final java.util.Set<String> heapPools = new java.util.HashSet<>();

    /** The heap pools' share of a per-pool usage a collection reports. */
    private long heapBytes(Map<String, java.lang.management.MemoryUsage> usage) {
        return usage.entrySet().stream().filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
    }

    /** The most heap in use seen since the last reset: at a collection's start, or when last asked. */
    private final java.util.concurrent.atomic.AtomicLong peakHeapBytes = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The heap in use peaks just before each garbage collection: the gateway's collectors tell each one's usage
     * before it, per pool, and the heap pools' sum at that moment is the heap's occupancy then (summing each pool's
     * own peak instead adds up highs of different moments, which overstates it).
     */
    private void watchCollections() throws IOException {
        for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        javax.management.NotificationListener listener = (notification, handback) -> {
            if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                    .equals(notification.getType())) {
                var info = com.sun.management.GarbageCollectionNotificationInfo
                        .from((javax.management.openmbean.CompositeData) notification.getUserData()).getGcInfo();
                peakHeapBytes.accumulateAndGet(heapBytes(info.getMemoryUsageBeforeGc()), Math::max);
            }
        };
        try {
            for (ObjectName gc : server.queryNames(new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE
                    + ",*"), null)) {
                server.addNotificationListener(gc, listener, null, null);
            }
        } catch (javax.management.JMException e) {
            throw new IOException("cannot watch the gateway's garbage collections", e);
        }
    }

    /** Peak heap in use resets now; {@link #peakHeapMb()} reports the highest since. */
    void resetPeakHeap() throws IOException {
        peakHeapBytes.set(heapUsed());
    }

    /** The most heap in use since the last reset (garbage included: the occupancy before a collection). */
    double peakHeapMb() throws IOException {
        return peakHeapBytes.accumulateAndGet(heapUsed(), Math::max) / (1024.0 * 1024.0);
    }

    private long heapUsed() throws IOException {
        return ManagementFactory.getPlatformMXBean(server, java.lang.management.MemoryMXBean.class)
                .getHeapMemoryUsage().getUsed();
    }

    /**
     * Heap in use right after the gateway's most recent garbage collection (of whichever collector ran last): what
     * the gateway holds, without the garbage a peak includes. 0 before the first collection.
     */
    double liveHeapMb() throws IOException {
        com.sun.management.GcInfo last = null;
        for (com.sun.management.GarbageCollectorMXBean gc
                : ManagementFactory.getPlatformMXBeans(server, com.sun.management.GarbageCollectorMXBean.class)) {
            com.sun.management.GcInfo info = gc.getLastGcInfo();
            if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
                last = info;
            }
        }
        return last == null ? 0 : heapBytes(last.getMemoryUsageAfterGc()) / (1024.0 * 1024.0);
    }

    /** CPU time of the gateway process (all its threads, mocks included), nanoseconds. */
    long cpuNanos() throws IOException {
        return ManagementFactory.getPlatformMXBean(server, OperatingSystemMXBean.class).getProcessCpuTime();
    }

    /** Time the gateway's JIT compilers have spent compiling so far (all compiler threads), milliseconds. */
    long compilationMillis() throws IOException {
        return ManagementFactory.getPlatformMXBean(server, java.lang.management.CompilationMXBean.class)
                .getTotalCompilationTime();
    }

    /** XML signatures made and checked so far in the gateway process (mocks included). */
    Signatures signatures() throws IOException {
        try {
            ObjectName name = new ObjectName(SignatureCounter.OBJECT_NAME);
            return new Signatures((Long) server.getAttribute(name, "Signed"), (Long) server.getAttribute(name, "Verified"));
        } catch (javax.management.JMException e) {
            throw new IOException("cannot read " + SignatureCounter.OBJECT_NAME, e);
        }
    }

    /** The provider that makes the gateway's RSA signatures. */
    String engine() throws IOException {
        try {
            return (String) server.getAttribute(new ObjectName(SignatureCounter.OBJECT_NAME), "Engine");
        } catch (javax.management.JMException e) {
            throw new IOException("cannot read " + SignatureCounter.OBJECT_NAME, e);
        }
    }

    /**
     * CPU samples every 10 ms, and what makes a request slow without using CPU (perf53b): collection pauses,
     * safepoints, deoptimisations, waits of 10 ms or more (parks, monitors, socket reads), waits of 5 ms or more in
     * {@code Object.wait} (the group commit's waiters wait there for the log's sync, perf63), the machine's and the JVM's
     * CPU each second (how much of the cores the other processes took), and what fills the young generation (allocation
     * samples, throttled). Thresholded events are few. Not the JDK's "profile" settings: their
     * unthrottled allocation, lock and I/O events cut (b)'s rate by more than half.
     */
    private static final Map<String, String> PROFILE_SETTINGS = Map.ofEntries(
            Map.entry("jdk.ExecutionSample#enabled", "true"), Map.entry("jdk.ExecutionSample#period", "10 ms"),
            Map.entry("jdk.GarbageCollection#enabled", "true"), Map.entry("jdk.GCPhasePause#enabled", "true"),
            Map.entry("jdk.SafepointBegin#enabled", "true"), Map.entry("jdk.SafepointEnd#enabled", "true"),
            Map.entry("jdk.ExecuteVMOperation#enabled", "true"), Map.entry("jdk.Deoptimization#enabled", "true"),
            Map.entry("jdk.ThreadPark#enabled", "true"), Map.entry("jdk.ThreadPark#threshold", "10 ms"),
            Map.entry("jdk.JavaMonitorEnter#enabled", "true"), Map.entry("jdk.JavaMonitorEnter#threshold", "10 ms"),
            Map.entry("jdk.JavaMonitorWait#enabled", "true"), Map.entry("jdk.JavaMonitorWait#threshold", "5 ms"),
            Map.entry("jdk.CPULoad#enabled", "true"), Map.entry("jdk.CPULoad#period", "1 s"),
            Map.entry("jdk.SocketRead#enabled", "true"), Map.entry("jdk.SocketRead#threshold", "10 ms"),
            Map.entry("jdk.ObjectAllocationSample#enabled", "true"),
            Map.entry("jdk.ObjectAllocationSample#throttle", "150/s"));

    /** Starts a JFR recording in the gateway ({@link #PROFILE_SETTINGS}); returns its id for {@link #stopProfile}. */
    long startProfile() throws IOException {
        return startProfile(flightRecorder());
    }

    /** Starts a recording of {@link #PROFILE_SETTINGS} in the JVM of {@code jfr}; returns its id. */
    static long startProfile(jdk.management.jfr.FlightRecorderMXBean jfr) {
        long id = jfr.newRecording();
        jfr.setRecordingSettings(id, PROFILE_SETTINGS);
        jfr.setRecordingOptions(id, Map.of("name", "qaqpa-bench", "disk", "true"));
        jfr.startRecording(id);
        return id;
    }

    /**
     * Starts and closes an empty JFR recording, so that JFR has started once before the warm-ups (perf49b). Its first
     * start in a JVM instruments the JDK's event classes, which throws away the JIT's compiled code (JVMTI class
     * retransformation): a first recording started at a step measured a JVM compiling again, most of its
     * samples in interpreted frames (session 48's profile: 203 of 527 top frames interpreted, 7.1 ms of gateway CPU a
     * look-up against 2.1-2.5 unrecorded; started before the warm-up: 1 of 256, 3.0 ms on a loaded machine).
     */
    void primeProfiler() throws IOException {
        primeProfiler(flightRecorder());
    }

    /** {@link #primeProfiler()} in the JVM of {@code jfr}. */
    static void primeProfiler(jdk.management.jfr.FlightRecorderMXBean jfr) throws IOException {
        long id = jfr.newRecording();
        // the step's own events: JFR retransforms the JDK's socket classes when their events are first enabled
        // (perf63: primed without them, the step's start made a 409 ms RedefineClasses safepoint just before (b)'s step)
        jfr.setRecordingSettings(id, PROFILE_SETTINGS);
        jfr.startRecording(id);
        jfr.stopRecording(id);
        jfr.closeRecording(id);
    }

    /** Stops the recording and writes it to {@code file} (the gateway runs on this machine, so it writes it itself). */
    void stopProfile(long id, Path file) throws IOException {
        jdk.management.jfr.FlightRecorderMXBean jfr = flightRecorder();
        jfr.stopRecording(id);
        jfr.copyTo(id, file.toAbsolutePath().toString());
        jfr.closeRecording(id);
    }

    /** The value of one of the gateway JVM's HotSpot options, as it runs (e.g. {@code DebugNonSafepoints}). */
    String vmOption(String name) throws IOException {
        return ManagementFactory.getPlatformMXBean(server, com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption(name).getValue();
    }

    private jdk.management.jfr.FlightRecorderMXBean flightRecorder() throws IOException {
        return ManagementFactory.getPlatformMXBean(server, jdk.management.jfr.FlightRecorderMXBean.class);
    }

    record Signatures(long signed, long verified) {
        Signatures minus(Signatures earlier) {
            return new Signatures(signed - earlier.signed, verified - earlier.verified);
        }

        long total() {
            return signed + verified;
        }
    }

    /** Signatures (made + checked) per second over {@code window}. */
    double signatureRate(Duration window) throws IOException, InterruptedException {
        Signatures first = signatures();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        return signatures().minus(first).total() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Waits until the gateway signs no faster than an idle one can: the provider mock polling an empty queue makes
     * and checks at most four signatures per poll. Then what earlier steps left to the provider and the callbacks
     * is done. At most {@code timeout}; false if never.
     */
    boolean awaitQuiet(Duration providerPollInterval, Duration timeout) throws IOException, InterruptedException {
        double idleCeiling = 4.0 / Math.max(0.001, providerPollInterval.toNanos() / 1e9);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (signatureRate(Duration.ofSeconds(1)) <= idleCeiling + 5) {
                return true;
            }
        }
        return false;
    }

    /** Stops it as Ctrl-C would (Camel shuts down), then forcibly if it does not end. */
    @Override
    public void close() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException e) {
            // the process is going away anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
