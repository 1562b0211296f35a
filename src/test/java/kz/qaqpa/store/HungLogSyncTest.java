package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hsqldb.persist.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review53: a disk whose fsync of the store's log hangs (a dead device, a SAN path lost: the sync neither returns nor
 * fails). The group commit's sync hangs outside every HSQLDB lock; HSQLDB's timer (write delay, every 500 ms) then
 * takes the log's stream lock to flush and sync it (and, since 9c75b776, waits there for the group's sync to end); the
 * next commit, writing its log record under HSQLDB's transaction write lock, waits for the stream lock; and every
 * statement after that, a read too, waits for the write lock. So the outbox's backlog that /health reads hung, and
 * /health with it, and a changing request hung instead of being refused (SCE912). Failed on main (45e97452: VALUES 1
 * answered, the backlog not within 10 s), and likewise with WatchedSync.sync unsynchronized (9c75b776 reverted).
 *
 * <p>hang53: a commit not on disk after qaqpa.db.sync-stall (here lowered to 2 s once both commits wait) is a stall
 * ({@link SyncStall}): the store then refuses every unit of work at once (SCE912's StoreException) instead of queueing
 * it behind the hung lock, and takes work again once the sync returned (0: its commits are durable). Seen failing with
 * the limit left at a day (as before hang53): the backlog read was not answered within 5 s.
 */
public class HungLogSyncTest {
    private static final Duration STALL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aHungSyncOfTheLogIsRefusedAtOnceAndTheStoreTakesWorkAgainWhenItReturns() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 4)) {
            db.syncStallAfter(Duration.ofDays(1)); // no stall yet: both commits below are to wait behind the hung sync
            insert(db, "before");
            CountDownLatch disk = new CountDownLatch(1);
            CountDownLatch groupSyncing = hangEverySyncOfTheLog(dir, disk);
            CompletableFuture<Void> first;
            CompletableFuture<Void> second;
            try {
                first = CompletableFuture.runAsync(() -> insert(db, "first"));
                assertThat(groupSyncing.await(30, TimeUnit.SECONDS)).as("the group commit's sync under way").isTrue();
                Thread.sleep(1500); // HSQLDB's own timer syncs the log every 500 ms: it is due meanwhile
                second = CompletableFuture.runAsync(() -> insert(db, "second"));
                Thread.sleep(1000); // its commit reaches the log's record writing, holding HSQLDB's write lock
                assertThat(first.isDone() || second.isDone()).as("both wait for the hung sync").isFalse();
                db.syncStallAfter(STALL); // the first commit has waited 2.5 s at least
                assertThat(db.syncStalledFor()).as("a commit waiting past the 2 s limit")
                        .isGreaterThanOrEqualTo(STALL.toNanos());
                // what /health read (the outbox's backlog) and a changing request: each answered within 5 s, refused
                assertRefusedAtOnce(CompletableFuture.supplyAsync(() -> new Outbox(db, Clock.systemUTC()).backlog()));
                assertRefusedAtOnce(CompletableFuture.supplyAsync(() -> insert(db, "third")));
                assertThat(first.isDone() || second.isDone()).as("both still wait for the hung sync").isFalse();
            } finally {
                disk.countDown();
            }
            first.get(30, TimeUnit.SECONDS); // the sync returned 0: both commits are durable, their callers answered
            second.get(30, TimeUnit.SECONDS);
            assertThat(db.syncStalledFor()).as("no stall once the sync returned").isEqualTo(-1);
            insert(db, "after");
            assertThat(db.query("SELECT document FROM application_document WHERE correlation_id = ?",
                    rs -> rs.getString(1), "{hung-sync}")).containsExactlyInAnyOrder("before", "first", "second",
                    "after");
        }
    }

    /**
     * Every later sync of the store's log waits for {@code disk}; the latch returned opens at the first of them. Public
     * for a gateway's test (hang54): the store of a gateway running in this JVM, {@code dir} its data directory's db.
     */
    public static CountDownLatch hangEverySyncOfTheLog(Path dir, CountDownLatch disk) throws Exception {
        Logger log = GroupCommitTest.logOf(dir);
        CountDownLatch syncing = new CountDownLatch(1);
        GroupCommitTest.replaceTheSyncOf(log, real -> () -> { // a dead disk: the sync neither returns nor fails
            syncing.countDown();
            try {
                disk.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            real.sync();
        });
        return syncing;
    }

    /**
     * Every sync of the store's log in {@code dir} fails (an I/O error, as EIO) while {@code failing} is true; a
     * checkpoint's new log writer is the disk's own again.
     */
    public static void failEverySyncOfTheLog(Path dir, java.util.concurrent.atomic.AtomicBoolean failing)
            throws Exception {
        GroupCommitTest.replaceTheSyncOf(GroupCommitTest.logOf(dir), real -> () -> {
            if (failing.get()) {
                throw new java.io.IOException("Input/output error (injected, as EIO)");
            }
            real.sync();
        });
    }

    private static void assertRefusedAtOnce(CompletableFuture<?> work) throws Exception {
        try {
            work.get(5, TimeUnit.SECONDS);
            throw new AssertionError("store work done while the log's sync hangs");
        } catch (TimeoutException e) {
            throw new AssertionError("store work not answered within 5 s while the log's sync hangs", e);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(Database.StoreException.class)
                    .hasMessageContaining("has not synced for");
        }
    }

    static Object insert(Database db, String marker) {
        return db.update("INSERT INTO application_document (correlation_id, kind, received_at, document)"
                + " VALUES (?, ?, ?, ?)", "{hung-sync}", "TEST", OffsetDateTime.now(), marker);
    }
}
