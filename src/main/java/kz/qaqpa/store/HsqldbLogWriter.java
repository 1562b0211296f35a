package kz.qaqpa.store;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.hsqldb.lib.FileAccess;
import org.hsqldb.persist.Logger;
import org.hsqldb.scriptio.ScriptWriterBase;

/**
 * HSQLDB 2.7's log writer as the group commit reaches it ({@link GroupCommit}): the writer of a log, its stream, file
 * and state, which HSQLDB does not publish (package-private fields, {@link HsqldbInternals}).
 */
final class HsqldbLogWriter {
    // read when the store opens (its opening watches the first log writer: watch), so a version that renamed them
    // fails the start
    private static final Field LOG = field(Logger.class, "log");
    private static final Field WRITER = field(LOG.getType(), "dbLogWriter");
    private static final Field STREAM = field(WRITER.getType(), "fileStreamOut");
    private static final Field DESCRIPTOR = field(WRITER.getType(), "outDescriptor");
    private static final Field CLOSED = field(WRITER.getType(), "isClosed");
    private static final Field LOGGER_DATABASE = field(Logger.class, "database");

    private HsqldbLogWriter() {
    }

    /**
     * The log's writer of the database {@code connection} belongs to watched from now on (open54, review54): the store's
     * first writer got its watch only at the first group sync, so a failed sync of HSQLDB's own timer during an upgrade's
     * migrations, which run before any, went unnoticed; watched, the next group sync reads it and refuses.
     */
    static void watch(Connection connection) throws SQLException {
        Logger log = GroupCommit.logOf(connection);
        synchronized (log) {
            Object writer = writerOf(log);
            if (writer != null && !isClosed(writer)) {
                WatchedFiles.of(log);
                flushed(writer);
            }
        }
    }

    /**
     * The writer's buffer written into its file, and the watch on the file's sync returned: every sync of the file, HSQLDB's
     * own timed ones too, goes through it. A writer opened through {@link WatchedFiles} (a checkpoint's new log) has it
     * from its opening; the store's first writer, opened before, gets it here at its first group sync. Called under the
     * log's monitor; the watch is put in under the stream's monitor, which HSQLDB's timer holds while it reads the
     * descriptor to sync (store53, review52b: set outside it, the timer had no happens-before edge to the new value).
     * Null when the writer was closed meanwhile (review56: a commit racing a SHUTDOWN met an NPE, answered SCE909; the
     * caller asks who closed it, review56b).
     */
    static WatchedSync flushed(Object writer) {
        try {
            OutputStream out = (OutputStream) STREAM.get(writer);
            synchronized (out) {
                out.flush();
                FileAccess.FileSync file = (FileAccess.FileSync) DESCRIPTOR.get(writer);
                if (file == null) { // closed after the caller's look: the caller asks who closed it
                    return null;
                }
                WatchedSync watched = WatchedSync.of(file);
                if (watched != file) {
                    DESCRIPTOR.set(writer, watched);
                }
                return watched;
            }
        } catch (IOException e) {
            // not sticky: the bytes never reached the kernel, the next flush writes them again
            throw StoreOutage.notDurable(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops HSQLDB's own timed sync of the log writer {@code writer} (perf56a). With write delay HSQLDB's timer syncs
     * the log every {@code hsqldb.write_delay_millis} holding the writer's stream lock for the whole fsync (and, since
     * review52, for the wait at {@link WatchedSync}'s monitor while a group sync runs): every commit's log record waits
     * for that lock while holding HSQLDB's transaction lock, so twice a second the whole store stopped for up to two
     * fsyncs, and every look-up in flight with it ((b)'s slowest 1% came in such bursts, all clients at once, every
     * 0.5 s). The timer's sync proves nothing any caller waits for: each commit that changed something waits in
     * {@link GroupCommit#awaitDurable} for a sync of ours, and a sync covers every byte written before it began. A
     * writer's timer runs until its first group sync (the store's opening, a checkpoint's new log), as before. Under the
     * log's monitor; {@code stop} is a no-op once stopped.
     */
    static void stopTimedSync(Object writer) {
        if (writer instanceof ScriptWriterBase timed) {
            timed.stop();
        }
    }

    /** The log's writer; null when there is none (a database closed meanwhile has no log). */
    static Object writerOf(Logger log) {
        try {
            Object open = LOG.get(log);
            return open == null ? null : WRITER.get(open);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isClosed(Object writer) {
        try {
            return CLOSED.getBoolean(writer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database {@code log} is the log of; null once shut down. */
    static org.hsqldb.Database databaseOf(Logger log) {
        return (org.hsqldb.Database) HsqldbInternals.read(LOGGER_DATABASE, log);
    }

    private static Field field(Class<?> type, String name) {
        return HsqldbInternals.field(type, name, "the check that the log's syncs succeed");
    }
}
