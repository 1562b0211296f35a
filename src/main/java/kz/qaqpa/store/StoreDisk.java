package kz.qaqpa.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The free space of the disk the store's files are on, against the space the gateway keeps free
 * ({@code qaqpa.store.min-free-bytes}). Below it the gateway takes no new work, neither an application nor a sync
 * look-up ({@code channel.NewWorkAdmission}; SCE912, send again later), so that the applications it has already acknowledged
 * keep room for their results, callbacks and the log's
 * checkpoint. A full disk otherwise made every write fail half-way through the flow, with an internal error (SCE909).
 */
public final class StoreDisk {
    private static final long MB = 1024 * 1024;
    private final Path dir;
    private final long minFreeBytes;
    /**
     * The store's disk, found once: finding a path's disk reads the mount table and stats every mount point (about
     * 0.1-0.4 ms on this VM, against 15 us for the free space alone), and it is asked before every intake and look-up.
     */
    private volatile FileStore storeDisk;

    /** @param minFreeBytes 0 keeps nothing free (writes then fail only once the disk is full) */
    public StoreDisk(Path dir, long minFreeBytes) {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("qaqpa.store.min-free-bytes must not be negative: " + minFreeBytes);
        }
        this.dir = dir;
        this.minFreeBytes = minFreeBytes;
    }

    /** Bytes this process may still write on the store's disk; -1 when the disk cannot be asked. */
    public long freeBytes() {
        try {
            return storeDisk().getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private FileStore storeDisk() throws IOException {
        FileStore disk = storeDisk;
        if (disk == null) {
            disk = Files.getFileStore(dir);
            storeDisk = disk;
        }
        return disk;
    }

    /**
     * Why {@code bytes} more written under {@code target} (an existing directory) would not fit: more than its disk's
     * free space, or, on the store's own disk, more than it has beyond the space kept free; empty when they fit.
     */
    public Optional<String> noRoomFor(Path target, long bytes) throws IOException {
        FileStore disk = Files.getFileStore(target);
        long keep = keptFreeOn(disk);
        long free = disk.getUsableSpace();
        if (free - bytes >= keep) {
            return Optional.empty();
        }
        return Optional.of(bytes + " bytes to write, " + free + " bytes free on the disk of " + target
                + (keep > 0 ? ", of which the store keeps " + keep + " (qaqpa.store.min-free-bytes)" : ""));
    }

    /**
     * Bytes that may still be written under {@code target} (an existing directory): its disk's free space, less the
     * space kept free where that is the store's disk; negative when even that is short.
     */
    public long roomUnder(Path target) throws IOException {
        FileStore disk = Files.getFileStore(target);
        return disk.getUsableSpace() - keptFreeOn(disk);
    }

    /** The space the store keeps free on {@code disk}: qaqpa.store.min-free-bytes on its own disk, none elsewhere. */
    private long keptFreeOn(FileStore disk) throws IOException {
        return disk.equals(storeDisk()) ? minFreeBytes : 0;
    }

    /**
     * Why the store's disk takes no new application now (short of the space kept free, or full), or empty while it
     * has that space (or its free space cannot be read: the writes then tell).
     */
    public Optional<String> shortage() {
        long free = freeBytes();
        if (free < 0 || free >= minFreeBytes && free > 0) {
            return Optional.empty();
        }
        return Optional.of(free / MB + " MB free on the store's disk, below the " + minFreeBytes / MB
                + " MB kept free (qaqpa.store.min-free-bytes)");
    }
}
