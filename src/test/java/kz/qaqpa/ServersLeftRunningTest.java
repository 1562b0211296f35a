package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.store.Store;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import kz.qaqpa.http.BoundedHttpServer;
import kz.qaqpa.http.JdkHttpServers;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * leak67: the guard every test class runs with ({@link ServersLeftRunning}, autodetected) fails a class that leaves a
 * server running, naming its threads, and passes one that stops what it started. Each fixture class runs through
 * JUnit's launcher, as surefire runs a class (surefire leaves these nested classes out of the suite itself).
 */
class ServersLeftRunningTest {
    /** The guard's wait for the fixtures: a leak is judged in a second, not the suite's half minute. */
    private static final String SHORT_WAIT = "PT1S";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aClassThatLeavesAGatewaysPortAndATestPkisServerRunningFailsNamingTheirThreads() {
        try {
            List<TestExecutionSummary.Failure> failures = run(LeavesItsServersRunning.class);
            assertThat(failures).singleElement().satisfies(failure -> {
                assertThat(failure.getTestIdentifier().getSource()).as("a failure of the class, not of its test")
                        .contains(ClassSource.from(LeavesItsServersRunning.class));
                assertThat(failure.getException()).isInstanceOf(AssertionError.class)
                        .hasMessageContaining(LeavesItsServersRunning.class.getName() + " left")
                        .hasMessageMatching("(?s).*XNIO-\\d+ Accept.*").hasMessageContaining("HTTP-Dispatcher");
            });
        } finally {
            LeavesItsServersRunning.stop();
        }
    }

    /**
     * jar68: a mock of a state system (HttpCore 5's server, as every mock's MockSoapServer) left running; until jar68
     * the guard did not see it and the class passed.
     */
    @Test
    void aClassThatLeavesAMockStateSystemRunningFailsNamingItsListener() {
        try {
            List<TestExecutionSummary.Failure> failures = run(LeavesAMockRunning.class);
            assertThat(failures).as("the guard's verdict on a class leaving ГБД ФЛ's mock running").singleElement()
                    .satisfies(failure -> assertThat(failure.getException()).isInstanceOf(AssertionError.class)
                            .hasMessageContaining(LeavesAMockRunning.class.getName() + " left")
                            .hasMessageContaining("HTTP-listener-" + LeavesAMockRunning.mock.port()));
        } finally {
            LeavesAMockRunning.stop();
        }
    }

    /**
     * leak69: a Camel context left running (a gateway's, whose stop a test skipped): its timers' threads. Until leak69
     * the guard did not see them and the class passed.
     */
    @Test
    void aClassThatLeavesACamelContextRunningFailsNamingItsThreads() {
        try {
            assertThat(run(LeavesACamelContextRunning.class)).as("the guard's verdict on a Camel context left running")
                    .singleElement().satisfies(failure -> assertThat(failure.getException())
                            .isInstanceOf(AssertionError.class)
                            .hasMessageContaining(LeavesACamelContextRunning.class.getName() + " left")
                            .hasMessageMatching("(?s).*Camel \\(camel-\\d+\\) thread #\\d+ - timer://fixture.*"));
        } finally {
            LeavesACamelContextRunning.stop();
        }
    }

    /**
     * leak69: the store left open (its database, its checkpoints' timer): its files stay locked and its threads run.
     * Until leak69 the guard did not see them and the class passed.
     */
    @Test
    void aClassThatLeavesTheStoreOpenFailsNamingItsThreads() {
        try {
            assertThat(run(LeavesTheStoreOpen.class)).as("the guard's verdict on a store left open").singleElement()
                    .satisfies(failure -> assertThat(failure.getException()).isInstanceOf(AssertionError.class)
                            .hasMessageContaining(LeavesTheStoreOpen.class.getName() + " left")
                            .hasMessageContaining("store-checkpoints"));
        } finally {
            LeavesTheStoreOpen.close();
        }
    }

    @Test
    void aClassThatStopsWhatItStartedPasses() {
        assertThat(run(StopsItsServers.class)).isEmpty();
    }

