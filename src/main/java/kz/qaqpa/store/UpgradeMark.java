package kz.qaqpa.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Ours (review51, on lead50's backup before an upgrade): the file in the store's directory saying that a schema upgrade
 * is under way and which backup holds the store as it was. It is written and synced before the first migration runs
 * and removed once the schema is this build's. A start after a kill during the upgrade finds it and refuses, naming that
 * backup, instead of backing up the half-changed store as if it were the store as it was (the newest
 * {@code -before-upgrade} backup would then be the broken one) and upgrading it again.
 */
public final class UpgradeMark {
    /** The mark's file name in the store's directory, beside HSQLDB's files. */
    public static final String FILE = "qaqpa.upgrading";
    /** What the mark says in place of the backup when qaqpa.store.backup-before-upgrade is false. */
    private static final String NO_BACKUP = "no backup (qaqpa.store.backup-before-upgrade = false)";
    private final Path directory;
    private final Path file;

    UpgradeMark(Path storeDirectory) {
        this.directory = storeDirectory;
        this.file = storeDirectory.resolve(FILE);
    }

    /**
     * What the mark left by an upgrade that did not remove it says (the versions and the backup), if one is there; an
     * empty text when the mark is empty or unreadable (its write failed, before store52 a kill could leave it empty).
     */
    Optional<String> left() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) { // unreadable, or not UTF-8: a torn or damaged write
            return Optional.of("");
        }
    }

    /** Marks an upgrade from {@code versions} ("31 to 33") as under way, the store before it in {@code backup}. */
    void write(String versions, Optional<Path> backup) {
        String text = "the upgrade from version " + versions + "; the store before it: "
                + backup.map(Path::toString).orElse(NO_BACKUP) + "\n";
        // written whole under another name, synced, then renamed (store52): a kill or a full disk during the write
        // leaves no empty mark, which would refuse every start without naming the backup
        Path written = directory.resolve(FILE + ".new");
        try (FileChannel out = FileChannel.open(written, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        syncDirectory();
    }

    /**
     * What an operator does with a store whose upgrade, as the mark said ({@code left}), did not complete: restore the
     * backup it names, or, when none was taken (upgrade53: it said "restore that backup" all the same), their own.
     */
    static String restoring(String left) {
        String how = " as db (docs/operations.md, Store schema versions) and start again";
        if (left.contains(NO_BACKUP)) {
            return "No backup was taken before it (qaqpa.store.backup-before-upgrade = false): stop, move the store's"
                    + " db directory aside, restore the newest backup of this store from before the upgrade (one"
                    + " POST /store/backup took, or the operator's own copy)" + how;
        }
        return "Stop, move the store's db directory aside, restore that backup" + how;
    }

    /** Removes the mark (none there: nothing to do). True when there was one. */
    boolean clear() {
        try {
            if (!Files.deleteIfExists(file)) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        syncDirectory();
        return true;
    }

    /** The file's creation or removal is on disk only once its directory is synced. */
    private void syncDirectory() {
        try {
            DirectorySync.sync(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
