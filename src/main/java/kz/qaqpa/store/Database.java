package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateway's database. Work done inside {@link #inTransaction} shares one connection and commits or rolls
 * back as a whole, so an application is never half-stored. The schema is versioned with Flyway
 * ({@code store/migration/V<n>__*.sql}); opening a store upgrades it.
 *
 * <p>This is what the rest of the gateway calls; the store's parts behind it do the work: {@link StoreOpening} opens
 * the HSQLDB file (and {@link StoreReopening} opens it again after its loss), {@link Transactions} runs the units of
 * work, {@link Statements} the updates and queries in them, and {@link ProvenCheckpoints} the checkpoints and backups
 * of ours, each proven on disk; {@link GroupCommit} answers each commit once it is on disk, {@link SyncStall} watches
 * for a hung sync.
 */
public final class Database implements AutoCloseable {
    /**
     * The connections lent to each unit of work, and the database's loss and return (also the opening's:
     * {@link StoreOpening}, {@link StoreReopening}).
     */
    final ReconnectingPool connections;
    /** A failed sync or an unproven checkpoint no proven checkpoint has made good yet: every change refused. */
    final StoreOutage outage = new StoreOutage();
    /** Each checkpoint's proof, and whether it ends, begins or keeps the outage. */
    private final CheckpointJudge checkpointJudge = new CheckpointJudge(outage);
    /** Makes each changing transaction wait for its commit's sync. */
    private final GroupCommit groupCommit = new GroupCommit(outage, checkpointJudge);
    /** Units of work under way, for choosing a quiet moment to checkpoint. */
    private final StoreActivity activity = new StoreActivity();
    /** Commits on their way to the disk, watched for a hung sync (hang53). */
    private final SyncStall stall = new SyncStall();
    /** The writes of HSQLDB's file of large values, a failed one failing its statement (lobs54). */
    private final LargeValueWrites largeValues;
    /** The units of work: transactions, and reads outside one. */
    private final Transactions transactions;
    /** The updates and queries, in the thread's unit of work or in one of their own. */
    private final Statements statements;
    /** The checkpoints and backups of ours, each proven on disk (also the opening's, proving its checkpoint). */
    final ProvenCheckpoints checkpoints;

    /** What {@link #close} does last, after the database is shut down (a read-only store releases its lock). */
    private final Runnable closed;
    /** False for a read-only store: HSQLDB writes none of its files, so its stop has no checkpoint to prove. */
    private final boolean writable;
    /**
     * Run right after a checkpoint's statement, before its proof and the mark follow: where a kill -9 would leave the
     * files as they are then (a hook only the tests set).
     */
    volatile Runnable afterCheckpointStatement = () -> { };
    /**
     * Run in a reopening right after the store opened, before its pool is made: where a failed borrow, a disk error or
     * the directory moved away would fall (a hook only the tests set).
     */
    volatile Runnable afterReopeningOpened = () -> { };
    /**
     * Run right after the store's opening (its first connection, at a start or a reopening), before any checkpoint of
     * ours: the opening's files as HSQLDB left them (a hook only the tests set; they run one at a time).
     */
    static volatile Runnable afterOpening = () -> { };

    /**
     * @param first     the pool on the store as it was opened
     * @param reopening opens the store again when the current pool lost its database ({@link ReconnectingPool}), given
     *                  this database
     * @param doubtMark a checkpoint's doubt, kept on disk while it stands (doubt54)
     */
    Database(ConnectionPool first, Function<Database, ReconnectingPool.Reopening> reopening, String probeUrl,
             Runnable closed, DoubtMark doubtMark, LargeValueWrites largeValues, boolean writable) {
        this.largeValues = largeValues;
        this.connections = new ReconnectingPool(first, reopening.apply(this), probeUrl);
        this.transactions = new Transactions(connections, groupCommit, outage, activity, stall);
        this.statements = new Statements(transactions);
        this.checkpoints = new ProvenCheckpoints(connections, checkpointJudge, outage, stall, doubtMark,
                () -> afterCheckpointStatement.run());
        this.closed = closed;
        this.writable = writable;
    }

    /** A pooled HSQLDB file database whose data file is read and written as a file (the gateway's default). */
    public static Database hsqldbFile(String directory, int poolSize) {
        return hsqldbFile(directory, poolSize, false);
    }

