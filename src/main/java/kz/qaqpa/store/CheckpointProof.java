package kz.qaqpa.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.hsqldb.persist.Logger;

/**
 * Whether a checkpoint after a failed sync of the log wrote its files durably (store52, review51b): only then may it
 * end the outage ({@link GroupCommit#afterCheckpoint}). HSQLDB does not say: its close of the new script logs a failed
 * sync and goes on, and its sync of the data file is tried twice, the second succeeding after a first that failed with
 * EIO although the failed pages may be lost. So, taken before the checkpoint:
 * <ul>
 * <li>the count of failed syncs of files HSQLDB opened through {@link WatchedFiles} (the new script, the new log):
 * it must not grow;
 * <li>a descriptor of our own on the data file, synced after the checkpoint: Linux reports a writeback error to every
 * descriptor open when it happened, whoever else was told of it first;
 * <li>the store's directory synced after it, so that the checkpoint's renames are on disk too.
 * </ul>
 * Taken only while a failure is noted: the normal checkpoint does none of this.
 */
final class CheckpointProof implements AutoCloseable {
    private final WatchedFiles files;
    private final long failedBefore;
    /** Our own descriptor on the data file; null while the store has none. */
    private final FileChannel data;
    private final Path directory;

    private CheckpointProof(WatchedFiles files, FileChannel data, Path directory) {
        this.files = files;
        this.failedBefore = files.failedSyncs();
        this.data = data;
        this.directory = directory;
    }

    /** Before a checkpoint of the store at {@code path} (HSQLDB's: its files' names without their ending). */
    static CheckpointProof before(Logger log, String path) throws IOException {
        WatchedFiles files;
        synchronized (log) {
            files = WatchedFiles.of(log);
        }
        Path dataFile = Path.of(path + ".data");
        FileChannel data = Files.exists(dataFile) ? FileChannel.open(dataFile, StandardOpenOption.READ) : null;
        return new CheckpointProof(files, data, dataFile.toAbsolutePath().getParent());
    }

    /** After the checkpoint: why what it wrote is not known to be on disk, or empty when it is. */
    Optional<String> unproven() {
        if (files.failedSyncs() != failedBefore) {
            return Optional.of("a sync of its new script or log failed");
        }
        try {
            if (data != null) {
                data.force(true);
            }
        } catch (IOException e) {
            return Optional.of("the sync of the data file failed: " + e);
        }
        try {
            DirectorySync.sync(directory);
        } catch (IOException e) {
            return Optional.of("the sync of the store's directory failed: " + e);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (data == null) {
            return;
        }
        try {
            data.close();
        } catch (IOException e) {
            // a read descriptor: nothing of the store's is lost with it
        }
    }
}
