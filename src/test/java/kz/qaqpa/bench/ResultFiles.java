package kz.qaqpa.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** results.json (for tools) and results.md (the README's table) of one run. */
final class ResultFiles {
    static final String HEADER = "| path | clients | requests | throughput_rps | p50_ms | p99_ms | errors | peak_heap_mb"
            + " | live_heap_mb | cpu_percent | signatures_per_request | signature_bound_rps | signature_bound_ratio |";

    private ResultFiles() {
    }

    static void write(Path dir, Machine start, Machine end, String engine, List<SignatureLimit.Rate> rates,
                      SignatureLimit.Rate gatewayRate, List<Row> rows, List<String> notes,
                      Map<String, Map<String, Integer>> profiles) throws IOException {
        Files.writeString(dir.resolve("results.json"), json(start, end, engine, rates, gatewayRate, rows, notes,
                profiles), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.md"), markdown(start, end, engine, rates, gatewayRate, rows, notes,
                profiles), StandardCharsets.UTF_8);
    }

    static String markdownRow(Row r) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.2f | %d | %.0f | %.0f | %.0f | %s | %s | %s |",
                r.path(), r.clients(), r.requests(), r.throughputRps(), r.p50Ms(), r.p99Ms(), r.errors(),
                r.peakHeapMb(), r.liveHeapMb(), r.cpuPercent(), format(r.signaturesPerRequest(), "%.1f"),
                format(r.signatureBoundRps(), "%.0f"), format(r.signatureBoundRatio(), "%.2f"));
    }

    private static String markdown(Machine start, Machine end, String engine, List<SignatureLimit.Rate> rates,
                                   SignatureLimit.Rate gatewayRate, List<Row> rows, List<String> notes,
                                   Map<String, Map<String, Integer>> profiles) {
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(start.at()).append(" on ").append(start.cores()).append(" cores (")
                .append(start.cpu()).append("), ").append(start.memoryMb()).append(" MB, ").append(start.os())
                .append(", ").append(start.java()).append("; load average ").append(start.loadAverage())
                .append(" at the start, ").append(end.loadAverage()).append(" at the end. Gateway signature engine: ")
                .append(engine).append(".\n\n");
        md.append(HEADER).append('\n');
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> md.append(markdownRow(r)).append('\n'));
        if (!rates.isEmpty()) {
            md.append("\n(e) RSA-2048 SHA256withRSA on this machine").append(gatewayRate == null ? ""
                    : "; signature_bound_rps uses " + gatewayRate.engine() + " on " + gatewayRate.threads() + " threads")
                    .append(":\n\n| engine | threads | sign/s | verify/s |\n|---|---:|---:|---:|\n");
            rates.forEach(r -> md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f |%n", r.engine(), r.threads(),
                    r.signPerSecond(), r.verifyPerSecond())));
        }
        rows.stream().filter(r -> r.firstError() != null).forEach(r -> md.append("\nFirst error of ").append(r.path())
                .append(" at ").append(r.clients()).append(" clients: ").append(r.firstError()).append('\n'));
        if (!profiles.isEmpty()) {
            md.append("\nCPU samples of the gateway JVM (mocks included) by the innermost layer on their stack, JFR,"
                    + " profile-<step>.jfr beside this file:\n\n").append(ProfileLayers.markdown(profiles));
        }
        notes.forEach(n -> md.append("\nNote: ").append(n).append('\n'));
        return md.toString();
    }

    private static String json(Machine start, Machine end, String engine, List<SignatureLimit.Rate> rates,
                               SignatureLimit.Rate gatewayRate, List<Row> rows, List<String> notes,
                               Map<String, Map<String, Integer>> profiles) {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"machine\": {\"at\": ").append(str(start.at().toString())).append(", \"cores\": ").append(start.cores())
                .append(", \"cpu\": ").append(str(start.cpu())).append(", \"memory_mb\": ").append(start.memoryMb())
                .append(", \"os\": ").append(str(start.os())).append(", \"java\": ").append(str(start.java()))
                .append(", \"load_average_start\": ").append(str(start.loadAverage()))
                .append(", \"load_average_end\": ").append(str(end.loadAverage())).append("},\n");
        j.append("  \"gateway_signature_engine\": ").append(str(engine)).append(",\n");
        j.append("  \"signature_rates\": [");
        for (int i = 0; i < rates.size(); i++) {
            SignatureLimit.Rate r = rates.get(i);
            j.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"engine\": %s, \"threads\": %d, \"sign_per_s\": %.1f, \"verify_per_s\": %.1f}",
                    str(r.engine()), r.threads(), r.signPerSecond(), r.verifyPerSecond()));
        }
        j.append(rates.isEmpty() ? "],\n" : "\n  ],\n");
        j.append("  \"signature_bound_engine\": ").append(gatewayRate == null ? "null"
                : str(gatewayRate.engine() + " x" + gatewayRate.threads())).append(",\n");
        j.append("  \"results\": [");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            j.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"path\": %s, \"clients\": %d, \"requests\": %d, \"throughput_rps\": %.2f, \"p50_ms\": %.3f,"
                            + " \"p99_ms\": %.3f, \"errors\": %d, \"peak_heap_mb\": %.1f, \"live_heap_mb\": %.1f, \"cpu_percent\": %.1f,"
                            + " \"signatures_per_request\": %s, \"signature_bound_rps\": %s, \"signature_bound_ratio\": %s,"
                            + " \"first_error\": %s, \"started\": %s, \"ended\": %s}",
                    str(r.path()), r.clients(), r.requests(), r.throughputRps(), r.p50Ms(), r.p99Ms(), r.errors(),
                    r.peakHeapMb(), r.liveHeapMb(), r.cpuPercent(), num(r.signaturesPerRequest()), num(r.signatureBoundRps()),
                    num(r.signatureBoundRatio()), r.firstError() == null ? "null" : str(r.firstError()),
                    str(r.started().toString()), str(r.ended().toString())));
        }
        j.append(rows.isEmpty() ? "],\n" : "\n  ],\n");
        j.append("  \"profile_samples\": {");
        int p = 0;
        for (var profile : profiles.entrySet()) {
            j.append(p++ == 0 ? "\n" : ",\n").append("    ").append(str(profile.getKey())).append(": {");
            int l = 0;
            for (var layer : profile.getValue().entrySet()) {
                j.append(l++ == 0 ? "" : ", ").append(str(layer.getKey())).append(": ").append(layer.getValue());
            }
            j.append('}');
        }
        j.append(profiles.isEmpty() ? "},\n" : "\n  },\n");
        j.append("  \"notes\": [");
        for (int i = 0; i < notes.size(); i++) {
            j.append(i == 0 ? "" : ", ").append(str(notes.get(i)));
        }
        return j.append("]\n}\n").toString();
    }

    private static String format(Double value, String pattern) {
        return value == null ? "" : String.format(Locale.ROOT, pattern, value);
    }

    private static String num(Double value) {
        return value == null ? "null" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String str(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
