package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kz.qaqpa.settings.Settings;
import org.hsqldb.persist.LockFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * upgrade53, from session 52's review (lead, LOW): what a start is told when the store's schema upgrade cannot go on,
 * on the real store opened as the gateway opens it ({@link Store#open}). Each refusal is one of the gateway's own
 * (an {@link IllegalStateException} thrown by its code, printed on one line without a stack trace) and says what
 * happened and what to do.
 */
class StoreUpgradeRefusalsTest {
    @TempDir
    Path dir;

    /**
     * A migration that simply fails (not a kill). Emulated as StoreUpgradeBackupTest emulates it: a store at version 32
     * that already holds V33's table. Expected: the failing start itself says the upgrade failed, at which version, and
     * names the backup to restore; the mark stays, since the failure was not rolled back (Flyway records the failed
     * version in the history, and a DDL statement on HSQLDB commits by itself). Before upgrade53: Flyway's own
     * multi-line error, naming no backup, printed with a stack trace.
     */
    @Test
    void aMigrationThatFailsIsToldAtOnceNamingTheBackup() throws Exception {
        Path data = storeWithV33sTableAtVersion32();

        assertThatThrownBy(() -> Store.open(settings(data, Map.of()))).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getStackTrace()[0].getClassName()).startsWith("kz.qaqpa."))
                .hasMessageStartingWith("the store's schema upgrade failed (the upgrade from version 32 to ")
                .hasMessageContaining("version 33").hasMessageContaining(only(backups(data)).toString())
                .hasMessageContaining("restore that backup as db").hasMessageNotContaining("\n");
        assertThat(data.resolve("db").resolve(UpgradeMark.FILE)).as("the mark of an upgrade not rolled back").exists();
        assertThat(failedVersions(data)).as("Flyway's record of the failure").containsExactly("33");
    }

    /**
     * With qaqpa.store.backup-before-upgrade = false the mark says "no backup"; the next start's refusal said "restore
     * that backup" all the same. Expected: it says no backup was taken and which backup to restore instead, in a
     * sentence of its own (rerun54: it went on in lower case after the full stop).
     */
    @Test
    void anUpgradeWithoutABackupIsNotToldToRestoreOne() throws Exception {
        Path data = storeWithV33sTableAtVersion32();
        Map<String, String> noBackup = Map.of("qaqpa.store.backup-before-upgrade", "false");
        assertThatThrownBy(() -> Store.open(settings(data, noBackup))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(". No backup was taken before it");

        assertThatThrownBy(() -> Store.open(settings(data, noBackup))).isInstanceOf(Store.InterruptedUpgrade.class)
                .hasMessageStartingWith("the store's last schema upgrade did not complete (the upgrade from version 32"
                        + " to ").hasMessageNotContaining("restore that backup")
                .hasMessageContaining(". No backup was taken before it (qaqpa.store.backup-before-upgrade = false)")
                .hasMessageContaining("restore the newest backup of this store from before the upgrade");
        assertThat(backups(data)).isEmpty();
    }

    /**
     * A second start on a store that another process holds (HSQLDB's lock), while its upgrade's mark is there: another
     * gateway upgrading it (V34 takes minutes at a million applications). It was told the upgrade "did not complete"
     * and to restore the backup under the running upgrade. Expected: told the store is in use by another process and
     * to wait for it or stop it; the mark is left as it is. Without a mark: told the store is in use (before: HSQLDB's
     * lock failure, with a stack trace).
     */
    @Test
    void aStoreInUseByAnotherProcessIsToldSoNotThatItsUpgradeDidNotComplete() throws Exception {
        Path data = storeWithV33sTableAtVersion32();
        LockFile lock = StoreFiles.lock(StoreFiles.path(data.resolve("db").toString()));
        try {
            assertThatThrownBy(() -> Store.open(settings(data, Map.of()))).isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(e.getStackTrace()[0].getClassName()).startsWith("kz.qaqpa."))
                    .hasMessageStartingWith("the store in " + data.resolve("db") + " is in use by another process")
                    .hasMessageContaining("stop the other gateway").hasMessageNotContaining("upgrade");

            Path mark = data.resolve("db").resolve(UpgradeMark.FILE);
            new UpgradeMark(data.resolve("db")).write("32 to 34", java.util.Optional.of(dir.resolve("taken")));
            assertThatThrownBy(() -> Store.open(settings(data, Map.of()))).isInstanceOf(IllegalStateException.class)
                    .isNotInstanceOf(Store.InterruptedUpgrade.class)
                    .hasMessageStartingWith("the store in " + data.resolve("db") + " is in use by another process")
                    .hasMessageContaining("most likely a gateway upgrading it (the upgrade from version 32 to 34")
                    .hasMessageContaining("wait until that gateway serves").hasMessageNotContaining("did not complete");
            assertThat(mark).as("left for the gateway upgrading the store").exists();
        } finally {
            StoreFiles.release(lock);
        }
    }

    /**
     * review51 F2: the room checked before an upgrade was the backup's only, on the backup's disk, while a copying
     * migration writes on the store's own: V34's DROP INDEX rewrites the application table into new space of the data
     * file. Here a store at version 33 on a small disk (a real tmpfs) with 1 MB free, its backups on another disk.
     * Expected: the start is refused before anything is written (no backup, no mark, the store at version 33), saying
     * how much the upgrade is counted to need and what to do; with qaqpa.store.backup-before-upgrade = false too.
     * Before upgrade53: the backup was taken, the mark written and V34 ran out of room half-way.
     */
    @Test
    void anUpgradeWithoutRoomForItsCopiesOnTheStoresDiskIsRefusedBeforeItBegins() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("small"));
        try (SmallDisk small = SmallDisk.mount(disk, 32)) {
            Path data = disk.resolve("gateway");
            applicationsAtVersion33(data.resolve("db"), 2000);
            leaveFree(disk, 1024 * 1024);
            Map<String, String> backupsElsewhere = Map.of("qaqpa.backup.dir", dir.resolve("backup").toString());

            for (String backUp : List.of("true", "false")) {
                Map<String, String> overrides = new HashMap<>(backupsElsewhere);
                overrides.put("qaqpa.store.backup-before-upgrade", backUp);
                assertThatThrownBy(() -> Store.open(settings(data, overrides)))
                        .isInstanceOf(IllegalStateException.class)
                        .satisfies(e -> assertThat(e.getStackTrace()[0].getClassName()).startsWith("kz.qaqpa."))
                        .hasMessageStartingWith("the store's schema is not upgraded from version 33 to ")
                        .hasMessageContaining("no room on the store's disk for what the upgrade may write there")
                        .hasMessageContaining(UpgradeRoom.GROWTH_PERCENT + "% of the store's ")
                        .hasMessageContaining("make room on the disk of " + data.resolve("db"));
            }
            assertThat(dir.resolve("backup")).as("no backup taken").doesNotExist();
            assertThat(data.resolve("db").resolve(UpgradeMark.FILE)).as("no upgrade begun").doesNotExist();
            assertThatThrownBy(() -> Database.readOnlyFile(data.resolve("db").toString()).close())
                    .isInstanceOf(Database.SchemaMismatch.class).hasMessageContaining("at version 33,");
        }
    }

    /** A store at version 33 holding {@code count} applications with 4 KB results. */
    private static void applicationsAtVersion33(Path db, int count) throws Exception {
        OffsetDateTime old = OffsetDateTime.now().minusDays(60);
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(db.toString(), "33"), "SA", "");
                PreparedStatement insert = c.prepareStatement("INSERT INTO application (correlation_id, sender_id,"
                        + " message_id, result, status_code, created_at, updated_at, status_changed_at, service_id,"
                        + " channel, applicant_iin, message_state, status_message) VALUES (?, 'PORTAL', ?, ?,"
                        + " 'COMPLETED', ?, ?, ?, 'S', 'PORTAL', '850315401201', 'DELIVERED', 'text')")) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, "{" + i + "}");
                insert.setString(2, "m-" + i);
                insert.setString(3, "<result>" + "x".repeat(4000) + "</result>");
                insert.setObject(4, old);
                insert.setObject(5, old);
                insert.setObject(6, old);
                insert.executeUpdate();
            }
            c.createStatement().execute("SHUTDOWN");
        }
    }

    /** Writes a file of zeros on {@code disk} until only {@code bytes} are left free. */
    private static void leaveFree(Path disk, long bytes) throws Exception {
        long fill = Files.getFileStore(disk).getUsableSpace() - bytes;
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            for (long written = 0; written < fill; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, fill - written));
            }
        }
    }

    /** A store at version 32 that already holds V33's table: V33 fails on it (as in StoreUpgradeBackupTest). */
    private Path storeWithV33sTableAtVersion32() throws Exception {
        Path data = dir.resolve("gateway");
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(data.resolve("db").toString(), "32"),
                "SA", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sync_barrier (id INT PRIMARY KEY, passes BIGINT NOT NULL)");
            s.execute("SHUTDOWN");
        }
        return data;
    }

    /** The gateway's settings on {@code data}, as a start reads them, with {@code overrides}. */
    static Settings settings(Path data, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("qaqpa.data-dir", data.toString());
        all.putIfAbsent("qaqpa.store.min-free-bytes", "0");
        return Settings.standalone(all);
    }

    static List<Path> backups(Path data) throws Exception {
        Path root = data.resolve("backup");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(root)) {
            return all.sorted().toList();
        }
    }

    private static Path only(List<Path> paths) {
        assertThat(paths).hasSize(1);
        return paths.get(0);
    }

    /** The versions Flyway's history records as failed, read as the store is. */
    private static List<String> failedVersions(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + data.resolve("db")
                + "/qaqpa;readonly=true;ifexists=true", "SA", ""); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                        + " WHERE \"success\" = 0")) {
            List<String> versions = new java.util.ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
            s.execute("SHUTDOWN");
            return versions;
        }
    }
}
