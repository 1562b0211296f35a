package kz.qaqpa.channel;

import io.undertow.util.AttachmentKey;
import java.net.InetAddress;

/**
 * The bytes one request holds in the {@link BodyBudget}: its body's, taken as the arrays they are read into are made
 * ({@link BodyBytes}), and, for a gzip- or deflate-encoded body, what it inflates to, taken before its array is made
 * ({@link InflatedMessage}); all given back at once when the exchange ends or the body is refused.
 *
 * <p>attack54: a content-coded body counted only its compressed bytes, so a body of a few KB inflating to the message
 * limit held that much on a worker outside the budget: with the default 32 workers one client held 160 MB of messages
 * on its 32 MB share, and the budget no longer bounded what clients' requests hold.
 */
final class BodyHold {
    /** On Undertow's exchange of a body handed on, for what the route inflates from it. */
    static final AttachmentKey<BodyHold> ATTACHMENT = AttachmentKey.create(BodyHold.class);
    private final BodyBudget budget;
    private final InetAddress from;
    /** Guarded by this. */
    private long held;
    /** Given back: it takes nothing more, so nothing taken after the exchange's end stays taken. Guarded by this. */
    private boolean released;

    BodyHold(BodyBudget budget, InetAddress from) {
        this.budget = budget;
        this.from = from;
    }

    /** Holds at least {@code size} bytes in all: false, nothing more taken, when the budget has no room for the rest. */
    synchronized boolean holdUpTo(long size) {
        if (size <= held) {
            return true;
        }
        if (released || !budget.reserve(from, size - held)) {
            return false;
        }
        held = size;
        return true;
    }

    /** Gives back {@code bytes} of those held, for arrays let go of ({@link BodyBytes#whole}); the rest stays held. */
    synchronized void giveBack(long bytes) {
        long back = Math.min(bytes, held);
        budget.release(from, back);
        held -= back;
    }

    synchronized void release() {
        giveBack(held);
        released = true;
    }

    /**
     * Holds {@code bytes} more beside those held, before the caller makes an array of them ({@link InflatedMessage}):
     * SCE911 (the budget's busy) when the budget has no room for them.
     */
    void holdMore(long bytes) {
        boolean taken;
        synchronized (this) {
            taken = holdUpTo(held + bytes);
        }
        if (!taken) {
            throw budget.busy();
        }
    }
}
