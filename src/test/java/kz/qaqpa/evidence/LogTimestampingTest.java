package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import kz.qaqpa.gateway.GatewayHarness;
import kz.qaqpa.mocks.pki.PkiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message log's time-stamping authority does not answer (nothing listens at its address): the gateway keeps
 * serving, nothing is stamped, health names the waiting head once the allowed delay (none here) is over, and the
 * log's verification says that no record is time-stamped. A stamped log is MessageLogTest's.
 */
class LogTimestampingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anAuthorityThatDoesNotAnswerIsReportedAndTheGatewayKeepsServing(@TempDir Path dir) throws Exception {
        String nowhere = "http://127.0.0.1:" + PkiServer.freePort() + "/tsa";
        GatewayHarness gateway = new GatewayHarness(dir).with("qaqpa.log.timestamp.url", nowhere)
                .with("qaqpa.log.timestamp.interval", "200").with("qaqpa.log.timestamp.max-delay", "PT0S")
                .with("qaqpa.health.cache", "PT0S").start();
        try {
            MessageLogTest.lookUpPerson(gateway);
            String health = "";
            Instant until = Instant.now().plusSeconds(20);
            while (!health.contains("the head waits since") && Instant.now().isBefore(until)) {
                Thread.sleep(100);
                health = get(gateway.consoleRequest("/health")).body();
            }
            assertThat(health).contains("\"logTimestamps\":{\"status\":\"DOWN\"").contains("nothing time-stamped yet")
                    .contains("longer than qaqpa.log.timestamp.max-delay");
            assertThat(gateway.assembly().chainStamps().latest()).isEmpty();

            MessageLogTest.lookUpPerson(gateway); // still served
            HttpResponse<String> verified = get(gateway.consoleRequest("/message-log/verify"));
            assertThat(verified.body()).startsWith("OK").contains("no record is time-stamped");
        } finally {
            gateway.stop();
        }
    }

    /** The head is stamped at stop too, so a stopped gateway's log ends time-stamped (the timer's minute not awaited). */
    @Test
    void theRecordsSinceTheLastStampAreStampedWhenTheGatewayStops(@TempDir Path dir) {
        GatewayHarness gateway = new GatewayHarness(dir).start();
        kz.qaqpa.store.MessageChain.Head head;
        try {
            MessageLogTest.lookUpPerson(gateway);
            head = gateway.assembly().messageChain().head();
            assertThat(gateway.assembly().chainStamps().latest().map(s -> s.seq()).orElse(0L))
                    .as("stamped before the timer's first minute").isLessThan(head.seq());
        } finally {
            gateway.stop();
        }
        try (kz.qaqpa.store.Database db = kz.qaqpa.store.Database.hsqldbFile(dir.resolve("db").toString(), 1)) {
            assertThat(new kz.qaqpa.store.ChainStamps(db).latest().orElseThrow().seq())
                    .isEqualTo(new kz.qaqpa.store.MessageChain(db).head().seq()).isGreaterThanOrEqualTo(head.seq());
        }
    }

    private static HttpResponse<String> get(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
