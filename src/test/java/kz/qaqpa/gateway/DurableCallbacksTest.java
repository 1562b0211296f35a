package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kz.qaqpa.ExternalTools;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * review50: a callback tells its recipient only what is on disk. HSQLDB shows a commit's rows to the outbox's pass
 * before the commit's log record is synced; the gateway here runs under strace, which holds each sync of the store's
 * log for {@link #SYNC_DELAY}, so that moment lasts long enough for a pass (every 300 ms) to see the new application's
 * ACCEPTED and, without the barrier, call the portal with it before its own sender has been answered.
 */
class DurableCallbacksTest {
    /** How long strace holds each fsync of the store's log. */
    private static final Duration SYNC_DELAY = Duration.ofSeconds(2);
    private static final Duration CALLBACK_PATIENCE = Duration.ofSeconds(60);

    /** Kept after a failure: attempt-1/gateway/gateway.log is the gateway's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void theAcceptedStatusGoesOutOnlyOnceTheApplicationIsOnDisk() {
        ExternalTools.assumeRuns("strace is not installed (apt-get install strace)", "strace", "-f", "-qq",
                "--seccomp-bpf", "-e", "trace=fsync", "-o", "/dev/null", "true");
        // no provider polls: only the intake's status goes out
        try (ProcessWorld world = ProcessWorld.start(dir, false, g -> { })) {
            // the store is made and migrated at full speed, then the gateway starts again with its log's syncs held
            world.gateway.kill();
            world.gateway.under(syncsHeld(world.gatewayDir.resolve("db").resolve("qaqpa.log"))).start();

            ChannelClient client = world.client(Channel.PORTAL);
            String messageId = "durable-1";
            SendMessage message = client.request(world.signed(SampleApplication.on(Channel.PORTAL)
                    .withoutAttachment("BIRTH_CERTIFICATE")), messageId);
            long sent = System.nanoTime();
            java.util.concurrent.CompletableFuture<Long> answeredAt = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        client.send(message);
                        return System.nanoTime();
                    });
            long deadline = sent + CALLBACK_PATIENCE.toNanos();
            while (!codes(world.mocks.portal(), messageId).contains("ACCEPTED")) {
                assertThat(System.nanoTime()).as("ACCEPTED delivered once on disk; gateway log:%n%s",
                        world.gateway.logTail()).isLessThan(deadline);
                Pause.sleep(Duration.ofMillis(50));
            }
            java.time.Instant seen = java.time.Instant.now();
            Duration toAnswer = Duration.ofNanos(answeredAt.join() - sent);
            assertThat(toAnswer).as("the answer waited for the held sync (else strace held nothing and this test"
                    + " proves nothing)").isGreaterThanOrEqualTo(SYNC_DELAY);
            // the status's own time (the gateway's clock, this machine's) is set in the transaction that commits it;
            // every sync is held, so a callback that waited for a sync begun after it read that commit reaches the
            // portal at least one held sync later, while one sent as soon as a pass read it (every 300 ms) comes well
            // before. Before or after the sendMessage's own answer is a race (the answer waits for its reply's chain
            // record's sync too): CI saw ACCEPTED first once with the barrier working, so that is not asserted.
            java.time.Instant changedAt = world.mocks.portal().statuses(messageId).stream()
                    .filter(e -> "ACCEPTED".equals(e.statusCode())).findFirst().orElseThrow().date();
            assertThat(Duration.between(changedAt, seen)).as("from ACCEPTED's commit (%s) to the portal having it (%s)",
                    changedAt, seen).isGreaterThanOrEqualTo(SYNC_DELAY);
        }
    }

    /**
     * strace holding each fsync of {@code file} (HSQLDB's log: FileDescriptor.sync is fsync) for {@link #SYNC_DELAY};
     * other files' syncs and every other call go at full speed (seccomp stops the JVM at fsync only).
     */
    private static List<String> syncsHeld(Path file) {
        return List.of("strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=fsync,fdatasync",
                "-e", "inject=fsync:delay_enter=" + SYNC_DELAY.toNanos() / 1000, "-P", file.toString(),
                "-o", "/dev/null");
    }

    private static List<String> codes(ChannelMock mock, String messageId) {
        return mock.statuses(messageId).stream().map(ChannelMock.StatusEntry::statusCode).toList();
    }
}
