package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review55b (a HIGH finding, failed 1 of 1 on 63e902d7; fixed by the lead: a lost database's pool is closed before the
 * failed loan frees its permit, a borrower checks again after its wait, and a pool opens no connection on a database no
 * longer online): the store is to be opened again after its loss only by {@link ReconnectingPool}'s
 * {@code source()}, by a start's steps (store55: the doubt's mark, {@link OpeningProof}) and, since perf55a, with the
 * row cache's {@link RowCacheLock} installed "before a second thread can reach it". A borrower already waiting for a
 * permit of the old {@link ConnectionPool} when the database went away is past the pool's {@code closed} check: it gets
 * the permit of the loan that met the loss (discarded: class 08), finds no idle connection, and its
 * {@code ConnectionPool.open()} opens the store by its URL itself, on its own thread, outside all of those steps.
 * Same case as {@link ReconnectOpeningTest#aReconnectWhoseOpeningIsNotProvenBeginsTheOutageAsAStartDoes}, with one
 * borrower queued.
 */
class QueuedBorrowerReopeningTest {
    @TempDir
    Path dir;

    @Test
    void aBorrowerQueuedOnTheLostPoolDoesNotOpenTheStoreOutsideTheReopening() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Object> holder = lentUntil(db, go);
            CompletableFuture<Object> queued = CompletableFuture.supplyAsync(() -> {
                try {
                    return db.query("SELECT marker FROM scratch", rs -> rs.getString(1));
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Semaphore permits = permitsOf(db);
            for (int i = 0; i < 300 && !permits.hasQueuedThreads(); i++) {
                Thread.sleep(100);
            }
            assertThat(permits.hasQueuedThreads()).as("the second borrower waits for the pool's one permit").isTrue();
            shutDownUnderTheGateway(dir);
            Files.delete(dir.resolve("qaqpa.data"));
            go.countDown();
            holder.get(60, TimeUnit.SECONDS);
            Object queuedGot = queued.get(60, TimeUnit.SECONDS);
            assertThat(queuedGot).as("the queued borrower is refused, not served by a store it opened itself")
                    .isNotInstanceOf(List.class);
            Throwable insert = catchThrowable(() -> db.update("INSERT INTO scratch VALUES ('after-the-loss')"));
            assertThat(insert).as("the reopening's checkpoint is not proven: refused as a start would")
                    .isInstanceOf(Database.StoreException.class).hasMessageContaining("not durable");
            assertThat(dir.resolve(DoubtMark.FILE)).as("marked as at a start").exists();
        }
    }

    /**
     * A connection of {@code db} lent (returned once it is), whose work waits for {@code go} and then runs a statement
     * that meets a loss meanwhile (class 08); the work's answer, or what it was refused with.
     */
    static CompletableFuture<Object> lentUntil(Database db, CountDownLatch go) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> {
            try {
                return db.queryOne("VALUES 1", rs -> {
                    holding.countDown();
                    await(go);
                    try (Statement s = rs.getStatement().getConnection().createStatement()) {
                        return s.execute("VALUES 1"); // meets the loss: class 08, the loan discarded
                    }
                });
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(holding.await(60, TimeUnit.SECONDS)).as("a connection lent").isTrue();
        return holder;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The permits of the current pool of {@code db}. */
    static Semaphore permitsOf(Database db) throws Exception {
        Object pool = read(ReconnectingPool.class, "pool", connectionsOf(db));
        return (Semaphore) read(ConnectionPool.class, "permits", pool);
    }

    static ReconnectingPool connectionsOf(Database db) throws Exception {
        return (ReconnectingPool) read(Database.class, "connections", db);
    }

    private static Object read(Class<?> type, String name, Object of) throws Exception {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(of);
    }

    /** SHUTDOWN IMMEDIATELY of the store in {@code dir} on a connection of its own, as if the files had gone away. */
    static void shutDownUnderTheGateway(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(StoreFiles.url(dir.toString()) + ";ifexists=true",
                StoreFiles.USER, "")) {
            c.createStatement().execute("SHUTDOWN IMMEDIATELY");
        }
    }
}
