package kz.qaqpa.store;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.hsqldb.persist.DataFileCache;
import org.slf4j.LoggerFactory;

/**
 * The read-write lock of HSQLDB's row cache ({@code DataFileCache}) without a hold count for each reader (perf55a,
 * lock52's option 1). HSQLDB's own {@code ReentrantReadWriteLock} keeps each reading thread's count in a
 * {@code ThreadLocal} and two more shared fields every reader writes; about 880 read sections a look-up made that
 * bookkeeping 8.5% + 2.0% of the intake's CPU (perf54). The cache never takes its read side inside its read side, and
 * never its write side inside its read side (lock52 read every use in HSQLDB 2.7.4), so the read side needs only one
 * shared count: one compare-and-set to take it, one to give it back. The write side is re-entrant (a checkpoint's
 * {@code reset} frees table space under it), and its holder may take the read side (a {@code CHECKPOINT DEFRAG} reads
 * every row under it), which then never waits. Threads park on AbstractQueuedSynchronizer's queue, as with HSQLDB's
 * lock (a checkpoint holds the write side for seconds). While a writer waits, a reader queues behind whoever is queued
 * before it, so a stream of readers never starves a writer; while none waits, readers pass the readers still being
 * woken, as with HSQLDB's non-fair lock (queueing them all behind each other made a write every 40 reads on 8 threads
 * cost 40 times as much, perf55a's harness). {@code tryLock} of either side takes the lock when it is free whoever is
 * queued, as HSQLDB's does.
 *
 * <p>What it gives up: a reader that took the read side again while a writer queued would wait for that writer, which
 * waits for it (HSQLDB's lock lets it pass); and unlocking a read side not held is not detected. Neither happens in the
 * cache (RowCacheLockTest's store runs under it, checkpoints, defragments and backups included).
 */
final class RowCacheLock implements ReadWriteLock {
    // HSQLDB 2.7's data file cache (package-private, set once at construction, read at every use): read when this
    // class loads, so a version that renamed or retyped them fails the store's start
    private static final String NEEDED_FOR = "the row cache's lock";
    private static final Field LOCK = typed("lock", ReadWriteLock.class);
    private static final Field READ_LOCK = typed("readLock", Lock.class);
    private static final Field WRITE_LOCK = typed("writeLock", Lock.class);

    private final Sync sync = new Sync();
    private final Lock read = new ReadSide(sync);
    private final Lock write = new WriteSide(sync);

    @Override
    public Lock readLock() {
        return read;
    }

    @Override
    public Lock writeLock() {
        return write;
    }

    /**
     * Gives {@code cache} this lock in place of HSQLDB's, and says which one it has (logged). Only where no thread can
     * hold or wait on its lock: right after HSQLDB opened the store, before a second thread can reach it (a thread
     * parked in HSQLDB's lock would wake into it while others use this one). A cache whose lock is not HSQLDB's own
     * free {@code ReentrantReadWriteLock} keeps the lock it has: only the speed depends on this, never correctness.
     *
     * @return whether {@code cache}'s lock is now this kind
     */
    static boolean install(DataFileCache cache) {
        if (cache == null) {
            return false; // no log (a store in memory): no data file, no cache
        }
        Object lock = HsqldbInternals.read(LOCK, cache);
        if (lock instanceof RowCacheLock) {
            return true;
        }
        if (lock.getClass() != ReentrantReadWriteLock.class || inUse((ReentrantReadWriteLock) lock)) {
            LoggerFactory.getLogger(RowCacheLock.class).warn("store: the row cache keeps HSQLDB's lock ({}: not"
                    + " HSQLDB's own free lock)", lock);
            return false;
        }
        RowCacheLock ours = new RowCacheLock();
        set(READ_LOCK, cache, ours.readLock());
        set(WRITE_LOCK, cache, ours.writeLock());
        set(LOCK, cache, ours);
        LoggerFactory.getLogger(RowCacheLock.class).info("store: the row cache's lock is {} (no hold count for each"
                + " reader, docs/performance.md perf55a)", RowCacheLock.class.getSimpleName());
        return true;
    }

    private static boolean inUse(ReentrantReadWriteLock lock) {
        return lock.isWriteLocked() || lock.getReadLockCount() != 0 || lock.hasQueuedThreads();
    }

    private static Field typed(String name, Class<?> type) {
        Field f = HsqldbInternals.field(DataFileCache.class, name, NEEDED_FOR);
        if (f.getType() != type) {
            throw new IllegalStateException("HSQLDB " + DataFileCache.class.getName() + "." + name + " is a "
                    + f.getType().getName() + ", not a " + type.getName() + ": " + NEEDED_FOR + " needs HSQLDB 2.7");
        }
        return f;
    }

