package kz.qaqpa.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTailTest {
    @TempDir
    Path dir;

    private static final long MS = 1_000_000;

    /** 96 requests of 10 ms and four of 100: the tail is the four, at 4x the mean (13.6 ms) or more. */
    @Test
    void summaryNamesThePercentilesAndCountsTheSlowRequests() {
        long[] latencies = new long[100];
        java.util.Arrays.fill(latencies, 10 * MS);
        for (int i = 0; i < 4; i++) {
            latencies[i * 25] = 100 * MS;
        }

        assertThat(LatencyTail.summary(latencies)).isEqualTo("mean 13.60 ms, p90 10.00, p95 10.00, p99 100.00,"
                + " p99.9 100.00, max 100.00; 4 of 100 at 4x the mean or more");
    }

    @Test
    void everyRequestIsWrittenWithWhenItWasSent() throws Exception {
        ClosedLoad.Outcome o = new ClosedLoad.Outcome(new long[] {12_345_678, 2 * MS}, new long[] {0, 1_500_000},
                20 * MS, 0, null, null);
        Path file = dir.resolve("latencies-b8.csv");

        LatencyTail.write(file, o);

        assertThat(Files.readAllLines(file)).containsExactly("sent_ms,latency_ms", "0.000,12.346", "1.500,2.000");
    }

    @Test
    void noRequestsSaySo() {
        assertThat(LatencyTail.summary(new long[0])).isEqualTo("no requests");
    }
}
