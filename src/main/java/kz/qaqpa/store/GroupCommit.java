package kz.qaqpa.store;

import java.io.IOException;
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
 * warning and goes on, and the commit would be answered as durable when it is not. So the log is flushed and synced
 * here, on the writer's own stream and file: a flush or sync that fails gives the waiters a {@link Database.StoreException}
 * (the channel answers SCE912 while the disk is short). A later sync that succeeds writes what the failed one left in
 * the log's buffer.
 *
 * <p>A failed sync is sticky ({@link StoreOutage}): from the failure on, every commit still waiting is refused until a
 * checkpoint proven on disk ({@link CheckpointJudge}) ends the outage. A failed write of the log's buffer into the file
 * (a full disk) is not sticky: those bytes never reached the kernel's pages, HSQLDB's buffer keeps them, and the next
 * sync writes them again. HSQLDB's log writer is reached through {@link HsqldbLogWriter}.
 *
 * <p>The sync holds HSQLDB's log ({@link Logger}'s monitor, which every commit needs to write its rows into the log) only
 * while it flushes the log's buffer into the file, not while the disk syncs it (perf48): HSQLDB's own
 * {@code Logger.synchLog} holds it for both, so every commit made meanwhile waited for the disk before it could even
 * be written, and then for the next sync.
 */
final class GroupCommit {
    /** The outage a failed sync begins, which refuses every commit still waiting. */
    private final StoreOutage outage;
    /** The checkpoints' judging, which a commit found synced while one ran waits for. */
    private final CheckpointJudge checkpoints;
    /** The outage's monitor ({@link StoreOutage#lock}): the waiters' state is written, and waited for, under it. */
    private final Object lock;
    /** Commits written to a log so far (each writer's number is taken after its commit returned). */
    private long written;
    /** The count of the log the latest waiter wrote to, shared by the waiters of that log (under lock). */
    private LogCount latest;
    private boolean syncing;

    GroupCommit(StoreOutage outage, CheckpointJudge checkpoints) {
        this.outage = outage;
        this.checkpoints = checkpoints;
        this.lock = outage.lock;
    }

    /**
     * One log's synced commits (store58, review57): every commit written to {@code log} up to number {@code synced} is on
     * disk. A number counts only for a sync of its own log: the store opened again after a shutdown
     * ({@link ReconnectingPool}) has a new log, and a sync of it proves nothing of a commit of the old one (whose close
     * may have failed to sync it, unreported: review56b). Written under lock.
     */
    private static final class LogCount {
        final Logger log;
        long synced;

        LogCount(Logger log) {
            this.log = log;
        }
    }

    /** The log of the database {@code connection} belongs to; taken while the connection is open. */
    static Logger logOf(Connection connection) throws SQLException {
        return hsqldbOf(connection).logger;
    }

    /** HSQLDB's database behind {@code connection}. */
    static org.hsqldb.Database hsqldbOf(Connection connection) throws SQLException {
        org.hsqldb.Database database = ((Session) connection.unwrap(JDBCConnection.class).getSession()).getDatabase();
        if (database == null) { // its session closed by a shutdown nothing of ours has met yet (review56b: an NPE)
            throw new SQLException("the store's database was shut down", "08003");
        }
        return database;
    }

    /**
     * Returns once the commit just made by the caller (already returned from {@code Connection.commit}) is on disk:
     * the first waiter syncs the log for everyone written so far; the others wait for it, or sync next.
     */
    void awaitDurable(Logger log) {
        long mine;
        long judgedBefore;
        LogCount own;
        synchronized (lock) {
            mine = ++written;
            judgedBefore = checkpoints.judged();
            own = countOf(log);
        }
        boolean interrupted = false;
        try {
            while (true) {
                long upTo;
                synchronized (lock) {
                    while (syncing && own.synced < mine) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the commit must be on disk before the caller goes on
                        }
                    }
                    if (own.synced >= mine) {
                        interrupted |= checkpoints.judgedAfter(judgedBefore);
                        return;
                    }
                    outage.refuseWhileUnsafe(); // not synced before a failure: no later sync of that log proves it
                    syncing = true;
                    upTo = written;
                }
                syncFor(own, upTo);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Under lock: the count of {@code log}, the latest one's while the waiters write to it. A commit of an older log
     * met after a newer one's gets a count of its own (so does the newer log's next waiter): it waits for a sync of its
     * own log, never for one of another.
     */
    private LogCount countOf(Logger log) {
        if (latest == null || latest.log != log) {
            latest = new LogCount(log);
        }
        return latest;
    }

