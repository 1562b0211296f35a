package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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

    /** Starts the three kinds of server and stops them. */
    static class StopsItsServers {
        @Test
        void startsAndStopsThreeServers() throws IOException {
            BoundedHttpServer bounded = boundedServer().start();
            HttpServer jdk = jdkServer();
            GbdflMock mock = mock();
            bounded.stop();
            jdk.stop(0);
            mock.stop();
        }
    }
}
