package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store55: a CHECKPOINT DEFRAG (the only way out of a data file's doubt) is not started while the store's disk has no
 * room for the new data file ({@link DefragRoom}): it would hold every statement while it rewrites the store, fail, and
 * risk leaving HSQLDB's data file closed. On a real full disk ({@link SmallDisk}: a tmpfs, root).
 */
class DefragRoomTest {
    private static final int ROWS = 300;
    @TempDir
    Path dir;

    /**
     * Seen FAILING before DefragRoom: the DEFRAG ran on the full disk and failed in HSQLDB ("No space left on device" or
     * "Data File size limit is reached"), not refused before it began.
     */
    @Test
    void aDefragIsNotStartedOnAFullDiskAndRunsOnceThereIsRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir, 24)) {
            Path store = dir.resolve("db");
            try (Database db = Database.hsqldbFile(store.toString(), 2)) {
                db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY, filler VARCHAR(20000))");
                for (int i = 0; i < ROWS; i++) {
                    DataFileWritebackTest.insert(db, "row-" + i);
                }
                db.checkpoint();
                GroupCommitTest.replaceTheSyncOf(GroupCommitTest.logOf(store), log -> () -> {
                    throw new IOException("Input/output error (injected, as EIO)");
                });
                DataFileWritebackTest.catchAll(() -> DataFileWritebackTest.insert(db, "whose-sync-failed"));
                Files.delete(store.resolve("qaqpa.data")); // a data file's doubt: only a DEFRAG ends it
                db.checkpoint();
                assertThat(db.failedSyncFor()).as("the data file in doubt").isNotNegative();
                Path filler = dir.resolve("filler");
                disk.fill(filler);
                assertThatThrownBy(db::checkpoint).as("no room for a new data file: not started")
                        .isInstanceOf(Database.StoreException.class)
                        .hasMessageContaining("a CHECKPOINT DEFRAG needs").hasMessageContaining("it is not started");
                Files.delete(filler);
                db.checkpoint();
                assertThat(db.failedSyncFor()).as("the room made, the retry ends the outage").isEqualTo(-1);
                DataFileWritebackTest.insert(db, "after-the-outage");
            }
            try (Database reopened = Database.hsqldbFile(store.toString(), 1)) {
                assertThat(reopened.query("SELECT marker FROM scratch", rs -> rs.getString(1)))
                        .contains("row-0", "row-" + (ROWS - 1), "after-the-outage");
            }
        }
    }
}
