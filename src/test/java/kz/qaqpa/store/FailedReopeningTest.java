package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import org.hsqldb.persist.LockFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store56 (MEDIUM): a reopening after the store's loss ({@link ReconnectingPool}) that failed after HSQLDB had opened the
 * store (a failed first borrow, a disk error, the directory moved away meanwhile) left HSQLDB's database open in this
 * process, registered under the store's path and holding its lock file. The next reopening's connection then reached that
 * database instead of opening the store: no opening, nothing for {@link OpeningProof} to prove, and the files at the path
 * were never read again (a directory gone, or restored meanwhile, went unseen). A failed reopening now shuts down what it
 * opened without a checkpoint (SHUTDOWN IMMEDIATELY: its log kept, as store55's DEFRAG that failed midway), so the next
 * reopening is a real opening with its proof. The failure is made by a hook where it would fall (right after the opening,
 * before the pool), which is how a failed borrow or a moved directory meets the reopening.
 */
class FailedReopeningTest {
    @TempDir
    Path root;

    /**
     * Seen FAILING before the fix (the hook in, the shutdown of what the reopening opened not): the lock file was held by
     * the database the failed reopening left open, and with the directory gone the insert was taken, into that database.
     */
    @Test
    void aFailedReopeningLeavesNoDatabaseOpenAndTheNextOneOpensTheStoreAsItIs() throws Exception {
        Path store = root.resolve("db");
        Files.createDirectories(store);
        try (Database db = Database.hsqldbFile(store.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            shutDownUnderTheGateway(store, "SHUTDOWN");
            failNextReopening(db);
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('at-the-failed-reopening')"))
                    .as("the reopening failed after the opening").isInstanceOf(Database.StoreException.class);
            assertNoDatabaseHoldsTheLock(store);

            Path away = root.resolve("db-away");
            Files.move(store, away);
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('while-gone')"))
                    .as("the store is opened where it is: gone").isInstanceOf(Database.StoreException.class);
            Files.move(away, store);
            db.update("INSERT INTO scratch VALUES ('after-the-return')");
            assertThat(db.query("SELECT marker FROM scratch ORDER BY marker", rs -> rs.getString(1)))
                    .containsExactly("after-the-return", "before-the-loss");
        }
    }

    /**
     * The failed reopening's own opening was not proven (its data file made anew from the log, unwatched): the doubt and
     * the outage it began stand after the shutdown of what it opened, marked on disk, and the next reopening, a real one,
     * is refused nothing by this process's own mark; the proven checkpoint ends the outage. Seen FAILING before the fix
     * (the lock held, as above).
     */
    @Test
    void aFailedReopeningWhoseOpeningWasNotProvenKeepsTheOutageUntilAProvenCheckpoint() throws Exception {
        Path store = root.resolve("db");
        Files.createDirectories(store);
        try (Database db = Database.hsqldbFile(store.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            shutDownUnderTheGateway(store, "SHUTDOWN IMMEDIATELY");
            Files.delete(store.resolve("qaqpa.data"));
            failNextReopening(db);
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
            catchThrowable(() -> db.update("INSERT INTO scratch VALUES ('at-the-failed-reopening')"));
            assertNoDatabaseHoldsTheLock(store);
            assertThat(store.resolve(DoubtMark.FILE)).as("the opening's doubt marked as at a start").exists();

            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('during-the-outage')"))
                    .as("reopened, the outage stands").isInstanceOf(Database.StoreException.class)
                    .hasMessageContaining("not durable");
            db.checkpoint(); // the proven DEFRAG the gateway's checkpoints retry every 10 s
            db.update("INSERT INTO scratch VALUES ('after-the-outage')");
            assertThat(store.resolve(DoubtMark.FILE)).as("removed by the proven checkpoint").doesNotExist();
            assertThat(db.query("SELECT marker FROM scratch ORDER BY marker", rs -> rs.getString(1)))
                    .containsExactly("after-the-outage", "before-the-loss");
        }
    }

    /**
     * store55's note, untested until now (LOW): a reopening during the outage that cannot open the store (here its script
     * gone) leaves the store lost (every use fails, so the channel answers SCE912: {@code Store.outage} finds it
     * unreachable), the stop leaves the outage's mark, and the next start refuses. The chain held on main; kept by this
     * test.
     */
    @Test
    void aStoreThatCannotBeOpenedAgainDuringItsOutageStaysLostAndTheStartRefusesIt() throws Exception {
        Path store = root.resolve("db");
        Path script = store.resolve("qaqpa.script");
        Path aside = root.resolve("qaqpa.script");
        try (Database db = inOutage(store)) {
            shutDownUnderTheGateway(store, "SHUTDOWN IMMEDIATELY");
            Files.move(script, aside);
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss again
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('after-the-second-loss')"))
                    .as("the reopening cannot open the store").isInstanceOf(Database.StoreException.class);
            assertThat(db.reachable()).as("lost: SCE912 for every sender").isFalse();
        }
        Files.move(aside, script); // back after the stop (with it back before, the stop's proven DEFRAG ends the outage)
        assertThat(store.resolve(DoubtMark.FILE)).as("the stop during the outage leaves the mark").exists();
        assertThatThrownBy(() -> Database.hsqldbFile(store.toString(), 1)).as("the next start refuses")
                .isInstanceOf(DoubtedStore.class);
    }

    /**
     * A reopening during the outage meets half-written properties (as HSQLDB leaves them when a DEFRAG fails at writing
     * them on a full disk): HSQLDB opens an empty database, which refuses the user, and rewrites its properties. Seen
     * FAILING before {@code StoreFiles.create} shut that database down too (it looked up by the store's path, since no
     * connection reached it): it stayed open, holding the lock (the next start in this process said "in use by another
     * process"), and every reopening's connection reached it. Now it is shut down without a checkpoint, nothing is written
     * over the store, and the next reopening opens the store as it is, its outage standing.
     */
    @Test
    void aReopeningRefusedAfterHsqldbOpenedTheStoreLeavesNothingOpen() throws Exception {
        Path store = root.resolve("db");
        try (Database db = inOutage(store)) {
            shutDownUnderTheGateway(store, "SHUTDOWN IMMEDIATELY");
            Path properties = store.resolve("qaqpa.properties");
            Files.write(properties, Arrays.copyOf(Files.readAllBytes(properties), 20)); // half-written
            byte[] script = Files.readAllBytes(store.resolve("qaqpa.script"));
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss again
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('after-the-second-loss')"))
                    .as("the reopening is refused").isInstanceOf(Database.StoreException.class);
            assertNoDatabaseHoldsTheLock(store);
            assertThat(store.resolve("qaqpa.script")).as("nothing written over the store").hasBinaryContent(script);
            assertThat(db.query("SELECT marker FROM scratch", rs -> rs.getString(1))).as("opened as it is")
                    .containsExactly("before-the-loss");
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('during-the-outage')"))
                    .as("the outage stands").hasMessageContaining("not durable");
        }
    }

    /** A store lost once and opened again with its opening unproven: its outage stands, marked on disk. */
    private static Database inOutage(Path store) throws Exception {
        Files.createDirectories(store);
        Database db = Database.hsqldbFile(store.toString(), 2);
        db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
        db.update("INSERT INTO scratch VALUES ('before-the-loss')");
        shutDownUnderTheGateway(store, "SHUTDOWN IMMEDIATELY");
        Files.delete(store.resolve("qaqpa.data"));
        catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
        assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('during-the-outage')"))
                .as("reopened with its opening unproven: the outage").hasMessageContaining("not durable");
        assertThat(store.resolve(DoubtMark.FILE)).exists();
        return db;
    }

    /** The next reopening fails right after it opened the store, once. */
    private static void failNextReopening(Database db) {
        db.afterReopeningOpened = () -> {
            db.afterReopeningOpened = () -> { };
            throw new IllegalStateException("the reopening failed after the opening (test)");
        };
    }

    /** No HSQLDB database holds the store's lock file: nothing of ours is left open on it. */
    private static void assertNoDatabaseHoldsTheLock(Path store) {
        assertThatCode(() -> StoreFiles.release(LockFile.newLockFileLock(StoreFiles.path(store.toString()))))
                .as("no database left open on the store by the failed reopening").doesNotThrowAnyException();
    }

    private static void shutDownUnderTheGateway(Path store, String shutdown) throws Exception {
        try (Connection c = DriverManager.getConnection(StoreFiles.url(store.toString()) + ";ifexists=true",
                StoreFiles.USER, "")) {
            c.createStatement().execute(shutdown); // as if the files had gone away
        }
    }
}
