package kz.qaqpa.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.hsqldb.DatabaseManager;
import org.hsqldb.DatabaseType;
import org.hsqldb.HsqlException;
import org.hsqldb.persist.LockFile;
import org.slf4j.LoggerFactory;

/**
 * The store's files on disk, before {@link Database} runs a statement in them: their first creation, and HSQLDB's
 * lock of them, taken or waited for as a start after a crash must wait.
 */
final class StoreFiles {
    static final String USER = "SA";
    /** The database's files in its directory: qaqpa.properties, .script, .data, .log, .lck. */
    private static final String NAME = "qaqpa";

    /** The database's files' path without extension. */
    static String path(String directory) {
        return directory + "/" + NAME;
    }

    /** HSQLDB's log of the database in {@code directory}: every commit since the last checkpoint. */
    static Path logFile(String directory) {
        return Path.of(path(directory) + ".log");
    }

    /** The bytes of the files in the store's {@code directory}: what a backup copies, and what an upgrade may rewrite. */
    static long bytesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static String url(String directory) {
        return "jdbc:hsqldb:file:" + path(directory);
    }

    /**
     * HSQLDB's lock of the database {@code path} (its files' path without extension), taken as the engine takes it;
     * a lock a process killed moments ago left is waited out as a start waits it out ({@link #whenUnlocked}).
     */
    static LockFile lock(String path) {
        try {
            return whenUnlocked(() -> {
                try {
                    return LockFile.newLockFileLock(path);
                } catch (HsqlException e) {
                    throw new SQLException(e.getMessage(), "08001", e);
                }
            });
        } catch (SQLException e) {
            throw new Database.StoreException(e);
        }
    }

    static void release(LockFile lock) {
        try {
            lock.tryRelease();
        } catch (LockFile.BaseException e) {
            LoggerFactory.getLogger(StoreFiles.class).warn("cannot remove the store's lock file: {}",
                    e.getMessage());
        }
    }

    /**
     * Creates the database files on the first start (a connection without ifexists creates them) and turns the write
     * delay on: a store made before group commit keeps write_delay=false whatever the URL says. Its data file is
     * mapped into memory or read and written as a file as {@code mappedDataFile} says; a store made before keeps
     * its own setting whatever the URL says too, and HSQLDB opens the data file only when it opens the database, so a
     * store to be switched is switched and opened again (its shutdown is one checkpoint, at that one start). Each setting
     * is written only when the store's differs (open54): a store opened after a crash is not written into before its
     * opening's checkpoint is proven ({@link OpeningProof}). One that fails once HSQLDB has opened the store shuts down
     * what it opened ({@link #shutDownImmediately}, store56). The row cache's rows ({@link DataFile#cacheRows}) are set as
     * the data file's access is: HSQLDB sizes its cache as it opens the data file.
     *
     * @return HSQLDB's database the connection reached (when the data file's setting was switched, the one opened again
     *         after it), to which the store's pool connects (store57)
     */
    static org.hsqldb.Database create(String directory, String url, DataFile dataFile) {
        org.hsqldb.Database opened = null;
        try (Connection c = openWhenUnlocked(url + ";hsqldb.nio_data_file=" + dataFile.mapped() + dataFile.cacheRowsOnUrl());
                Statement s = c.createStatement()) {
            opened = GroupCommit.hsqldbOf(c);
            if (!writeDelayed(s)) {
                s.execute("SET FILES WRITE DELAY TRUE");
            }
            boolean reopen = false;
            if (dataFile.mapped() != mapsDataFile(s)) {
                s.execute("SET FILES NIO " + (dataFile.mapped() ? "TRUE" : "FALSE"));
                reopen = true;
            }
            if (dataFile.cacheRowsDifferFrom(property(s, CACHE_ROWS))) {
                s.execute("SET FILES CACHE ROWS " + dataFile.cacheRows());
                reopen = true;
            }
            if (reopen) {
                s.execute("SHUTDOWN");
                opened = null;
                try (Connection again = openWhenUnlocked(url)) {
                    opened = GroupCommit.hsqldbOf(again);
                }
            }
            return opened;
        } catch (SQLException e) {
            // HSQLDB opens the store before it checks the user: a connection refused after that left the store open
            shutDownImmediately(opened != null ? opened : registered(directory));
            if (lockHeld(e)) {
                throw StoreInUse.of(Path.of(directory), Optional.empty());
            }
            throw new Database.StoreException(e);
        }
    }

    /** HSQLDB's property of the most rows its row cache holds (its own default 50,000; SET FILES CACHE ROWS). */
    static final String CACHE_ROWS = "hsqldb.cache_rows";

