package kz.qaqpa.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the store is at work: units of work under way (transactions and reads, a commit's wait for its sync
 * included) and when the last one ended. A checkpoint makes every statement wait, so the gateway starts the ones it
 * may choose the moment of when nobody is at work ({@link Checkpoints}).
 */
final class StoreActivity {
    private final AtomicInteger underWay = new AtomicInteger();
    /** System.nanoTime() when the last unit of work ended. */
    private volatile long lastEnded = System.nanoTime();

    void began() {
        underWay.incrementAndGet();
    }

    void ended() {
        lastEnded = System.nanoTime();
        underWay.decrementAndGet();
    }

    /** How long no unit of work has been under way, in nanoseconds; 0 while one is. */
    long idleNanos() {
        if (underWay.get() > 0) {
            return 0;
        }
        return Math.max(0, System.nanoTime() - lastEnded);
    }
}
