package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review56 (a finding, failing on 99a3aeaf): d4094631 made {@link ConnectionPool}'s {@code open()} refuse a new
 * connection once the pool's first HSQLDB database is no longer online (review55b's queued borrower). The check and the
 * connection are two steps: a borrower that found the database online and is descheduled before
 * {@code DriverManager.getConnection} (a loaded machine) connects after the database shut down, and HSQLDB opens the
 * store anew by the URL on the borrower's thread: outside {@link ReconnectingPool}'s reopening, with no mark check, no
 * {@link OpeningProof} and no row-cache lock. The pause is made exact here by a driver in front of HSQLDB's that holds
 * the one borrower between the two steps; nothing of ours is mocked. Same case as
 * {@link QueuedBorrowerReopeningTest} (the data file gone while the store is down), with the borrower inside
 * {@code open()} instead of queued on the permits.
 */
class OnlineCheckRaceTest {
    @TempDir
    Path dir;

    /** The borrower's thread the driver holds before it connects; null: none. */
    private static volatile Thread held;
    private static final CountDownLatch AT_CONNECT = new CountDownLatch(1);
    private static final CountDownLatch GO_CONNECT = new CountDownLatch(1);

    @Test
    void aBorrowerPastTheOnlineCheckDoesNotOpenTheStoreOutsideTheReopening() throws Exception {
        Driver hsqldb = org.hsqldb.jdbc.JDBCDriver.driverInstance;
        Driver holding = new HoldingDriver(hsqldb);
        DriverManager.deregisterDriver(hsqldb);
        DriverManager.registerDriver(holding); // tried first
        DriverManager.registerDriver(hsqldb);
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            CountDownLatch holdingLoan = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> {
                try {
                    return db.queryOne("VALUES 1", rs -> { // the pool's one open connection, in use
                        holdingLoan.countDown();
                        await(go);
                        try (Statement s = rs.getStatement().getConnection().createStatement()) {
                            return s.execute("VALUES 1"); // meets the loss: class 08
                        }
                    });
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(holdingLoan.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Object> borrower = CompletableFuture.supplyAsync(() -> {
                held = Thread.currentThread(); // its permit free, no idle connection: open() checks, then connects
                try {
                    return db.query("SELECT marker FROM scratch", rs -> rs.getString(1));
                } catch (RuntimeException e) {
                    return e;
                } finally {
                    held = null;
                }
            });
            // a fix may hold the database across the check and the connect (the shutdown then waits for the borrower), or
            // connect without the driver: the test waits for neither, and asks what the invariant asks
            boolean atConnect = AT_CONNECT.await(10, TimeUnit.SECONDS);
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(this::shutDownUnderTheGateway);
            boolean shutFirst = finished(shutdown, 10);
            GO_CONNECT.countDown();
            shutdown.get(60, TimeUnit.SECONDS);
            Files.delete(dir.resolve("qaqpa.data"));
            Object borrowerGot = borrower.get(60, TimeUnit.SECONDS);
            go.countDown();
            holder.get(60, TimeUnit.SECONDS);
            Throwable insert = catchThrowable(() -> db.update("INSERT INTO scratch VALUES ('after-the-loss')"));
            SoftAssertions all = new SoftAssertions();
            if (atConnect && shutFirst) { // connected only after the shutdown: by a store it opened itself
                all.assertThat(borrowerGot).as("the borrower is refused, not served by a store it opened itself")
                        .isNotInstanceOf(List.class);
            }
            all.assertThat(insert).as("the reopening's checkpoint is not proven: refused as a start would")
                    .isInstanceOf(Database.StoreException.class).hasMessageContaining("not durable");
            all.assertThat(dir.resolve(DoubtMark.FILE)).as("marked as at a start").exists();
            all.assertAll();
        } finally {
            GO_CONNECT.countDown();
            DriverManager.deregisterDriver(holding);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean finished(CompletableFuture<Void> work, int seconds) {
        try {
            work.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void shutDownUnderTheGateway() {
        try (Connection c = DriverManager.getConnection(StoreFiles.url(dir.toString()) + ";ifexists=true",
                StoreFiles.USER, "")) {
            c.createStatement().execute("SHUTDOWN IMMEDIATELY"); // as if the files had gone away
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HSQLDB's driver, holding the one borrower's thread just before it connects (a descheduled thread). */
    private static final class HoldingDriver implements Driver {
        private final Driver hsqldb;

        HoldingDriver(Driver hsqldb) {
            this.hsqldb = hsqldb;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (Thread.currentThread() == held) {
                AT_CONNECT.countDown();
                await(GO_CONNECT);
            }
            return hsqldb.connect(url, info);
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return hsqldb.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return hsqldb.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return hsqldb.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return hsqldb.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return hsqldb.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return hsqldb.getParentLogger();
        }
    }
}
