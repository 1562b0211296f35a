package kz.qaqpa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark at a tiny size, so that it cannot rot: the gateway in its own JVM, every path at one client with a
 * handful of requests, no errors, and both result files with sane fields.
 */
class BenchmarkTest {
    @TempDir
    Path out;

    /**
     * Twenty look-ups against a provider mock that polls once a second: the signatures of its idle polling, which
     * the benchmark estimates and subtracts, stay small next to the path's own on a loaded machine too.
     */
    @Test
    void tinyRunMeasuresEveryPathWithoutErrors() throws Exception {
        Benchmark.Options options = new Benchmark.Options(out,
                List.of("-cp", Benchmark.Options.classPath(), "kz.qaqpa.Main"), List.of("-Xmx512m"),
                List.of(1), List.of("a", "b", "c", "d", "e"), 20, 4, 3, 3, Duration.ZERO, 3.0, 3, 0.2, "PT1S",
                Duration.ofSeconds(60), List.of("b1"));

        new Benchmark(options).run();

        String md = Files.readString(out.resolve("results.md"));
        String json = Files.readString(out.resolve("results.json"));
        for (String path : List.of("a echo", "b sync look-up", "c intake", "d provider round trip")) {
            assertThat(md).contains("| " + path + " | 1 |");
            String row = row(json, path);
            assertThat(number(row, "errors")).as(path + ": " + row).isZero();
            assertThat(number(row, "throughput_rps")).as(path).isPositive();
            assertThat(number(row, "p50_ms")).as(path).isPositive();
            assertThat(number(row, "p99_ms")).as(path).isGreaterThanOrEqualTo(number(row, "p50_ms"));
            assertThat(number(row, "peak_heap_mb")).as(path).isPositive();
            assertThat(number(row, "live_heap_mb")).as(path).isGreaterThanOrEqualTo(0).isLessThan(512);
            assertThat(number(row, "cpu_percent")).as(path).isPositive();
            // stall47: the step's bounds, to match the gateway's log lines of a stall to the step
            assertThat(row).as(path).containsPattern("\"started\": \"\\d{4}-[^\"]+Z\", \"ended\": \"\\d{4}-[^\"]+Z\"");
        }
        assertThat(row(json, "a echo")).contains("\"signatures_per_request\": null");
        // the sync look-up: the gateway checks the request, signs its call to ГБД ФЛ, the mock checks it and signs its
        // answer, the gateway checks that and signs the reply
        assertThat(number(row(json, "b sync look-up"), "signatures_per_request")).isCloseTo(6.0, within(1.0));
        for (String path : List.of("b sync look-up", "c intake", "d provider round trip")) {
            assertThat(number(row(json, path), "signature_bound_rps")).as(path).isPositive();
            assertThat(number(row(json, path), "signature_bound_ratio")).as(path).isPositive();
        }
        assertThat(json).contains("\"engine\": \"SunRsaSign\"");
        // the profiled step: its recording beside the results, its samples by layer in both files
        assertThat(out.resolve("profile-b1.jfr")).isNotEmptyFile();
        assertThat(md).contains("| layer | b sync look-up at 1 (");
        assertThat(json).contains("\"b sync look-up at 1\": {\"XML parsing");
        assertThat(md).contains("| SunRsaSign | 1 |");
        // perf53b: every latency of a closed-loop step beside the results, and its tail in a note
        assertThat(Files.readAllLines(out.resolve("latencies-b1.csv"))).hasSize(21).first().isEqualTo("sent_ms,latency_ms");
        assertThat(md).containsPattern("Note: b sync look-up at 1 clients, latency: mean [0-9.]+ ms, p90 [0-9.]+, p95");
    }

    private static String row(String json, String path) {
        Matcher m = Pattern.compile("\\{\"path\": \"" + Pattern.quote(path) + "\"[^}]*}").matcher(json);
        assertThat(m.find()).as("a result for " + path + " in " + json).isTrue();
        return m.group();
    }

    private static double number(String row, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (-?[0-9.]+)").matcher(row);
        assertThat(m.find()).as(field + " in " + row).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
