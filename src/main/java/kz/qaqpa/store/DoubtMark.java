package kz.qaqpa.store;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.hsqldb.persist.LockFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ours (doubt54, review53b): the file in the store's directory saying that a checkpoint's files could not be proven on
 * disk ({@link StoreOutage#checkpointDoubt}). Such a checkpoint may have deleted the log that held the rows whose pages
 * a failed writeback lost, so until a proven checkpoint has written them anew from memory only the running process
 * holds them. The doubt was kept in memory alone, and a stop or a kill -9 forgot it: the next start took changes on the
 * same data file. Now it is written and synced when the doubt begins (a write that fails, on the same failing disk, is
 * tried again at each later checkpoint and at the stop), removed only once a proven checkpoint has ended the doubt, and a
 * start that finds it refuses ({@link DoubtedStore}): what memory held is gone then, and no checkpoint of the files as
 * they are brings it back.
 */
final class DoubtMark {
    /** The mark's file name in the store's directory, beside HSQLDB's files. */
    static final String FILE = "qaqpa.doubtful";
    private static final Logger OUT = LoggerFactory.getLogger(DoubtMark.class);
    private final MarkFile file;
    /** When this process first saw the doubt now standing; null: none stands. */
    private Instant since;
    /** The mark is on disk, written and synced by this process. */
    private boolean written;
    /** The mark on disk was written ahead of a checkpoint during an outage ({@link #ahead}), no doubt known yet. */
    private boolean aheadOnly;

    DoubtMark(Path storeDirectory) {
        this.file = new MarkFile(storeDirectory, FILE);
    }

    /**
     * Refuses a start on the store in {@code directory} whose mark is there, before the store is opened (HSQLDB's opening
     * would replay the log and checkpoint into the doubtful data file). A store another process holds is said to be in
     * use instead: the mark may be a running gateway's. A mark this process wrote does not refuse its own reopening of
     * the store (store55: after a CHECKPOINT DEFRAG that failed midway): its doubt stands in its memory, the outage with
     * it, and the retry of its proven checkpoint goes on.
     *
     * @throws DoubtedStore when the mark is there
     */
    void refuseIfLeft(String directory) {
        if (writtenHere()) {
            return; // this process's own (store55): its doubt is in its memory, and its proven checkpoint removes it
        }
        Optional<String> left = file.left();
        if (left.isEmpty()) {
            return;
        }
        LockFile lock;
        try {
            lock = StoreFiles.lock(StoreFiles.path(directory));
        } catch (Database.StoreException e) {
            if (e.getCause() instanceof SQLException sql && StoreFiles.lockHeld(sql)) {
                throw StoreInUse.of(Path.of(directory), Optional.empty());
            }
            throw e;
        }
        StoreFiles.release(lock);
        throw new DoubtedStore(file.path(), left.get());
    }

    /** The mark on disk is this process's, written while its doubt (or its checkpoint during an outage) stands. */
    private synchronized boolean writtenHere() {
        return written;
    }

    /**
     * Brings the mark in line with {@code doubt} (a checkpoint's doubt standing, or none): written while one stands,
     * removed once none does. A write or removal that fails is tried again at the next call.
     *
     * @return whether the mark is on disk now
     */
    synchronized boolean follow(Optional<String> doubt) {
        if (doubt.isPresent()) {
            since = since == null ? Instant.now() : since;
            if (!written || aheadOnly) {
                write(doubt.get());
            }
        } else {
            since = null;
            if (written) {
                clear();
            }
        }
        return written;
    }

    /**
     * Written ahead of a checkpoint that runs while the store's outage {@code outage} stands (store55, review54b): HSQLDB
     * deletes the log before the checkpoint's proof, so a kill between the two left no mark, and the start opened a data
     * file never proven. {@link #follow} after the checkpoint keeps it (as the doubt's own) or removes it. Said at DEBUG:
     * the checkpoint is tried every 10 s during the outage, and only a doubt is the operator's news.
     */
    synchronized void ahead(String outage) {
        if (written) {
            return;
        }
        try {
            file.write("a checkpoint was under way during the store's outage (" + outage + ") at " + Instant.now()
                    + " and was not proven on disk\n");
            written = true;
            aheadOnly = true;
            OUT.debug("store: the checkpoint during the outage is marked ahead in {}", file.path());
        } catch (UncheckedIOException e) {
            OUT.error("store: the checkpoint during the outage could not be marked ahead in {} ({}): it runs anyway,"
                    + " the only way out of the outage", file.path(), e.getCause().toString());
        }
    }

    private void write(String doubt) {
        try {
            file.write("a checkpoint's files could not be proven on disk at " + since + " (" + doubt + ")\n");
            written = true;
            aheadOnly = false;
            OUT.warn("store: the doubt is marked in {}: a start refuses this store until a proven checkpoint has"
                    + " removed the mark", file.path());
        } catch (UncheckedIOException e) {
            OUT.error("store: the doubt could not be marked in {} ({}): tried again at the next checkpoint and at the"
                    + " stop", file.path(), e.getCause().toString());
        }
    }

    private void clear() {
        try {
            file.clear();
            written = false;
            if (aheadOnly) {
                aheadOnly = false;
                OUT.debug("store: the checkpoint's mark ahead {} is removed", file.path());
                return;
            }
            OUT.info("store: a proven checkpoint ended the doubt; its mark {} is removed", file.path());
        } catch (UncheckedIOException e) {
            OUT.error("store: the doubt has ended but its mark {} could not be removed ({}): tried again at the next"
                    + " checkpoint; a start refuses while it is there", file.path(), e.getCause().toString());
        }
    }
}
