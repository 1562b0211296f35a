package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import kz.qaqpa.Main;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.OlderStores;
import kz.qaqpa.store.UpgradeMark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lead50, from review50's fourth finding (LOW): a schema upgrade is not one transaction on HSQLDB, so a gateway killed
 * while it upgraded a store left it half-changed, refused by every later start, with no copy of the store as it was.
 * Expected: a start that upgrades a store holding a version backs it up first (qaqpa.backup.dir, a directory named
 * {@code <time>-before-upgrade}) and the backup is the store as it was, at its old version with its rows; a start with
 * nothing to upgrade takes none; a backup that cannot be taken refuses the start before the store is changed; with
 * qaqpa.store.backup-before-upgrade = false the store is upgraded without one. Before lead50: no backup was taken.
 */
class StoreUpgradeBackupTest {
    private static final String OLD_VERSION = "31";
    private static final String BACKED_UP = "before its schema's upgrade from version " + OLD_VERSION + " to ";
    /** One final application (the start checks no service for it). */
    private static final String APPLICATION_KEPT = "INSERT INTO application (correlation_id, message_id,"
            + " status_code, created_at, updated_at, status_changed_at, service_id, channel, sender_id, applicant_iin,"
            + " message_state, status_message) VALUES ('{kept}', 'm-kept', 'COMPLETED', CURRENT_TIMESTAMP,"
            + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'S', 'PORTAL', 'PORTAL', '850315401201', 'DELIVERED', 'text')";

    @TempDir
    Path dir;

    @Test
    void anUpgradeBacksTheStoreUpAsItWasAndALaterStartTakesNoOther() throws Exception {
        Path data = olderStoreWithOneApplication();
        try (GatewayProcess gateway = onFreePorts(data).start()) {
            assertThat(gateway.logOnceItHolds(BACKED_UP, Duration.ofSeconds(30))).contains(BACKED_UP);
        }
        List<Path> backups = backups(data);
        assertThat(backups).as("backups in %s", data.resolve("backup")).hasSize(1);
        Path backup = backups.get(0);
        assertThat(backup.getFileName().toString()).endsWith("-before-upgrade");
        assertThatThrownBy(() -> Database.readOnlyFile(backup.toString()))
                .as("the backup is the store at its old version").isInstanceOf(Database.SchemaMismatch.class)
                .hasMessageContaining("at version " + OLD_VERSION + ", older than this build's version");
        assertThat(applicationsIn(backup)).containsExactly("{kept}");
        assertThat(data.resolve("db").resolve(UpgradeMark.FILE)).as("the upgrade's mark, once it completed")
                .doesNotExist();

        try (GatewayProcess again = onFreePorts(data).start()) {
            // serving: its store was opened (before the channels start)
            assertThat(again.log()).containsOnlyOnce(BACKED_UP);
        }
        assertThat(backups(data)).as("a start with nothing to upgrade").containsExactly(backup);
    }

    @Test
    void aBackupThatCannotBeTakenRefusesTheStartAndLeavesTheStoreAsItWas() throws Exception {
        Path data = olderStoreWithOneApplication();
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "backups cannot go below a file");
        GatewayProcess gateway = onFreePorts(data).with("qaqpa.backup.dir", notADirectory.resolve("backup").toString());

        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start");
        assertThat(gateway.logTail()).contains(Main.CANNOT_START + "the store's schema is not upgraded from version "
                + OLD_VERSION + " to ").contains("qaqpa.store.backup-before-upgrade = false")
                .doesNotContain("\tat ").doesNotContain("Qaqpa ready");
        assertThatThrownBy(() -> Database.readOnlyFile(data.resolve("db").toString()))
                .as("the store left at its old version").isInstanceOf(Database.SchemaMismatch.class)
                .hasMessageContaining("at version " + OLD_VERSION + ",");
    }

    @Test
    void anOperatorMayUpgradeWithoutABackup() throws Exception {
        Path data = olderStoreWithOneApplication();
        try (GatewayProcess gateway = onFreePorts(data).with("qaqpa.store.backup-before-upgrade", "false").start()) {
            assertThat(gateway.logOnceItHolds("without a backup first", Duration.ofSeconds(30)))
                    .contains("store's schema upgraded from version " + OLD_VERSION + " to ")
                    .doesNotContain(BACKED_UP);
        }
        assertThat(backups(data)).isEmpty();
        Database db = Database.readOnlyFile(data.resolve("db").toString());
        db.close(); // opened without a mismatch: upgraded to this build's version
    }

    /**
     * review51 (MEDIUM): a start after an upgrade that a kill interrupted backed up the half-changed store as another
     * {@code -before-upgrade} backup (the newest, which operations.md said to restore) and upgraded it again. Emulated:
     * a store at version 32 that already holds V33's table, so the first start backs it up and fails inside V33; the
     * history row Flyway writes for the failure is removed, as a kill writes none. Expected: the second start refuses,
     * naming the first start's backup, and takes no backup of its own. Before review51: a second backup, and V33 failed
     * again.
     */
    @Test
    void aStartAfterAnInterruptedUpgradeRefusesNamingTheBackupAndTakesNoOther() throws Exception {
        Path data = dir.resolve("gateway");
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(data.resolve("db").toString(), "32"),
                "SA", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sync_barrier (id INT PRIMARY KEY, passes BIGINT NOT NULL)");
            s.execute("SHUTDOWN");
        }
        GatewayProcess first = onFreePorts(data);
        assertThatThrownBy(first::start).hasMessageContaining("gateway did not start");
        List<Path> backups = backups(data);
        assertThat(backups).as("the first start's backup").hasSize(1);
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + data.resolve("db") + "/qaqpa", "SA", "");
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM \"flyway_schema_history\" WHERE \"success\" <> 1");
            s.execute("SHUTDOWN");
        }

        GatewayProcess second = onFreePorts(data);
        assertThatThrownBy(second::start).hasMessageContaining("gateway did not start");
        assertThat(second.logTail()).contains(Main.CANNOT_START + "the store's last schema upgrade did not complete"
                + " (the upgrade from version 32 to ").contains(backups.get(0).toString())
                .doesNotContain("\tat ").doesNotContain("Qaqpa ready");
        assertThat(backups(data)).as("backups after the second start").containsExactly(backups.get(0));
    }

    /**
     * review51b (LOW): an empty mark (its write failed: a full disk, or a kill before store52 wrote it under another
     * name first) refused every start saying "did not complete (; marked by ...)", naming no backup. Expected: the
     * refusal says the mark is empty and names the newest before-upgrade backup. Before store52: it named none.
     */
    @Test
    void anEmptyMarkRefusesTheStartNamingTheNewestBackup() throws Exception {
        Path data = olderStoreWithOneApplication();
        Path older = Files.createDirectories(data.resolve("backup").resolve("20261201T100000.000Z-before-upgrade"));
        Path newest = Files.createDirectories(data.resolve("backup").resolve("20261202T100000.000Z-before-upgrade"));
        Files.createDirectories(data.resolve("backup").resolve("20261203T100000.000Z"));
        Files.writeString(data.resolve("db").resolve(UpgradeMark.FILE), "");

        GatewayProcess gateway = onFreePorts(data);
        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start");
        assertThat(gateway.logTail()).contains(Main.CANNOT_START + "the store's last schema upgrade did not complete"
                + " (its mark is empty or unreadable").contains("the store before it: " + newest)
                .doesNotContain(older.toString()).doesNotContain("\tat ").doesNotContain("Qaqpa ready");
    }

    /** A mark left by a kill after the upgrade's last version was recorded: the upgrade had completed. */
    @Test
    void aMarkLeftByACompletedUpgradeIsRemovedAndTheGatewayStarts() throws Exception {
        Path data = olderStoreWithOneApplication();
        try (GatewayProcess gateway = onFreePorts(data).start()) {
            assertThat(gateway.logOnceItHolds(BACKED_UP, Duration.ofSeconds(30))).contains(BACKED_UP);
        }
        Path mark = data.resolve("db").resolve(UpgradeMark.FILE);
        Files.writeString(mark, "the upgrade from version 31 to 33; the store before it: somewhere");
        try (GatewayProcess again = onFreePorts(data).start()) {
            assertThat(again.logOnceItHolds("had completed before the gateway stopped", Duration.ofSeconds(30)))
                    .contains("the upgrade from version 31 to 33");
        }
        assertThat(mark).doesNotExist();
    }

    /**
     * ops62, from session 61 (ops61's and the lead's Left, LOW): an older release started on a store a newer release
     * had upgraded and served on it, Flyway's migrate skipping the version it did not know (its default
     * {@code ignoreMigrationPatterns} {@code *:future}); a version between this release's own that it lacks (one a
     * later branch reserved, {@code StoreSchema}'s out-of-order case) failed Flyway's validation, printed with a stack
     * trace. Emulated: this build's store holding one application, the other version recorded in its history as a
     * newer release's upgrade records one. Expected: the start refused on one line naming the store's version and
     * this release's and how to go back (the backup), no stack trace; no backup taken, no upgrade mark, the history and
     * the application as they were. Before ops62: "Qaqpa ready" (a newer version), Flyway's trace (one between).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aStoreANewerReleaseUpgradedIsRefusedNamingBothVersions(boolean afterThisReleasesNewest) throws Exception {
        Path data = dir.resolve("gateway");
        Path db = data.resolve("db");
        String url = OlderStores.atVersion(db.toString(), "latest");
        List<String> known = OlderStores.schemaVersions(url);
        String newest = known.get(known.size() - 1);
        String other = afterThisReleasesNewest ? "999" : known.get(known.size() - 2) + ".5";
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
            s.execute(APPLICATION_KEPT);
            s.execute("INSERT INTO \"flyway_schema_history\" SELECT \"installed_rank\" + 1, '" + other + "',"
                    + " 'a newer release''s', \"type\", 'V" + other + "__newer.sql', \"checksum\", \"installed_by\","
                    + " \"installed_on\", 0, TRUE FROM \"flyway_schema_history\" WHERE \"installed_rank\" ="
                    + " (SELECT MAX(\"installed_rank\") FROM \"flyway_schema_history\")");
            s.execute("SHUTDOWN");
        }
        IssuedTestPki.copyInto(data);

        String why = afterThisReleasesNewest ? "its schema is at version " + other + ", newer than this release's"
                + " version " + newest + " (it holds version " + other + ", which this release does not know)"
                : "its schema holds version " + other + ", which this release does not know (this release's version is "
                + newest + ")";
        try (GatewayProcess gateway = onFreePorts(data)) {
            assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start");
            assertThat(gateway.logTail()).contains(Main.CANNOT_START + "the store in " + db + " is not opened: " + why)
                    .contains("restoring the backup taken before that upgrade").doesNotContain("\tat ")
                    .doesNotContain("Qaqpa ready");
        }
        assertThat(backups(data)).as("no backup taken").isEmpty();
        assertThat(db.resolve(UpgradeMark.FILE)).as("no upgrade begun").doesNotExist();
        List<String> withTheNewer = new java.util.ArrayList<>(known);
        withTheNewer.add(other);
        assertThat(OlderStores.schemaVersions(OlderStores.readOnly(db)))
                .as("the store's history").isEqualTo(withTheNewer);
        assertThat(applicationsIn(db)).containsExactly("{kept}");
    }

    /** The versions in the store's schema history at {@code url}, in the order they were applied. */
    /** A data directory whose store was left at {@link #OLD_VERSION} by an older release, one final application in it (the start checks no service for it). */
    private Path olderStoreWithOneApplication() throws Exception {
        Path data = dir.resolve("gateway");
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(data.resolve("db").toString(),
                OLD_VERSION), "SA", ""); Statement s = c.createStatement()) {
            s.execute(APPLICATION_KEPT);
            s.execute("SHUTDOWN");
        }
        return data;
    }

    private static List<Path> backups(Path data) throws Exception {
        Path root = data.resolve("backup");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(root)) {
            return all.sorted().toList();
        }
    }

    /** The correlation ids of the applications in the store at {@code db}, read as it is. */
    private static List<String> applicationsIn(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + db + "/qaqpa;readonly=true;ifexists=true",
                "SA", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT correlation_id FROM application ORDER BY correlation_id")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            s.execute("SHUTDOWN");
            return ids;
        }
    }

    /**
     * A gateway process on {@code data}, its ports free ones; a first start serves a copy of the JVM's issued test PKI
     * (suite66: each case's forked JVM issued its own, most of its start's time).
     */
    private static GatewayProcess onFreePorts(Path data) {
        return new GatewayProcess(data).with("qaqpa.http.port", String.valueOf(PkiServer.freePort()))
                .withIssuedTestPki()
                .with("qaqpa.operator.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.monitoring.port", String.valueOf(PkiServer.freePort()));
    }
}
