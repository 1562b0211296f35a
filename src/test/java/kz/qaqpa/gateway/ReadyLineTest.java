package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the gateway has started, its log says so in one line naming where it serves: the channels, the monitoring
 * port and the operator console. Until session 33 the start ended on the demo mocks' lines and an operator learnt the
 * gateway's own ports from the configuration alone (ops20, docs/operations.md "Logs").
 */
class ReadyLineTest {
    @TempDir
    Path dataDir;

    @Test
    void theStartEndsWithALineNamingThePorts() {
        try (LogLines log = new LogLines(); GatewayHarness gateway = new GatewayHarness(dataDir).start()) {
            assertThat(log.containing("Qaqpa ready")).singleElement().satisfies(line -> assertThat(line)
                    .contains(":" + gateway.property("qaqpa.http.port") + "/shep/sync", "/shep/async")
                    .contains(":" + gateway.property("qaqpa.monitoring.port") + "/health")
                    .contains(gateway.settings().get("qaqpa.operator.host") + ":" + gateway.property("qaqpa.operator.port")));
        }
    }
}
