package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review56 (a finding, failing on 99a3aeaf): {@link Database#close} shuts the store down and closes its pool. A use of
 * the closed database afterwards (a thread of a part stopped after the store: GatewayAssembly.close stops the trust,
 * whose revocation marks live in the store, after it; a timer not yet stopped) meets "connection pool closed" (class
 * 08), which {@link ReconnectingPool} takes for a lost database: the next use opens the store again by a start's steps,
 * after the stop, and nothing shuts it down again (HSQLDB's lock held, its log open, until the process ends).
 */
class ClosedStoreStaysClosedTest {
    @TempDir
    Path dir;

    @Test
    void aDatabaseClosedIsNotOpenedAgainByALateUse() {
        Database db = Database.hsqldbFile(dir.toString(), 2);
        db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
        db.close();
        catchThrowable(() -> db.queryOne("VALUES 1", rs -> rs.getInt(1))); // refused: the pool is closed
        Throwable late = catchThrowable(() -> db.update("INSERT INTO scratch VALUES ('after-the-stop')"));
        try {
            assertThat(late).as("a use after the stop is refused, the store not opened again").isNotNull();
        } finally {
            if (late == null) {
                db.close(); // what the test's finding left open
            }
        }
    }
}
