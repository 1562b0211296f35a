package kz.qaqpa.mocks.provider;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a provider system's poll on a daemon thread of its own, a fixed delay after the end of the previous one. */
public final class Poller {
    private final String threadName;
    private final Duration interval;
    private final Runnable poll;
    private ScheduledExecutorService scheduler;

    /** @param poll must not throw (a thrown exception would end the polling) */
    public Poller(String threadName, Duration interval, Runnable poll) {
        this.threadName = threadName;
        this.interval = interval;
        this.poll = poll;
    }

    /** Starts polling now; a second call does nothing. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling, waiting up to 10 s for a running poll to end. */
    public void stop() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        if (s == null) {
            return;
        }
        s.shutdown();
        try {
            if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            s.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
