package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import kz.qaqpa.mocks.pki.PkiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * suite66 (suite65's Left): a start refused after the trust is set up stops what it had started. Before, the refusal
 * left the test PKI's CRL and OCSP server and the operator's console listening (GatewayAssembly's constructor stopped
 * nothing it had started), which only a JVM that goes on sees: a test's, whose next gateway found the port taken.
 */
class RefusedStartStopsItsPartsTest {
    @TempDir
    Path dataDir;

    @Test
    void aStartRefusedOnceTheTestPkiAndTheConsoleServeLeavesNeitherListening() {
        IssuedTestPki.copyInto(dataDir); // a start refused after the trust's set-up needs no PKI of its own
        int pkiPort = PkiServer.freePort();
        int operatorPort = PkiServer.freePort();
        // read after the store, the console and the test PKI's server started
        try (GatewayHarness refused = new GatewayHarness(dataDir).with("qaqpa.test-pki.port", String.valueOf(pkiPort))
                .with("qaqpa.operator.port", String.valueOf(operatorPort))
                .with("qaqpa.monitoring.health-details", "sometimes")) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("qaqpa.monitoring.health-details 'sometimes' is not never or always");
            assertThat(IssuedTestPki.listenedOn(pkiPort)).as("the test PKI's server on %d after the refused start",
                    pkiPort).isFalse();
            assertThat(IssuedTestPki.listenedOn(operatorPort)).as("the operator's console on %d after the refused"
                    + " start", operatorPort).isFalse();
        }
    }
}
