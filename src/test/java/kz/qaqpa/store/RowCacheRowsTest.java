package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hsqldb.Session;
import org.hsqldb.jdbc.JDBCConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The most rows HSQLDB's row cache holds (qaqpa.db.cache-rows, perf58a): written into the store at its start, a new
 * store's or one made with another, and in force in that start already (HSQLDB sizes its cache as it opens the data
 * file); fewer than the pool needs refuse the start before the store is opened.
 */
class RowCacheRowsTest {
    /** A row of a cached table. */
    private static final String A_MARK = "INSERT INTO revocation_mark (kind, subject, this_update, valid_until)"
            + " VALUES ('crl', 'a subject', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
    /** HSQLDB's own default, which a store made without the setting keeps. */
    private static final int HSQLDB_DEFAULT_ROWS = 50_000;

    @TempDir
    Path dir;

    @Test
    void theSettingReachesHsqldbsRowCacheFromTheGatewaysProperties() {
        Path data = dir.resolve("data");
        try (Store store = Store.open(StoreUpgradeRefusalsTest.settings(data, Map.of("qaqpa.db.cache-rows", "1000")))) {
            assertThat(cacheRows(store.db())).as("the cache in use").isEqualTo(1000);
            assertThat(rowsSetting(store.db())).as("the store's setting").isEqualTo("1000");
        }
    }

    @Test
    void aStoreMadeWithAnotherSettingIsChangedAtItsStart() {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            assertThat(cacheRows(db)).as("HSQLDB's default").isEqualTo(HSQLDB_DEFAULT_ROWS);
            db.update(A_MARK); // a row, so that the data file exists and is opened with the database
        }
        try (Database db = hsqldbFile(2, 700)) {
            assertThat(cacheRows(db)).as("in this start already, not only the next").isEqualTo(700);
            assertThat(db.queryOne("SELECT COUNT(*) FROM revocation_mark", rs -> rs.getInt(1))).contains(1);
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            assertThat(cacheRows(db)).as("kept by the store").isEqualTo(700);
        }
        try (Database db = hsqldbFile(2, HSQLDB_DEFAULT_ROWS)) {
            assertThat(cacheRows(db)).as("changed back").isEqualTo(HSQLDB_DEFAULT_ROWS);
        }
    }

    @Test
    void fewerRowsThanHsqldbsLeastRefuseTheStartBeforeTheStoreOpens() {
        Path data = dir.resolve("data");
        assertThatThrownBy(() -> Store.open(StoreUpgradeRefusalsTest.settings(data,
                Map.of("qaqpa.db.cache-rows", "99"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("qaqpa.db.cache-rows must be at least 100 (HSQLDB's least, or 3 rows for each of"
                        + " qaqpa.db.pool-size's 8 statements): 99");
        assertThat(Files.exists(data.resolve("db").resolve("qaqpa.script"))).as("nothing opened").isFalse();
    }

    @Test
    void fewerRowsThanALargePoolNeedsRefuseTheStart() {
        assertThatThrownBy(() -> hsqldbFile(40, 119)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be at least 120").hasMessageContaining("pool-size's 40 statements");
        assertThat(dir.resolve("qaqpa.script")).as("nothing opened").doesNotExist();
        try (Database db = hsqldbFile(40, 120)) {
            assertThat(cacheRows(db)).isEqualTo(120);
        }
    }

    /**
     * review59: HSQLDB takes at most 16,777,216 rows (its hsqldb.cache_rows range); SET FILES CACHE ROWS of more is
     * cut to that without a word. A larger qaqpa.db.cache-rows starts, runs with 16,777,216, and, the store's setting
     * never equal to it, is written again with a SHUTDOWN and a reopening at every start. Expected: refused before the
     * store opens, as fewer than 100 are.
     */
    @Test
    @org.junit.jupiter.api.Disabled("review59: a qaqpa.db.cache-rows above HSQLDB's most (16777216) is accepted, cut"
            + " by HSQLDB and written again at every start, fails on main")
    void moreRowsThanHsqldbsMostRefuseTheStartBeforeTheStoreOpens() {
        assertThatThrownBy(() -> {
            try (Database db = hsqldbFile(2, 20_000_000)) {
                assertThat(rowsSetting(db)).as("what HSQLDB keeps").isEqualTo("16777216");
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qaqpa.db.cache-rows must be at most");
        assertThat(dir.resolve("qaqpa.script")).as("nothing opened").doesNotExist();
    }

    private Database hsqldbFile(int poolSize, int cacheRows) {
        return Database.hsqldbFile(dir.toString(), poolSize, false, cacheRows, (db, versions) -> { });
    }

    /** The most rows the cache HSQLDB opened holds (the property says what the next opening will use). */
    private static int cacheRows(Database db) {
        return db.queryOne("VALUES 1", rs -> ((Session) ((JDBCConnection) rs.getStatement().getConnection())
                .getSession()).getDatabase().logger.getCache().capacity()).orElseThrow();
    }

    private static String rowsSetting(Database db) {
        return db.queryOne("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                + " WHERE PROPERTY_NAME = 'hsqldb.cache_rows'", rs -> rs.getString(1)).orElseThrow();
    }
}
