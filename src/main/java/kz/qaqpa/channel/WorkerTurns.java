package kz.qaqpa.channel;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Turns that a channel's worker thread waits for, at most {@code wait}: a request that cannot have one in time is
 * refused rather than hold its worker longer (the bound on calls to one state system, one event at a time per
 * application). Fair: turns are given in the order they were asked for, none is passed over.
 */
public final class WorkerTurns {
    private final Semaphore turns;
    private final Duration wait;

    /** @param atOnce turns taken at the same time; {@code wait} how long a worker waits for one beyond them */
    public WorkerTurns(int atOnce, Duration wait) {
        this.turns = new Semaphore(atOnce, true);
        this.wait = wait;
    }

    /** Waits for a turn; false when none came in time, or the thread was interrupted (it stays interrupted). */
    public boolean take() {
        try {
            return turns.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives a turn taken with {@link #take} back. */
    public void give() {
        turns.release();
    }
}
