package kz.qaqpa.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hsqldb.persist.LockFile;

/**
 * The gateway's database. Work done inside {@link #inTransaction} shares one connection and commits or rolls
 * back as a whole, so an application is never half-stored. The schema is versioned with Flyway
 * ({@code store/migration/V<n>__*.sql}); opening a store upgrades it.
 */
public final class Database implements AutoCloseable {
    /** The connections lent to each unit of work, and the database's loss and return. */
    private final ReconnectingPool connections;
    /** Makes each changing transaction wait for its commit's sync. */
    private final GroupCommit groupCommit = new GroupCommit();
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
    /** The checkpoints and backups of ours, each proven on disk. */
    private final ProvenCheckpoints checkpoints;

    /** What {@link #close} does last, after the database is shut down (a read-only store releases its lock). */
    private final Runnable closed;
    /** A checkpoint's doubt, kept on disk while it stands (doubt54). */
    private final DoubtMark doubtMark;
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
     */
    private Database(ConnectionPool first, Function<Database, ReconnectingPool.Reopening> reopening, String probeUrl,
                     Runnable closed, DoubtMark doubtMark, LargeValueWrites largeValues, boolean writable) {
        this.largeValues = largeValues;
        this.doubtMark = doubtMark;
        this.connections = new ReconnectingPool(first, reopening.apply(this), probeUrl);
        this.transactions = new Transactions(connections, groupCommit, activity, stall);
        this.statements = new Statements(transactions);
        this.checkpoints = new ProvenCheckpoints(connections, groupCommit, stall, doubtMark,
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
        DoubtMark doubtMark = new DoubtMark(Path.of(directory));
        String url = StoreFiles.url(directory) + ";hsqldb.write_delay=true;hsqldb.tx=mvcc";
        String existing = url + ";ifexists=true";
        LargeValueWrites largeValues = new LargeValueWrites();
        Function<org.hsqldb.Database, ConnectionPool> pool = hsqldb -> new ConnectionPool(existing, StoreFiles.USER,
                poolSize, largeValues::watch, hsqldb);
        Opening opening = openProven(directory, url, dataFile, doubtMark,
                doubt -> doubtMark.follow(Optional.of(doubt.reason())));
        Database db = new Database(pool.apply(opening.hsqldb()),
                d -> () -> d.reopened(directory, existing, dataFile, pool), existing, () -> { }, doubtMark,
                largeValues, true);
        try {
            db.opened(opening);
        } catch (RuntimeException e) {
            db.close();
            StoreFiles.shutDownImmediately(opening.hsqldb()); // when its pool could not reach it to shut it down
            throw e;
        }
        try {
            Optional<String> upgrade = StoreSchema.pendingUpgrade(db.connections.direct());
            if (upgrade.isPresent()) {
                db.refuseUpgradeDuringOutage(upgrade.get());
                beforeUpgrade.upgrading(db, upgrade.get());
            }
            db.migrate();
            db.connections.installRowCacheLock(); // before the store is shared: no other thread in its cache yet
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The steps that open the store in {@code directory} at {@code url}, at a start and again after its loss in this
     * process (store55, review54b: the reconnect skipped the first two): a store whose doubt is marked is refused
     * ({@link DoubtMark#refuseIfLeft}: the mark may be another process's, or this one's from before the loss, and the
     * memory that held the rows is gone either way); the checkpoint HSQLDB may run as it opens it is watched
     * ({@link OpeningProof}).
     *
     * @param failedInDoubt told of the opening's unproven checkpoint when the opening then fails
     */
    private static Opening openProven(String directory, String url, StoreFiles.DataFile dataFile, DoubtMark doubtMark,
            Consumer<CheckpointProof.Doubt> failedInDoubt) {
        doubtMark.refuseIfLeft(directory);
        try (OpeningProof opening = OpeningProof.before(StoreFiles.path(directory))) {
            org.hsqldb.Database hsqldb = createProven(directory, url, dataFile, opening, failedInDoubt);
            afterOpening.run();
            return new Opening(hsqldb, opening.unproven(), opening.scriptWritten());
        }
    }

    /**
     * The store opened by {@link #openProven}: HSQLDB's database its first connection reached, why the opening's
     * checkpoint is not proven, if it is not, and whether the opening wrote the store's script anew, unwatched
     * ({@link OpeningProof#scriptWritten}, store57).
     */
    private record Opening(org.hsqldb.Database hsqldb, Optional<CheckpointProof.Doubt> unproven,
                           boolean scriptWritten) {
        /** A proven checkpoint of ours is due before any work: the opening's own files are not all proven. */
        boolean checkpointDue() {
            return unproven.isPresent() || scriptWritten;
        }
    }

    /**
     * The store's first connection ({@link StoreFiles#create}: a crash's log replayed and checkpointed in it). One that
     * fails after an opening checkpoint that was not proven leaves the doubt told ({@code failedInDoubt}: marked, and in
     * this process an outage, review56), as a stop during the outage would: HSQLDB may have deleted the log that held
     * the rows the data file's lost pages held.
     */
    private static org.hsqldb.Database createProven(String directory, String url, StoreFiles.DataFile dataFile,
            OpeningProof opening, Consumer<CheckpointProof.Doubt> failedInDoubt) {
        try {
            return StoreFiles.create(directory, url, dataFile);
        } catch (RuntimeException e) {
            opening.unproven().ifPresent(failedInDoubt);
            throw e;
        }
    }

    /**
     * After the loss of the database ({@link ReconnectingPool}): the store opened again by the start's steps
     * ({@link #openProven}), its opening's checkpoint unproven beginning the outage as at a start, and a new pool
     * made by {@code pool}. A refusal is the reconnect's failure (class 08: the store stays lost, asked again at the next
     * use) with the refusal's words. A reopening that fails after HSQLDB opened the store (its pool's first borrow, the
     * directory moved away meanwhile) shuts down what it opened without a checkpoint (store56: left open, the next
     * reopening's connection reached it instead of opening the store, and nothing was proven); the doubt its opening
     * began stands, as after store55's DEFRAG that failed midway.
     */
    private ConnectionPool reopened(String directory, String url, StoreFiles.DataFile dataFile,
                                    Function<org.hsqldb.Database, ConnectionPool> pool) throws SQLException {
        Opening opening;
        try {
            // a failed opening in doubt begins the outage here too: this process's own mark would not refuse the next
            opening = openProven(directory, url, dataFile, doubtMark, checkpoints::doubtedAtOpening);
        } catch (RuntimeException e) {
            throw lost(e);
        }
        try {
            opening.unproven().ifPresent(checkpoints::doubtedAtOpening);
            afterReopeningOpened.run();
            return scriptProven(logWatched(pool.apply(opening.hsqldb())), opening);
        } catch (SQLException e) {
            StoreFiles.shutDownImmediately(opening.hsqldb());
            throw e;
        } catch (RuntimeException e) {
            StoreFiles.shutDownImmediately(opening.hsqldb());
            throw lost(e);
        }
    }

    /** The reopened pool, its log's writer watched as {@link #opened} watches it: before its first write (review55b). */
    private ConnectionPool logWatched(ConnectionPool reopened) throws SQLException {
        try {
            reopened.onOne(groupCommit::watchLog);
            return reopened;
        } catch (SQLException | RuntimeException e) {
            reopened.shutDownImmediately();
            throw e;
        }
    }

    /**
     * The reopened pool, before it is published: when the opening wrote the store's script anew, unwatched, and no outage
     * stands (whose own proven checkpoint writes the script anew before it ends), a proven checkpoint of ours is run on it
     * first (store57), as at a start. One not proven begins the outage, as any; a lost database fails the reopening.
     */
    private ConnectionPool scriptProven(ConnectionPool reopened, Opening opening) throws SQLException {
        if (!opening.scriptWritten() || groupCommit.outage().isPresent()) {
            return reopened;
        }
        try {
            checkpoints.checkpointOn(work -> ReconnectingPool.lendFrom(reopened, work));
            return reopened;
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                reopened.shutDownImmediately();
                throw sql;
            }
            return reopened; // not proven: the outage it began stands, the store is open
        } catch (RuntimeException e) {
            reopened.shutDownImmediately();
            throw e;
        }
    }

    /** A reopening's failure: the store stays lost ({@link #LOST}), asked again at the next use, with the failure's words. */
    private static SQLException lost(RuntimeException e) {
        return new SQLException(e.getMessage(), LOST, e);
    }

    /** SQLState of a connection that could not be made: the database stays lost for {@link ReconnectingPool}. */
    private static final String LOST = "08001";

    /**
     * Right after the store's first connection: the opening's checkpoint unproven begins the outage (marked on disk) and
     * a proven checkpoint of ours (a CHECKPOINT DEFRAG, from memory) is tried at once, as it is when the opening wrote the
     * store's script anew (store57: HSQLDB's writer only logs a failed sync of it, and it alone holds the MEMORY tables'
     * rows and the CACHED tables' index roots); the log's writer is watched from now on, before any migration writes
     * into it.
     */
    private void opened(Opening opening) {
        opening.unproven().ifPresent(checkpoints::doubtedAtOpening);
        if (opening.checkpointDue()) {
            try {
                checkpoint();
            } catch (StoreException e) {
                // the outage stands: the gateway's checkpoints try again (Checkpoints.AFTER_FAILURE)
            }
        }
        connections.lend(loan -> {
            groupCommit.watchLog(loan.pooled.connection);
            return null;
        });
    }

    /** @throws OpeningInDoubt while an outage begun at the opening stands: migrations would write into doubtful files */
    private void refuseUpgradeDuringOutage(String versions) {
        groupCommit.checkpointDoubt().ifPresent(doubt -> {
            throw new OpeningInDoubt("the store's schema is not upgraded from version " + versions + ": " + doubt
                    + "; every change is refused (SCE912) until a checkpoint that writes the data file anew is proven."
                    + " Start again once the disk is back (the stop runs that checkpoint first)");
        });
    }

    /** A store whose opening's checkpoint was not proven is not upgraded (open54). */
    public static final class OpeningInDoubt extends RuntimeException {
        OpeningInDoubt(String why) {
            super(why);
        }
    }

    /** Told before a store holding data has its schema upgraded, the store open at its old version. */
    @FunctionalInterface
    public interface BeforeUpgrade {
        /** @param versions from which version to which ("31 to 32") */
        void upgrading(Database db, String versions);
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
        LockFile lock = StoreFiles.lock(StoreFiles.path(directory));
        String url = StoreFiles.url(directory) + ";readonly=true;ifexists=true";
        Database db;
        try {
            db = new Database(new ConnectionPool(url, StoreFiles.USER, 1), d -> () -> readOnlyAgain(url), url,
                    () -> StoreFiles.release(lock),
                    new DoubtMark(Path.of(directory)), // read-only: never checkpoints, so never marks
                    new LargeValueWrites(), false); // read-only: nothing written
        } catch (RuntimeException e) {
            StoreFiles.release(lock);
            throw e;
        }
        try {
            Optional<String> mismatch = StoreSchema.mismatch(db.connections.direct());
            if (mismatch.isPresent()) {
                throw new SchemaMismatch(mismatch.get());
            }
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * A read-only store opened again after its loss: asked with one direct connection first, since a pool asked to open
     * a database that is not there blocks for long. Nothing of it is written, so there is no checkpoint to prove.
     */
    private static ConnectionPool readOnlyAgain(String url) throws SQLException {
        try (Connection probe = java.sql.DriverManager.getConnection(url, StoreFiles.USER, "")) {
            probe.isValid(1);
        }
        return new ConnectionPool(url, StoreFiles.USER, 1);
    }

    /** The store's schema is older or newer than this build's: said instead of migrating it. */
    public static final class SchemaMismatch extends RuntimeException {
        SchemaMismatch(String why) {
            super(why);
        }
    }

    /** Brings the schema to the newest version ({@link StoreSchema#migrate}). */
    public void migrate() {
        StoreSchema.migrate(connections.direct());
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

    public interface Work<T> {
        T run() throws SQLException;
    }

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
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
        return groupCommit.failedFor();
    }

    /** Why changes are refused until a proven checkpoint (a failed sync of the log, a checkpoint not proven), while so. */
    Optional<String> unsafe() {
        return groupCommit.outage();
    }

    /** Why the last write of HSQLDB's file of large values failed, while no later one succeeded ({@link LargeValueWrites}). */
    Optional<String> largeValueWriteFailure() {
        return largeValues.failure();
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return statements.query(sql, mapper, params);
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return statements.queryOne(sql, mapper, params);
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
