package kz.qaqpa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        // perf69: without it JFR puts a sample at the nearest debug information of the compiled code (a parse's
        // samples moved from one method to another by a factor of three in one benchmark of SecureXml.parse)
        assertThat(md).contains("the gateway's JIT keeps the position of every instruction (DebugNonSafepoints true)");
        // perf53b: every latency of a closed-loop step beside the results, and its tail in a note
        assertThat(Files.readAllLines(out.resolve("latencies-b1.csv"))).hasSize(21).first().isEqualTo("sent_ms,latency_ms");
        assertThat(md).containsPattern("Note: b sync look-up at 1 clients, latency: mean [0-9.]+ ms, p90 [0-9.]+, p95");
    }

    /**
     * perf69: with a step profiled the gateway's JIT keeps the position of every instruction, so that JFR counts a
     * sample in the method it ran in; without it a sample goes to the nearest call or safepoint of the compiled code
     * (SecureXml.parse benchmarked with JFR: TagCount.over 28.5% of the samples without, 9.5% with). Asked of a JVM
     * started with the options the gateway gets.
     */
    @Test
    void aProfiledGatewayKeepsEveryInstructionsPosition() throws Exception {
        Benchmark.Options profiled = new Benchmark.Options(out, List.of(), List.of("-Xmx64m"), List.of(8), List.of("b"),
                20, 4, 3, 3, Duration.ZERO, 3.0, 3, 0.2, "PT1S", Duration.ofSeconds(60), List.of("b8"));
        Benchmark.Options unprofiled = new Benchmark.Options(out, List.of(), List.of("-Xmx64m"), List.of(8),
                List.of("b"), 20, 4, 3, 3, Duration.ZERO, 3.0, 3, 0.2, "PT1S", Duration.ofSeconds(60), List.of());

        assertThat(flagOf(profiled.gatewayJvm(), "DebugNonSafepoints")).isEqualTo("true");
        assertThat(flagOf(profiled.gatewayJvm(), "MaxHeapSize")).isEqualTo(String.valueOf(64L << 20));
        assertThat(unprofiled.gatewayJvm()).containsExactly("-Xmx64m");
    }

    /** The flag's final value in a JVM started with {@code options} (the same java as this one). */
    private static String flagOf(List<String> options, String flag) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options);
        command.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintFlagsFinal", "-version"));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor()).as(printed).isZero();
        Matcher m = Pattern.compile("\\s" + flag + "\\s+=\\s+(\\S+)").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return m.group(1);
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
