package kz.qaqpa.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The {@link Database}'s units of work: a transaction on one lent connection that commits or rolls back as a whole, run
 * again after a serialization failure and answered once its commit is on disk ({@link GroupCommit}), with what its work
 * adds to run before its commit, after it or after its rollback; or a single read outside one. Either is refused before
 * it takes a connection while the log's sync is stalled ({@link SyncStall}).
 */
final class Transactions {
    /** Runs of a transaction rolled back by serialization failures before its caller hears of it. */
    static final int SERIALIZATION_RUNS = 4;
    /** The random pause before another run is at most this many milliseconds times the runs so far. */
    private static final long SERIALIZATION_PAUSE_MS = 5;
    /** The connections lent to each unit of work, and the database's loss and return. */
    private final ReconnectingPool connections;
    /** The thread's open unit of work: a transaction, or a single read outside one. */
    private final ThreadLocal<UnitOfWork> current = new ThreadLocal<>();
    /** Makes each changing transaction wait for its commit's sync. */
    private final GroupCommit groupCommit;
    /** A failed sync not made good yet: every change refused. */
    private final StoreOutage outage;
    /** Units of work under way, for choosing a quiet moment to checkpoint. */
    private final StoreActivity activity;
    /** Commits on their way to the disk, watched for a hung sync (hang53). */
    private final SyncStall stall;

    Transactions(ReconnectingPool connections, GroupCommit groupCommit, StoreOutage outage, StoreActivity activity,
                 SyncStall stall) {
        this.connections = connections;
        this.groupCommit = groupCommit;
        this.outage = outage;
        this.activity = activity;
        this.stall = stall;
    }

    /** {@link Database#inTransaction}: the thread's open transaction's work, or a transaction of its own. */
    <T> T inTransaction(Database.Work<T> work) {
        if (current.get() != null) {
            return call(work);
        }
        for (int run = 1; ; run++) {
            try {
                return transaction(work);
            } catch (Database.StoreException e) {
                if (run == SERIALIZATION_RUNS || !serializationFailure(e) || !pausedBeforeRun(run)) {
                    throw e;
                }
            }
        }
    }

    private static boolean serializationFailure(Database.StoreException e) {
        return e.getCause() instanceof SQLException sql && "40001".equals(sql.getSQLState());
    }

    /**
     * A random pause growing with the run, so that two transactions rolled back together start apart. False when the
     * thread is interrupted (a gateway stopping): its caller is then told the failure, not run again (review52).
     */
    private static boolean pausedBeforeRun(int run) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, SERIALIZATION_PAUSE_MS * run + 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link Database#beforeCommit}. */
    void beforeCommit(Database.Work<?> work) {
        UnitOfWork unit = openTransaction();
        if (unit == null) {
            inTransaction(work);
        } else {
            unit.beforeCommit.add(work);
        }
    }

    /** {@link Database#ofTransaction}. */
    @SuppressWarnings("unchecked")
    <T> T ofTransaction(Object key, Supplier<T> create) {
        UnitOfWork unit = openTransaction();
        if (unit == null) {
            return null;
        }
        if (unit.values == null) {
            unit.values = new HashMap<>(4);
        }
        return (T) unit.values.computeIfAbsent(key, k -> create.get());
    }

    /** {@link Database#afterCommit}. */
    void afterCommit(Runnable action) {
        UnitOfWork unit = openTransaction();
        if (unit == null) {
            action.run();
        } else {
            unit.afterCommit.add(action);
        }
    }

    /** {@link Database#whenEnded}. */
    void whenEnded(Runnable action) {
        UnitOfWork unit = openTransaction();
        if (unit == null) {
            // review68 3: run at once, it would say "ended" before the caller's rows are written (autocommit, or a
            // read unit's connection): a filter rebuild could then read the log without them
            throw new IllegalStateException("whenEnded outside a transaction: its rows would not have ended yet");
        }
        if (unit.whenEnded == null) {
            unit.whenEnded = new java.util.ArrayList<>(2);
        }
        unit.whenEnded.add(action);
    }

    /** {@link Database#onRollback}. */
    void onRollback(Runnable undo) {
        UnitOfWork unit = openTransaction();
        if (unit != null) {
            unit.onRollback.add(undo);
        }
    }

    /** The thread's open transaction, or null (none, or only a read outside one). */
    private UnitOfWork openTransaction() {
        UnitOfWork unit = current.get();
        return unit != null && unit.transaction ? unit : null;
    }

    private <T> T transaction(Database.Work<T> work) {
        refuseWhileStalled();
        Committed<T> done;
        activity.began();
        try {
            done = connections.lend(loan -> runAndCommit(loan, work));
            if (done.log() != null) {
                groupCommit.awaitDurable(done.log()); // the connection is back in the pool meanwhile
            }
        } finally {
            stall.ended();
            activity.ended();
        }
        done.afterCommit().forEach(Runnable::run);
        return done.result();
    }

