package kz.qaqpa.channel;

import java.util.concurrent.Executor;

/** A request waiting for a worker ({@link WorkerShares}): what it runs in its turn, or instead when it waited too long. */
final class WaitingRequest {
    final Runnable work;
    final Runnable late;
    /** Closes its connection unanswered when the late answers' queue is full (line51). */
    final Runnable close;
    final Executor pool;
    /** The client network whose turn it waits for in its line (line50). */
    final Object network;
    /** Cancels the timer that ends its wait (guarded by WorkerShares' lock); null: none set yet. */
    Runnable cancelTimer;
    /** True while it waits in its line (guarded by WorkerShares' lock). */
    boolean waits;

    WaitingRequest(Runnable work, Runnable late, Runnable close, Executor pool, Object network) {
        this.work = work;
        this.late = late;
        this.close = close;
        this.pool = pool;
        this.network = network;
    }
}
