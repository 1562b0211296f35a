package kz.qaqpa.monitoring;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A part of the health report read on a thread of its own, so that a part that does not answer (a store behind a hung
 * disk, review53; the revocation parts, which read and write their marks in that store, hang54) cannot hang the report.
 * At most one read at a time: one still under way is waited for again by the next report, never started twice, and its
 * result, once there, is that report's. Not thread-safe: its caller ({@link Health#report}) holds a lock.
 *
 * @param <T> what is read
 */
final class BoundedRead<T> {
    private final ThreadPoolExecutor thread;
    private Future<T> under;

    /** @param name the thread's name */
    BoundedRead(String name) {
        thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // ended when idle too: a Health per gateway made in one JVM leaves none behind
            return t;
        });
        thread.allowCoreThreadTimeOut(true);
    }

    /** What {@code read} gives within {@code timeout}; else what {@code down} makes of why not. */
    T get(Callable<T> read, Duration timeout, Function<String, T> down) {
        if (under == null) {
            under = thread.submit(read);
        }
        try {
            T value = under.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            under = null;
            return value;
        } catch (TimeoutException e) {
            return down.apply("did not answer within " + timeout);
        } catch (ExecutionException e) {
            under = null;
            return down.apply("cannot be read: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down.apply("was not read: interrupted");
        }
    }
}
