package kz.qaqpa.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hsqldb.persist.Logger;

/**
 * Judges each checkpoint of ours (and each backup's): the proof taken just before it ({@link BeforeCheckpoint}), and
 * after it whether it ends the store's outage, begins one or keeps one ({@link StoreOutage}). A commit the group
 * commit found synced while a checkpoint ran is answered only once that checkpoint is judged ({@link #judgedAfter}).
 */
final class CheckpointJudge {
    private final StoreOutage outage;
    /** The group commit's monitor ({@link StoreOutage#lock}): judged is written, and waited for, under it. */
    private final Object lock;
    /**
     * Checkpoints (and backups' checkpoints) begun and judged (their proof taken, their doubt noted) so far: a commit
     * waiting while one runs is answered only after it is judged (review57, {@link #judgedAfter}). Judged is written
     * under lock; begun is not, so that a checkpoint never waits for the lock to begin.
     */
    private final AtomicLong checkpointsBegun = new AtomicLong();
    private long checkpointsJudged;

    CheckpointJudge(StoreOutage outage) {
        this.outage = outage;
        this.lock = outage.lock;
    }

    /**
     * A checkpoint about to begin: the failure noted then (null: none), the log's writer then, what is to prove the
     * checkpoint's own files durable, and whether it writes the data file anew (CHECKPOINT DEFRAG).
     */
    record BeforeCheckpoint(StoreOutage.Failure failure, Object writer, CheckpointProof proof, boolean anew,
                            Runnable judged) implements AutoCloseable {
        /** HSQLDB's statement for this checkpoint. */
        String statement() {
            return anew ? "CHECKPOINT DEFRAG" : "CHECKPOINT";
        }

        /** Whether HSQLDB ran it: it closes the log's writer only in a checkpoint that wrote its new files. */
        boolean ran() {
            return writer != null && HsqldbLogWriter.isClosed(writer);
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

    /** Under lock: the checkpoints judged so far, read as a commit begins to wait ({@link #judgedAfter}). */
    long judged() {
        return checkpointsJudged;
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
    boolean judgedAfter(long judgedBefore) {
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
        if (outage.current() != null) { // read under lock, where the outage is written
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            outage.refuseWhileUnsafe();
        }
        return interrupted;
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
        StoreOutage.Failure failed = outage.current();
        return before(connection, failed, failed != null && outage.dataFileDoubtful());
    }

    /**
     * Taken just before a BLOCKING backup on {@code connection}, whose checkpoint is proven as ours are (review53b) but
     * never writes the data file anew (a backup is no CHECKPOINT DEFRAG).
     */
    BeforeCheckpoint beforeBackup(Connection connection) throws SQLException {
        return before(connection, outage.current(), false);
    }

    private BeforeCheckpoint before(Connection connection, StoreOutage.Failure failed, boolean anew)
            throws SQLException {
        org.hsqldb.Database open = GroupCommit.hsqldbOf(connection);
        Logger log = open.logger;
        Object writer;
        synchronized (log) {
            writer = HsqldbLogWriter.writerOf(log);
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
     * After a backup's checkpoint: one not proven begins an outage or keeps one, as after ours; a proven one ends none
     * (store52: the backup changes no row, and during an outage it is taken from the doubtful state as it is).
     *
     * @return why this backup's own checkpoint is not proven (open54: the backup is then not answered as taken)
     */
    Optional<CheckpointProof.Doubt> afterBackup(BeforeCheckpoint before) {
        boolean ran = before.ran();
        Optional<CheckpointProof.Doubt> doubt = before.proof().unproven().filter(d -> ran || d.dataFile());
        doubt.ifPresent(outage::doubted);
        return doubt;
    }

    /**
     * The checkpoint HSQLDB ran as it opened the store was not proven ({@link OpeningProof}, open54): it begins the outage
     * as one of ours would, before any work is taken.
     */
    void openingDoubted(CheckpointProof.Doubt doubt) {
        outage.doubted(doubt);
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
        boolean ran = before.ran();
        Optional<CheckpointProof.Doubt> doubt = before.proof().unproven();
        if (doubt.isPresent() && (ran || doubt.get().dataFile())) {
            outage.doubted(doubt.get());
            return;
        }
        if (ran && before.failure() != null) {
            outage.endedBy(before.failure(), before.anew());
        }
    }
}
