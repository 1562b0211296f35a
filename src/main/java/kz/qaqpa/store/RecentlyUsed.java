package kz.qaqpa.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A map of at most {@code capacity} entries that forgets the least recently used (read or written) first: a cache
 * whose memory stays bounded however many keys pass through it. Not thread-safe, as {@link LinkedHashMap}.
 */
public final class RecentlyUsed<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_CAPACITY = 16;
    private static final float LOAD_FACTOR = 0.75f;
    private final int capacity;
    private final transient Consumer<? super V> forgotten;

    public RecentlyUsed(int capacity) {
        this(capacity, value -> { });
    }

    /** {@code forgotten} is given each value the map drops for room (e.g. to close it). */
    public RecentlyUsed(int capacity, Consumer<? super V> forgotten) {
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
