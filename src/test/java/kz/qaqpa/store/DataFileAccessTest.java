package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.hsqldb.Session;
import org.hsqldb.jdbc.JDBCConnection;
import org.hsqldb.persist.DataFileCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How HSQLDB reads and writes the store's data file (qaqpa.db.nio-data-file): as a file by default, since a
 * checkpoint then syncs it once instead of once per 16 MB that HSQLDB maps (the checkpoint's stall, docs/performance.md
 * "Session 40"); a store made before keeps HSQLDB's setting in its own files, so it is switched at the start, at once.
 */
class DataFileAccessTest {
    /** HSQLDB's class for a data file read and written as a file (RAFileHybrid maps it while under nio_max_size). */
    private static final String A_FILE = "RAFile";
    /** A row of a cached table. */
    private static final String A_MARK = "INSERT INTO revocation_mark (kind, subject, this_update, valid_until)"
            + " VALUES ('crl', 'a subject', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";

    @TempDir
    Path dir;

    @Test
    void aNewStoresDataFileIsReadAndWrittenAsAFile() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(nioSetting(db)).isEqualTo("false");
            assertThat(dataFileAccess(db)).isEqualTo(A_FILE);
            db.update(A_MARK);
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(dataFileAccess(db)).as("opened again").isEqualTo(A_FILE);
        }
    }

    @Test
    void aStoreMadeWithAMappedDataFileIsSwitchedAtItsFirstStart() throws SQLException {
        String url = OlderStores.atVersion(dir.toString(), "27");
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
            s.execute(A_MARK);
            assertThat(access(c)).as("HSQLDB's default").isNotEqualTo(A_FILE);
            s.execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(nioSetting(db)).isEqualTo("false");
            assertThat(dataFileAccess(db)).as("in this start already, not only the next").isEqualTo(A_FILE);
            assertThat(db.queryOne("SELECT COUNT(*) FROM revocation_mark", rs -> rs.getInt(1))).contains(1);
        }
    }

    @Test
    void theDataFileCanStillBeMapped() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1, true)) {
            assertThat(nioSetting(db)).isEqualTo("true");
            assertThat(dataFileAccess(db)).isNotEqualTo(A_FILE);
            // a row, so that the data file exists and is opened with the database (an empty one is opened later)
            db.update(A_MARK);
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1, false)) {
            assertThat(dataFileAccess(db)).as("switched back at once").isEqualTo(A_FILE);
            assertThat(db.queryOne("SELECT COUNT(*) FROM revocation_mark", rs -> rs.getInt(1))).contains(1);
        }
    }

    private static String nioSetting(Database db) {
        return db.queryOne("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                + " WHERE PROPERTY_NAME = 'hsqldb.nio_data_file'", rs -> rs.getString(1)).orElseThrow();
    }

    private static String dataFileAccess(Database db) {
        return db.queryOne("VALUES 1", rs -> access(rs.getStatement().getConnection())).orElseThrow();
    }

    /**
     * The class HSQLDB opened the data file with (not public, hence its name). The property alone says what the store
     * will use at its next open, not what it uses now; HSQLDB shows the open file nowhere else, hence its field.
     */
    private static String access(Connection c) throws SQLException {
        Session session = (Session) ((JDBCConnection) c).getSession();
        DataFileCache cache = session.getDatabase().logger.getCache();
        try {
            Field file = DataFileCache.class.getDeclaredField("dataFile");
            file.setAccessible(true);
            return file.get(cache).getClass().getSimpleName();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("HSQLDB's data file cache changed: " + e, e);
        }
    }
}
