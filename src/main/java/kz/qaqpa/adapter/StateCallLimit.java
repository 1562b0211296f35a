package kz.qaqpa.adapter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import kz.qaqpa.channel.WorkerTurns;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * How many of the gateway's threads may wait for one state system at once. A call holds its worker thread until
 * the system answers or the call's timeout; without a bound, a system that stops answering took every worker, one
 * batch of look-ups after another, and no channel was served meanwhile. A call beyond the bound waits
 * {@code queueWait} for one to end (a system that answers frees its calls within milliseconds), then is refused as
 * the system's failure (SCE910), so a waiting look-up holds its worker no longer than that either.
 */
public final class StateCallLimit {
    private final int maxAtOnce;
    private final Duration queueWait;
    private final Map<String, WorkerTurns> calls = new ConcurrentHashMap<>();

    /** @param maxAtOnce calls to one system at once; {@code queueWait} how long one beyond waits for a turn */
    public StateCallLimit(int maxAtOnce, Duration queueWait) {
        if (maxAtOnce < 1) {
            throw new IllegalArgumentException("at least one call to a state system at once: " + maxAtOnce);
        }
        this.maxAtOnce = maxAtOnce;
        this.queueWait = queueWait;
    }

    /** Runs {@code call} to the system of {@code serviceId} when it is within the bound. */
    <T> T call(String serviceId, Supplier<T> call) {
        WorkerTurns turns = calls.computeIfAbsent(serviceId, id -> new WorkerTurns(maxAtOnce, queueWait));
        if (!turns.take()) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " has " + maxAtOnce
                    + " look-ups waiting for its answer; try later");
        }
        try {
            return call.get();
        } finally {
            turns.give();
        }
    }
}