    /**
     * A pooled HSQLDB file database. Its commits are written to the log without a sync of their own (write_delay):
     * {@link GroupCommit} syncs them in groups and answers each transaction only once its commit is on disk, so every
     * commit is as durable as with write_delay=false. The pool opens the files only if they exist (ifexists), so a
     * data directory that went missing is an outage, never a fresh empty store. {@code mappedDataFile}
     * (qaqpa.db.nio-data-file): whether HSQLDB maps the data file into memory (its own default, while the file is
     * under 256 MB) or reads and writes it as a file. A checkpoint syncs a mapped file once for each 16 MB it maps, a
     * file once: its stall was about 40% as long so (docs/performance.md, session 40). Durability is the log's either
     * way.
     */
    public static Database hsqldbFile(String directory, int poolSize, boolean mappedDataFile) {
        return hsqldbFile(directory, poolSize, mappedDataFile, (db, versions) -> { });
    }

    /** As {@link #hsqldbFile(String, int, StoreFiles.DataFile, BeforeUpgrade)}, the store's row cache as it is. */
    public static Database hsqldbFile(String directory, int poolSize, boolean mappedDataFile, BeforeUpgrade beforeUpgrade) {
        return hsqldbFile(directory, poolSize, StoreFiles.DataFile.asFile(mappedDataFile), beforeUpgrade);
    }

    /**
     * As {@link #hsqldbFile(String, int, StoreFiles.DataFile, BeforeUpgrade)}, HSQLDB's row cache holding at most {@code cacheRows}
     * rows (qaqpa.db.cache-rows), written into the store at its opening when its own differs. Fewer than
     * {@link #leastCacheRows} for {@code poolSize} statements, or more than HSQLDB keeps (it would cut the value without
     * a word, and the store's setting would then differ at every start), are refused before the store is opened.
     */
    public static Database hsqldbFile(String directory, int poolSize, boolean mappedDataFile, int cacheRows,
                                      BeforeUpgrade beforeUpgrade) {
        if (cacheRows < leastCacheRows(poolSize)) {
            throw new IllegalArgumentException("qaqpa.db.cache-rows must be at least " + leastCacheRows(poolSize)
                    + " (HSQLDB's least, or " + StoreFiles.DataFile.ROWS_A_STATEMENT_KEEPS
                    + " rows for each of qaqpa.db.pool-size's " + poolSize + " statements): " + cacheRows);
        }
        if (cacheRows > StoreFiles.DataFile.HSQLDB_MOST_CACHE_ROWS) {
            throw new IllegalArgumentException("qaqpa.db.cache-rows must be at most "
                    + StoreFiles.DataFile.HSQLDB_MOST_CACHE_ROWS + " (HSQLDB's most): " + cacheRows);
        }
        return hsqldbFile(directory, poolSize, new StoreFiles.DataFile(mappedDataFile, cacheRows), beforeUpgrade);
    }

    /** The fewest rows HSQLDB's row cache may hold for {@code poolSize} statements at once (qaqpa.db.cache-rows). */
    public static int leastCacheRows(int poolSize) {
        return StoreFiles.DataFile.leastCacheRows(poolSize);
    }

    /**
     * As {@link #hsqldbFile(String, int, boolean)}, telling {@code beforeUpgrade} first when the store's schema is to be
     * upgraded (the gateway backs the store up then). A store that fails to open or upgrade is closed again. A store
     * whose last run left a checkpoint's doubt standing is refused before it is opened ({@link DoubtedStore}). The
     * checkpoint HSQLDB runs as it opens a store a crash left is proven as ours are ({@link OpeningProof}, open54): one not
     * proven begins the outage before any work is taken, a proven checkpoint of ours is tried at once, and while the
     * outage stands the schema is not upgraded ({@link OpeningInDoubt}).
     */
    private static Database hsqldbFile(String directory, int poolSize, StoreFiles.DataFile dataFile,
                                       BeforeUpgrade beforeUpgrade) {
        return StoreOpening.file(directory, poolSize, dataFile, beforeUpgrade);
    }

    /**
     * A store opened to be read as it is (the message log's verifier: an evidence tool must not change what it
     * verifies). Read-only: HSQLDB replays a log left by a crash in memory and writes no file of the store. Never
     * migrated: a store whose schema is not this build's is refused ({@link SchemaMismatch}). HSQLDB takes no lock on
     * a read-only store, so its lock file is taken here, as the gateway takes it: a running gateway is reported (a
     * {@link StoreException} saying "lock"), and one started meanwhile cannot change the files under the reader. The
     * lock file is removed again on {@link #close}.
     */
    public static Database readOnlyFile(String directory) {
        return StoreOpening.readOnly(directory);
    }

    /** Brings the schema to the newest version ({@link StoreSchema#migrate}). */
    public void migrate() {
        StoreSchema.migrate(connections.direct());
    }

