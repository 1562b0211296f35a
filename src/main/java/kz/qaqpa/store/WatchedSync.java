package kz.qaqpa.store;

import java.io.IOException;
import org.hsqldb.lib.FileAccess;

/**
 * The store log's sync as its writer calls it, noting a failure whoever syncs (review51b). With write delay HSQLDB's
 * own timer syncs the log every half second too, and swallows a failure (a WARN only); Linux reports a writeback error
 * once for the file, so the group commit's next sync would then seem to succeed and count commits as durable whose
 * pages were dropped. {@link GroupCommit} reads the failure noted here after each of its syncs; a sync handed out by
 * {@link WatchedFiles} also counts its failures there.
 */
final class WatchedSync implements FileAccess.FileSync {
    private static final Runnable NOBODY = () -> { };
    private final FileAccess.FileSync file;
    /** Told of each failure (besides this watch's own note). */
    private final Runnable onFailure;
    /** The first failure of any sync of this writer's file; null while none failed. */
    private volatile IOException failed;

    private WatchedSync(FileAccess.FileSync file, Runnable onFailure) {
        this.file = file;
        this.onFailure = onFailure;
    }

    /** The watch on {@code file}, or {@code file} itself when it is one already. */
    static WatchedSync of(FileAccess.FileSync file) {
        return of(file, NOBODY);
    }

    /** As {@link #of(FileAccess.FileSync)}, a new watch telling {@code onFailure} of each failed sync. */
    static WatchedSync of(FileAccess.FileSync file, Runnable onFailure) {
        return file instanceof WatchedSync watched ? watched : new WatchedSync(file, onFailure);
    }

    /**
     * Synchronized (review52): Linux reports a writeback error to the first of two overlapping fsyncs of the file; the
     * other returns 0. Unsynchronized, the group commit's sync could return while the timer's was still on its way to
     * note the error, and count commits durable; now a sync that began during another ends after it, its note read.
     * A leaf lock: nothing is taken while it is held.
     */
    @Override
    public synchronized void sync() throws IOException {
        try {
            file.sync();
        } catch (IOException e) {
            if (failed == null) {
                failed = e;
            }
            onFailure.run();
            throw e;
        }
    }

    /** The first failure of a sync of this file by anyone, or null. */
    IOException failed() {
        return failed;
    }
}
