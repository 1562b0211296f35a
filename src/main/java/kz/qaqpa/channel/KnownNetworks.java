package kz.qaqpa.channel;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The networks one sender has authenticated from (line51), at most {@link #MAX}: a request naming the sender waits in
 * its line only from one of them ({@link WorkerShares}). Only the sender's own authenticated requests add one, so no
 * one else can fill it; read on the I/O thread for each request without a lock (the benchmark's hot path: one
 * network, known after its first request), a network added under this object's lock the first time it authenticates.
 */
final class KnownNetworks {
    /**
     * Ours: far more networks than one sender's systems use (a portal's few servers, an IPv6 /64 each), few enough
     * that every sender's together stay a few hundred kilobytes. Beyond it the network known longest is forgotten:
     * its next request waits once in the unnamed line and makes it known again.
     */
    static final int MAX = 1024;
    private final Set<Object> networks = ConcurrentHashMap.newKeySet();
    /** The order they became known (guarded by this). */
    private final ArrayDeque<Object> order = new ArrayDeque<>();

    boolean contains(Object network) {
        return networks.contains(network);
    }

    void add(Object network) {
        if (networks.contains(network)) {
            return;
        }
        synchronized (this) {
            if (networks.contains(network)) {
                return;
            }
            if (order.size() == MAX) {
                networks.remove(order.poll());
            }
            order.add(network);
            networks.add(network);
        }
    }
}
