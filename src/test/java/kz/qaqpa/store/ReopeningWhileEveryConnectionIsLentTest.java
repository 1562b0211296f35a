package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review57 (LOW, third row; store58): {@link ReconnectingPool#reopenAtNextUse} (the store shut down without a checkpoint
 * after a CHECKPOINT DEFRAG that left HSQLDB's data file closed, store55) held the pool's monitor across
 * {@link ConnectionPool#borrow}, an unbounded wait for a permit, while a loan that met class 08 called
 * {@code reconnect} (the same monitor) before its {@code finally} gave its permit back: with every connection lent and
 * one of them meeting the loss then, each waited for the other for ever. Emulated: the pool's one connection lent, the
 * reopening waiting for it, the database shut down under the gateway (as a second shutdown would), the loan's next
 * statement meeting it. Bounded by a preemptive timeout; seen FAILING (timed out) on main 1e329be7.
 */
class ReopeningWhileEveryConnectionIsLentTest {
    @TempDir
    Path dir;

    @Test
    void aReopeningWaitingForAConnectionDoesNotDeadlockWithTheLoanThatMeetsTheLoss() {
        assertTimeoutPreemptively(Duration.ofSeconds(180), this::reopenWhileTheOnlyConnectionMeetsTheLoss,
                "the reopening and the loan that met the loss wait for each other");
    }

    private void reopenWhileTheOnlyConnectionMeetsTheLoss() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Object> holder = QueuedBorrowerReopeningTest.lentUntil(db, go); // the pool's one
            Thread reopening = new Thread(QueuedBorrowerReopeningTest.connectionsOf(db)::reopenAtNextUse,
                    "reopening-after-a-failed-defrag");
            reopening.start();
            Semaphore permits = QueuedBorrowerReopeningTest.permitsOf(db);
            for (int i = 0; i < 600 && !permits.hasQueuedThreads(); i++) {
                Thread.sleep(100);
            }
            assertThat(permits.hasQueuedThreads()).as("the reopening waits for the lent connection").isTrue();
            QueuedBorrowerReopeningTest.shutDownUnderTheGateway(dir); // as a second shutdown would
            go.countDown();
            assertThat(holder.get()).as("the loan met the loss").isInstanceOf(Database.StoreException.class);
            reopening.join();
            db.update("INSERT INTO scratch VALUES ('after-the-reopening')");
            assertThat(db.query("SELECT marker FROM scratch ORDER BY marker", rs -> rs.getString(1)))
                    .as("the store opened again, whole").containsExactly("after-the-reopening", "before-the-loss");
        }
    }
}
