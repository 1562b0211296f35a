package kz.qaqpa.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.hsqldb.persist.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a checkpoint of ours wrote its files durably (store52, review51b; every checkpoint since store53): only then
 * may it end an outage, and one that did not begins one ({@link CheckpointJudge#afterCheckpoint}). HSQLDB does not say: its
 * close of the new script logs a failed sync and goes on, and its sync of the data file is tried twice, the second
 * succeeding after a first that failed with EIO although the failed pages may be lost. So, taken before the checkpoint:
 * <ul>
 * <li>the count of failed syncs of files HSQLDB opened through {@link WatchedFiles} (the new script, the new log):
 * it must not grow;
 * <li>a descriptor of our own on the data file, synced after the checkpoint: Linux reports a writeback error to every
 * descriptor open when it happened, whoever else was told of it first. For a checkpoint that writes the data file anew
 * (CHECKPOINT DEFRAG, store53) the file HSQLDB will write, {@code qaqpa.data.new}, is made here, empty, and held open, so
 * that HSQLDB writes into the file watched, which it then renames into place;
 * <li>the store's directory synced after it, so that the checkpoint's renames are on disk too.
 * </ul>
 */
final class CheckpointProof implements AutoCloseable {
    private static final org.slf4j.Logger OUT = LoggerFactory.getLogger(CheckpointProof.class);
    private final WatchedFiles files;
    private final long failedBefore;
    /** Our own descriptor on the data file (or on the one a DEFRAG writes); null while the store has none. */
    private final FileChannel data;
    /** The file {@link #data} is open on (the inode): the data file must be it after a DEFRAG. */
    private final Object dataKey;
    private final Path dataFile;
    /** Why the data file cannot be watched (the store has cached tables, the file is gone); null: it can, or need not. */
    private final String dataMissing;
    private final Path directory;

    /** Why a checkpoint's files are not known to be on disk; {@code dataFile}: the data file's pages may be lost. */
    record Doubt(String reason, boolean dataFile) {
    }

    private CheckpointProof(WatchedFiles files, FileChannel data, Object dataKey, Path dataFile, String dataMissing) {
        this.files = files;
        this.failedBefore = files.failedSyncs();
        this.data = data;
        this.dataKey = dataKey;
        this.dataFile = dataFile;
        this.dataMissing = dataMissing;
        this.directory = dataFile.toAbsolutePath().getParent();
    }

    /**
     * Before a checkpoint of the store at {@code path} (HSQLDB's: its files' names without their ending); {@code anew}:
     * a CHECKPOINT DEFRAG, which writes the data file anew.
     */
    static CheckpointProof before(Logger log, String path, boolean anew) throws IOException {
        WatchedFiles files;
        boolean cached;
        synchronized (log) {
            files = WatchedFiles.of(log);
            cached = log.hasCache();
        }
        Path dataFile = Path.of(path + ".data");
        if (!cached) { // HSQLDB makes the data file with the first cached table: legal, and nothing of it to prove
            OUT.info("checkpoint proof: the store has no cached table, so no data file ({}) to sync", dataFile);
            return new CheckpointProof(files, null, null, dataFile, null);
        }
        if (anew) {
            Path written = Path.of(path + ".data.new");
            FileChannel channel = FileChannel.open(written, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new CheckpointProof(files, channel, key(written), dataFile, null);
        }
        if (!Files.exists(dataFile)) {
            return new CheckpointProof(files, null, null, dataFile, "the data file " + dataFile + " is missing,"
                    + " although the store has cached tables");
        }
        return new CheckpointProof(files, FileChannel.open(dataFile, StandardOpenOption.READ), key(dataFile), dataFile,
                null);
    }

    /**
     * After the checkpoint (whether HSQLDB's checkpoint succeeded or not: its data file's pages may have met an error
     * either way): why what it wrote is not known to be on disk, or empty when it is.
     */
    Optional<Doubt> unproven() {
        if (dataMissing != null) {
            return Optional.of(new Doubt(dataMissing, true));
        }
        if (data != null) {
            Optional<Doubt> doubt = dataFileUnproven(data, dataKey, dataFile, "");
            if (doubt.isPresent()) {
                return doubt;
            }
        }
        if (files.failedSyncs() != failedBefore) {
            return Optional.of(new Doubt("a sync of its new script or log failed", false));
        }
        try {
            DirectorySync.sync(directory);
        } catch (IOException e) {
            return Optional.of(new Doubt("the sync of the store's directory failed: " + e, false));
        }
        return Optional.empty();
    }

    /**
     * Why our descriptor {@code data} on {@code dataFile} (opened on the file {@code dataKey}) does not prove what was
     * written into it on disk: the file replaced, or its sync failed (Linux reports a writeback error to every
     * descriptor open when it happened); empty when synced. {@code about} begins each reason.
     */
    static Optional<Doubt> dataFileUnproven(FileChannel data, Object dataKey, Path dataFile, String about) {
        try {
            if (!dataKey.equals(key(dataFile))) {
                return Optional.of(new Doubt(about + "the data file " + dataFile + " is not the file watched", true));
            }
            data.force(true);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Doubt(about + "the sync of the data file failed: " + e, true));
        }
    }

    /** Closes our descriptor on the data file, if any: nothing of the store's is lost with it. */
    static void closeQuietly(FileChannel data) {
        if (data == null) {
            return;
        }
        try {
            data.close();
        } catch (IOException e) {
            // nothing of the store's is lost with our descriptor
        }
    }

    /** The file's identity (its inode): a file HSQLDB replaced under the same name has another. */
    static Object key(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Override
    public void close() {
        closeQuietly(data);
    }
}
