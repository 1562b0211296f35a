package kz.qaqpa.channel;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Bytes of request bodies held in memory now: by all requests together (at most limits.maxBufferedBytes) and by each
 * client address, an IPv6 client's /64 (at most limits.maxBufferedBytesPerAddress). Without the second, one client
 * trickling bodies of the size limit took the whole budget, before any signature was checked, and every other client was refused (busy) for
 * as long as it kept them coming (replay45's Left; the lead, session 45). The addresses listed are those holding bytes
 * now, so the map is bounded by the connections open.
 */
final class BodyBudget {
    private final HttpLimits limits;
    private final AtomicLong buffered = new AtomicLong();
    private final ConcurrentHashMap<InetAddress, Long> byAddress = new ConcurrentHashMap<>();

    BodyBudget(HttpLimits limits) {
        this.limits = limits;
    }

    /** Takes {@code bytes} of {@code from}'s share and of the whole budget, or nothing and false when they do not fit. */
    boolean reserve(InetAddress from, long bytes) {
        if (!takeShare(from, bytes)) {
            return false;
        }
        if (buffered.addAndGet(bytes) <= limits.maxBufferedBytes()) {
            return true;
        }
        release(from, bytes);
        return false;
    }

    /** Gives back {@code bytes} taken with {@link #reserve}. */
    void release(InetAddress from, long bytes) {
        buffered.addAndGet(-bytes);
        byAddress.computeIfPresent(from, (address, held) -> held - bytes > 0 ? held - bytes : null);
    }

    ShepException busy() {
        return new ShepException(FaultCode.GATEWAY_BUSY, "the gateway holds as many request bytes as it may ("
                + limits.maxBufferedBytes() + " in all, " + limits.maxBufferedBytesPerAddress()
                + " from one address); send the message again later");
    }

    private boolean takeShare(InetAddress from, long bytes) {
        boolean[] taken = {false};
        byAddress.compute(from, (address, held) -> {
            long now = held == null ? 0 : held;
            if (now + bytes > limits.maxBufferedBytesPerAddress()) {
                return held;
            }
            taken[0] = true;
            return now + bytes;
        });
        return taken[0];
    }
}
