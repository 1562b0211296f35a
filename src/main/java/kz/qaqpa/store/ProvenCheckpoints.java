package kz.qaqpa.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * The {@link Database}'s checkpoints and backups of ours, each proven on disk ({@link CheckpointJudge}, {@link
 * CheckpointProof}): one not proven begins the store's outage, a proven one ends it, and the doubt's mark on disk
 * ({@link DoubtMark}) follows; a checkpoint during the outage is marked ahead; a CHECKPOINT DEFRAG that left HSQLDB's
 * data file closed has the store opened again. Also the stop's checkpoint and the opening's doubt.
 */
final class ProvenCheckpoints {
    /** The connections a checkpoint runs on; the store opened again at the next use after a failed DEFRAG. */
    private final ReconnectingPool connections;
    /** The proofs, and whether a checkpoint ends, begins or keeps the outage. */
    private final CheckpointJudge judge;
    /** The outage a checkpoint not proven begins. */
    private final StoreOutage outage;
    /** Holds the store on purpose while a checkpoint or backup runs (hang54). */
    private final SyncStall stall;
    /** A checkpoint's doubt, kept on disk while it stands (doubt54). */
    private final DoubtMark doubtMark;
    /** Run right after a checkpoint's statement, before its proof ({@link Database#afterCheckpointStatement}). */
    private final Runnable afterStatement;

    ProvenCheckpoints(ReconnectingPool connections, CheckpointJudge judge, StoreOutage outage, SyncStall stall,
                      DoubtMark doubtMark, Runnable afterStatement) {
        this.connections = connections;
        this.judge = judge;
        this.outage = outage;
        this.stall = stall;
        this.doubtMark = doubtMark;
        this.afterStatement = afterStatement;
    }

    /**
     * HSQLDB's CHECKPOINT: the cache's changed rows written into the data file and synced, the log started anew.
     * Every statement waits while it runs; nothing committed is lost (the log stays until the data file holds it). After
     * a checkpoint whose data file could not be proven synced, CHECKPOINT DEFRAG: the whole data file written anew.
     */
    void checkpoint() {
        checkpointOn(connections::lend);
    }

    /** {@link #checkpoint} on a connection {@code lender} lends. */
    void checkpointOn(Lender lender) {
        doubtMark.follow(outage.checkpointDoubt()); // a mark whose write failed is tried again first
        proven(judge::beforeCheckpoint, CheckpointJudge.BeforeCheckpoint::statement,
                CheckpointJudge.BeforeCheckpoint::statement, proof -> {
                    judge.afterCheckpoint(proof); // its doubt is the outage's, said by the store
                    return Optional.empty();
                }, lender);
    }

    /**
     * Lends a connection for a checkpoint's work: the store's ({@link ReconnectingPool#lend}), or a reopened pool's
     * before it is published.
     */
    @FunctionalInterface
    interface Lender {
        Optional<CheckpointProof.Doubt> lend(ReconnectingPool.LoanWork<Optional<CheckpointProof.Doubt>> work);
    }

    /** The proof a checkpoint of ours takes before it runs ({@link CheckpointJudge}). */
    private interface ProofBefore {
        CheckpointJudge.BeforeCheckpoint take(Connection c) throws SQLException;
    }

    /**
     * Runs the statement {@code statement} makes of the proof taken {@code before} it, the store held on purpose
     * meanwhile under the name {@code held} gives (hang54: not a hung disk), hands the proof to {@code after} whatever
     * HSQLDB did (proven, it ends an outage; not proven, it begins one), and then brings the doubt's mark in line: a
     * doubt begun is marked on disk, one ended is unmarked (doubt54).
     *
     * @return the doubt {@code after} found, for a caller that refuses on it (a backup: open54)
     */
    private Optional<CheckpointProof.Doubt> proven(ProofBefore before,
                                                   Function<CheckpointJudge.BeforeCheckpoint, String> statement,
                                                   Function<CheckpointJudge.BeforeCheckpoint, String> held,
                                                   Function<CheckpointJudge.BeforeCheckpoint,
                                                           Optional<CheckpointProof.Doubt>> after, Lender lender) {
        markAheadDuringOutage();
        boolean[] leftClosed = {false};
        try {
            return lender.lend(loan -> {
                Connection c = loan.pooled.connection;
                try (CheckpointJudge.BeforeCheckpoint proof = before.take(c); Statement s = c.createStatement();
                     SyncStall.Held hold = stall.hold(held.apply(proof))) {
                    Optional<CheckpointProof.Doubt> doubt;
                    try {
                        s.execute(statement.apply(proof)); // CHECKPOINT DEFRAG after a data file's doubt (store53)
                        afterStatement.run();
                    } finally {
                        doubt = after.apply(proof);
                        leftClosed[0] = dataFileLeftClosed(c);
                    }
                    return doubt;
                }
            });
        } finally {
            doubtMark.follow(outage.checkpointDoubt());
            if (leftClosed[0]) {
                reopenAfterFailedDefrag();
            }
        }
    }