    /**
     * Runs {@code work} in one transaction. A serialization failure (two transactions touching the same rows in
     * opposite order) is run again, since the work was rolled back whole: up to
     * {@link Transactions#SERIALIZATION_RUNS} runs, each again after a short random pause so that the two do not meet
     * in the same order again (CI saw two retries deadlock a second time).
     */
    public <T> T inTransaction(Work<T> work) {
        return transactions.inTransaction(work);
    }

    /**
     * Runs {@code work} as the last thing of the current transaction, just before its commit (or at once in a
     * transaction of its own when none is open). Work that takes a lock everyone needs (the message chain's head)
     * goes here, so the lock is held only for the end of each transaction and always taken last.
     */
    public void beforeCommit(Work<?> work) {
        transactions.beforeCommit(work);
    }

    /**
     * The value the current transaction keeps under {@code key}, made by {@code create} on first use; null outside a
     * transaction. It ends with the transaction, committed or not.
     */
    public <T> T ofTransaction(Object key, Supplier<T> create) {
        return transactions.ofTransaction(key, create);
    }

    /** Runs {@code action} once the current transaction committed (not at all if it rolls back), or at once. */
    public void afterCommit(Runnable action) {
        transactions.afterCommit(action);
    }

    /**
     * Runs {@code action} once the current transaction has committed or rolled back, whichever, before its commit is
     * known to be on disk (a failed sync runs no {@link #afterCommit} action, and a committed transaction no
     * {@link #onRollback} one); refused (IllegalStateException) when none is open, where "at once" would come before
     * the caller's rows are written. For what must know that the transaction's rows are visible or gone; it must not
     * throw.
     */
    public void whenEnded(Runnable action) {
        transactions.whenEnded(action);
    }

    /**
     * Runs {@code undo} if the current transaction rolls back, before a serialization failure's retry runs the work
     * again ({@link #inTransaction}): what the work consumed outside the store (an exchange's steps it wrote into the
     * history) is there again for the retry. Nothing outside a transaction, where nothing is rolled back.
     */
    public void onRollback(Runnable undo) {
        transactions.onRollback(undo);
    }

    public int update(String sql, Object... params) {
        return statements.update(sql, params);
    }

    /**
     * An UPDATE that hands back the {@code returning} columns (upper case, as the table names them) of every row it
     * changed, in no set order: what a statement changed, read by that statement, with no second one to find it.
     */
    public <T> List<T> updateReturning(String sql, String[] returning, RowMapper<T> mapper, Object... params) {
        return statements.updateReturning(sql, returning, mapper, params);
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return statements.query(sql, mapper, params);
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return statements.queryOne(sql, mapper, params);
    }

    /**
     * Turns HSQLDB's own checkpoints off (its log size limit, a setting kept in the store, set to none): HSQLDB
     * checkpointed inside whichever commit found the log past the limit, silently, while every statement waited. The
     * gateway checkpoints instead ({@link Checkpoints}), timed and logged, at the same log size or at a quiet moment.
     */
    public void checkpointOnlyWhenAsked() {
        update("SET FILES LOG SIZE 0");
    }

    /**
     * HSQLDB's CHECKPOINT: the cache's changed rows written into the data file and synced, the log started anew.
     * Every statement waits while it runs; nothing committed is lost (the log stays until the data file holds it). After
     * a checkpoint whose data file could not be proven synced, CHECKPOINT DEFRAG: the whole data file written anew.
     */
    public void checkpoint() {
        checkpoints.checkpoint();
    }

    /** HSQLDB's BACKUP statement {@code backup}, its checkpoint proven ({@link ProvenCheckpoints#backUp}). */
    void backUp(String backup) {
        checkpoints.backUp(backup);
    }

    /** How long no unit of work (transaction or read) has been under way, in nanoseconds; 0 while one is. */
    long idleNanos() {
        return activity.idleNanos();
    }

    /**
     * True when a connection can be had and answers a query now, and store work is not refused for a hung sync of the
     * log (review53b: the outbox's pass then threw the refusal every 300 ms instead of waiting quietly).
     */
    public boolean reachable() {
        return stall.stalledFor() < 0 && connections.reachable();
    }

    /**
     * While {@link #syncStalledFor} is not negative: the checkpoint or backup of ours that holds the store on purpose
     * (hang54), or empty when it is a hung sync of the log.
     */
    public Optional<String> syncStallHeldBy() {
        return stall.heldBy();
    }

    /** How long (nanoseconds) a commit has waited for the disk, once past qaqpa.db.sync-stall; -1 while none has. */
    public long syncStalledFor() {
        return stall.stalledFor();
    }

