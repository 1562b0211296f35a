package kz.qaqpa.store;

import java.io.File;
import java.util.Optional;
import org.hsqldb.persist.DataFileCache;
import org.hsqldb.persist.Logger;

/**
 * Ours (store55, open54): whether the store's disk has room for a CHECKPOINT DEFRAG before one is started. A DEFRAG
 * writes every row into a new data file and the script anew, then closes the old data file, empties HSQLDB's cache
 * and writes {@code qaqpa.properties} before it renames the new files into place and opens the data file again. One
 * that met the full disk in between left HSQLDB's cache closed in the running process: every DEFRAG after it failed
 * ({@code NullPointerException: "this.dataFile" is null in statement [CHECKPOINT DEFRAG]}), so a data file's doubt
 * could not end in that process even once the disk had room again, and the stop left the store to be restored. Not
 * started, it leaves the running store as it was, and the retry 10 s later finds the room made meanwhile.
 * <p>
 * Room enough: the data file's used extent (HSQLDB's file free position: the new file holds the live rows of it, at most
 * all of it; the file's length when HSQLDB cannot say), the script as long as it is now (cached tables' rows are not in
 * it, so it grows only with the schema and the memory tables) and {@link #MARGIN_BYTES} more.
 */
final class DefragRoom {
    /**
     * For what the DEFRAG writes beside its two files (HSQLDB's properties, the new log's first block) and for the
     * file system's own blocks for them: a few KB each; 4 MiB keeps a margin that is small beside any real store.
     */
    static final long MARGIN_BYTES = 4L << 20;

    private DefragRoom() {
    }

    /**
     * Why a DEFRAG of the store {@code log} belongs to (at {@code path}: its files' names without their ending) is not
     * to be started now: the disk is short of the room it needs; empty when the room is there (or cannot be told:
     * the disk does not say, and the DEFRAG then runs as before).
     */
    static Optional<String> lacking(Logger log, String path) {
        File data = new File(path + ".data").getAbsoluteFile();
        if (!data.getParentFile().isDirectory()) {
            return Optional.empty(); // no disk to ask: HSQLDB's own failure says what is wrong
        }
        long usable = data.getParentFile().getUsableSpace();
        long needed = dataExtent(log, data) + new File(path + ".script").length() + MARGIN_BYTES;
        if (usable >= needed) {
            return Optional.empty();
        }
        return Optional.of("the disk has " + usable + " bytes free for this process, and a CHECKPOINT DEFRAG needs "
                + needed + " (the data file's rows, the script and " + MARGIN_BYTES + " bytes more): it is not started"
                + " until there is room (one that met the full disk would leave HSQLDB unable to run another before a"
                + " restart)");
    }

    /** The data file's used part, which bounds what a DEFRAG writes anew. */
    private static long dataExtent(Logger log, File data) {
        DataFileCache cache;
        synchronized (log) {
            cache = log.hasCache() ? log.getCache() : null;
        }
        long used = cache == null ? 0 : cache.getFileFreePos();
        return used > 0 ? used : data.length();
    }
}
