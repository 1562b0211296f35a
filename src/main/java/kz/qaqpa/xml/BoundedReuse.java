package kz.qaqpa.xml;

import java.util.function.Supplier;

/**
 * An object kept for reuse (one per thread: not thread-safe) until it has read a budget, then replaced by a new one.
 * The JDK's XML parser and schema validator keep every name they meet for their life, and their reset() keeps them:
 * reused for ever, fed documents of distinct names, they grow the heap for good (attack19, attack20).
 */
public final class BoundedReuse<T> {
    private final Supplier<T> maker;
    private final long budget;
    private T current;
    private long used;

    /** @param budget what one object may read (bytes, characters) before the next use gets a new one */
    public BoundedReuse(Supplier<T> maker, long budget) {
        this.maker = maker;
        this.budget = budget;
        this.current = maker.get();
    }

    public T get() {
        return current;
    }

    /** Counts {@code amount} read by the current object; past the budget, the next {@link #get} gets a new one. */
    public void read(long amount) {
        used += amount;
        if (used > budget) {
            current = maker.get();
            used = 0;
        }
    }
}
