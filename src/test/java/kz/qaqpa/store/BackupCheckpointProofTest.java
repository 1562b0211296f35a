package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review53b: a backup's checkpoint is proven as ours are (store53). Helpers and disk as in
 * {@link DataFileWritebackTest}.
 */
class BackupCheckpointProofTest {
    @TempDir
    Path dir;

    /**
     * review53b (LOW-MEDIUM): a backup's BLOCKING checkpoint (POST /store/backup, the backup before an upgrade) writes
     * the data file and deletes the log like any checkpoint, but was not one of ours ({@link Database#checkpoint}): no
     * proof was taken, so a writeback error of the data file during it went unnoticed and the next change was taken
     * (seen failing so, 3 of 3 runs that met the error). Now its checkpoint is proven too. A run whose data file met no
     * writeback error proves nothing and is aborted ({@link DataFileWritebackTest#assumeWritebackFailed}).
     */
    @Test
    void aBackupsCheckpointWhoseDataFilesWritebackFailedIsNoticed() throws Exception {
        try (FaultyDisk disk = FaultyDisk.mount(dir.resolve("disk"))) {
            Path store = disk.root().resolve("db");
            try (Database db = Database.hsqldbFile(store.toString(), 2)) {
                DataFileWritebackTest.fill(db);
                DataFileWritebackTest.exhaustOnceTheNewScriptIsSynced(store, disk);
                Path backup = Files.createDirectories(dir.resolve("backups"));
                try (FileChannel witness = FileChannel.open(store.resolve("qaqpa.data"), StandardOpenOption.WRITE)) {
                    DataFileWritebackTest.catchAll(
                            () -> db.backUp("BACKUP DATABASE TO '" + backup + "/' BLOCKING AS FILES"));
                    DataFileWritebackTest.assumeWritebackFailed(witness);
                }
                disk.recover();
                assertThatThrownBy(() -> DataFileWritebackTest.insert(db, "after-the-backup"))
                        .as("the backup's checkpoint lost data file pages (its log deleted): changes are refused until"
                                + " the data file is written anew")
                        .isInstanceOf(Database.StoreException.class).hasMessageContaining("not durable");
            }
        }
    }

    /**
     * review54 (a failing test, no fix): the same backup is answered as taken (POST /store/backup: 200 "backed up to
     * ..."; before an upgrade the upgrade goes on) although its own checkpoint has just begun an outage: its copy of the
     * data file was read back after that file's writeback failed, the copy docs/operations.md says to keep beside the
     * store's own recovery, not in its place. The operator is not told; the backup should fail naming why, or say so.
     * open54: it fails naming why ({@code Database.backUp}), nothing of it kept.
     */
    @Test
    void aBackupWhoseOwnCheckpointWasNotProvenIsNotAnsweredAsTaken() throws Exception {
        try (FaultyDisk disk = FaultyDisk.mount(dir.resolve("disk"))) {
            Path store = disk.root().resolve("db");
            try (Database db = Database.hsqldbFile(store.toString(), 2)) {
                DataFileWritebackTest.fill(db);
                DataFileWritebackTest.exhaustOnceTheNewScriptIsSynced(store, disk);
                Path backups = Files.createDirectories(dir.resolve("backups"));
                StoreBackup backup = new StoreBackup(db, store, new StoreDisk(disk.root(), 0), backups, Clock.systemUTC());
                AtomicReference<Object> answer = new AtomicReference<>();
                try (FileChannel witness = FileChannel.open(store.resolve("qaqpa.data"), StandardOpenOption.WRITE)) {
                    try {
                        answer.set(backup.take());
                    } catch (RuntimeException e) {
                        answer.set(e);
                    }
                    DataFileWritebackTest.assumeWritebackFailed(witness);
                }
                disk.recover();
                assertThat(db.failedSyncFor()).as("the backup's checkpoint began an outage").isNotNegative();
                assertThat(answer.get()).as("the backup's answer while its own checkpoint began an outage")
                        .isInstanceOf(RuntimeException.class);
            }
        }
    }
}
