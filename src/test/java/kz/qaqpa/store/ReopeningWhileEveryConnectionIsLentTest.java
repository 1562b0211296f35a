package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> {
                try {
                    return db.queryOne("VALUES 1", rs -> {
                        holding.countDown();
                        await(go);
                        try (Statement s = rs.getStatement().getConnection().createStatement()) {
                            return s.execute("VALUES 1"); // meets the loss: class 08
                        }
                    });
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(holding.await(60, TimeUnit.SECONDS)).as("the pool's one connection lent").isTrue();
            ReconnectingPool connections = (ReconnectingPool) read(Database.class, "connections", db);
            Thread reopening = new Thread(connections::reopenAtNextUse, "reopening-after-a-failed-defrag");
            reopening.start();
            Semaphore permits = (Semaphore) read(ConnectionPool.class, "permits",
                    read(ReconnectingPool.class, "pool", connections));
            for (int i = 0; i < 600 && !permits.hasQueuedThreads(); i++) {
                Thread.sleep(100);
            }
            assertThat(permits.hasQueuedThreads()).as("the reopening waits for the lent connection").isTrue();
            shutDownUnderTheGateway();
            go.countDown();
            assertThat(holder.get()).as("the loan met the loss").isInstanceOf(Database.StoreException.class);
            reopening.join();
            db.update("INSERT INTO scratch VALUES ('after-the-reopening')");
            assertThat(db.query("SELECT marker FROM scratch ORDER BY marker", rs -> rs.getString(1)))
                    .as("the store opened again, whole").containsExactly("after-the-reopening", "before-the-loss");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object read(Class<?> type, String name, Object of) throws Exception {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(of);
    }

    private void shutDownUnderTheGateway() throws Exception {
        try (Connection c = DriverManager.getConnection(StoreFiles.url(dir.toString()) + ";ifexists=true",
                StoreFiles.USER, "")) {
            c.createStatement().execute("SHUTDOWN IMMEDIATELY"); // as a second shutdown would
        }
    }
}