    /**
     * HSQLDB's cache of the data file is closed after a checkpoint: a CHECKPOINT DEFRAG failed between its close of the
     * old data file (the cache emptied) and its opening of the new one (open54: on a disk short of room, at HSQLDB's
     * write of its properties); every DEFRAG after it fails on it ({@code "this.dataFile" is null}).
     */
    private static boolean dataFileLeftClosed(Connection c) throws SQLException {
        org.hsqldb.persist.Logger log = GroupCommit.logOf(c);
        synchronized (log) {
            return log.hasCache() && !log.getCache().isFileOpen();
        }
    }

    /**
     * After a CHECKPOINT DEFRAG that left HSQLDB's data file closed (store55, open54): the outage could not end in this
     * process, and the stop left the store to be restored. Now the store is shut down without a checkpoint (the log
     * kept) and opened again at the next use by the start's own steps (its opening proven: this process's mark honoured
     * as its own, the opening's checkpoint proven); the doubt and the outage stand meanwhile, so the retry 10 s later is
     * again a DEFRAG, which reads the rows HSQLDB's emptied cache no longer holds from the files as the operating
     * system's page cache holds them, as every DEFRAG of a doubted data file reads the rows it has not cached.
     */
    private void reopenAfterFailedDefrag() {
        LoggerFactory.getLogger(Database.class).warn("store checkpoint: the CHECKPOINT DEFRAG failed midway and left"
                + " HSQLDB's data file closed; the store is shut down without a checkpoint (SHUTDOWN IMMEDIATELY, its"
                + " log kept) and opened again as a start opens it; changes stay refused until a DEFRAG is proven");
        connections.reopenAtNextUse();
    }

    /**
     * A checkpoint (or a backup's) about to run while an outage stands is marked on disk before it (store55, review54b):
     * HSQLDB deletes the log before the proof can tell, and a kill -9 between the two left a store whose data file was
     * never proven and no mark, on a disk known to be failing. {@link DoubtMark#follow} after the proof keeps the mark
     * as the doubt's or removes it. A checkpoint with no outage standing is not marked ahead: a kill during one (CrashTest
     * kills the gateway while it checkpoints) would then refuse every such start for a fault seen nowhere, while the
     * window (HSQLDB's last syncs to our proof, milliseconds) meets a writeback error of a disk that has shown none.
     */
    private void markAheadDuringOutage() {
        if (outage.checkpointDoubt().isEmpty()) {
            outage.outage().ifPresent(doubtMark::ahead);
        }
    }

    /**
     * HSQLDB's BACKUP statement {@code backup}: a checkpoint and a copy of the store's files. It changes no row, so it is
     * not refused while a failed sync of the log is noted (store52, review51b): a copy of everything committed onto
     * another disk is what an operator wants most then. Its checkpoint does not end the outage; what proves the copy
     * durable is the backup's own sync of its files ({@link StoreBackup}). Its checkpoint is proven as ours are
     * (review53b: a BLOCKING backup writes the data file and deletes the log like any checkpoint): one whose files are
     * not known synced begins an outage, or keeps one.
     */
    void backUp(String backup) {
        proven(judge::beforeBackup, proof -> backup, proof -> "BACKUP", judge::afterBackup, connections::lend)
                .ifPresent(ProvenCheckpoints::refuseUnprovenBackup);
    }

    /**
     * A backup whose own checkpoint was not proven is not taken (open54, review54): it copied the data file after its
     * writeback failed, so the copy may lack what was committed; the outage it began is the store's answer.
     */
    private static void refuseUnprovenBackup(CheckpointProof.Doubt doubt) {
        throw new Database.StoreException(new SQLException("the backup's own checkpoint could not be proven on disk ("
                + doubt.reason() + "): every change is refused (SCE912) until a checkpoint"
                + (doubt.dataFile() ? " that writes the data file anew" : "") + " is proven; its copy of the store may"
                + " not hold what was committed, so it is not kept"));
    }

    /** The opening's checkpoint was not proven: the outage begins, marked on disk. */
    void doubtedAtOpening(CheckpointProof.Doubt doubt) {
        judge.openingDoubted(doubt);
        doubtMark.follow(outage.checkpointDoubt());
    }

    /**
     * The stop's proven checkpoint ({@link Database#close}) of a writable store. False when an outage still stands after
     * it (logged).
     */
    boolean outageEndedForShutdown() {
        if (outage.failedFor() < 0 && connections.lost()) {
            return true; // nothing to checkpoint: the database is gone (its SHUTDOWN finds it so too)
        }
        String failed = "";
        try {
            checkpoint();
        } catch (Database.StoreException e) {
            failed = "; its checkpoint failed: " + e.getMessage(); // the outage stands: said below
        }
        if (outage.failedFor() < 0) {
            return true;
        }
        Optional<String> doubt = outage.checkpointDoubt();
        String left = "";
        if (doubt.isPresent()) {
            left = doubtMark.follow(doubt) ? "; a checkpoint's doubt is marked in db/" + DoubtMark.FILE
                    + ", so the next start refuses" : "; a checkpoint's doubt (" + doubt.get() + ") could NOT be marked"
                    + " in db/" + DoubtMark.FILE + ": do not start the gateway on this store, restore the newest backup"
                    + " taken before the outage";
        }
        LoggerFactory.getLogger(Database.class).error("store stopped during its outage without a checkpoint (SHUTDOWN"
                + " IMMEDIATELY: the log keeps what it holds){}{}", failed, left);
        return false;
    }
}
