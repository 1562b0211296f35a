package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose lock file a process killed moments ago left behind, its heartbeat still fresh (what HSQLDB's lock file
 * looks like right after kill -9): the store opens once the heartbeat is stale, instead of failing the start.
 */
class CrashedLockTest {
    @TempDir
    Path dir;

    @Test
    void aDeadProcesssFreshLockIsWaitedOut() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            db.update("CREATE TABLE kept (id INT)");
            db.update("INSERT INTO kept VALUES (7)");
        }
        Path lock = dir.resolve("qaqpa.lck");
        try (RandomAccessFile file = new RandomAccessFile(lock.toFile(), "rw")) {
            file.write("HSQLLOCK".getBytes(StandardCharsets.US_ASCII)); // HSQLDB's lock file: magic, then the heartbeat
            file.writeLong(System.currentTimeMillis());
        }
        assertThat(Files.size(lock)).isEqualTo(16);

        long started = System.nanoTime();
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(db.queryOne("SELECT id FROM kept", rs -> rs.getInt(1))).contains(7);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }
}
