package kz.qaqpa.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Ours (open54, review54): whether the checkpoint HSQLDB runs by itself while it opens a store a crash left (the log
 * replayed into memory, then written into {@code qaqpa.data} and the log deleted, all inside the store's first
 * connection) wrote the data file durably. HSQLDB syncs the data file twice and takes the second sync's success after a
 * first that failed with EIO, so a writeback error there went unnoticed and the gateway took changes on a data file whose
 * pages, the replayed rows among them, may be lost. As {@link CheckpointProof} does for our own checkpoints: a descriptor
 * of ours on the data file, opened before HSQLDB opens the store (Linux reports a writeback error to every descriptor open
 * when it happened), synced after the opening, and the store's directory synced for the checkpoint's renames. A store
 * opened cleanly checkpoints nothing: the sync finds nothing to write.
 */
final class OpeningProof implements AutoCloseable {
    /** Our descriptor on the data file; null when the store had none before its opening. */
    private final FileChannel data;
    /** The file {@link #data} is open on (its inode): the opening must have kept it. */
    private final Object dataKey;
    private final Path dataFile;
    /** The store's script (its schema, its MEMORY tables' rows, its CACHED tables' index roots) before the opening. */
    private final Path script;
    /** The file {@link #script} was before the opening (its inode); null: the store had none (a new store, or a crash
     * between HSQLDB's removal of the old script and its rename of the new one). */
    private final Object scriptKey;

    private OpeningProof(FileChannel data, Object dataKey, Path dataFile, Path script) {
        this.data = data;
        this.dataKey = dataKey;
        this.dataFile = dataFile;
        this.script = script;
        this.scriptKey = keyOrNull(script);
    }

    /** Before the first connection to the store at {@code path} (HSQLDB's: its files' names without their ending). */
    static OpeningProof before(String path) {
        Path dataFile = Path.of(path + ".data");
        Path script = Path.of(path + ".script");
        try {
            FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.READ);
            try {
                return new OpeningProof(channel, CheckpointProof.key(dataFile), dataFile, script);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            return new OpeningProof(null, null, dataFile, script); // a new store, or one without cached tables yet
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the store's data file " + dataFile + " could not be opened to prove"
                    + " the checkpoint of the store's opening", e);
        }
    }

    /** After the first connection: why the data file the opening may have written is not known on disk, or empty. */
    Optional<CheckpointProof.Doubt> unproven() {
        String opening = "the checkpoint HSQLDB ran as it opened the store (after a crash): ";
        if (data == null) {
            return Files.exists(dataFile) ? Optional.of(new CheckpointProof.Doubt(opening + "the data file "
                    + dataFile + " was made by the opening, unwatched", true)) : Optional.empty();
        }
        Optional<CheckpointProof.Doubt> doubt = CheckpointProof.dataFileUnproven(data, dataKey, dataFile, opening);
        if (doubt.isPresent()) {
            return doubt;
        }
        try {
            DirectorySync.sync(dataFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            return Optional.of(new CheckpointProof.Doubt(opening + "the sync of the store's directory failed: " + e,
                    false));
        }
        return Optional.empty();
    }

    /**
     * After the first connection: whether the opening wrote the store's script anew (store57), a new store's first
     * script and one put in place from a {@code qaqpa.script.new} a crash left (review58) included. HSQLDB
     * writes it as {@code qaqpa.script.new}, syncs it, renames it into place and deletes the log whenever it checkpoints
     * as it opens a store a crash left (or switches its data file's access, {@link StoreFiles#create}), and its writer's
     * close only logs a failed sync ({@code ScriptWriterBase.forceSync}); the file is made during the opening, so no
     * descriptor of ours can be open on it when the failure is reported. Such a script is not proven: a proven
     * checkpoint of ours writes it anew before the store takes any work ({@link Database}).
     */
    boolean scriptWritten() {
        Object after = keyOrNull(script);
        return after != null && !after.equals(scriptKey);
    }

    /** The file's identity, or null when it is not there (or cannot be read: then it is not known to be the same). */
    private static Object keyOrNull(Path file) {
        try {
            return CheckpointProof.key(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        CheckpointProof.closeQuietly(data);
    }
}