    /**
     * This thread's sync of the log {@code own} counts, for every commit written to it up to {@code upTo}; the waiters
     * are woken whatever its outcome.
     */
    private void syncFor(LogCount own, long upTo) {
        boolean done = false;
        try {
            syncOrThrow(own.log);
            done = true;
        } finally {
            synchronized (lock) {
                syncing = false;
                if (done && outage.current() == null) { // after a failure, a sync that seems done proves nothing
                    own.synced = Math.max(own.synced, upTo);
                }
                lock.notifyAll();
            }
        }
    }

    /**
     * Syncs the log, and throws when the sync did not succeed. Under HSQLDB's log monitor the writer's buffer is flushed
     * into the file (as HSQLDB's own sync does, under the same stream lock, so no row is half written): that holds every
     * commit written so far. The disk then syncs the file outside the monitor: a sync covers every byte written to the
     * file before it began, and commits go on being written meanwhile. A checkpoint takes the same monitor for the
     * whole of its work; one that succeeded closed the writer (syncing its file first): found closed under the monitor
     * afterwards, it has made every commit before it durable itself (its new files), whatever became of this sync, and
     * a sync that meets the file closed (or, after the close, its descriptor's number reused) found it synced already.
     * A checkpoint that failed leaves the writer open (HSQLDB 2.7 then opens another on the same file): no proof, so
     * the failure stands (sync51; until then a replaced writer counted as proof).
     */
    private void syncOrThrow(Logger log) {
        Object writer;
        WatchedSync file;
        synchronized (log) {
            writer = HsqldbLogWriter.writerOf(log);
            if (writer == null || HsqldbLogWriter.isClosed(writer)) {
                refuseIfShutDown(log);
                return; // closed by a checkpoint (online): its files are proven as ours are
            }
            WatchedFiles.of(log); // every later writer's sync watched from its first (a checkpoint's new log, store52)
            PlainLogText.install(writer); // a new writer (the store's opening, a checkpoint) from its first sync on
            PlainDataRows.install(log.hasCache() ? log.getCache() : null); // likewise the data file's rows
            HsqldbLogWriter.stopTimedSync(writer); // likewise: from its first group sync on, the group commit alone syncs it
            file = HsqldbLogWriter.flushed(writer);
            if (file == null) { // closed meanwhile
                refuseIfShutDown(log);
                return;
            }
        }
        IOException failed = null;
        try {
            file.sync();
        } catch (IOException e) {
            failed = e;
        }
        if (failed == null) {
            failed = file.failed(); // HSQLDB's own timed sync failed before: the error is reported once, to it alone
        }
        if (failed != null) {
            synchronized (log) {
                // closed meanwhile: by a checkpoint that succeeded (HSQLDB closes the log only then, syncing it first),
                // and the sync found the descriptor closed; one that failed leaves it open (and opens another writer)
                if (!HsqldbLogWriter.isClosed(writer)) {
                    throw outage.failedOn(failed);
                }
                refuseIfShutDown(log);
            }
        }
    }

    /**
     * A log writer found closed or gone was closed by a checkpoint (its proof is ours:
     * {@link CheckpointJudge#afterCheckpoint}) only while its database is online; otherwise by a shutdown, whose close
     * syncs through HSQLDB's {@code forceSync}, which logs a failure and returns (review56b: a commit that close alone
     * covered was answered durable after a failed sync). Such a commit is refused as not durable: never acknowledged,
     * and the store's next opening proves its files.
     */
    private static void refuseIfShutDown(Logger log) {
        org.hsqldb.Database database = HsqldbLogWriter.databaseOf(log);
        if (database == null || !HsqldbInternals.online(database)) {
            throw StoreOutage.notDurable(new IOException("the store's log was closed by a shutdown before this commit's"
                    + " own sync (HSQLDB's close does not report a failed sync)"));
        }
    }
}
