package kz.qaqpa.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A backup of the store taken while the gateway runs (HSQLDB's {@code BACKUP DATABASE ... BLOCKING AS FILES}: a
 * checkpoint, then a copy of the store's files that opens as a store by itself). Each goes into a directory of its own
 * under qaqpa.backup.dir, named by the UTC time it began. Statements wait while it runs (about a second for the demo's
 * store; the time to copy the data file for a large one). NOT BLOCKING was tried: it copies the files as of the last
 * checkpoint without the log, so a backup missed everything since (at 200 MB of log between checkpoints, all of a
 * day's work). A copy of the running store's files made from outside is no backup either (a checkpoint or a commit may
 * be half-written in it).
 */
public final class StoreBackup {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** The name's ending while a backup is being written. */
    static final String PARTIAL = ".partial";
    private final Database db;
    private final Path store;
    private final StoreDisk disk;
    private final Path directory;
    private final Clock clock;
    /** One at a time: a second would copy the same files again and hold another console worker while it does. */
    private final ReentrantLock running = new ReentrantLock();

    /** @param store the store's directory (its files are what a backup copies) */
    public StoreBackup(Database db, Path store, StoreDisk disk, Path directory, Clock clock) {
        this.db = db;
        this.store = store;
        this.disk = disk;
        this.directory = directory.toAbsolutePath();
        this.clock = clock;
    }

    /** A backup not taken, nothing of it written: its disk has no room for it. */
    public static final class NoRoom extends RuntimeException {
        NoRoom(String why) {
            super(why);
        }
    }

    /**
     * The directory the backup was written to; empty while another backup is being taken. One its disk has no room
     * for ({@link StoreDisk#noRoomFor}) is refused before it writes ({@link NoRoom}): a copy that filled the disk
     * half-way failed, left its half behind, and left the store no room for its own writes. One that fails all the
     * same (the disk filled meanwhile) leaves nothing behind either.
     */
    public Optional<Path> take() {
        return take("");
    }

    /** As {@link #take()}, the directory's name ending in {@code suffix} after the time (why it was taken). */
    public Optional<Path> take(String suffix) {
        if (!running.tryLock()) {
            return Optional.empty();
        }
        Path target = directory.resolve(NAME.format(clock.instant()) + suffix);
        // written under another name and renamed once complete: a kill during the copy leaves no whole-looking backup
        Path partial = directory.resolve(target.getFileName() + PARTIAL);
        try {
            Files.createDirectories(directory);
            disk.noRoomFor(directory, StoreFiles.bytesIn(store)).ifPresent(why -> {
                throw new NoRoom(why);
            });
            // HSQLDB takes a directory as a path ending in a separator; the name is ours, the quotes are escaped anyway
            db.backUp("BACKUP DATABASE TO '" + (partial + "/").replace("'", "''") + "' BLOCKING AS FILES");
            synced(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            DirectorySync.sync(directory); // the rename on disk: a whole backup by its name (store52)
            return Optional.of(target);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (!(e instanceof NoRoom)) {
                deleteQuietly(partial);
            }
            throw e;
        } finally {
            running.unlock();
        }
    }

    /**
     * The backup's files and directory synced before it is renamed whole (store52): HSQLDB's copy does not sync them,
     * and after a crash a backup named whole could have held files the disk never got. A failed sync (a failing disk)
     * fails the backup.
     */
    private static void synced(Path backup) throws IOException {
        try (Stream<Path> files = Files.list(backup)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            }
        }
        DirectorySync.sync(backup);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // what is left is named by the failure the operator is answered with
        }
    }
}