    /** From now on a sync of the log still under way after {@code after} is a stall (qaqpa.db.sync-stall). */
    public void syncStallAfter(java.time.Duration after) {
        stall.limit(after);
    }

    /** How long ago (nanoseconds) a sync of the log failed that no checkpoint has made good yet; -1: none. */
    long failedSyncFor() {
        return outage.failedFor();
    }

    /** Why changes are refused until a proven checkpoint (a failed sync of the log, a checkpoint not proven), while so. */
    Optional<String> unsafe() {
        return outage.outage();
    }

    /** Why the last write of HSQLDB's file of large values failed, while no later one succeeded ({@link LargeValueWrites}). */
    Optional<String> largeValueWriteFailure() {
        return largeValues.failure();
    }

    /**
     * Shuts the store down. During an outage (a failed sync not yet made good: doubt54, review53b) HSQLDB's SHUTDOWN
     * would checkpoint unproven, into a data file that may have lost pages, and delete the log; so a proven checkpoint
     * of ours is tried first (a CHECKPOINT DEFRAG after a data file's doubt), and if the outage still stands the store
     * shuts down without one (SHUTDOWN IMMEDIATELY: the log keeps what it holds, and a checkpoint's doubt stays marked
     * for the next start, {@link DoubtMark}). With no outage standing the stop's checkpoint is one of ours too (open54,
     * review54), and the store is then shut down without another (store57): HSQLDB's SHUTDOWN wrote its script anew,
     * deleted the log and renamed the script into place, and its writer's close only logs a failed sync, so the rows of
     * the MEMORY tables and the CACHED tables' index roots, which only the script holds, were left in a file never known
     * to be on disk. SHUTDOWN IMMEDIATELY leaves the proven checkpoint's files and the log (empty, or holding what was
     * committed since, synced by the group commit), which the next start replays and proves ({@link OpeningProof}). A
     * read-only store writes nothing: its SHUTDOWN stays.
     */
    @Override
    public void close() {
        boolean ended = false;
        try {
            ended = !writable || checkpoints.outageEndedForShutdown(); // read-only: nothing to checkpoint
        } finally { // whatever the last checkpoint met, the store is stopped (review56b: an NPE skipped the stop)
            connections.stop(ended && !writable ? "SHUTDOWN" : "SHUTDOWN IMMEDIATELY");
            closed.run();
        }
    }

    public interface Work<T> {
        T run() throws SQLException;
    }

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Told before a store holding data has its schema upgraded, the store open at its old version. */
    @FunctionalInterface
    public interface BeforeUpgrade {
        /** @param versions from which version to which ("31 to 32") */
        void upgrading(Database db, String versions);
    }

    /** The store's schema is a newer release's: refused before anything is written into it (ops62). */
    public static final class NewerSchema extends IllegalStateException {
        NewerSchema(String why) {
            super(why);
        }
    }

    /** A store whose opening's checkpoint was not proven is not upgraded (open54). */
    public static final class OpeningInDoubt extends RuntimeException {
        OpeningInDoubt(String why) {
            super(why);
        }
    }

    /** The store's schema is older or newer than this build's: said instead of migrating it. */
    public static final class SchemaMismatch extends RuntimeException {
        SchemaMismatch(String why) {
            super(why);
        }
    }

    /** A database failure; the channel answers it as an internal error. */
    public static class StoreException extends RuntimeException {
        public StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        /**
         * The failure of a statement: its own failed write of a large value ({@link LargeValueWrites}, lobs54) is an
         * outage carried by the statement's own exception (store55, review54b: it was read from a flag of the store at
         * the fault's time, so a write that succeeded meanwhile on another thread made it SCE909, and any other error
         * while the flag stood SCE912).
         */
        static StoreException of(SQLException cause) {
            return LargeValueWrites.failedIn(cause) ? new LargeValueNotWritten(cause) : new StoreException(cause);
        }
    }

    /** A statement whose large value did not reach the disk (lobs54): refused, rolled back whole; send again later. */
    public static final class LargeValueNotWritten extends StoreRefused {
        LargeValueNotWritten(SQLException cause) {
            super(cause);
        }
    }

    /**
     * Work the store refused on purpose before taking it (a stalled log sync or a hold: hang53, hang54; a change, or a
     * commit not yet synced, while a failed sync of the log stands: review55), or a statement whose large value did
     * not reach the disk (store55): an outage whatever the store says by the time the fault is written, which may be
     * after the stall, the outage or the failing writes ended.
     */
    public static class StoreRefused extends StoreException {
        StoreRefused(SQLException cause) {
            super(cause);
        }
    }
}
