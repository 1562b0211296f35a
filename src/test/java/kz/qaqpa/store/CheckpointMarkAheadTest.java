package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store55 (review54b, LOW): a checkpoint during the store's outage deletes HSQLDB's log before the gateway's proof of its
 * files, and the doubt's mark was written only after that proof: a kill -9 in between left no mark, and the next start
 * opened a data file never proven. The test's hook runs where such a kill would fall (the checkpoint's statement
 * returned, nothing proven or marked after it yet) and looks at the disk as a start after the kill would.
 */
class CheckpointMarkAheadTest {
    @TempDir
    Path dir;

    @Test
    void aCheckpointDuringAnOutageIsMarkedBeforeItsLogIsDeleted() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('before-the-failure')");
            GroupCommitTest.replaceTheSyncOf(GroupCommitTest.logOf(dir), log -> () -> {
                throw new IOException("Input/output error (injected, as EIO)");
            });
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('whose-sync-failed')"))
                    .isInstanceOf(Database.StoreException.class).hasMessageContaining("not durable");
            AtomicReference<String> atTheKill = new AtomicReference<>();
            db.afterCheckpointStatement = () -> atTheKill.set(markText());
            db.checkpoint();
            assertThat(atTheKill.get()).as("a kill -9 right after the checkpoint's statement (its log deleted, its files"
                    + " not proven yet) leaves the mark, so the next start refuses").isNotNull()
                    .contains("during the store's outage");
            assertThat(db.failedSyncFor()).as("the checkpoint, proven, ended the outage").isEqualTo(-1);
            assertThat(dir.resolve(DoubtMark.FILE)).as("and its mark ahead is removed").doesNotExist();
            db.update("INSERT INTO scratch VALUES ('after-the-outage')");
        }
        try (Database reopened = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(reopened.query("SELECT marker FROM scratch", rs -> rs.getString(1)))
                    .contains("before-the-failure", "after-the-outage");
        }
    }

    /** Outside an outage a checkpoint is not marked ahead: a kill during it restarts as after any crash (CrashTest). */
    @Test
    void aCheckpointWithNoOutageStandingIsNotMarkedAhead() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("INSERT INTO scratch VALUES ('a-row')");
            AtomicReference<String> atTheKill = new AtomicReference<>("not run");
            db.afterCheckpointStatement = () -> atTheKill.set(markText());
            db.checkpoint();
            assertThat(atTheKill.get()).as("no mark during a checkpoint with no outage").isNull();
        }
    }

    private String markText() {
        try {
            Path mark = dir.resolve(DoubtMark.FILE);
            return Files.exists(mark) ? Files.readString(mark) : null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
