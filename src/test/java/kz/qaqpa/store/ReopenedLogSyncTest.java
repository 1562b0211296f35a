package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review57 (LOW, second row; store58): the group commit's {@code written}/{@code synced} numbers were shared by every
 * log the store opens, so a commit of a database shut down meanwhile, waiting as a follower, was counted synced by a
 * group sync of the reopened database's log, though no sync of its own log had succeeded: that shutdown's close synced
 * the log through HSQLDB's {@code forceSync}, which swallows a failure (review56b). Emulated: a commit waits behind
 * another's sync (held); the follower's thread is descheduled as that sync ends (suspended: the one way to make a
 * thread lose the race for the group commit's lock for certain; it holds no monitor then); the log's syncs fail from
 * then on; SHUTDOWN IMMEDIATELY on another connection; the store opened again at its next use, and a commit on it
 * synced; then the follower runs. Expected: refused, not durable. Seen FAILING on main 1e329be7: it returned.
 */
class ReopenedLogSyncTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("removal") // Thread.suspend: works on the project's Java 17; the test aborts where it is gone
    void aFollowerOfALogShutDownMeanwhileIsNotCountedSyncedByTheReopenedLogsSync() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 4)) {
            db.syncStallAfter(Duration.ofMinutes(10)); // the suspended follower is no hung disk
            GroupCommitTest.insertMarker(db, "before-the-shutdown");
            AtomicBoolean failing = new AtomicBoolean();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch syncing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            GroupCommitTest.replaceTheSyncOf(GroupCommitTest.logOf(dir), disk -> () -> {
                if (Thread.currentThread().getName().equals("leading-writer")) {
                    syncing.countDown();
                    await(release);
                } else if (failing.get()) {
                    failed.incrementAndGet();
                    throw new IOException("Input/output error (injected, as EIO)");
                }
                disk.sync();
            });
            Thread leader = new Thread(() -> GroupCommitTest.insertMarker(db, "synced-before-the-follower"),
                    "leading-writer");
            leader.start();
            assertThat(syncing.await(60, TimeUnit.SECONDS)).as("the leading commit's sync began").isTrue();
            CompletableFuture<Throwable> answer = new CompletableFuture<>();
            Thread follower = new Thread(() -> {
                try {
                    GroupCommitTest.insertMarker(db, "the-followers-commit");
                    answer.complete(null);
                } catch (RuntimeException e) {
                    answer.complete(e);
                }
            }, "following-writer");
            follower.start();
            assertThat(GroupCommitTest.waitsForTheNextSync(follower)).as("the follower's commit written, waiting")
                    .isTrue();
            boolean suspended = false;
            try {
                suspended = suspended(follower);
                org.junit.jupiter.api.Assumptions.assumeTrue(suspended, "Thread.suspend is gone from this Java");
                release.countDown();
                leader.join(TimeUnit.SECONDS.toMillis(60));
                failing.set(true);
                // its close's sync of the log fails, swallowed by HSQLDB
                QueuedBorrowerReopeningTest.shutDownUnderTheGateway(dir);
                catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
                GroupCommitTest.insertMarker(db, "on-the-reopened-store"); // the reopened log's group sync
            } finally {
                release.countDown();
                if (suspended) {
                    follower.resume();
                }
            }
            Throwable answered = answer.get(60, TimeUnit.SECONDS);
            assertThat(failed.get()).as("the shutdown's close synced the follower's log and failed").isPositive();
            assertThat(answered).as("a commit no sync of its own log covered returned as durable")
                    .isInstanceOf(Database.StoreException.class).hasMessageContaining("not durable");
        }
    }

    /** Whether {@code thread} is suspended now (false where Java no longer suspends threads). */
    @SuppressWarnings("removal")
    private static boolean suspended(Thread thread) {
        try {
            thread.suspend();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }
}
