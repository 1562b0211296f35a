package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kz.qaqpa.ExternalTools;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * sync51 (review50b): a failed sync of the store's log stays failed. After an fsync that failed with EIO, Linux may
 * report the next fsync of the file as done though the failed pages were dropped ("fsyncgate"): no commit may count
 * as durable through a later sync of that log, and no callback may go out on one, until a checkpoint has written the
 * store anew. strace, attached to the running gateway, fails every fsync of the log (EIO) and is then detached, so
 * that the syncs succeed again, as they seem to after such a failure.
 */
class FailedSyncTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern LINE = Pattern.compile("(?m)^.*$");

    /** Kept after a failure: attempt-1/gateway/gateway.log is the gateway's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void noChangeIsTakenAfterAFailedSyncUntilACheckpointWroteTheStoreAnew() {
        ExternalTools.assumeRuns("strace is not installed (apt-get install strace)", "strace", "-f", "-qq",
                "-e", "trace=fsync", "-o", "/dev/null", "true");
        // the gateway's JVM is strace's sibling, not its child: attaching needs ptrace beyond one's own children
        ExternalTools.assumeRuns("strace cannot attach to a process it did not start (Yama's ptrace_scope, or no"
                + " CAP_SYS_PTRACE in this container)", "sh", "-c",
                "sleep 1 & strace -qq -e trace=none -o /dev/null -p $!");
        // no provider polls: only the intake's status goes out; CON's callback answers nowhere, so its copy of the
        // status stays due (retried at least every second) and every outbox pass meets the outage
        try (ProcessWorld world = ProcessWorld.start(dir, false, g -> g.with("qaqpa.sender.CON.callback",
                "http://127.0.0.1:" + kz.qaqpa.mocks.pki.PkiServer.freePort() + "/nobody"))) {
            ChannelClient client = world.client(Channel.PORTAL);
            submit(world, client, "before-1");
            awaitAccepted(world, "before-1");
            Path log = world.gatewayDir.resolve("db").resolve("qaqpa.log");
            Path db = world.gatewayDir.resolve("db");
            try (FailingSyncs failing = FailingSyncs.attach(world.gateway.pid(), log, db.resolve("qaqpa.script.new"),
                    db.resolve("qaqpa.data"))) {
                assertThatThrownBy(() -> submit(world, client, "failed-1")).as("the application whose sync failed")
                        .isInstanceOf(SignedSoapClient.RemoteFault.class);
                // the failed-sync checkpoint 10 s later fails too (its new files cannot be synced): HSQLDB 2.7 then
                // opens a new writer on the log all the same, which is no proof that anything reached the disk
                assertThat(world.gateway.logOnceItHolds("store checkpoint (failed-sync) failed", PATIENCE))
                        .contains("store checkpoint (failed-sync) failed");
                assertThatThrownBy(() -> submit(world, client, "during-1")).isInstanceOfSatisfying(
                        SignedSoapClient.RemoteFault.class, f -> assertThat(f.code()).isEqualTo("SCE912"));
            }
            // the log's syncs succeed again, as the next fsync after an EIO may seem to though the pages are lost
            try {
                submit(world, client, "after-1");
                assertThat(world.gateway.log()).as("a change answered after a failed sync: only once a checkpoint"
                        + " wrote the store anew").contains("a checkpoint wrote the store anew");
            } catch (SignedSoapClient.RemoteFault refused) {
                assertThat(refused.code()).isEqualTo("SCE912");
                assertThat(codes(world.mocks.portal(), "failed-1")).as("no callback for what only a failed log"
                        + " holds").isEmpty();
            }
            // a checkpoint (some 10 s after the failure) makes it good: changes are taken again
            int attempt = 0;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                try {
                    submit(world, client, "again-" + ++attempt);
                    break;
                } catch (SignedSoapClient.RemoteFault refused) {
                    assertThat(refused.code()).isEqualTo("SCE912");
                    assertThat(System.nanoTime()).as("taken again after a checkpoint; gateway log:%n%s",
                            world.gateway.logTail()).isLessThan(deadline);
                    Pause.sleep(Duration.ofSeconds(1));
                }
            }
            awaitAccepted(world, "again-" + attempt);
            String gatewayLog = world.gateway.log();
            assertThat(count(gatewayLog, "the store's log could not be synced")).as("one ERROR per outage").isOne();
            assertThat(count(gatewayLog, "a checkpoint wrote the store anew")).as("one INFO at its end").isOne();
            assertThat(count(gatewayLog, "outbox waits")).as("the outbox warns once per outage").isOne();
            assertThat(count(gatewayLog, "outbox sends again")).as("and says once when it ends").isOne();
        }
    }

    private static void submit(ProcessWorld world, ChannelClient client, String messageId) {
        client.submit(world.signed(SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE")),
                messageId);
    }

    private static void awaitAccepted(ProcessWorld world, String messageId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!codes(world.mocks.portal(), messageId).contains("ACCEPTED")) {
            assertThat(System.nanoTime()).as("ACCEPTED of %s delivered; gateway log:%n%s", messageId,
                    world.gateway.logTail()).isLessThan(deadline);
            Pause.sleep(Duration.ofMillis(100));
        }
    }

    private static long count(String log, String text) {
        Matcher lines = LINE.matcher(log);
        long n = 0;
        while (lines.find()) {
            if (lines.group().contains(text)) {
                n++;
            }
        }
        return n;
    }

    private static List<String> codes(ChannelMock mock, String messageId) {
        return mock.statuses(messageId).stream().map(ChannelMock.StatusEntry::statusCode).toList();
    }

    /**
     * strace attached to a running JVM, every thread, failing each fsync of one file with EIO (the syscall is not made);
     * closed, it detaches and the JVM runs on untraced. Attached rather than started under it, so the gateway starts
     * and serves with sound syncs first, and they succeed again after the failures.
     */
    private static final class FailingSyncs implements AutoCloseable {
        private static final Duration ATTACH_PATIENCE = Duration.ofSeconds(30);
        private final Process strace;

        private FailingSyncs(Process strace) {
            this.strace = strace;
        }

        static FailingSyncs attach(long pid, Path... files) {
            List<String> command = new java.util.ArrayList<>(List.of("strace", "-f", "-qq", "-p", Long.toString(pid),
                    "-e", "trace=fsync,fdatasync", "-e", "inject=fsync,fdatasync:error=EIO", "-o", "/dev/null"));
            for (Path file : files) {
                command.add("-P");
                command.add(file.toString());
            }
            try {
                Process strace = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                FailingSyncs attached = new FailingSyncs(strace);
                attached.awaitTracing(pid);
                return attached;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Until every thread of the JVM is traced (strace attaches them one by one; -f takes the new ones). */
        private void awaitTracing(long pid) {
            long deadline = System.nanoTime() + ATTACH_PATIENCE.toNanos();
            while (!allTraced(pid)) {
                if (!strace.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("strace did not attach to the gateway's JVM " + pid);
                }
                Pause.sleep(Duration.ofMillis(50));
            }
        }

        private static boolean allTraced(long pid) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                return tasks.allMatch(task -> {
                    try {
                        return Files.readAllLines(task.resolve("status")).stream()
                                .anyMatch(l -> l.startsWith("TracerPid:") && !l.endsWith("\t0"));
                    } catch (IOException e) {
                        return true; // the thread ended meanwhile
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** strace on SIGTERM detaches from every thread before it exits. */
        @Override
        public void close() {
            strace.destroy();
            try {
                strace.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
