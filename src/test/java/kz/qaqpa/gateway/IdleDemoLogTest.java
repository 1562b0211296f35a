package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 34 (leftovers22, docs/operations.md "Volume"): the demo gateway as shipped (application.properties, every
 * provider office mock polling each of its services), left idle, writes a few message log records a second (at most 8:
 * about 21 services polled, a 30 s window catching 3 or 4 polls of each). Each empty poll stays logged whole, request and signed answer (the gateway's signed word that nothing was
 * there for the provider at that time is evidence); the demo's poll interval decides the growth. Before, at the
 * shipped 2 s, the idle demo grew 21 records a second (1.8 million a day); at 10 s, 5.
 */
class IdleDemoLogTest {
    private static final Duration WATCHED = Duration.ofSeconds(30);
    private static final String INTERVAL = "qaqpa.mocks.provider.poll-interval";
    @TempDir
    Path dataDir;

    @Test
    void anIdleDemoGatewayLogsAFewRecordsASecond() throws IOException {
        GatewayHarness gateway = new GatewayHarness(dataDir).with(INTERVAL, shipped(INTERVAL)).start();
        try {
            Pause.sleep(Duration.ofSeconds(5));   // the offices' first polls, at their start
            long before = gateway.assembly().messageChain().head().seq();
            Pause.sleep(WATCHED);
            long grown = gateway.assembly().messageChain().head().seq() - before;
            double perSecond = grown / (double) WATCHED.toSeconds();
            System.out.printf("idle demo: %d records in %d s, %.1f a second%n", grown, WATCHED.toSeconds(), perSecond);
            assertThat(grown).as("the offices still poll: the log shows it").isPositive();
            assertThat(perSecond).as("records a second on an idle demo gateway").isLessThanOrEqualTo(8.0);
        } finally {
            gateway.stop();
        }
    }

    /** The demo's value of {@code key} (the tests' own properties poll faster). */
    private static String shipped(String key) throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            shipped.load(in);
        }
        return shipped.getProperty(key);
    }
}
