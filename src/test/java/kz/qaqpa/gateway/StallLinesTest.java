package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, session 47: the two things that stall every request at once, a store checkpoint and a long garbage
 * collection pause, each leave a line in the gateway's log (and a meter on /metrics), so that a stall in the benchmark
 * or in production can be told apart. Until then HSQLDB checkpointed silently inside a commit and nothing logged a
 * pause.
 */
class StallLinesTest {
    /** Applications at most before the 1 MB log must have been checkpointed (one takes some 100 KB of log). */
    private static final int AT_MOST = 60;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    @TempDir
    Path dataDir;

    @Test
    void aCheckpointAtTheConfiguredLogSizeIsLoggedAndTheApplicationsOutliveARestart() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.db.checkpoint-log-mb", "1").start();
        try (LogLines log = new LogLines()) {
            for (int i = 0; i < AT_MOST && log.containing("store checkpoint (log-size)").isEmpty(); i++) {
                acknowledged.add(gateway.client(Channel.PORTAL).submit(gateway.signed(SampleApplication
                        .on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE")), "stall-" + i).getCorrelationId());
                Pause.sleep(Checkpoints.LOOK_EVERY); // the timer's next look at the log's size
            }
            assertThat(log.containing("store checkpoint (log-size)")).as("after %d applications", acknowledged.size())
                    .isNotEmpty().allSatisfy(line -> assertThat(line).containsPattern(
                            "started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, [\\d.]+ MB of log before, took \\d+ ms"));
            assertThat(metric(gateway, "qaqpa_store_checkpoints_seconds_count{trigger=\"log-size\"}"))
                    .isGreaterThanOrEqualTo(1);
        } finally {
            gateway.stop();
        }
        gateway.start();
        try {
            for (String correlationId : acknowledged) {
                assertThat(gateway.assembly().applications().byCorrelationId(correlationId)).as(correlationId)
                        .isPresent();
            }
        } finally {
            gateway.stop();
        }
    }

    @Test
    void aGarbageCollectionPauseAboveTheThresholdIsLogged() {
        try (LogLines log = new LogLines();
             GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.monitoring.gc-pause-log", "PT0S").start()) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (log.containing("garbage collection pause").isEmpty() && System.nanoTime() < deadline) {
                System.gc(); // a pause of every collector this JVM can have (G1's full collection by default)
                Pause.sleep(Duration.ofMillis(200)); // the notification comes on a thread of its own
            }
            assertThat(log.containing("garbage collection pause")).isNotEmpty().first().satisfies(line ->
                    assertThat(line).containsPattern("pause of \\d+ ms \\(.+, cause: .+\\): heap [\\d.]+ MB before,"
                            + " [\\d.]+ MB after"));
            // Micrometer's listener may be told of the logged pause after ours
            assertThat(awaitPausesCounted(gateway, 1)).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * Two pauses counted, not one (flaky64: one second after a System.gc() was not always enough on a loaded machine):
     * the collectors' notifications reach the listeners one after another on one thread, so once a second pause is
     * counted the first has been told to every listener, ours too, and any line it made is there.
     */
    @Test
    void pausesShorterThanTheThresholdAreNotLogged() {
        try (LogLines log = new LogLines();
             GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.monitoring.gc-pause-log", "PT1H").start()) {
            assertThat(awaitPausesCounted(gateway, 2)).as("pauses there were").isGreaterThanOrEqualTo(2);
            assertThat(log.containing("garbage collection pause")).isEmpty();
        }
    }

    /**
     * The pauses /metrics counts, once at least {@code pauses} or after {@link #PATIENCE}: that many full collections
     * asked for each second until then, looked at every 50 ms (the notifications come on a thread of their own).
     */
    private static double awaitPausesCounted(GatewayHarness gateway, int pauses) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long nextCollections = System.nanoTime();
        double counted = metric(gateway, "jvm_gc_pause_seconds_count");
        while (counted < pauses && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextCollections) {
                for (int i = 0; i < pauses; i++) {
                    System.gc();
                }
                nextCollections = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
            Pause.sleep(Duration.ofMillis(50));
            counted = metric(gateway, "jvm_gc_pause_seconds_count");
        }
        return counted;
    }

    /** The sum of a metric's samples on /metrics whose line starts with {@code series} (name, and labels if given). */
    private static double metric(GatewayHarness gateway, String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        double sum = 0;
        for (String line : scrape(gateway).split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (line.contains(labels)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    private static String scrape(GatewayHarness gateway) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + gateway.property("qaqpa.monitoring.port") + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
