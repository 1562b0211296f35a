package kz.qaqpa.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A step's every latency, kept beside results.md (latencies-&lt;step&gt;.csv: when each request was sent, from the
 * step's start, and how long it took), and its tail in one line: where p99 comes from is read from the slow requests,
 * not from the mean (docs/performance.md, Session 53 / perf53b).
 */
final class LatencyTail {
    /** A request this many times the step's mean latency or slower is counted as the tail's. */
    static final int SLOW_TIMES_MEAN = 4;

    private LatencyTail() {
    }

    static void write(Path file, ClosedLoad.Outcome o) throws IOException {
        StringBuilder csv = new StringBuilder("sent_ms,latency_ms\n");
        for (int i = 0; i < o.latencyNanos().length; i++) {
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f%n", o.beganNanos()[i] / 1e6, o.latencyNanos()[i] / 1e6));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /** "mean, p90, p95, p99, p99.9, max, and how many requests took at least 4 times the mean". */
    static String summary(long[] latencyNanos) {
        if (latencyNanos.length == 0) {
            return "no requests";
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        long slow = Arrays.stream(sorted).filter(l -> l >= SLOW_TIMES_MEAN * mean).count();
        return String.format(Locale.ROOT, "mean %.2f ms, p90 %.2f, p95 %.2f, p99 %.2f, p99.9 %.2f, max %.2f;"
                        + " %d of %d at %dx the mean or more", mean / 1e6, at(sorted, 90), at(sorted, 95), at(sorted, 99),
                at(sorted, 99.9), sorted[sorted.length - 1] / 1e6, slow, sorted.length, SLOW_TIMES_MEAN);
    }

    private static double at(long[] sorted, double p) {
        return ClosedLoad.Outcome.percentileMs(sorted, p);
    }
}
