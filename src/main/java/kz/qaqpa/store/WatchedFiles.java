package kz.qaqpa.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.hsqldb.lib.FileAccess;
import org.hsqldb.persist.Logger;

/**
 * HSQLDB's file access for the store's log and script files, every sync it hands out watched (store52, review51b). A
 * writer HSQLDB makes (the log a checkpoint starts anew, the checkpoint's new script) takes its sync from here when it
 * opens its file, so a failure of any of its syncs is noted from the first on, HSQLDB's own timed syncs and the
 * checkpoint's sync of the new script included, both of which HSQLDB only logs. The store's first log writer opened
 * before this was installed: {@link GroupCommit} watches its sync itself.
 */
final class WatchedFiles extends ForwardingFileAccess {
    /** Syncs of a file handed out here that failed so far. */
    private final AtomicLong failedSyncs = new AtomicLong();

    private WatchedFiles(FileAccess files) {
        super(files);
    }

    /** The watch on {@code log}'s file access, put in HSQLDB's place the first time; called under the log's monitor. */
    static WatchedFiles of(Logger log) {
        if (log.fileAccess instanceof WatchedFiles watched) {
            return watched;
        }
        WatchedFiles watched = new WatchedFiles(log.fileAccess);
        log.fileAccess = watched;
        return watched;
    }

    /** How many syncs of files handed out here have failed (a checkpoint compares the count before and after it). */
    long failedSyncs() {
        return failedSyncs.get();
    }

    @Override
    public FileSync getFileSync(OutputStream os) throws IOException {
        return WatchedSync.of(files.getFileSync(os), failedSyncs::incrementAndGet);
    }
}