    /**
     * A committed transaction's result, the log to wait for when it changed something, and what runs once that
     * commit is on disk.
     */
    private record Committed<T>(T result, org.hsqldb.persist.Logger log, List<Runnable> afterCommit) {
    }

    private <T> Committed<T> runAndCommit(ReconnectingPool.Loan loan, Database.Work<T> work) throws SQLException {
        Connection c = loan.pooled.connection;
        loan.broken = true; // a connection that cannot leave auto-commit is not handed out again
        c.setAutoCommit(false);
        loan.broken = false;
        UnitOfWork unit = new UnitOfWork(loan.pooled, true);
        current.set(unit);
        try {
            T result = work.run();
            for (int i = 0; i < unit.beforeCommit.size(); i++) {
                unit.beforeCommit.get(i).run();
            }
            stall.began(); // until it is durable (or failed): its log record may wait behind a hung sync
            c.commit();
            return new Committed<>(result, unit.changed ? GroupCommit.logOf(c) : null, unit.afterCommit);
        } catch (Throwable e) {
            // any failure, Errors included: setAutoCommit(true) below would otherwise commit partial work
            loan.broken = !rollback(c, e);
            undo(unit, e);
            throw e;
        } finally {
            current.remove();
            loan.broken = loan.broken || !autoCommitAgain(c);
            if (unit.whenEnded != null) {
                unit.whenEnded.forEach(Runnable::run);
            }
        }
    }

    /** The transaction's {@link #onRollback} actions, latest first; one that fails must not hide why it rolled back. */
    private static void undo(UnitOfWork unit, Throwable cause) {
        for (int i = unit.onRollback.size() - 1; i >= 0; i--) {
            try {
                unit.onRollback.get(i).run();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** A rollback that fails too must not hide why the transaction failed. False: the connection is not to be reused. */
    private static boolean rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    /** False when the connection cannot be reset for the next transaction (it is then dropped). */
    private static boolean autoCommitAgain(Connection c) {
        try {
            c.setAutoCommit(true);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The current transaction is about to change something: refused (SCE912, rolled back whole) while a failed sync of
     * the log has not been made good by a checkpoint ({@link StoreOutage}), as its commit could never be shown durable.
     */
    void changing() {
        UnitOfWork unit = current.get();
        if (!unit.changed) {
            outage.refuseWhileUnsafe();
            unit.changed = true;
        }
    }

    /** The connection the thread's open unit of work holds. */
    ConnectionPool.Pooled pooled() {
        return current.get().pooled;
    }

    /**
     * Refuses a unit of work before it takes a connection or any of HSQLDB's locks while the log's sync is stalled
     * ({@link SyncStall}, hang53): behind the hung sync a commit holds HSQLDB's write lock, so the work would wait with
     * it, and callers would pile up; refused, each is answered at once (SCE912, send again later).
     *
     * @throws Database.StoreRefused while refused
     */
    private void refuseWhileStalled() {
        long stalled = stall.stalledFor();
        if (stalled >= 0) {
            long seconds = SyncStall.seconds(stalled);
            throw new Database.StoreRefused(new SQLException(stall.heldBy().map(what -> "the store has been held by "
                    + what + " for " + seconds + " s (ours, on purpose): store work is refused until it ends").orElse(
                    "the store's log has not synced for " + seconds + " s (a hung disk): store work is refused until"
                            + " the sync returns")));
        }
    }

    /** {@code read} in the thread's open unit of work, or alone when none is open. */
    <T> T read(Database.Work<T> read) {
        return current.get() != null ? call(read) : alone(read);
    }

    /**
     * One read outside any transaction, in the connection's auto-commit mode: a single statement reads a consistent
     * state by itself, and switching auto-commit off and on around it cost three more calls into the database.
     */
    private <T> T alone(Database.Work<T> read) {
        refuseWhileStalled();
        activity.began();
        try {
            return lendAlone(read);
        } finally {
            activity.ended();
        }
    }

    private <T> T lendAlone(Database.Work<T> read) {
        return connections.lend(loan -> {
            current.set(new UnitOfWork(loan.pooled, false));
            try {
                return read.run();
            } catch (SQLException e) {
                // a refused statement leaves the connection usable; a lost database (class 08) does not
                loan.broken = e.getSQLState() != null && e.getSQLState().startsWith("08");
                throw e;
            } finally {
                current.remove();
            }
        });
    }

    private static <T> T call(Database.Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw Database.StoreException.of(e);
        }
    }
}
