package kz.qaqpa.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

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
    private final Database db;
    private final Path directory;
    private final Clock clock;
    /** One at a time: a second would copy the same files again and hold another console worker while it does. */
    private final ReentrantLock running = new ReentrantLock();

    public StoreBackup(Database db, Path directory, Clock clock) {
        this.db = db;
        this.directory = directory.toAbsolutePath();
        this.clock = clock;
    }

    /** The directory the backup was written to; empty while another backup is being taken. */
    public Optional<Path> take() {
        if (!running.tryLock()) {
            return Optional.empty();
        }
        try {
            Path target = directory.resolve(NAME.format(clock.instant()));
            Files.createDirectories(directory);
            // HSQLDB takes a directory as a path ending in a separator; the name is ours, the quotes are escaped anyway
            db.update("BACKUP DATABASE TO '" + (target + "/").replace("'", "''") + "' BLOCKING AS FILES");
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running.unlock();
        }
    }
}
