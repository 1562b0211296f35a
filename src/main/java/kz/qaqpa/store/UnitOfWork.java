package kz.qaqpa.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one unit of work of the {@link Database} on a lent connection holds: a transaction, or a single read outside
 * one. A transaction also gathers the work to run just before its commit and the actions to run after it (or after its
 * rollback), values kept
 * for its length ({@link Database#ofTransaction}), and whether it changed anything (only then is there a commit to
 * wait for).
 */
final class UnitOfWork {
    final ConnectionPool.Pooled pooled;
    final boolean transaction;
    final List<Database.Work<?>> beforeCommit;
    final List<Runnable> afterCommit;
    /** What puts back, should the transaction roll back, what its work changed outside the store. */
    final List<Runnable> onRollback;
    Map<Object, Object> values;
    /** What runs once it has committed or rolled back, whichever: made on first use, as few transactions have any. */
    List<Runnable> whenEnded;
    boolean changed;

    UnitOfWork(ConnectionPool.Pooled pooled, boolean transaction) {
        this.pooled = pooled;
        this.transaction = transaction;
        this.beforeCommit = transaction ? new ArrayList<>(2) : List.of();
        this.afterCommit = transaction ? new ArrayList<>(2) : List.of();
        this.onRollback = transaction ? new ArrayList<>(2) : List.of();
    }
}
