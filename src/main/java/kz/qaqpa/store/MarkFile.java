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
 * A small text file in the store's directory that a start must honour ({@link UpgradeMark}, {@link DoubtMark}): written
 * whole and synced before it counts, removed durably. Its own directory is synced after each change, since a file's
 * creation, rename or removal is on disk only then.
 */
final class MarkFile {
    private final Path directory;
    private final Path file;

    MarkFile(Path directory, String name) {
        this.directory = directory;
        this.file = directory.resolve(name);
    }

    /** The mark's path. */
    Path path() {
        return file;
    }

    /**
     * What the mark says, if it is there; an empty text when it is empty or unreadable (a torn or damaged write, or
     * before store52 a kill during the write).
     */
    Optional<String> left() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) { // unreadable, or not UTF-8
            return Optional.of("");
        }
    }

    /**
     * Writes {@code text} whole under another name, syncs it, then renames it into place (store52): a kill or a full
     * disk during the write leaves no empty mark.
     */
    void write(String text) {
        Path written = directory.resolve(file.getFileName() + ".new");
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

    private void syncDirectory() {
        try {
            DirectorySync.sync(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
