package kz.qaqpa;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * leak67: fails a test class that leaves a server's threads running after it ends: the Undertow (XNIO) workers of a
 * gateway's ports (the channels, the operator's console, the monitoring port), the JDK HTTP servers' dispatchers (the
 * test PKI's CRL, OCSP and time-stamp server, some tests' own servers) and, since jar68, the HttpCore 5 listeners and
 * workers of the mocks' SOAP servers (state systems, channel callbacks: {@code MockSoapServer}) and, since leak69, a Camel
 * context's threads, HSQLDB's timer and the store's and outbox's threads (a gateway or a store not closed). Such a class
 * holds ports, files and threads for the rest
 * of the test JVM, and a later class that counts threads or takes the port is the one that fails (session 66's CI
 * rehearsal: BoundedHttpServerTest found two XNIO workers some class run before it had left).
 *
 * <p>Registered for every class through JUnit's extension autodetection (src/test/resources: META-INF/services and
 * junit-platform.properties), so no class can forget it. Its afterAll runs after the class's own extensions' (a
 * {@code GatewayHarness.perClass()} has stopped its gateway by then). A thread that was running when the class began
 * is not its, nor is one of a server kept for the whole JVM ({@link #forTheWholeJvm}); one the class started is given
 * {@link #STOP_WAIT} to end (a server stopped asynchronously) before the
 * class is failed naming it (as a failure of the class, after its tests' results).
 */
public final class ServersLeftRunning implements BeforeAllCallback, AfterAllCallback {
    /**
     * Undertow's XNIO workers (accept, I/O, task threads), the JDK HTTP server's dispatcher, and HttpCore 5's classic
     * server's listener ({@code HTTP-listener-<port>-1}) and connection workers ({@code HTTP-worker-<n>}); since leak69
     * a Camel context's threads ({@code Camel (camel-1) thread #3 - timer://outbox}: a gateway not stopped), HSQLDB's
     * timer ({@code HSQLDB Timer @5844a2d1}: a database open) and the store's and outbox's own ({@code store-checkpoints},
     * {@code message-log-filter}, {@code outbox-<n>}), the names read from a started gateway's threads. Not the threads
     * that end when idle (health-*-read, channel-late-answers) nor the JVM's shared ones (http-call-deadlines).
     */
    private static final Pattern SERVER_THREAD = Pattern.compile(
            "XNIO-\\d+ .*|HTTP-Dispatcher|HTTP-listener-\\d+-\\d+|HTTP-worker-\\d+"
                    + "|Camel \\(camel-\\d+\\) thread #\\d+ - .*|HSQLDB Timer @\\p{XDigit}+"
                    + "|store-checkpoints|message-log-filter|outbox-\\d+");
    /**
     * How long a server stopped asynchronously may take to end its threads (junit-platform.properties); a leak waits
     * this long once.
     */
    static final String STOP_WAIT = "qaqpa.test.servers-left.stop-wait";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServersLeftRunning.class);
    private static final String BEFORE = "server threads before the class";

    /** The threads of the servers the test JVM keeps for all its classes ({@link #forTheWholeJvm}). */
    private static final Set<Thread> JVM_WIDE = ConcurrentHashMap.newKeySet();

    /**
     * Starts a server the test JVM keeps for all its classes and stops at its end (SharedTestPki's): its threads are no
     * class's leak, though the class that first asks for it starts them.
     */
    public static <T> T forTheWholeJvm(Supplier<T> start) {
        synchronized (JVM_WIDE) {
            Set<Thread> before = serverThreads();
            T started = start.get();
            Set<Thread> its = serverThreads();
            its.removeAll(before);
            JVM_WIDE.addAll(its);
            return started;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(BEFORE, serverThreads());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Set<Thread> before = context.getStore(NAMESPACE).get(BEFORE, Set.class);
        Duration wait = context.getConfigurationParameter(STOP_WAIT, Duration::parse)
                .orElseThrow(() -> new IllegalStateException(STOP_WAIT + " is not set (junit-platform.properties)"));
        Set<Thread> left = startedAndStillRunning(before, wait);
        if (!left.isEmpty()) {
            throw new AssertionError(context.getRequiredTestClass().getName() + " left " + left.size()
                    + " server threads running " + wait + " after its end (a gateway, a test PKI or a server it"
                    + " started and did not stop): " + names(left));
        }
    }

    /** The server threads started since {@code before} that have not ended within {@code wait}. */
    private static Set<Thread> startedAndStillRunning(Set<Thread> before, Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        Set<Thread> left = serverThreads();
        left.removeAll(before);
        left.removeAll(JVM_WIDE);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(POLL.toMillis());
            left.removeIf(t -> !t.isAlive());
        }
        return left;
    }

    /** The live threads of the JVM's servers. */
    static Set<Thread> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && SERVER_THREAD.matcher(t.getName()).matches())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted(Comparator.naturalOrder()).toList();
    }
}
