package kz.qaqpa.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Ours (upgrade53, from review51 F2): the room a schema upgrade is counted to need on the store's own disk, checked
 * before its backup and its first change. The backup's own check counts the backup on its disk only, while a migration
 * that rewrites a table writes on the store's: V34's DROP INDEX rewrites the application table into new space of the
 * data file (about 4.5 GB at a million applications with results), and the space it leaves is freed inside the file,
 * which keeps its size. A disk filled half-way stopped the migration with a store half-changed.
 */
final class UpgradeRoom {
    /**
     * What an upgrade is counted to write on the store's disk, in percent of the store's files: every table rewritten
     * once (no table outgrows the data file) and what the copies add to the log, with room to spare. Measured on V34
     * (upgrade53): a store holding only applications with 4 KB results, the worst case for it, grew by 103% (20,000
     * applications: the data file from 100 to 201 MB, 2.6 MB of log); a real store, mostly its message chain, far less.
     */
    static final long GROWTH_PERCENT = 125;

    private UpgradeRoom() {
    }

    /**
     * Refuses the upgrade from {@code versions} of the store in {@code store} when its disk lacks the room counted for
     * it, beside the space kept free and, when {@code backups} (qaqpa.backup.dir, if a backup is taken) is on the same
     * disk, the backup.
     */
    static void require(StoreDisk disk, Path store, Optional<Path> backups, String versions) {
        String refused = "the store's schema is not upgraded from version " + versions + ": ";
        try {
            long storeBytes = StoreFiles.bytesIn(store);
            long growth = storeBytes * GROWTH_PERCENT / 100;
            boolean backupBeside = backups.isPresent() && sameDisk(store, backups.get());
            disk.noRoomFor(store, growth + (backupBeside ? storeBytes : 0)).ifPresent(why -> {
                throw new IllegalStateException(refused + "no room on the store's disk for what the upgrade may write"
                        + " there: " + growth + " bytes counted for it (" + GROWTH_PERCENT + "% of the store's "
                        + storeBytes + " bytes: a migration may rewrite a table into new space of the data file)"
                        + (backupBeside ? " and " + storeBytes + " for its backup into qaqpa.backup.dir, on the same"
                        + " disk" : "") + "; " + why + " (docs/operations.md, Store schema versions). Nothing was"
                        + " changed: make room on the disk of " + store + (backupBeside ? " or set qaqpa.backup.dir to"
                        + " another disk" : "") + ", and start again");
            });
        } catch (IOException e) {
            throw new IllegalStateException(refused + "the room on the store's disk cannot be read (" + e + ")", e);
        }
    }

    /** Whether {@code dir} (made when the backup is taken, so perhaps not yet) is on the disk of {@code store}. */
    private static boolean sameDisk(Path store, Path dir) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        return Files.getFileStore(existing).equals(Files.getFileStore(store));
    }
}