    private static List<TestExecutionSummary.Failure> run(Class<?> fixture) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameter(ServersLeftRunning.STOP_WAIT, SHORT_WAIT).build(), summary);
        assertThat(summary.getSummary().getTestsSucceededCount()).as("the fixture's test ran").isEqualTo(1);
        return summary.getSummary().getFailures();
    }

    /** A gateway's kind of port (Undertow) and the test PKI's kind of server (the JDK's), started in a test. */
    private static BoundedHttpServer boundedServer() {
        return new BoundedHttpServer("fixture port", "localhost", PkiServer.freePort(),
                BoundedHttpServer.NETWORK_CLIENTS_PER_ADDRESS, WRITE_TIMEOUT,
                exchange -> exchange.setStatusCode(StatusCodes.NO_CONTENT));
    }

    private static HttpServer jdkServer() throws IOException {
        HttpServer server = JdkHttpServers.create(new InetSocketAddress("localhost", PkiServer.freePort()), 0);
        server.start();
        return server;
    }

    /** Starts both kinds of server and stops neither (the test above stops them once the guard has judged). */
    static class LeavesItsServersRunning {
        static BoundedHttpServer bounded;
        static HttpServer jdk;

        @Test
        void startsTwoServers() throws IOException {
            bounded = boundedServer().start();
            jdk = jdkServer();
        }

        static void stop() {
            if (bounded != null) {
                bounded.stop();
                bounded = null;
            }
            if (jdk != null) {
                jdk.stop(0);
                jdk = null;
            }
        }
    }

    /** ГБД ФЛ's mock, answering one look-up's worth of nothing: its server is what is judged. */
    private static GbdflMock mock() {
        GbdflMock mock = new GbdflMock(PkiServer.freePort(), SharedTestPki.key("gbdfl"), certificate -> { });
        mock.start();
        return mock;
    }

    /** Starts a mock of a state system and does not stop it (the test above stops it once the guard has judged). */
    static class LeavesAMockRunning {
        static GbdflMock mock;

        @Test
        void startsAMock() {
            mock = mock();
        }

        static void stop() {
            if (mock != null) {
                mock.stop();
            }
        }
    }

    /**
     * A Camel context with a timer's route, as a gateway's. The route is a lambda, not a RouteBuilder class: a
     * gateway's Camel Main takes every RouteBuilder class it finds in kz.qaqpa as its own.
     */
    private static DefaultCamelContext camelContext() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        RouteBuilder.addRoutes(camel, routes -> routes.from("timer://fixture?period=60000").log("tick"));
        camel.start();
        return camel;
    }

    /** The store as a gateway opens it, in a directory of its own. */
    private static Store store(Path dataDir) {
        return Store.open(Settings.standalone(Map.of("qaqpa.data-dir", dataDir.toString())));
    }

    /** Starts a Camel context and does not stop it (the test above stops it once the guard has judged). */
    static class LeavesACamelContextRunning {
        static DefaultCamelContext camel;

        @Test
        void startsACamelContext() throws Exception {
            camel = camelContext();
        }

        static void stop() {
            if (camel != null) {
                camel.stop();
                camel = null;
            }
        }
    }

    /** Opens the store and does not close it (the test above closes it once the guard has judged). */
    static class LeavesTheStoreOpen {
        static Path dir;
        static Store store;

        @Test
        void opensTheStore() {
            dir = TemporaryDirectory.create("qaqpa-leak-");
            store = store(dir);
        }

        static void close() {
            if (store != null) {
                store.close();
                store = null;
            }
            if (dir != null) {
                TemporaryDirectory.delete(dir);
                dir = null;
            }
        }
    }

    /** Starts each kind of server, a Camel context and the store, and stops them. */
    static class StopsItsServers {
        @Test
        void startsAndStopsEachKind() throws Exception {
            BoundedHttpServer bounded = boundedServer().start();
            HttpServer jdk = jdkServer();
            GbdflMock mock = mock();
            DefaultCamelContext camel = camelContext();
            Path dir = TemporaryDirectory.create("qaqpa-leak-");
            try {
                store(dir).close();
            } finally {
                TemporaryDirectory.delete(dir);
            }
            bounded.stop();
            jdk.stop(0);
            mock.stop();
            camel.stop();
        }
    }
}
