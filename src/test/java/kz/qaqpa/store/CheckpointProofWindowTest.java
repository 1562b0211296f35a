package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hsqldb.persist.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review57 (a finding): a commit written to the log before a checkpoint and synced after the checkpoint's statement
 * (HSQLDB closed and deleted that log, a new one open) is answered durable by the group sync of the new log as soon as
 * that sync returns, while the checkpoint's own files are proven only afterwards ({@link CheckpointJudge#afterCheckpoint}).
 * When that proof then fails (here the new script's sync, EIO injected, which HSQLDB's close swallows), the outage
 * begins, but the commit, held only by the unproven checkpoint's files, was already answered stored. Emulated: the
 * commit's thread held at the group commit's lock (its record in the old log) while the checkpoint runs; the
 * checkpoint's thread parked right after its statement ({@link Database#afterCheckpointStatement}, before its proof)
 * until the commit has come back (main) or waits in the group commit (a fix that holds it for the proof). Expected:
 * the commit is refused (not durable), as every commit the failed proof covered is. Fails on main d5f5fb16: the
 * commit returns.
 */
class CheckpointProofWindowTest {
    @TempDir
    Path dir;

    @Test
    void aCommitOnlyAnUnprovenCheckpointHoldsIsNotAnsweredDurable() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 3)) {
            AtomicBoolean failing = new AtomicBoolean();
            Logger log = GroupCommitTest.logOf(dir);
            log.fileAccess = GroupCommitTest.failingSyncsOfFilesEndingIn(log.fileAccess, ".script.new", failing);
            GroupCommitTest.insertMarker(db, "before-the-checkpoint");
            CountDownLatch statementDone = new CountDownLatch(1);
            CountDownLatch prove = new CountDownLatch(1);
            db.afterCheckpointStatement = () -> {
                statementDone.countDown();
                try {
                    prove.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            CompletableFuture<Throwable> commit = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    GroupCommitTest.insertMarker(db, "held-only-by-the-checkpoint");
                    commit.complete(null);
                } catch (RuntimeException e) {
                    commit.complete(e);
                }
            }, "review57-writer");
            CompletableFuture<Throwable> checkpoint = new CompletableFuture<>();
            Thread checkpointer = new Thread(() -> {
                try {
                    db.checkpoint();
                    checkpoint.complete(null);
                } catch (RuntimeException e) {
                    checkpoint.complete(e);
                }
            }, "review57-checkpoint");
            synchronized (GroupCommitTest.groupCommitLockOf(db)) {
                writer.start();
                assertThat(GroupCommitTest.blockedInTheGroupCommit(writer))
                        .as("the commit written, its thread at the lock").isTrue();
                failing.set(true);
                checkpointer.start();
                assertThat(statementDone.await(60, TimeUnit.SECONDS)).as("the checkpoint's statement ran").isTrue();
            }
            // on main the commit syncs the new log and returns; fixed, it waits in the group commit for the proof
            assertThat(answeredOrWaitingForTheProof(writer, commit)).as("the commit came back or waits").isTrue();
            prove.countDown();
            Throwable answered = commit.get(60, TimeUnit.SECONDS);
            checkpoint.get(60, TimeUnit.SECONDS);
            assertThat(db.failedSyncFor()).as("the checkpoint whose new script's sync failed is not proven: an outage")
                    .isNotNegative();
            assertThat(answered).as("a commit only that unproven checkpoint's files hold was answered durable")
                    .isNotNull();
        }
    }

    private static boolean answeredOrWaitingForTheProof(Thread writer, CompletableFuture<Throwable> commit)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (commit.isDone() || writer.getState() == Thread.State.WAITING && Arrays.stream(writer.getStackTrace())
                    .anyMatch(f -> f.getClassName().equals(GroupCommit.class.getName()))) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
