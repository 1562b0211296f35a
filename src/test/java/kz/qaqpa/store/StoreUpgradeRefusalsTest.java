package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kz.qaqpa.Settings;
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
     * version in the history, and a DDL statement on HSQLDB commits by itself). Before upgade53: Flyway's own
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
     * that backup" all the same. Expected: it says no backup was taken and which backup to restore instead.
     */
    @Test
    void anUpgradeWithoutABackupIsNotToldToRestoreOne() throws Exception {
        Path data = storeWithV33sTableAtVersion32();
        Map<String, String> noBackup = Map.of("qaqpa.store.backup-before-upgrade", "false");
        assertThatThrownBy(() -> Store.open(settings(data, noBackup))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no backup was taken before it");

        assertThatThrownBy(() -> Store.open(settings(data, noBackup))).isInstanceOf(Store.InterruptedUpgrade.class)
                .hasMessageStartingWith("the store's last schema upgrade did not complete (the upgrade from version 32"
                        + " to ").hasMessageNotContaining("restore that backup")
                .hasMessageContaining("no backup was taken before it (qaqpa.store.backup-before-upgrade = false)")
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
