package kz.qaqpa.mocks.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A provider system's staff: the gateway calls of different applications made at once, up to {@code size} at a time
 * (a real back office has several employees and connections; one at a time made the mock, not the gateway, the
 * limit of a provider round trip). With size 1 everything runs on the caller's thread.
 */
public final class Workers implements AutoCloseable {
    private final ExecutorService pool;

    public Workers(String threadName, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + size);
        }
        AtomicInteger number = new AtomicInteger();
        pool = size == 1 ? null : Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, threadName + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} for every item and returns when all are done. {@code work} must handle its own failures
     * (one item's failure must not stop the others); an exception that escapes it is thrown here after
     * all items ran.
     */
    public <T> void forEach(List<T> items, Consumer<T> work) {
        if (pool == null || items.size() < 2) {
            items.forEach(work);
            return;
        }
        List<Future<?>> running = new ArrayList<>(items.size());
        for (T item : items) {
            running.add(pool.submit(() -> work.accept(item)));
        }
        RuntimeException escaped = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                escaped = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(other -> other.cancel(true));
                throw new IllegalStateException("interrupted while the workers ran", e);
            }
        }
        if (escaped != null) {
            throw escaped;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
