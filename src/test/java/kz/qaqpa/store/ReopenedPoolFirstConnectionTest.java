package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.hsqldb.persist.LockFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store57 (review56, LOW): the pool a reopening makes ({@link Database}'s {@code reopened}) knew no database: its first
 * connection was made by the URL. An outside SHUTDOWN between the opening ({@link StoreFiles#create}) and that first
 * borrow made the borrow an opening of its own, without the mark's check, the opening's proof or the row cache's lock
 * the reopening runs. The same held for the direct connections Flyway is given ({@link ReconnectingPool#direct}). Now
 * both connect only to HSQLDB's database the opening reached, while it is online ({@code ConnectionPool}'s
 * {@code connectWhileOnline}, review56's race); a database shut down meanwhile is the store still lost, opened again at
 * the next use by the start's steps. The SHUTDOWN is placed by the test hook {@code Database.afterReopeningOpened}, which
 * runs exactly between the two steps.
 */
class ReopenedPoolFirstConnectionTest {
    private static final String FOREIGN_MARK = "a checkpoint's files could not be proven on disk at"
            + " 2026-12-06T00:00:00Z (another process's)\n";
    @TempDir
    Path dir;

    /**
     * Between the reopening's opening and its pool's first borrow the store is shut down from outside and another process
     * leaves its mark. Seen FAILING before the fix: the first borrow opened the store itself and the insert was taken.
     */
    @Test
    void aShutdownBetweenTheReopeningsOpeningAndItsFirstBorrowIsNotAnOpeningOfItsOwn() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            shutDownUnderTheGateway("SHUTDOWN");
            db.afterReopeningOpened = () -> {
                db.afterReopeningOpened = () -> { };
                shutDownUnderTheGateway("SHUTDOWN");
                markedByAnotherProcess();
            };
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('at-the-reopening')"))
                    .as("the database the reopening opened was shut down before its pool's first borrow")
                    .isInstanceOf(Database.StoreException.class);
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('after-the-reopening')"))
                    .as("the next use opens the store as a start does: the mark refuses it")
                    .isInstanceOf(Database.StoreException.class)
                    .hasMessageContaining("another process's");
            assertNoDatabaseHoldsTheLock();
        }
        Files.delete(dir.resolve(DoubtMark.FILE)); // the operator's way on: accepting the store as it is
        try (Database reopened = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(reopened.query("SELECT marker FROM scratch", rs -> rs.getString(1)))
                    .containsExactly("before-the-loss");
        }
    }

    /**
     * Flyway's direct connection ({@link Database#migrate}) after the store was shut down from outside, another process's
     * mark left meanwhile. Seen FAILING before the fix: Flyway's connection opened the store itself (no mark check, no
     * proof) and left it open, holding the lock.
     */
    @Test
    void flywaysDirectConnectionDoesNotOpenAStoreShutDownMeanwhile() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            shutDownUnderTheGateway("SHUTDOWN");
            markedByAnotherProcess();
            assertThatThrownBy(db::migrate).as("no connection to a store not opened by the start's steps")
                    .isInstanceOf(RuntimeException.class);
            assertNoDatabaseHoldsTheLock();
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
            assertThatThrownBy(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1)))
                    .as("opened again only as a start opens it").hasMessageContaining("another process's");
        }
    }

    private void markedByAnotherProcess() {
        try {
            Files.writeString(dir.resolve(DoubtMark.FILE), FOREIGN_MARK);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** No HSQLDB database holds the store's lock file: nothing was left open on it. */
    private void assertNoDatabaseHoldsTheLock() {
        assertThatCode(() -> StoreFiles.release(LockFile.newLockFileLock(StoreFiles.path(dir.toString()))))
                .as("no database open on the store").doesNotThrowAnyException();
    }

    private void shutDownUnderTheGateway(String shutdown) {
        try (Connection c = DriverManager.getConnection(StoreFiles.url(dir.toString()) + ";ifexists=true",
                StoreFiles.USER, "")) {
            c.createStatement().execute(shutdown); // as if the files had gone away
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
