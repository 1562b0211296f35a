package kz.qaqpa.adapter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * How many of the gateway's threads may wait for one state system at once. A call holds its worker thread until
 * the system answers or the call's timeout; without a bound, a system that stops answering took every worker, one
 * batch of look-ups after another, and no channel was served meanwhile. A call beyond the bound waits
 * {@code queueWait} for one to end (a system that answers frees its calls within milliseconds), then is refused
 * (SCE910), so a waiting look-up holds its worker no longer than that either. The turns are shared fairly among the
 * senders of look-ups and the gateway's own look-ups for each sender's applications ({@link FairTurns}): one sender
 * flooding a slow system holds no more than its share while others ask, and all of them while no one else does.
 */
public final class StateCallLimit {
    private final int maxAtOnce;
    private final Duration queueWait;
    /** By serviceId: only a configured system is called (StateRegistries.endpoint comes first), so bounded. */
    private final Map<String, FairTurns> calls = new ConcurrentHashMap<>();

    /** @param maxAtOnce calls to one system at once; {@code queueWait} how long one beyond waits for a turn */
    public StateCallLimit(int maxAtOnce, Duration queueWait) {
        if (maxAtOnce < 1) {
            throw new IllegalArgumentException("at least one call to a state system at once: " + maxAtOnce);
        }
        this.maxAtOnce = maxAtOnce;
        this.queueWait = queueWait;
    }

    /** Runs {@code call}, a look-up {@code sender} asked to forward, to the system of {@code serviceId} in its turn. */
    <T> T call(String serviceId, String sender, Supplier<T> call) {
        FairTurns turns = turnsOf(serviceId);
        turns.takeFor(sender);
        try {
            return call.get();
        } finally {
            turns.giveFor(sender);
        }
    }

    /**
     * Runs {@code call}, the gateway's own look-up (a regulation's state-database condition) for an application
     * {@code sender} sent, in its turn: each sender's applications have their share of the system.
     */
    <T> T callOwn(String serviceId, String sender, Supplier<T> call) {
        FairTurns turns = turnsOf(serviceId);
        turns.takeOwn(sender);
        try {
            return call.get();
        } finally {
            turns.giveOwn(sender);
        }
    }

    private FairTurns turnsOf(String serviceId) {
        return calls.computeIfAbsent(serviceId, id -> new FairTurns(id, maxAtOnce, queueWait));
    }
}