    /**
     * How HSQLDB is to keep the store's data file: mapped into memory or read and written as a file
     * (qaqpa.db.nio-data-file), and the most rows its row cache holds (qaqpa.db.cache-rows; {@link #KEEP_CACHE_ROWS}:
     * the store's own, HSQLDB's default for a new one). The cache writes half its rows into the data file, under the
     * lock every statement needs, each time it fills (perf57a); fewer rows make each such write shorter and more
     * frequent. Its bytes stay HSQLDB's default 10 MB, which the largest bodies kept in rows need ({@link Bodies}).
     */
    record DataFile(boolean mapped, int cacheRows) {
        /** {@link #cacheRows} that leaves the store's own setting as it is. */
        static final int KEEP_CACHE_ROWS = 0;
        /** HSQLDB's least row cache (it raises a smaller SET FILES CACHE ROWS to this without a word). */
        static final int HSQLDB_LEAST_CACHE_ROWS = 100;
        /**
         * HSQLDB's most row cache (it cuts a larger SET FILES CACHE ROWS to this without a word; review59). It sizes
         * the cache's tables for every row as it opens the data file, about 21 bytes of heap a row (357 MB here).
         */
        static final int HSQLDB_MOST_CACHE_ROWS = 16_777_216;
        /** Rows a statement keeps in the cache at once while it changes an index: its own and those it links it to. */
        static final int ROWS_A_STATEMENT_KEEPS = 3;

        /** The data file read and written as a file, the store's row cache as it is (the tests' and tools' default). */
        static DataFile asFile(boolean mapped) {
            return new DataFile(mapped, KEEP_CACHE_ROWS);
        }

        /**
         * The fewest rows a row cache may hold for {@code poolSize} statements at once: each keeps a few rows in it
         * while it changes an index, and HSQLDB refuses a row the cache cannot take (DATA_CACHE_IS_FULL); never below
         * HSQLDB's own least, which it would set instead without a word.
         */
        static int leastCacheRows(int poolSize) {
            return Math.max(HSQLDB_LEAST_CACHE_ROWS, poolSize * ROWS_A_STATEMENT_KEEPS);
        }

        private String cacheRowsOnUrl() {
            return cacheRows == KEEP_CACHE_ROWS ? "" : ";" + CACHE_ROWS + "=" + cacheRows;
        }

        private boolean cacheRowsDifferFrom(String stores) {
            return cacheRows != KEEP_CACHE_ROWS && !String.valueOf(cacheRows).equals(stores);
        }
    }

    /** HSQLDB's database this process has registered for the store in {@code directory}, open or not; null: none. */
    private static org.hsqldb.Database registered(String directory) {
        return DatabaseManager.lookupDatabaseObject(DatabaseType.DB_FILE, path(directory));
    }

    /**
     * Shuts HSQLDB's database {@code opened} down as {@code SHUTDOWN IMMEDIATELY} does (no checkpoint: its log kept, nothing
     * more written; its lock file released, its files closed), unless it is no longer open or null (store56). For an
     * opening that failed midway: left open, it stayed registered under the store's path, and the next connection by the
     * URL reached it instead of opening the store. Its own object, not a connection by the URL: that would open the store
     * anew if it were shut down meanwhile.
     */
    static void shutDownImmediately(org.hsqldb.Database opened) {
        if (opened == null) {
            return;
        }
        try {
            opened.close(org.hsqldb.Database.CLOSEMODE_IMMEDIATELY);
        } catch (HsqlException e) {
            LoggerFactory.getLogger(StoreFiles.class).warn("the store's database a failed opening left could not be shut"
                    + " down: {}", e.getMessage());
        }
    }

    /** HSQLDB could not take the store's lock: another process holds it. */
    static boolean lockHeld(SQLException e) {
        return String.valueOf(e.getMessage()).contains("lock acquisition failure");
    }

    /** The write delay {@code SET FILES WRITE DELAY TRUE} sets: HSQLDB's timer syncs the log every this many ms. */
    private static final String WRITE_DELAY_MILLIS = "500";

    /** The store's write delay is what {@code SET FILES WRITE DELAY TRUE} would set. */
    private static boolean writeDelayed(Statement s) throws SQLException {
        return "true".equals(property(s, "hsqldb.write_delay"))
                && WRITE_DELAY_MILLIS.equals(property(s, "hsqldb.write_delay_millis"));
    }

    private static String property(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                + " WHERE PROPERTY_NAME = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean mapsDataFile(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                + " WHERE PROPERTY_NAME = 'hsqldb.nio_data_file'")) {
            return rs.next() && Boolean.parseBoolean(rs.getString(1));
        }
    }

    /** HSQLDB writes its lock file's heartbeat every 10 s; a lock older than that is a dead process's. */
    private static final Duration STALE_LOCK = Duration.ofSeconds(12);

    private static Connection openWhenUnlocked(String url) throws SQLException {
        return whenUnlocked(() -> DriverManager.getConnection(url, USER, ""));
    }

    /** An attempt to open the store or take its lock. */
    private interface StoreAttempt<T> {
        T run() throws SQLException;
    }

    /**
     * Right after a crash (kill -9) HSQLDB can still take the dead process's lock file for held, for up to its
     * heartbeat interval: a start, or the log verifier, waits that long, with a log line, rather than fail and need a
     * supervisor's (or an operator's) retry.
     */
    private static <T> T whenUnlocked(StoreAttempt<T> attempt) throws SQLException {
        long deadline = System.nanoTime() + STALE_LOCK.toNanos();
        boolean told = false;
        while (true) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (!lockHeld(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!told) {
                    LoggerFactory.getLogger(StoreFiles.class).warn("the store's lock file looks held (a crash"
                            + " moments ago, or a gateway running on the same data directory): waiting up to {}",
                            STALE_LOCK);
                    told = true;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private StoreFiles() {
    }
}
