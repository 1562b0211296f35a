package kz.qaqpa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The CPU samples of a JFR recording by layer of the stack (README, "What bounds it now"): each sample counts under
 * the innermost frame that belongs to a named layer, so the JDK's own code (collections, sockets, digests) counts
 * under whoever called it.
 */
final class ProfileLayers {
    /** Layers in the README's order; a frame belongs to the first whose class-name prefixes match it. */
    static final Map<String, List<String>> LAYERS = layers();
    static final String OTHER = "JDK and other (no named frame)";

    private ProfileLayers() {
    }

    private static Map<String, List<String>> layers() {
        Map<String, List<String>> l = new LinkedHashMap<>();
        // our serializer is XML work although it is our class: listed before "our own code"
        l.put("XML parsing, serialising, schema validation", List.of("kz.qaqpa.xml.XmlWriter",
                "com.sun.org.apache.xerces.", "org.apache.xerces.", "com.sun.org.apache.xml.", "com.sun.xml.internal.stream.",
                "javax.xml.", "jdk.xml."));
        l.put("HSQLDB", List.of("org.hsqldb."));
        l.put("HTTP (Undertow, HttpClient 5, JDK server)", List.of("io.undertow.", "org.xnio.", "org.apache.hc.",
                "sun.net.httpserver.", "com.sun.net.httpserver."));
        l.put("Camel", List.of("org.apache.camel."));
        l.put("signatures (Santuario, ACCP, JDK RSA)", List.of("org.apache.xml.security.", "com.amazon.corretto.",
                "sun.security.rsa."));
        l.put("certificates (BouncyCastle, JCA)", List.of("org.bouncycastle.", "sun.security.x509.",
                "sun.security.provider.certpath."));
        l.put("JAXB", List.of("org.glassfish.jaxb.", "com.sun.xml.bind.", "jakarta.xml.bind."));
        l.put("CXF", List.of("org.apache.cxf."));
        l.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        l.put("our own code (mocks included)", List.of("kz.qaqpa."));
        return l;
    }

    /** Execution samples per layer (every layer present, {@link #OTHER} last). */
    static Map<String, Integer> count(Path recording) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        LAYERS.keySet().forEach(layer -> counts.put(layer, 0));
        counts.put(OTHER, 0);
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                var event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    counts.merge(layerOf(event.getStackTrace()), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    static String layerOf(RecordedStackTrace stack) {
        if (stack == null) {
            return OTHER;
        }
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.isJavaFrame()) {
                String layer = layerOfClass(frame.getMethod().getType().getName());
                if (layer != null) {
                    return layer;
                }
            }
        }
        return OTHER;
    }

    static String layerOfClass(String className) {
        for (var layer : LAYERS.entrySet()) {
            for (String prefix : layer.getValue()) {
                if (className.startsWith(prefix)) {
                    return layer.getKey();
                }
            }
        }
        return null;
    }

    /** A markdown table: one column per recording (its label), shares of its samples per layer. */
    static String markdown(Map<String, Map<String, Integer>> byLabel) {
        StringBuilder md = new StringBuilder("| layer |");
        byLabel.forEach((label, counts) -> md.append(' ').append(label).append(" (")
                .append(total(counts)).append(" samples) |"));
        md.append("\n|---|").append("---:|".repeat(byLabel.size())).append('\n');
        for (String layer : byLabel.values().iterator().next().keySet()) {
            md.append("| ").append(layer).append(" |");
            byLabel.values().forEach(counts -> md.append(String.format(Locale.ROOT, " %.1f%% |",
                    100.0 * counts.get(layer) / Math.max(1, total(counts)))));
            md.append('\n');
        }
        return md.toString();
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
