package kz.qaqpa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Where and when the benchmark ran; the load average at the start and the end shows whether the machine was quiet. */
record Machine(Instant at, int cores, String cpu, long memoryMb, String os, String java, String loadAverage) {

    static Machine describe() {
        return new Machine(Instant.now(), Runtime.getRuntime().availableProcessors(), cpuModel(), readMemoryMb(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), readLoadAverage());
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    private static long readMemoryMb() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
