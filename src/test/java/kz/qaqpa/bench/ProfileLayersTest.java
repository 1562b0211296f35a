package kz.qaqpa.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's profile table counts each CPU sample under the innermost named layer of its stack. */
class ProfileLayersTest {
    @TempDir
    Path dir;

    @Test
    void framesBelongToTheirLayers() {
        assertThat(ProfileLayers.layerOfClass("kz.qaqpa.xml.XmlWriter"))
                .isEqualTo("XML parsing, serialising, schema validation");
        assertThat(ProfileLayers.layerOfClass("kz.qaqpa.store.MessageChain")).isEqualTo("our own code (mocks included)");
        assertThat(ProfileLayers.layerOfClass("org.hsqldb.Session")).isEqualTo("HSQLDB");
        assertThat(ProfileLayers.layerOfClass("org.apache.xml.security.signature.XMLSignature"))
                .isEqualTo("signatures (Santuario, ACCP, JDK RSA)");
        assertThat(ProfileLayers.layerOfClass("java.util.HashMap")).as("the JDK's own code is its caller's").isNull();
    }

    /** A recording of this JVM busy parsing XML: most samples are XML's, the rest are counted too. */
    @Test
    void aRecordingOfXmlParsingIsMostlyXml() throws Exception {
        byte[] xml = ("<a>" + "<b c=\"d\">text</b>".repeat(2000) + "</a>").getBytes(StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Path file = dir.resolve("parse.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            // samples are taken of a thread on the CPU: on a loaded machine two seconds of wall time gave 6, so the
            // parsing runs until the thread has had a second of CPU (bounded by 30 s of wall time)
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofSeconds(2).toNanos()
                    || cpu.getCurrentThreadCpuTime() - cpuStart < Duration.ofSeconds(1).toNanos()
                    && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
                factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            }
            recording.stop();
            recording.dump(file);
        }

        Map<String, Integer> counts = ProfileLayers.count(file);

        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isGreaterThan(20);
        assertThat(counts.get("XML parsing, serialising, schema validation")).isGreaterThan(total / 2);
        assertThat(ProfileLayers.markdown(Map.of("parse", counts)))
                .startsWith("| layer | parse (" + total + " samples) |").contains("| HSQLDB | 0.0% |");
    }
}
