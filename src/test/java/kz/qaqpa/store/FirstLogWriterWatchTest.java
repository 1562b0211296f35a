package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.hsqldb.persist.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * open54 (review54 LOW): the store's first log writer is watched ({@link WatchedSync}) from the store's opening, before
 * an upgrade's migrations write into it: it got its watch only at the first group sync, so a failed sync of HSQLDB's own
 * timer during the migrations (which commit outside the group commit) was never read. What is checked is the watch
 * itself: a timer's failed sync cannot be placed inside a migration from a test.
 */
class FirstLogWriterWatchTest {
    @TempDir
    Path dir;

    /** A store opened and upgraded (a new one: every migration run), no change committed through the gateway yet. */
    @Test
    void theLogWriterIsWatchedOnceTheStoreIsOpenBeforeAnyGroupSync() throws Exception {
        Path store = Files.createDirectories(dir.resolve("db"));
        try (Database db = Database.hsqldbFile(store.toString(), 1);
                Connection c = DriverManager.getConnection(StoreFiles.url(store.toString()) + ";ifexists=true",
                        StoreFiles.USER, "")) {
            assertThat(descriptorOf(GroupCommit.logOf(c))).as("the log writer's file, as its syncs go")
                    .isInstanceOf(WatchedSync.class);
        }
    }

    /** HSQLDB 2.7's log writer's descriptor (the fields GroupCommit reads, package-private in HSQLDB). */
    private static Object descriptorOf(Logger log) {
        String why = "FirstLogWriterWatchTest";
        Field logField = HsqldbInternals.field(Logger.class, "log", why);
        Field writerField = HsqldbInternals.field(logField.getType(), "dbLogWriter", why);
        Field descriptorField = HsqldbInternals.field(writerField.getType(), "outDescriptor", why);
        synchronized (log) {
            Object writer = HsqldbInternals.read(writerField, HsqldbInternals.read(logField, log));
            return HsqldbInternals.read(descriptorField, writer);
        }
    }
}
