package kz.qaqpa.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A map of at most {@code capacity} entries that forgets the least recently used (read or written) first: the
 * statements kept per pooled connection ({@link ConnectionPool}). Not thread-safe, as {@link LinkedHashMap}.
 *
 * <p>Not Caffeine, as the gateway's other bounded caches are: a forgotten statement is closed, and Caffeine's bound
 * (W-TinyLFU, frequency before recency) may drop a statement prepared moments ago that the same transaction is still
 * to use, where strict recency forgets one only once {@code capacity} others were used after it.
 */
final class RecentlyUsed<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_CAPACITY = 16;
    private static final float LOAD_FACTOR = 0.75f;
    private final int capacity;
    private final transient Consumer<? super V> forgotten;

    RecentlyUsed(int capacity) {
        this(capacity, value -> { });
    }

    /** {@code forgotten} is given each value the map drops for room (e.g. to close it). */
    RecentlyUsed(int capacity, Consumer<? super V> forgotten) {
        super(INITIAL_CAPACITY, LOAD_FACTOR, true);
        this.capacity = capacity;
        this.forgotten = forgotten;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() <= capacity) {
            return false;
        }
        forgotten.accept(eldest.getValue());
        return true;
    }
}
