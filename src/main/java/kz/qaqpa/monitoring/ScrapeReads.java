package kz.qaqpa.monitoring;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads shared by the gauges of one scrape (reg50): several gauges that show parts of one answer from the store (the
 * two scopes of qaqpa_steps_overdue) ask the store once per scrape, not once each. The registry reads every gauge on
 * the thread that scrapes, so the scrape's reads live on that thread for as long as {@link #during} runs; outside a
 * scrape (a meter read directly) every read asks again, so nothing stale is ever shown.
 */
final class ScrapeReads {
    private final ThreadLocal<Map<Supplier<?>, Object>> scrape = new ThreadLocal<>();

    /** Runs {@code scrape} with reads kept until it returns. */
    <T> T during(Supplier<T> scrape) {
        this.scrape.set(new IdentityHashMap<>());
        try {
            return scrape.get();
        } finally {
            this.scrape.remove();
        }
    }

    /** {@code read}, asked at most once in each scrape. */
    @SuppressWarnings("unchecked")
    <T> Supplier<T> once(Supplier<T> read) {
        return () -> {
            Map<Supplier<?>, Object> reads = scrape.get();
            return reads == null ? read.get() : (T) reads.computeIfAbsent(read, r -> read.get());
        };
    }
}
