package kz.qaqpa.store;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hsqldb.Session;
import org.hsqldb.jdbc.JDBCConnection;
import org.hsqldb.lib.FileAccess;
import org.hsqldb.persist.Logger;
import org.hsqldb.scriptio.ScriptWriterBase;
import org.slf4j.LoggerFactory;

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
 * <p>A failed sync is sticky (sync51, review50b): after an fsync that failed with EIO, Linux may drop the failed pages
 * and report the next fsync of the file as done ("fsyncgate"), so no later sync of the same log file proves anything
 * durable. From the failure on, every commit still waiting and every transaction about to change something is
 * refused ({@link #refuseWhileUnsafe}: SCE912, nothing stored) until a checkpoint succeeds ({@link #afterCheckpoint}):
 * HSQLDB's checkpoint writes the whole committed state from memory into new files and syncs them, so it makes durable
 * every commit the doubtful log held, whatever became of its pages ({@link Checkpoints} runs one
 * {@link Checkpoints#AFTER_FAILURE} after the failure, and again as long as it fails). A failed write of the log's
 * buffer into the file (a full disk) is not sticky: those bytes never reached the kernel's pages, HSQLDB's buffer keeps
 * them, and the next sync writes them again.
 *
 * <p>The sync holds HSQLDB's log ({@link Logger}'s monitor, which every commit needs to write its rows into the log) only
 * while it flushes the log's buffer into the file, not while the disk syncs it (perf48): HSQLDB's own
 * {@code Logger.synchLog} holds it for both, so every commit made meanwhile waited for the disk before it could even
 * be written, and then for the next sync.
 */
final class GroupCommit {
    private static final org.slf4j.Logger OUT = LoggerFactory.getLogger(GroupCommit.class);
    // HSQLDB 2.7's log writer, its stream, file and state (package-private fields): read when the store
    // opens (this class is loaded with the Database that holds one), so a version that renamed them fails the start
    private static final Field LOG = field(Logger.class, "log");
    private static final Field WRITER = field(LOG.getType(), "dbLogWriter");
    private static final Field STREAM = field(WRITER.getType(), "fileStreamOut");
    private static final Field DESCRIPTOR = field(WRITER.getType(), "outDescriptor");
    private static final Field CLOSED = field(WRITER.getType(), "isClosed");
    private static final Field LOGGER_DATABASE = field(Logger.class, "database");
    private final Object lock = new Object();
    /** Commits written to a log so far (each writer's number is taken after its commit returned). */
    private long written;
    /** The count of the log the latest waiter wrote to, shared by the waiters of that log (under lock). */
    private LogCount latest;
    private boolean syncing;
    /**
     * Checkpoints (and backups' checkpoints) begun and judged (their proof taken, their doubt noted) so far: a commit
     * waiting while one runs is answered only after it is judged (review57, {@link #judgedAfter}). Judged is written
     * under lock; begun is not, so that a checkpoint never waits for the lock to begin.
     */
    private final AtomicLong checkpointsBegun = new AtomicLong();
    private long checkpointsJudged;
    /** The sync that failed, no later sync counting until a checkpoint succeeded; null: none (written under lock). */
    private volatile Failure failure;
    /**
     * A checkpoint's sync of the data file failed (written under lock): its pages may be lost, so only a checkpoint that
     * writes the data file anew ends the failure (store53).
     */
    private volatile boolean dataFileDoubtful;
    /**
     * Why a checkpoint's files were not proven on disk during the failure noted (written under lock with it); null: no
     * checkpoint doubted. Such a checkpoint may have deleted the log that held the rows, so the doubt must outlive the
     * process ({@link DoubtMark}, doubt54).
     */
    private volatile String checkpointDoubt;

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

    /**
     * A failed sync: why, and when (System.nanoTime()). Not the log it failed on: the database may be shut down and
     * opened again meanwhile ({@link ReconnectingPool}), and the checkpoint that ends the failure is the open one's.
     */
    private record Failure(IOException cause, long at) {
    }

    /**
     * A checkpoint about to begin: the failure noted then (null: none), the log's writer then, what is to prove the
     * checkpoint's own files durable, and whether it writes the data file anew (CHECKPOINT DEFRAG).
     */
    record BeforeCheckpoint(Failure failure, Object writer, CheckpointProof proof, boolean anew, Runnable judged)
            implements AutoCloseable {
        /** HSQLDB's statement for this checkpoint. */
        String statement() {
            return anew ? "CHECKPOINT DEFRAG" : "CHECKPOINT";
        }

        /** Closed after its {@code after...} step noted its doubt, or after a step before the statement failed. */
        @Override
        public void close() {
            try {
                proof.close();
            } finally {
                judged.run();
            }
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
            judgedBefore = checkpointsJudged;
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
                        interrupted |= judgedAfter(judgedBefore);
                        return;
                    }
                    Failure failed = failure;
                    if (failed != null) { // not synced before the failure: no later sync of that log proves it
                        throw refusedWhileUnsafe(failed.cause());
                    }
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
     * Called under lock by a commit found synced: when a checkpoint began before its sync was done and was not yet judged
     * as the commit began to wait, the commit may have been written to the log that checkpoint closed (and deleted), so
     * the sync that counted it may have been of the new log, and only the checkpoint's files hold it (review57: it was
     * answered durable before their proof, which then failed). Such a commit waits until every checkpoint begun by now
     * is judged, and is refused if one began an outage. One whose own sync covered it is refused too then: rare (a
     * checkpoint's proof failed while it waited), and not durable is the safe answer.
     *
     * @return whether the wait was interrupted (the caller keeps the flag)
     */
    private boolean judgedAfter(long judgedBefore) {
        long begun = checkpointsBegun.get();
        if (begun == judgedBefore) {
            return false;
        }
        boolean interrupted = false;
        while (checkpointsJudged < begun) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true; // answered only once the checkpoint is judged
            }
        }
        Failure failed = failure;
        if (failed != null) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw refusedWhileUnsafe(failed.cause());
        }
        return interrupted;
    }

    /** A checkpoint begun ({@link #before}); every begun one is judged once, when its proof is closed. */
    private Runnable checkpointBegun() {
        checkpointsBegun.incrementAndGet();
        boolean[] once = {false};
        return () -> {
            synchronized (lock) {
                if (!once[0]) {
                    once[0] = true;
                    checkpointsJudged++;
                    lock.notifyAll();
                }
            }
        };
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
                if (done && failure == null) { // after a failure, a sync that seems done proves nothing
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
            writer = writerOf(log);
            if (writer == null || isClosed(writer)) {
                refuseIfShutDown(log);
                return; // closed by a checkpoint (online): its files are proven as ours are
            }
            WatchedFiles.of(log); // every later writer's sync watched from its first (a checkpoint's new log, store52)
            PlainLogText.install(writer); // a new writer (the store's opening, a checkpoint) from its first sync on
            PlainDataRows.install(log.hasCache() ? log.getCache() : null); // likewise the data file's rows
            stopTimedSync(writer); // likewise: from its first group sync on, the group commit alone syncs it
            file = flushed(writer);
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
                if (!isClosed(writer)) {
                    throw failedOn(failed);
                }
                refuseIfShutDown(log);
            }
        }
    }

    /**
     * A log writer found closed or gone was closed by a checkpoint (its proof is ours: {@link #afterCheckpoint}) only
     * while its database is online; otherwise by a shutdown, whose close syncs through HSQLDB's {@code forceSync}, which
     * logs a failure and returns (review56b: a commit that close alone covered was answered durable after a failed
     * sync). Such a commit is refused as not durable: never acknowledged, and the store's next opening proves its files.
     */
    private static void refuseIfShutDown(Logger log) {
        org.hsqldb.Database database = (org.hsqldb.Database) HsqldbInternals.read(LOGGER_DATABASE, log);
        if (database == null || !HsqldbInternals.online(database)) {
            throw notDurable(new IOException("the store's log was closed by a shutdown before this commit's own sync"
                    + " (HSQLDB's close does not report a failed sync)"));
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
    private static WatchedSync flushed(Object writer) {
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
            throw notDurable(e); // not sticky: the bytes never reached the kernel, the next flush writes them again
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses a transaction about to change something while a failed sync has not been made good by a checkpoint: its
     * commit could be answered only by a sync that proves nothing. One volatile read while the store is sound.
     *
     * @throws Database.StoreRefused while refused (SCE912)
     */
    void refuseWhileUnsafe() {
        Failure failed = failure;
        if (failed != null) {
            throw refusedWhileUnsafe(failed.cause());
        }
    }

    /** Why the store's outage began (a failed sync, or a checkpoint not proven), while one stands. */
    Optional<String> outage() {
        Failure failed = failure;
        return failed == null ? Optional.empty() : Optional.of(failed.cause().getMessage());
    }

    /** How long ago (nanoseconds) a sync failed that no checkpoint has made good yet; -1 when none did. */
    long failedFor() {
        Failure failed = failure;
        return failed == null ? -1 : System.nanoTime() - failed.at();
    }

    /**
     * Why a checkpoint's files are not known to be on disk, while the failure that doubt began or joined stands: the
     * store on disk may lack rows only memory holds now.
     */
    Optional<String> checkpointDoubt() {
        return Optional.ofNullable(checkpointDoubt);
    }

    /** The failure noted (the first of an outage is logged; later ones, until a checkpoint succeeds, are the same one). */
    private Database.StoreException failedOn(IOException cause) {
        synchronized (lock) {
            if (failure == null) {
                failure = new Failure(cause, System.nanoTime());
                OUT.error("the store's log could not be synced ({}): every change is refused (SCE912) until a"
                        + " checkpoint has written the store anew (tried in {} s, and again while it fails)",
                        cause.toString(), Checkpoints.AFTER_FAILURE.toSeconds());
            }
        }
        return notDurable(cause);
    }

    /**
     * Taken just before a checkpoint on {@code connection}, of the log of the database open now (review51b: the
     * failure's own, once the database was opened again, was closed for good, and every checkpoint failed on it). Every
     * checkpoint of ours is proven (store53: until then only those during an outage, so a normal checkpoint whose data
     * file's writeback failed deleted the log that held the lost rows unnoticed); its cost is a descriptor opened and two
     * syncs of what HSQLDB has just synced, once a checkpoint. After a checkpoint whose data file was not proven, the next
     * ones write the data file anew until one is proven.
     */
    BeforeCheckpoint beforeCheckpoint(Connection connection) throws SQLException {
        Failure failed = failure;
        return before(connection, failed, failed != null && dataFileDoubtful);
    }

    /**
     * Taken just before a BLOCKING backup on {@code connection}, whose checkpoint is proven as ours are (review53b) but
     * never writes the data file anew (a backup is no CHECKPOINT DEFRAG).
     */
    BeforeCheckpoint beforeBackup(Connection connection) throws SQLException {
        return before(connection, failure, false);
    }

    private BeforeCheckpoint before(Connection connection, Failure failed, boolean anew) throws SQLException {
        org.hsqldb.Database open = hsqldbOf(connection);
        Logger log = open.logger;
        Object writer;
        synchronized (log) {
            writer = writerOf(log);
        }
        if (anew) {
            Optional<String> lacking = DefragRoom.lacking(log, open.getPath());
            if (lacking.isPresent()) {
                throw new SQLException(lacking.get());
            }
        }
        try {
            CheckpointProof proof = CheckpointProof.before(log, open.getPath(), anew);
            return new BeforeCheckpoint(failed, writer, proof, anew, checkpointBegun());
        } catch (IOException e) {
            throw new SQLException("the store's data file could not be opened to prove the checkpoint: " + e, e);
        }
    }

    /**
     * After a backup's checkpoint: one not proven begins an outage or keeps one, as after ours; a proven one ends none
     * (store52: the backup changes no row, and during an outage it is taken from the doubtful state as it is).
     *
     * @return why this backup's own checkpoint is not proven (open54: the backup is then not answered as taken)
     */
    Optional<CheckpointProof.Doubt> afterBackup(BeforeCheckpoint before) {
        boolean ran = before.writer() != null && isClosed(before.writer());
        Optional<CheckpointProof.Doubt> doubt = before.proof().unproven().filter(d -> ran || d.dataFile());
        doubt.ifPresent(this::doubted);
        return doubt;
    }

    /**
     * The checkpoint HSQLDB ran as it opened the store was not proven ({@link OpeningProof}, open54): it begins the outage
     * as one of ours would, before any work is taken.
     */
    void openingDoubted(CheckpointProof.Doubt doubt) {
        doubted(doubt);
    }

    /**
     * The log's writer of the database {@code connection} belongs to watched from now on (open54, review54): the store's
     * first writer got its watch only at the first group sync, so a failed sync of HSQLDB's own timer during an upgrade's
     * migrations, which run before any, went unnoticed; watched, the next group sync reads it and refuses.
     */
    void watchLog(Connection connection) throws SQLException {
        Logger log = logOf(connection);
        synchronized (log) {
            Object writer = writerOf(log);
            if (writer != null && !isClosed(writer)) {
                WatchedFiles.of(log);
                flushed(writer);
            }
        }
    }

    /**
     * After a checkpoint, whether HSQLDB's succeeded or not. HSQLDB closes the log's writer only in a checkpoint that
     * wrote its new files; one that failed (HSQLDB 2.7 notes it and returns) leaves that writer open and even opens
     * another on the same file, so "closed", not "replaced", is the proof that it ran. One that ran and is proven
     * ({@link CheckpointProof}) ends the failure noted before it (logged once): it wrote the whole committed state from
     * memory and synced it, so every commit of the doubtful log is durable then; but after a data file's doubt only one
     * that wrote the data file anew (store53, review52b: a plain checkpoint writes only the rows changed since the last,
     * not the pages the failed writeback lost, and our new descriptor, opened after HSQLDB was told of the error, syncs
     * clean). One not proven begins a failure, or keeps the one noted; a checkpoint HSQLDB gave up on is doubted only for
     * its data file (its cache counts the rows written; the log, still the store's, holds everything else).
     */
    void afterCheckpoint(BeforeCheckpoint before) {
        boolean ran = before.writer() != null && isClosed(before.writer());
        Optional<CheckpointProof.Doubt> doubt = before.proof().unproven();
        if (doubt.isPresent() && (ran || doubt.get().dataFile())) {
            doubted(doubt.get());
            return;
        }
        if (!ran || before.failure() == null) {
            return;
        }
        synchronized (lock) {
            if (failure == before.failure() && (!dataFileDoubtful || before.anew())) {
                failure = null;
                dataFileDoubtful = false;
                checkpointDoubt = null;
                OUT.info("the store syncs again: a checkpoint wrote the store anew{} after the failed sync of {} s ago;"
                        + " changes are taken again", before.anew() ? ", its data file too," : "",
                        (System.nanoTime() - before.failure().at()) / 1_000_000_000);
            }
        }
    }

    /** A checkpoint whose files are not known to be on disk: every change refused until one is (logged once). */
    private void doubted(CheckpointProof.Doubt doubt) {
        synchronized (lock) {
            if (doubt.dataFile()) {
                dataFileDoubtful = true;
            }
            if (checkpointDoubt == null) {
                checkpointDoubt = doubt.reason();
            }
            if (failure == null) {
                failure = new Failure(new IOException("a checkpoint's files could not be proven on disk: "
                        + doubt.reason()), System.nanoTime());
                OUT.error("store checkpoint: {}; every change is refused (SCE912) until a checkpoint{} is proven"
                        + " (tried in {} s, and again while it fails)", doubt.reason(),
                        doubt.dataFile() ? " that writes the data file anew" : "", Checkpoints.AFTER_FAILURE.toSeconds());
            } else {
                OUT.warn("the checkpoint after the failed sync is no proof: {}; changes are still refused{}",
                        doubt.reason(), dataFileDoubtful ? " until a checkpoint writes the data file anew" : "");
            }
        }
    }

    /**
     * A refusal of ours while a failed sync stands (review55): answered SCE912 even when the checkpoint that ends the
     * outage runs before the fault is written, as a stalled sync's refusal is (fd4c295e).
     */
    private static Database.StoreRefused refusedWhileUnsafe(IOException cause) {
        return new Database.StoreRefused(notDurableReason(cause));
    }

    private static Database.StoreException notDurable(IOException cause) {
        return new Database.StoreException(notDurableReason(cause));
    }

    private static SQLException notDurableReason(IOException cause) {
        return new SQLException("the store's log could not be written to disk (a full disk or an I/O error: "
                + cause.getMessage() + "): the commit is not durable", cause);
    }

    /**
     * Stops HSQLDB's own timed sync of the log writer {@code writer} (perf56a). With write delay HSQLDB's timer syncs
     * the log every {@code hsqldb.write_delay_millis} holding the writer's stream lock for the whole fsync (and, since
     * review52, for the wait at {@link WatchedSync}'s monitor while a group sync runs): every commit's log record waits
     * for that lock while holding HSQLDB's transaction lock, so twice a second the whole store stopped for up to two
     * fsyncs, and every look-up in flight with it ((b)'s slowest 1% came in such bursts, all clients at once, every
     * 0.5 s). The timer's sync proves nothing any caller waits for: each commit that changed something waits in
     * {@link #awaitDurable} for a sync of ours, and a sync covers every byte written before it began. A writer's timer
     * runs until its first group sync (the store's opening, a checkpoint's new log), as before. Under the log's
     * monitor; {@code stop} is a no-op once stopped.
     */
    private static void stopTimedSync(Object writer) {
        if (writer instanceof ScriptWriterBase timed) {
            timed.stop();
        }
    }

    /** The log's writer; null when there is none (a database closed meanwhile has no log). */
    private static Object writerOf(Logger log) {
        try {
            Object open = LOG.get(log);
            return open == null ? null : WRITER.get(open);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isClosed(Object writer) {
        try {
            return CLOSED.getBoolean(writer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> type, String name) {
        return HsqldbInternals.field(type, name, "the check that the log's syncs succeed");
    }
}
