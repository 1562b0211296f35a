package kz.qaqpa.store;

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
 */
final class GroupCommit {
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
                boolean done = false;
                try {
                    log.synchLog();
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
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