    private static void set(Field field, Object of, Object value) {
        try {
            field.set(of, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The write side's holder, or null. */
    Thread writer() {
        return sync.owner();
    }

    /** Threads holding the read side (the write holder's own reads included). */
    int readers() {
        return Sync.sharedCount(sync.state());
    }

    /** Whether a thread waits in the lock's queue. */
    boolean hasQueued() {
        return sync.hasQueuedThreads();
    }

    /**
     * The state: readers in the upper 16 bits, the write holder's re-entries in the lower 16, as in HSQLDB's lock; the
     * holder itself in the exclusive owner.
     */
    private static final class Sync extends AbstractQueuedSynchronizer {
        private static final long serialVersionUID = 1L;
        private static final int SHARED_SHIFT = 16;
        private static final int SHARED_UNIT = 1 << SHARED_SHIFT;
        private static final int MAX_COUNT = SHARED_UNIT - 1;
        private static final int EXCLUSIVE_MASK = SHARED_UNIT - 1;
        /** Writers that found the lock taken and are queueing or queued; readers read it, only writers write it. */
        private final AtomicInteger writersWaiting = new AtomicInteger();

        static int sharedCount(int c) {
            return c >>> SHARED_SHIFT;
        }

        static int exclusiveCount(int c) {
            return c & EXCLUSIVE_MASK;
        }

        int state() {
            return getState();
        }

        Thread owner() {
            return exclusiveCount(getState()) == 0 ? null : getExclusiveOwnerThread();
        }

        @Override
        protected boolean tryAcquire(int acquires) {
            Thread current = Thread.currentThread();
            int c = getState();
            if (c != 0) {
                if (exclusiveCount(c) == 0 || current != getExclusiveOwnerThread()) {
                    return false; // readers hold it, or another writer
                }
                if (exclusiveCount(c) + acquires > MAX_COUNT) {
                    throw new Error("Maximum lock count exceeded");
                }
                setState(c + acquires); // re-entry: only the holder writes
                return true;
            }
            if (!compareAndSetState(0, acquires)) {
                return false;
            }
            setExclusiveOwnerThread(current);
            return true;
        }

        @Override
        protected boolean tryRelease(int releases) {
            if (!isHeldExclusively()) {
                throw new IllegalMonitorStateException();
            }
            int next = getState() - releases;
            boolean free = exclusiveCount(next) == 0;
            if (free) {
                setExclusiveOwnerThread(null);
            }
            setState(next);
            return free;
        }

        @Override
        protected int tryAcquireShared(int unused) {
            Thread current = Thread.currentThread();
            for (;;) {
                int c = getState();
                if (exclusiveCount(c) != 0) {
                    if (getExclusiveOwnerThread() != current) {
                        return -1;
                    }
                    // the write holder's own read: never waits (it would wait for itself)
                } else if (writersWaiting.get() != 0 && hasQueuedPredecessors()) {
                    return -1; // a writer waits: behind whoever queued first, so writers are not starved
                }
                if (sharedCount(c) == MAX_COUNT) {
                    throw new Error("Maximum lock count exceeded");
                }
                if (compareAndSetState(c, c + SHARED_UNIT)) {
                    return 1;
                }
            }
        }

        @Override
        protected boolean tryReleaseShared(int unused) {
            for (;;) {
                int c = getState();
                if (sharedCount(c) == 0) {
                    throw new IllegalMonitorStateException("read side not held");
                }
                int next = c - SHARED_UNIT;
                if (compareAndSetState(c, next)) {
                    return next == 0; // free: a queued writer may go
                }
            }
        }

        @Override
        protected boolean isHeldExclusively() {
            return getExclusiveOwnerThread() == Thread.currentThread();
        }

        /** The write side when free (or held by the caller), whoever is queued. */
        boolean tryWriteNow() {
            return tryAcquire(1);
        }

        /** The read side when no other thread holds the write side, whoever is queued. */
        boolean tryReadNow() {
            Thread current = Thread.currentThread();
            for (;;) {
                int c = getState();
                if (exclusiveCount(c) != 0 && getExclusiveOwnerThread() != current) {
                    return false;
                }
                if (sharedCount(c) == MAX_COUNT) {
                    throw new Error("Maximum lock count exceeded");
                }
                if (compareAndSetState(c, c + SHARED_UNIT)) {
                    return true;
                }
            }
        }

        Condition newCondition() {
            return new ConditionObject();
        }

        /** The write side, queueing if it is taken: counted meanwhile, so that new readers queue too. */
        void writeWaiting() {
            if (tryAcquire(1)) {
                return;
            }
            writersWaiting.incrementAndGet();
            try {
                acquire(1);
            } finally {
                writersWaiting.decrementAndGet();
            }
        }

        void writeWaitingInterruptibly() throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (tryAcquire(1)) {
                return;
            }
            writersWaiting.incrementAndGet();
            try {
                acquireInterruptibly(1);
            } finally {
                writersWaiting.decrementAndGet();
            }
        }

        boolean writeWaitingNanos(long nanos) throws InterruptedException {
            if (tryAcquire(1)) {
                return true;
            }
            writersWaiting.incrementAndGet();
            try {
                return tryAcquireNanos(1, nanos);
            } finally {
                writersWaiting.decrementAndGet();
            }
        }
    }

    private static final class ReadSide implements Lock {
        private final Sync sync;

        ReadSide(Sync sync) {
            this.sync = sync;
        }

        @Override
        public void lock() {
            sync.acquireShared(1);
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            sync.acquireSharedInterruptibly(1);
        }

        @Override
        public boolean tryLock() {
            return sync.tryReadNow();
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return sync.tryAcquireSharedNanos(1, unit.toNanos(time));
        }

        @Override
        public void unlock() {
            sync.releaseShared(1);
        }

        /** As HSQLDB's read side: a reader has no condition. */
        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class WriteSide implements Lock {
        private final Sync sync;

        WriteSide(Sync sync) {
            this.sync = sync;
        }

        @Override
        public void lock() {
            sync.writeWaiting();
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            sync.writeWaitingInterruptibly();
        }

        @Override
        public boolean tryLock() {
            return sync.tryWriteNow();
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return sync.writeWaitingNanos(unit.toNanos(time));
        }

        @Override
        public void unlock() {
            sync.release(1);
        }

        @Override
        public Condition newCondition() {
            return sync.newCondition();
        }
    }
}
