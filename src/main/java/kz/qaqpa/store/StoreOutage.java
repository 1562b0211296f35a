package kz.qaqpa.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's outage: a failed sync of the log, or a checkpoint whose files were not proven on disk, that no proven
 * checkpoint has made good yet. While one stands every change is refused (SCE912, nothing stored).
 *
 * <p>A failed sync is sticky (sync51, review50b): after an fsync that failed with EIO, Linux may drop the failed pages
 * and report the next fsync of the file as done ("fsyncgate"), so no later sync of the same log file proves anything
 * durable. From the failure on, every commit still waiting and every transaction about to change something is
 * refused ({@link #refuseWhileUnsafe}) until a checkpoint succeeds ({@link CheckpointJudge#afterCheckpoint}): HSQLDB's
 * checkpoint writes the whole committed state from memory into new files and syncs them, so it makes durable every
 * commit the doubtful log held, whatever became of its pages ({@link Checkpoints} runs one
 * {@link Checkpoints#AFTER_FAILURE} after the failure, and again as long as it fails).
 */
final class StoreOutage {
    /** Logged under the group commit's name, as before the outage had a class of its own (operators' log filters). */
    private static final Logger OUT = LoggerFactory.getLogger(GroupCommit.class);
    /**
     * The group commit's monitor: the outage's state is written under it, and so are the waiters' syncs and the
     * checkpoints' judging ({@link GroupCommit}, {@link CheckpointJudge}), so a waiter reads them together.
     */
    final Object lock = new Object();
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
     * A failed sync: why, and when (System.nanoTime()). Not the log it failed on: the database may be shut down and
     * opened again meanwhile ({@link ReconnectingPool}), and the checkpoint that ends the failure is the open one's.
     */
    record Failure(IOException cause, long at) {
    }

    /** The failure standing now; null: none. */
    Failure current() {
        return failure;
    }

    /** Whether the failure standing now (if any) may end only by a checkpoint that writes the data file anew. */
    boolean dataFileDoubtful() {
        return dataFileDoubtful;
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
    Database.StoreException failedOn(IOException cause) {
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

    /** A checkpoint whose files are not known to be on disk: every change refused until one is (logged once). */
    void doubted(CheckpointProof.Doubt doubt) {
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
     * A proven checkpoint that ran ends the failure {@code before} noted before it (logged once); after a data file's
     * doubt only one that wrote the data file anew ({@code anew}) does.
     */
    void endedBy(Failure before, boolean anew) {
        synchronized (lock) {
            if (failure == before && (!dataFileDoubtful || anew)) {
                failure = null;
                dataFileDoubtful = false;
                checkpointDoubt = null;
                OUT.info("the store syncs again: a checkpoint wrote the store anew{} after the failed sync of {} s ago;"
                        + " changes are taken again", anew ? ", its data file too," : "",
                        (System.nanoTime() - before.at()) / 1_000_000_000);
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

    /** A commit not known to be on disk because of {@code cause}: never acknowledged. */
    static Database.StoreException notDurable(IOException cause) {
        return new Database.StoreException(notDurableReason(cause));
    }

    private static SQLException notDurableReason(IOException cause) {
        return new SQLException("the store's log could not be written to disk (a full disk or an I/O error: "
                + cause.getMessage() + "): the commit is not durable", cause);
    }
}
