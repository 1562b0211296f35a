package kz.qaqpa.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hsqldb.persist.LockFile;

/**
 * Opens the {@link Database}'s HSQLDB file at a start: a store whose doubt is marked refused, the checkpoint HSQLDB runs
 * as it opens it proven ({@link OpeningProof}), the schema upgraded unless that opening began the outage; the same
 * steps open it again after its loss ({@link StoreReopening}). Also the read-only store the message log's verifier
 * reads.
 */
final class StoreOpening {
    private StoreOpening() {
    }

    /** {@link Database#hsqldbFile(String, int, boolean, Database.BeforeUpgrade)}'s store, opened and upgraded. */
    static Database file(String directory, int poolSize, StoreFiles.DataFile dataFile,
                         Database.BeforeUpgrade beforeUpgrade) {
        DoubtMark doubtMark = new DoubtMark(Path.of(directory));
        String url = StoreFiles.url(directory) + ";hsqldb.write_delay=true;hsqldb.tx=mvcc";
        String existing = url + ";ifexists=true";
        LargeValueWrites largeValues = new LargeValueWrites();
        Function<org.hsqldb.Database, ConnectionPool> pool = hsqldb -> new ConnectionPool(existing, StoreFiles.USER,
                poolSize, largeValues::watch, hsqldb);
        Opening opening = openProven(directory, url, dataFile, doubtMark,
                doubt -> doubtMark.follow(Optional.of(doubt.reason())));
        Database db = new Database(pool.apply(opening.hsqldb()),
                d -> new StoreReopening(d, directory, existing, dataFile, pool, doubtMark), existing, () -> { },
                doubtMark, largeValues, true);
        try {
            opened(db, opening);
        } catch (RuntimeException e) {
            db.close();
            StoreFiles.shutDownImmediately(opening.hsqldb()); // when its pool could not reach it to shut it down
            throw e;
        }
        try {
            refuseNewerSchema(db, directory);
            Optional<String> upgrade = StoreSchema.pendingUpgrade(db.connections.direct());
            if (upgrade.isPresent()) {
                refuseUpgradeDuringOutage(db, upgrade.get());
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
    static Opening openProven(String directory, String url, StoreFiles.DataFile dataFile, DoubtMark doubtMark,
            Consumer<CheckpointProof.Doubt> failedInDoubt) {
        doubtMark.refuseIfLeft(directory);
        try (OpeningProof opening = OpeningProof.before(StoreFiles.path(directory))) {
            org.hsqldb.Database hsqldb = createProven(directory, url, dataFile, opening, failedInDoubt);
            Database.afterOpening.run();
            return new Opening(hsqldb, opening.unproven(), opening.scriptWritten());
        }
    }

    /**
     * The store opened by {@link #openProven}: HSQLDB's database its first connection reached, why the opening's
     * checkpoint is not proven, if it is not, and whether the opening wrote the store's script anew, unwatched
     * ({@link OpeningProof#scriptWritten}, store57).
     */
    record Opening(org.hsqldb.Database hsqldb, Optional<CheckpointProof.Doubt> unproven, boolean scriptWritten) {
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
     * Right after the store's first connection: the opening's checkpoint unproven begins the outage (marked on disk) and
     * a proven checkpoint of ours (a CHECKPOINT DEFRAG, from memory) is tried at once, as it is when the opening wrote the
     * store's script anew (store57: HSQLDB's writer only logs a failed sync of it, and it alone holds the MEMORY tables'
     * rows and the CACHED tables' index roots); the log's writer is watched from now on, before any migration writes
     * into it.
     */
    private static void opened(Database db, Opening opening) {
        opening.unproven().ifPresent(db.checkpoints::doubtedAtOpening);
        if (opening.checkpointDue()) {
            try {
                db.checkpoint();
            } catch (Database.StoreException e) {
                // the outage stands: the gateway's checkpoints try again (Checkpoints.AFTER_FAILURE)
            }
        }
        db.connections.lend(loan -> {
            HsqldbLogWriter.watch(loan.pooled.connection);
            return null;
        });
    }

    /**
     * @throws Database.NewerSchema when a newer release upgraded the store (ops62): this release would work on tables
     *                              it does not know, and Flyway's migrate would skip the versions it does not know
     */
    private static void refuseNewerSchema(Database db, String directory) {
        StoreSchema.newerRelease(db.connections.direct()).ifPresent(why -> {
            throw new Database.NewerSchema("the store in " + directory + " is not opened: " + why + ". A newer release"
                    + " upgraded it; none of its tables was changed. Start that release again, or go back to this one"
                    + " by restoring the backup taken before that upgrade (docs/operations.md, \"Upgrading to a new"
                    + " release\", Going back)");
        });
    }

    /**
     * @throws Database.OpeningInDoubt while an outage begun at the opening stands: migrations would write into doubtful
     *                                 files
     */
    private static void refuseUpgradeDuringOutage(Database db, String versions) {
        db.outage.checkpointDoubt().ifPresent(doubt -> {
            throw new Database.OpeningInDoubt("the store's schema is not upgraded from version " + versions + ": "
                    + doubt + "; every change is refused (SCE912) until a checkpoint that writes the data file anew is proven."
                    + " Start again once the disk is back (the stop runs that checkpoint first)");
        });
    }

    /** {@link Database#readOnlyFile}'s store, its schema this build's. */
    static Database readOnly(String directory) {
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
                throw new Database.SchemaMismatch(mismatch.get());
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
}
