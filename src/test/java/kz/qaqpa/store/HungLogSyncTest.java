package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hsqldb.persist.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review53: a disk whose fsync of the store's log hangs (a dead device, a SAN path lost: the sync neither returns nor
 * fails). The group commit's sync hangs outside every HSQLDB lock; HSQLDB's timer (write delay, every 500 ms) then
 * takes the log's stream lock to flush and sync it (and, since 9c75b776, waits there for the group's sync to end); the
 * next commit, writing its log record under HSQLDB's transaction write lock, waits for the stream lock; and every
 * statement after that, a read too, waits for the write lock. So the store's health probe (Database.reachable: VALUES
 * 1) answers, but the outbox's backlog that /health reads next hangs, and /health (Health.report, synchronized) with
 * it, instead of saying the store cannot be reached; a changing request hangs instead of being refused (SCE912).
 * Fails on main (45e97452) and likewise with WatchedSync.sync unsynchronized (9c75b776 reverted): older than session 52.
 */
class HungLogSyncTest {
    @TempDir
    Path dir;

    @Test
    void theStoresProbeAnswersWhileTheLogsSyncHangs() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 4)) {
            insert(db, "before");
            Logger log = GroupCommitTest.logOf(dir);
            CountDownLatch disk = new CountDownLatch(1);
            CountDownLatch groupSyncing = new CountDownLatch(1);
            GroupCommitTest.replaceTheSyncOf(log, real -> () -> { // every sync of the log hangs: a dead disk
                groupSyncing.countDown();
                try {
                    disk.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                real.sync();
            });
            try {
                CompletableFuture<Void> first = CompletableFuture.runAsync(() -> insert(db, "first"));
                assertThat(groupSyncing.await(30, TimeUnit.SECONDS)).as("the group commit's sync under way").isTrue();
                Thread.sleep(1500); // HSQLDB's own timer syncs the log every 500 ms: it is due meanwhile
                CompletableFuture<Void> second = CompletableFuture.runAsync(() -> insert(db, "second"));
                Thread.sleep(1000); // its commit reaches the log's record writing
                CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(db::reachable);
                boolean reachable = waitFor(probe, 10);
                // what /health reads next (the outbox's backlog): a read of a table
                CompletableFuture<Boolean> backlog = CompletableFuture.supplyAsync(() -> new Outbox(db,
                        java.time.Clock.systemUTC()).backlog() >= 0);
                boolean answered = waitFor(backlog, 10);
                System.out.printf("HungLogSyncTest: VALUES 1 answered within 10 s: %s; the outbox's backlog: %s;"
                        + " first done %s, second done %s%n", reachable, answered, first.isDone(), second.isDone());
                assertThat(answered).as("the outbox's backlog (what /health reads) answered within 10 s while the log's"
                        + " sync hangs").isTrue();
            } finally {
                disk.countDown();
            }
        }
    }

    private static boolean waitFor(CompletableFuture<Boolean> probe, int seconds) throws Exception {
        try {
            probe.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static void insert(Database db, String marker) {
        db.update("INSERT INTO application_document (correlation_id, kind, received_at, document) VALUES (?, ?, ?, ?)",
                "{hung-sync}", "TEST", OffsetDateTime.now(), marker);
    }
}
