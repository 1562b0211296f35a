package kz.qaqpa.store;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.hsqldb.Session;
import org.hsqldb.jdbc.JDBCConnection;
import org.hsqldb.persist.Logger;

/**
 * Group commit for the HSQLDB file store. The database writes each commit to its log without syncing it (write
 * delay on), and every transaction that changed something waits in {@link #awaitDurable} until a sync that began
 * after its commit was written has finished. So a caller is still answered only once its commit is on disk (the
 * guarantee of syncing every commit), but commits that arrive while one sync runs share the next one, and no
 * transaction holds the database's commit lock while the disk syncs.
 *
 * <p>HSQLDB's log is one append-only file: a sync covers everything written to it before the sync began.
 *
 * <p>HSQLDB does not report a failed flush or sync of its log (a full disk, an I/O error): its log writer notes a
 * warning and goes on, and the commit would be answered as durable when it is not. Its writer counts the syncs that
 * succeeded, though: a sync that does not move that count failed, and the waiters get a {@link Database.StoreException}
 * (the channel answers SCE912 while the disk is short). A later sync that succeeds writes what the failed one left in
 * the log's buffer.
 */
final class GroupCommit {
    // HSQLDB 2.7's log writer and its count of good syncs (package-private and private fields): read when the store
    // opens (this class is loaded with the Database that holds one), so a version that renamed them fails the start
    private static final Field LOG = field(Logger.class, "log");
    private static final Field WRITER = field(LOG.getType(), "dbLogWriter");
    private static final Field SYNCS = field(WRITER.getType(), "syncCount");
    /** The database has no log open (nothing to sync). */
    private static final long NO_WRITER = -1;
    private final Object lock = new Object();
    /** Commits written to the log so far (each writer's number is taken after its commit returned). */
    private long written;
    /** Every commit up to this number is on disk. */
    private long synced;
    private boolean syncing;

    /** The log of the database {@code connection} belongs to; taken while the connection is open. */
    static Logger logOf(Connection connection) throws SQLException {
        Session session = (Session) connection.unwrap(JDBCConnection.class).getSession();
        return session.getDatabase().logger;
    }

    /**
     * Returns once the commit just made by the caller (already returned from {@code Connection.commit}) is on disk:
     * the first waiter syncs the log for everyone written so far; the others wait for it, or sync next.
     */
    void awaitDurable(Logger log) {
        long mine;
        synchronized (lock) {
            mine = ++written;
        }
        boolean interrupted = false;
        try {
            while (true) {
                long upTo;
                synchronized (lock) {
                    while (syncing && synced < mine) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the commit must be on disk before the caller goes on
                        }
                    }
                    if (synced >= mine) {
                        return;
                    }
                    syncing = true;
                    upTo = written;
                }
                syncFor(log, upTo);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This thread's sync, for every commit written up to {@code upTo}; the waiters are woken whatever its outcome. */
    private void syncFor(Logger log, long upTo) {
        boolean done = false;
        try {
            syncOrThrow(log);
            done = true;
        } finally {
            synchronized (lock) {
                syncing = false;
                if (done) {
                    synced = Math.max(synced, upTo);
                }
                lock.notifyAll();
            }
        }
    }

    /** Syncs the log, and throws when the sync did not succeed (HSQLDB only notes it). */
    private static void syncOrThrow(Logger log) {
        long before = goodSyncs(log);
        log.synchLog();
        if (before != NO_WRITER && goodSyncs(log) == before) {
            throw new Database.StoreException(new SQLException("the store's log could not be written to disk (a full"
                    + " disk or an I/O error; HSQLDB's own log names it): the commit is not durable"));
        }
    }

    /**
     * The log writer's identity in the high bits, its good syncs in the low: different whenever a sync succeeded (a
     * new writer after a checkpoint starts a new count, so the count is taken together with its writer).
     */
    private static long goodSyncs(Logger logger) {
        try {
            Object writer = WRITER.get(LOG.get(logger));
            return writer == null ? NO_WRITER
                    : (long) System.identityHashCode(writer) << 32 | (SYNCS.getInt(writer) & 0xffffffffL);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("HSQLDB " + type.getName() + " has no field " + name
                    + ": the check that the log's syncs succeed needs HSQLDB 2.7", e);
        }
    }
}
