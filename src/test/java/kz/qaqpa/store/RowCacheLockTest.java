package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.hsqldb.persist.DataFileCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HSQLDB's row cache under {@link RowCacheLock} (perf55a): the real store, its cache as small as HSQLDB allows so that
 * nearly every read evicts or reads back, 8 threads reading and inserting rows checked byte for byte while checkpoints,
 * a CHECKPOINT DEFRAG (the write holder reads every row) and a blocking backup run; then the store reopened under
 * HSQLDB's own lock holds every row. And the lock alone: a writer waiting while readers come and go gets it, and the
 * write holder's reads return.
 */
class RowCacheLockTest {
    private static final int THREADS = 8;
    private static final int FIRST_ROWS = 1500;
    /** HSQLDB's smallest row cache: rows, and kilobytes. */
    private static final int CACHE_ROWS = 100;
    private static final int CACHE_KB = 100;
    private static final long RUN_MS = 6000;
    private static final long WAIT_S = 30;

    @TempDir
    Path dir;

    @Test
    void aSmallCacheUnderItKeepsEveryRowThroughCheckpointsDefragAndBackup() throws Exception {
        Path store = dir.resolve("db");
        try (Database db = Database.hsqldbFile(store.toString(), THREADS)) {
            db.update("CREATE CACHED TABLE kept (id BIGINT PRIMARY KEY, body VARCHAR(4000))");
            db.update("SET FILES CACHE ROWS " + CACHE_ROWS);
            db.update("SET FILES CACHE SIZE " + CACHE_KB);
        }
        Map<Long, Boolean> written = new ConcurrentHashMap<>();
        try (Database db = Database.hsqldbFile(store.toString(), THREADS)) {
            DataFileCache cache = GroupCommitTest.logOf(store).getCache();
            assertThat(cache.capacity()).as("the row cache's rows").isEqualTo(CACHE_ROWS);
            assertOurs(cache);
            for (long id = 0; id < FIRST_ROWS; id++) {
                db.update("INSERT INTO kept (id, body) VALUES (?, ?)", id, body(id));
                written.put(id, true);
            }
            AtomicLong reads = new AtomicLong();
            AtomicLong inserts = new AtomicLong();
            List<String> checkpoints = new ArrayList<>();
            runAll(db, written, reads, inserts, checkpoints, store);
            assertThat(checkpoints).as("the checkpoints run meanwhile").contains("CHECKPOINT DEFRAG", "BACKUP")
                    .hasSizeGreaterThan(3);
            assertThat(reads.get()).as("rows read and checked").isGreaterThan(1000);
            assertThat(inserts.get()).as("rows inserted").isGreaterThan(50);
            assertOurs(GroupCommitTest.logOf(store).getCache()); // the same cache, DEFRAG reopened it
            assertThat(rows(db)).as("every row, under our lock").isEqualTo(expected(written));
        }
        try (Connection c = DriverManager.getConnection(StoreFiles.url(store.toString()) + ";ifexists=true",
                StoreFiles.USER, "")) {
            Object lock = LOCK.get(GroupCommit.logOf(c).getCache());
            assertThat(lock).as("a store opened outside Database keeps HSQLDB's lock")
                    .isExactlyInstanceOf(ReentrantReadWriteLock.class);
            Map<Long, String> reopened = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, body FROM kept")) {
                while (rs.next()) {
                    reopened.put(rs.getLong(1), rs.getString(2));
                }
            }
            assertThat(reopened).as("every row, reopened under HSQLDB's lock").isEqualTo(expected(written));
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    /**
     * A store that went away (shut down under the gateway) and was opened again by the pool's probe has a new cache,
     * which gets our lock before the new pool is handed out.
     */
    @Test
    void aStoreOpenedAgainAfterItWentAwayGetsItToo() throws Exception {
        Path store = dir.resolve("db");
        try (Database db = Database.hsqldbFile(store.toString(), 2)) {
            DataFileCache first = GroupCommitTest.logOf(store).getCache();
            assertOurs(first);
            try (Connection c = DriverManager.getConnection(StoreFiles.url(store.toString()) + ";ifexists=true",
                    StoreFiles.USER, ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            assertThat(db.reachable()).as("the store, shut down under the pool").isFalse();
            assertThat(db.reachable()).as("the store, opened again by the probe").isTrue();
            DataFileCache reopened = GroupCommitTest.logOf(store).getCache();
            assertThat(reopened).as("a new cache").isNotSameAs(first);
            assertOurs(reopened);
        }
    }

    /** 8 threads reading and inserting, and one checkpointing, for {@link #RUN_MS}; fails on any thread's failure. */
    private static void runAll(Database db, Map<Long, Boolean> written, AtomicLong reads, AtomicLong inserts,
            List<String> checkpoints, Path store) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    readAndInsert(db, thread, written, reads, inserts, stop);
                    return null;
                }));
            }
            Future<?> checkpointing = pool.submit(() -> {
                checkpoint(db, checkpoints, store, stop);
                return null;
            });
            Thread.sleep(RUN_MS);
            stop.set(true);
            checkpointing.get(WAIT_S, TimeUnit.SECONDS);
            for (Future<?> f : work) {
                f.get(WAIT_S, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    private static void readAndInsert(Database db, int thread, Map<Long, Boolean> written, AtomicLong reads,
            AtomicLong inserts, AtomicBoolean stop) {
        Random random = new Random(thread);
        long next = FIRST_ROWS + thread;
        while (!stop.get()) {
            if (random.nextInt(10) == 0) {
                db.update("INSERT INTO kept (id, body) VALUES (?, ?)", next, body(next));
                written.put(next, true);
                next += THREADS;
                inserts.incrementAndGet();
            } else {
                long id = random.nextInt(FIRST_ROWS);
                List<String> found = db.query("SELECT body FROM kept WHERE id = ?", rs -> rs.getString(1), id);
                assertThat(found).as("row " + id).containsExactly(body(id));
                reads.incrementAndGet();
            }
        }
    }

    /** CHECKPOINT in a loop, with one CHECKPOINT DEFRAG and one BLOCKING backup among them. */
    private static void checkpoint(Database db, List<String> done, Path store, AtomicBoolean stop) {
        for (int round = 0; !stop.get(); round++) {
            if (round == 1) {
                db.update("CHECKPOINT DEFRAG");
                done.add("CHECKPOINT DEFRAG");
            } else if (round == 3) {
                db.backUp("BACKUP DATABASE TO '" + store.resolveSibling("backup") + "/' BLOCKING AS FILES");
                done.add("BACKUP");
            } else {
                db.checkpoint();
                done.add("CHECKPOINT");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** A row's text derives from its key: 40 to 1,000 characters, some outside ASCII. */
    private static String body(long id) {
        Random random = new Random(id * 7919);
        char[] chars = new char[40 + random.nextInt(960)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextInt(50) == 0 ? (char) (0x410 + random.nextInt(64)) : (char) ('a' + random.nextInt(26));
        }
        return id + ":" + new String(chars);
    }

    private static Map<Long, String> expected(Map<Long, Boolean> written) {
        Map<Long, String> rows = new TreeMap<>();
        written.keySet().forEach(id -> rows.put(id, body(id)));
        return rows;
    }

    private static Map<Long, String> rows(Database db) {
        Map<Long, String> rows = new TreeMap<>();
        db.query("SELECT id, body FROM kept", rs -> rows.put(rs.getLong(1), rs.getString(2)));
        return rows;
    }

    private static final Field LOCK = HsqldbInternals.field(DataFileCache.class, "lock", "the test");
    private static final Field READ_LOCK = HsqldbInternals.field(DataFileCache.class, "readLock", "the test");
    private static final Field WRITE_LOCK = HsqldbInternals.field(DataFileCache.class, "writeLock", "the test");

    /** The cache's three fields are one {@link RowCacheLock} and its two sides. */
    private static void assertOurs(DataFileCache cache) throws Exception {
        Object lock = LOCK.get(cache);
        assertThat(lock).as("the row cache's lock").isInstanceOf(RowCacheLock.class);
        assertThat(READ_LOCK.get(cache)).as("its read side").isSameAs(((ReadWriteLock) lock).readLock());
        assertThat(WRITE_LOCK.get(cache)).as("its write side").isSameAs(((ReadWriteLock) lock).writeLock());
    }

    /**
     * A writer that waits while readers overlap (each holds until another took the read side, or 50 ms) gets the lock:
     * readers queue behind it, so the count reaches zero. A lock whose readers pass a queued writer never lets it in.
     */
    @Test
    void aWaitingWriterGetsTheLockWhileReadersComeAndGo() throws Exception {
        RowCacheLock lock = new RowCacheLock();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong taken = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            CountDownLatch overlapping = new CountDownLatch(1000);
            for (int t = 0; t < THREADS; t++) {
                pool.submit(() -> overlap(lock.readLock(), taken, overlapping, stop));
            }
            assertThat(overlapping.await(WAIT_S, TimeUnit.SECONDS)).as("readers overlapping").isTrue();
            Future<Boolean> writer = pool.submit(() -> {
                lock.writeLock().lock();
                try {
                    return lock.writer() == Thread.currentThread() && lock.readers() == 0;
                } finally {
                    lock.writeLock().unlock();
                }
            });
            assertThat(writer.get(WAIT_S, TimeUnit.SECONDS)).as("the writer, alone").isTrue();
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(WAIT_S, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Takes the read side and keeps it until another reader took it after this one, or 50 ms passed. */
    private static void overlap(Lock read, AtomicLong taken, CountDownLatch overlapping, AtomicBoolean stop) {
        while (!stop.get()) {
            read.lock();
            try {
                long mine = taken.incrementAndGet();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                while (taken.get() == mine && System.nanoTime() < until) {
                    LockSupport.parkNanos(100_000);
                }
                if (taken.get() != mine) {
                    overlapping.countDown();
                }
            } finally {
                read.unlock();
            }
        }
    }

    /**
     * The write holder takes the write side again and the read side, even with another writer queued; the lock is free
     * for that writer once all of them are given back.
     */
    @Test
    void theWriteHolderTakesBothSidesAgain() throws Exception {
        RowCacheLock lock = new RowCacheLock();
        ExecutorService holder = Executors.newSingleThreadExecutor();
        ExecutorService others = Executors.newFixedThreadPool(2);
        try {
            holder.submit(() -> lock.writeLock().lock()).get(WAIT_S, TimeUnit.SECONDS);
            Future<Boolean> queued = others.submit(() -> {
                lock.writeLock().lock();
                lock.writeLock().unlock();
                return true;
            });
            Future<Boolean> tried = others.submit(() -> lock.writeLock().tryLock() || lock.readLock().tryLock());
            assertThat(tried.get(WAIT_S, TimeUnit.SECONDS)).as("another thread's tryLock of either side").isFalse();
            waitParked(queued, lock);
            Future<Integer> again = holder.submit(() -> {
                lock.writeLock().lock();
                lock.readLock().lock();
                boolean tryRead = lock.readLock().tryLock();
                int readers = lock.readers();
                lock.readLock().unlock();
                lock.readLock().unlock();
                lock.writeLock().unlock();
                return tryRead ? readers : -1;
            });
            assertThat(again.get(WAIT_S, TimeUnit.SECONDS)).as("the holder's reads, a writer queued").isEqualTo(2);
            assertThat(queued.isDone()).as("the queued writer, while the first write is held").isFalse();
            holder.submit(() -> lock.writeLock().unlock()).get(WAIT_S, TimeUnit.SECONDS);
            assertThat(queued.get(WAIT_S, TimeUnit.SECONDS)).as("the queued writer, once all is given back").isTrue();
            assertThat(lock.writer()).isNull();
            assertThat(lock.readers()).isZero();
        } finally {
            holder.shutdownNow();
            others.shutdownNow();
        }
    }

    /** Until a thread is parked in the lock's queue (the queued writer). */
    private static void waitParked(Future<?> queued, RowCacheLock lock) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!lock.hasQueued() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(lock.hasQueued()).as("a writer queued").isTrue();
        assertThat(queued.isDone()).isFalse();
    }
}
