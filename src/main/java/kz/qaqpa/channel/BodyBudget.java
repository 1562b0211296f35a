package kz.qaqpa.channel;

import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/** Bytes of request bodies held in memory now, by all requests together (at most limits.maxBufferedBytes). */
final class BodyBudget {
    private final HttpLimits limits;
    private final AtomicLong buffered = new AtomicLong();

    BodyBudget(HttpLimits limits) {
        this.limits = limits;
    }

    /** Takes {@code bytes} of the shared budget, or nothing and false when they do not fit. */
    boolean reserve(long bytes) {
        if (buffered.addAndGet(bytes) <= limits.maxBufferedBytes()) {
            return true;
        }
        buffered.addAndGet(-bytes);
        return false;
    }

    /** Gives back {@code bytes} taken with {@link #reserve}. */
    void release(long bytes) {
        buffered.addAndGet(-bytes);
    }

    ShepException busy() {
        return new ShepException(FaultCode.GATEWAY_BUSY, "the gateway holds as many request bytes as it may ("
                + limits.maxBufferedBytes() + "); send the message again later");
    }
}
