package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hsqldb.lib.FileAccess;
import org.hsqldb.persist.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hang54: a checkpoint of ours holds the store on purpose (every statement waits while it runs; a CHECKPOINT DEFRAG
 * rewrites the whole data file, minutes at gigabytes; a BLOCKING backup likewise), on a disk that is fine. Work that
 * meets such a hold past qaqpa.db.sync-stall is refused at once (SCE912's StoreException: not piled up behind it) but
 * named as the hold, not as a hung disk; the store takes work again when it ends. Emulated: the checkpoint's new
 * script is opened only when the test lets it (no sync held: the disk is fine). Seen failing before hang54: the read
 * met during the hold was not answered within 5 s (no commit under way was past the limit, so it waited behind the
 * checkpoint; one that was would have been named a hung disk).
 */
class StoreHoldTest {
    private static final Duration STALL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aLongCheckpointIsAHoldOfTheStoreNotAHungDisk() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 4)) {
            db.syncStallAfter(STALL);
            HungLogSyncTest.insert(db, "before");
            CountDownLatch opening = new CountDownLatch(1);
            CountDownLatch open = new CountDownLatch(1);
            holdTheNewScriptOf(GroupCommitTest.logOf(dir), opening, open);
            CompletableFuture<Void> checkpoint;
            CompletableFuture<Object> during;
            try {
                checkpoint = CompletableFuture.runAsync(db::checkpoint);
                assertThat(opening.await(30, TimeUnit.SECONDS)).as("the checkpoint under way").isTrue();
                during = CompletableFuture.supplyAsync(() -> HungLogSyncTest.insert(db, "during")); // waits behind it
                Thread.sleep(STALL.toMillis() * 2);
                CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> new Outbox(db, Clock.systemUTC())
                        .backlog());
                try {
                    read.get(5, TimeUnit.SECONDS);
                    throw new AssertionError("a read answered while the checkpoint holds the store");
                } catch (TimeoutException e) {
                    throw new AssertionError("a read not answered within 5 s while the checkpoint holds the store", e);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(Database.StoreException.class)
                            .hasMessageContaining("held by CHECKPOINT").hasMessageNotContaining("hung disk");
                }
                assertThat(db.syncStalledFor()).as("work refused meanwhile").isNotNegative();
            } finally {
                open.countDown();
            }
            checkpoint.get(30, TimeUnit.SECONDS);
            during.get(30, TimeUnit.SECONDS); // taken before the hold was past the limit: it waited, and is stored
            assertThat(db.syncStalledFor()).as("no stall once the checkpoint ended").isEqualTo(-1);
            HungLogSyncTest.insert(db, "after");
            assertThat(db.query("SELECT document FROM application_document WHERE correlation_id = ?",
                    rs -> rs.getString(1), "{hung-sync}")).containsExactlyInAnyOrder("before", "during", "after");
        }
    }

    /**
     * The next file HSQLDB opens (to append, as its script writer does) whose name ends in ".script.new", a checkpoint's
     * new script, waits for {@code open}.
     */
    private static void holdTheNewScriptOf(Logger log, CountDownLatch opening, CountDownLatch open) {
        synchronized (log) {
            FileAccess files = log.fileAccess;
            log.fileAccess = (FileAccess) Proxy.newProxyInstance(FileAccess.class.getClassLoader(),
                    new Class<?>[] {FileAccess.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("openOutputStreamElement")
                                && String.valueOf(args[0]).endsWith(".script.new")) {
                            opening.countDown();
                            open.await(60, TimeUnit.SECONDS);
                        }
                        try {
                            return method.invoke(files, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
