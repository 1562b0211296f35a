package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.Store;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * suite66 (suite65's Left): a start refused after the trust is set up stops what it had started; leak67: so does one
 * refused inside the trust's set-up or while Camel is configured. Before, the refusal
 * left the test PKI's CRL and OCSP server and the operator's console listening (GatewayAssembly's constructor stopped
 * nothing it had started), which only a JVM that goes on sees: a test's, whose next gateway found the port taken.
 */
class RefusedStartStopsItsPartsTest {
    @TempDir
    Path dataDir;

    @Test
    void aStartRefusedOnceTheTestPkiAndTheConsoleServeLeavesNeitherListening() throws Exception {
        IssuedTestPki.copyInto(dataDir); // a start refused after the trust's set-up needs no PKI of its own
        int pkiPort = PkiServer.freePort();
        int operatorPort = PkiServer.freePort();
        // read after the store, the console and the test PKI's server started
        try (GatewayHarness refused = new GatewayHarness(dataDir).with("qaqpa.test-pki.port", String.valueOf(pkiPort))
                .with("qaqpa.operator.port", String.valueOf(operatorPort))
                .with("qaqpa.monitoring.health-details", "sometimes")) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("qaqpa.monitoring.health-details 'sometimes' is not never or always");
            assertThat(IssuedTestPki.listenedOn(pkiPort)).as("the test PKI's server on %d after the refused start",
                    pkiPort).isFalse();
            assertThat(IssuedTestPki.listenedOn(operatorPort)).as("the operator's console on %d after the refused"
                    + " start", operatorPort).isFalse();
            assertThat(threadsLeftSince(before)).as("the store's and the outbox delivery's threads").isEmpty();
        }
    }

    /**
     * leak67: a start refused once the gateway's parts are built, while Camel is configured (here two schemas of one
     * file name, regs66's check of qaqpa.documents.schemas.extra), leaves none of their ports listening. Before, no one
     * stopped them (Camel Main starts no context after a refused configuration, so stops none): AdditiveListsTest left
     * the console's and the monitoring port's XNIO workers and the test PKI's server running for the rest of the JVM,
     * the two workers session 66's CI rehearsal found in BoundedHttpServerTest.
     */
    @Test
    void aStartRefusedWhileCamelIsConfiguredLeavesNoPortListening() throws Exception {
        IssuedTestPki.copyInto(dataDir);
        int pkiPort = PkiServer.freePort();
        int operatorPort = PkiServer.freePort();
        int monitoringPort = PkiServer.freePort();
        try (GatewayHarness refused = new GatewayHarness(dataDir).with("qaqpa.test-pki.port", String.valueOf(pkiPort))
                .with("qaqpa.operator.port", String.valueOf(operatorPort))
                .with("qaqpa.monitoring.port", String.valueOf(monitoringPort))
                .with("qaqpa.documents.schemas.extra", "xsd-variant/own/person.xsd")) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("names xsd-variant/own/person.xsd and xsd/person.xsd, one file name");
            assertThat(IssuedTestPki.listenedOn(pkiPort)).as("the test PKI's server on %d", pkiPort).isFalse();
            assertThat(IssuedTestPki.listenedOn(operatorPort)).as("the console on %d", operatorPort).isFalse();
            assertThat(IssuedTestPki.listenedOn(monitoringPort)).as("the monitoring port %d", monitoringPort).isFalse();
            assertThat(threadsLeftSince(before)).as("the store's and the outbox delivery's threads").isEmpty();
        }
    }

    /**
     * start69 (review68 6): a start refused while Camel is configured, its log's head moved since the last stamp (a
     * record logged, as before a kill -9), calls no time-stamping authority while it stops its parts: the refusal is
     * reported at once, not after the authority's timeout (here one that takes the connection and never answers). The
     * head is stamped by the next start that serves (the log-timestamping timer's first run). Before, close() stamped
     * the head and the refusal waited on the silent authority.
     */
    @Test
    void aStartRefusedWhileCamelIsConfiguredCallsNoTimeStampingAuthority() throws Exception {
        IssuedTestPki.copyInto(dataDir);
        try (Store store = Store.open(Settings.standalone(java.util.Map.of("qaqpa.data-dir", dataDir.toString(),
                "qaqpa.store.min-free-bytes", "0")))) {
            store.messageChain().append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage",
                    "PORTAL", "{s}", null, SharedTestPki.key("portal").certificate(), "<logged/>".getBytes()));
        }
        try (java.net.ServerSocket silentAuthority = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
             GatewayHarness refused = new GatewayHarness(dataDir).with("qaqpa.log.timestamp.url",
                     "http://127.0.0.1:" + silentAuthority.getLocalPort() + "/tsa")
                     .with("qaqpa.log.timestamp.timeout", "PT5S")
                     .with("qaqpa.documents.schemas.extra", "xsd-variant/own/person.xsd")) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("names xsd-variant/own/person.xsd and xsd/person.xsd, one file name");
            silentAuthority.setSoTimeout(500);
            assertThatThrownBy(() -> silentAuthority.accept().close()).as("a call of the authority, made while the"
                    + " refused start stopped").isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    /**
     * leak67: a start refused while Camel Main loads the route files (a templated route's misspelt parameter, after
     * the gateway's parts were built) leaves neither the test PKI's server nor the console listening. Before, Camel Main
     * stopped no context (it had started none), and both listened on.
     */
    @Test
    void aStartRefusedWhileTheRouteFilesLoadLeavesNoPortListening() throws Exception {
        IssuedTestPki.copyInto(dataDir);
        Path route = Files.writeString(dataDir.resolve("parameters.yaml"),
                ProgressRouteFile.text("parameters-con-progress", "inWorkNrom", true));
        int pkiPort = PkiServer.freePort();
        int operatorPort = PkiServer.freePort();
        try (GatewayHarness refused = new GatewayHarness(dataDir).with("qaqpa.test-pki.port", String.valueOf(pkiPort))
                .with("qaqpa.operator.port", String.valueOf(operatorPort))
                .with("camel.main.routes-include-pattern",
                        "classpath:routes/templates/*.yaml,classpath:routes/*.yaml,file:" + route)) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("sets parameter 'inWorkNrom'");
            assertThat(IssuedTestPki.listenedOn(pkiPort)).as("the test PKI's server on %d", pkiPort).isFalse();
            assertThat(IssuedTestPki.listenedOn(operatorPort)).as("the console on %d", operatorPort).isFalse();
        }
    }

    /**
     * leak67 (review66b S1): a start refused inside the trust's set-up, after the test PKI's server started (the
     * gateway's key read from qaqpa.keystore.path, here a file that is no key store), leaves its port free. Before, the
     * refusal came before GatewayAssembly's list of what to stop, and the server listened on.
     */
    @Test
    void aStartRefusedInTheTrustsSetUpLeavesTheTestPkiNotListening() throws Exception {
        IssuedTestPki.copyInto(dataDir);
        Path noKeyStore = Files.writeString(dataDir.resolve("not-a-key-store.p12"), "not PKCS#12");
        int pkiPort = PkiServer.freePort();
        try (GatewayHarness refused = new GatewayHarness(dataDir).with("qaqpa.test-pki.port", String.valueOf(pkiPort))
                .with("qaqpa.keystore.path", noKeyStore.toString())) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("qaqpa.keystore.path = '" + noKeyStore + "' is not a PKCS#12 key store");
            assertThat(IssuedTestPki.listenedOn(pkiPort)).as("the test PKI's server on %d after the refused start",
                    pkiPort).isFalse();
        }
    }

    /**
     * review67 5: the threads of the store (its checkpoints, the filter's fill) and of the outbox delivery that a
     * refused start made and left running, after a bounded wait for those that end on their own; the ports alone did
     * not show them stopped.
     */
    private static List<String> threadsLeftSince(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                    .map(Thread::getName).filter(n -> n.startsWith("store-checkpoints") || n.startsWith("outbox-")
                            || n.startsWith("message-log-filter")).sorted().toList();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return left;
    }
}
