package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log size before a checkpoint is a setting of the store: it holds after the store is opened again. */
class CheckpointSettingTest {
    @TempDir
    Path dir;

    @Test
    void theLogSizeIsKeptByTheStore() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(logSize(db)).as("HSQLDB's default").isEqualTo("50");
            db.checkpointAfterLogOf(123);
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(logSize(db)).isEqualTo("123");
        }
    }

    @Test
    void aSizeBelowOneMegabyteIsRefused() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThatThrownBy(() -> db.checkpointAfterLogOf(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1 MB");
            assertThat(logSize(db)).isEqualTo("50");
        }
    }

    private static String logSize(Database db) {
        return db.queryOne("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                + " WHERE PROPERTY_NAME = 'hsqldb.log_size'", rs -> rs.getString(1)).orElseThrow();
    }
}
