package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store55 (review54b, LOW): the store opened again in the same process after its database was lost
 * ({@link ReconnectingPool}) skipped the steps a start takes: the doubt's mark ({@link DoubtMark}) and the proof of the
 * checkpoint HSQLDB runs as it opens a store ({@link OpeningProof}). Both paths are one now.
 */
class ReconnectOpeningTest {
    @TempDir
    Path dir;

    /**
     * The database shut down under the gateway, and meanwhile another process (a gateway started on the same store, and
     * stopped during its outage) left its mark: the reconnect refuses as a start on that store does. Seen FAILING before
     * the fix: the insert was taken.
     */
    @Test
    void aReconnectThatMeetsAMarkRefusesAsAStartDoes() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            shutDownUnderTheGateway("SHUTDOWN");
            Files.writeString(dir.resolve(DoubtMark.FILE), "a checkpoint's files could not be proven on disk at"
                    + " 2026-12-06T00:00:00Z (another process's)\n");
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('after-the-loss')"))
                    .as("refused as a start on this store is").isInstanceOf(Database.StoreException.class)
                    .hasMessageContaining("stopped or killed while a checkpoint's files were in doubt")
                    .hasMessageContaining("another process's");
            assertThat(db.reachable()).isFalse();
        }
        Files.delete(dir.resolve(DoubtMark.FILE)); // the operator's way on: accepting the store as it is
        try (Database reopened = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(reopened.query("SELECT marker FROM scratch", rs -> rs.getString(1)))
                    .containsExactly("before-the-loss");
        }
    }

    /**
     * The database shut down under the gateway without a checkpoint (its log kept) and its data file gone meanwhile: the
     * reopening replays the log into a data file HSQLDB makes anew, which nothing of ours watched. A start calls that an
     * unproven opening and begins the outage (open54); the reconnect now does too. Seen FAILING before the fix: the insert
     * was taken on the new data file.
     */
    @Test
    void aReconnectWhoseOpeningIsNotProvenBeginsTheOutageAsAStartDoes() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-loss')");
            shutDownUnderTheGateway("SHUTDOWN IMMEDIATELY");
            Files.delete(dir.resolve("qaqpa.data"));
            catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // the pool meets the loss
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('after-the-loss')"))
                    .as("the reopening's checkpoint is not proven").isInstanceOf(Database.StoreException.class)
                    .hasMessageContaining("not durable");
            assertThat(dir.resolve(DoubtMark.FILE)).as("marked as at a start").exists();
        }
    }

    private void shutDownUnderTheGateway(String shutdown) throws Exception {
        try (Connection c = DriverManager.getConnection(StoreFiles.url(dir.toString()) + ";ifexists=true",
                StoreFiles.USER, "")) {
            c.createStatement().execute(shutdown); // as if the files had gone away
        }
    }
}
