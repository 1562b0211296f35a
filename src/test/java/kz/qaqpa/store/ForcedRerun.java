package kz.qaqpa.store;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the calling thread's open transaction fail once with HSQLDB's own serialization failure (SQLState 40001), so
 * that {@link Database#inTransaction} rolls it back and runs its work again (rerun54). A real deadlock over the real
 * store, on two connections: the open transaction takes row 1 of a probe table, a second transaction on another thread
 * takes row 2 and then waits for row 1; once HSQLDB shows it waiting, the open transaction asks for row 2 and so closes
 * the cycle, and HSQLDB rolls back the one that closes it. Only the open transaction can be chosen: the other is
 * already waiting when the cycle closes, so the other's own work runs once and commits after the rollback.
 */
public final class ForcedRerun implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Database db;
    private final AtomicInteger forced = new AtomicInteger();
    private Thread other;

    public ForcedRerun(Database db) {
        this.db = db;
        db.update("CREATE TABLE IF NOT EXISTS rerun_probe (id INT PRIMARY KEY, n INT NOT NULL)");
        db.update("MERGE INTO rerun_probe USING (VALUES (1), (2)) AS v(id) ON rerun_probe.id = v.id"
                + " WHEN NOT MATCHED THEN INSERT VALUES (v.id, 0)");
    }

    /** The first call fails the open transaction with 40001 (it does not return); later calls do nothing. */
    public void failOnce() {
        if (forced.get() > 0) {
            return;
        }
        take(1);
        CountDownLatch holding = new CountDownLatch(1);
        other = new Thread(() -> db.inTransaction(() -> {
            take(2);
            holding.countDown();
            take(1); // waits for the open transaction until HSQLDB rolls that back
            return null;
        }), "rerun54-other");
        other.start();
        awaitOtherWaiting(holding);
        forced.incrementAndGet();
        take(2); // closes the cycle: this transaction is rolled back with 40001
        throw new AssertionError("HSQLDB did not roll back the transaction that closed a deadlock");
    }

    /** How many transactions were made to fail. */
    public int forced() {
        return forced.get();
    }

    private void take(int row) {
        db.update("UPDATE rerun_probe SET n = n + 1 WHERE id = ?", row);
    }

    /** Until HSQLDB lists another session as waiting for this one (its row 1). */
    private void awaitOtherWaiting(CountDownLatch holding) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            if (!holding.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the second transaction did not take row 2");
            }
            while (db.queryOne("SELECT WAITING_FOR_THIS FROM INFORMATION_SCHEMA.SYSTEM_SESSIONS"
                    + " WHERE SESSION_ID = SESSION_ID()", rs -> rs.getString(1)).filter(s -> !s.isBlank()).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the second transaction never waited for row 1");
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the second transaction to end (it commits once the failed one rolled back). */
    @Override
    public void close() throws InterruptedException {
        if (other != null) {
            other.join(WAIT.toMillis());
        }
    }
}
