package kz.qaqpa.channel;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ProviderQueue;

/**
 * What a provider's poll answer holds (qaqpa.max-message-bytes, envelope and all, README "Polling"), and what a queued
 * message's body may take so that it fits one ({@link #requireFits}). fix41b: a request within the limit could be
 * stored larger (the stored form is written again, not kept as received: review41b, a raw {@code >} became
 * {@code &gt;}); since a poll always hands out its oldest message, one that did not fit overfilled every answer and
 * a provider held to the limit could never get past it. Now such a message is refused before it is queued, so no
 * queued message can overfill a poll.
 */
public final class PollRoom {
    private final long maxAnswerBytes;

    /** @param maxAnswerBytes what one poll's answer may take, envelope and all, in UTF-8 bytes (qaqpa.max-message-bytes) */
    public PollRoom(long maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** What the answer's messages may take together, their bodies and {@link ProviderPolling#MESSAGE_BYTES} each. */
    long forMessages() {
        return Math.max(0, maxAnswerBytes - ProviderPolling.ANSWER_BYTES);
    }

    /** The largest body a poll's answer holds alone. */
    long forOneBody() {
        return Math.max(0, forMessages() - ProviderPolling.MESSAGE_BYTES);
    }

    /**
     * The body to be queued for a provider, as stored ({@code what} names it in the fault), with its count, which the
     * queue keeps (counted once), when a poll's answer holds it; SCE010 otherwise, naming its stored size and the limit (ours: the published record bounds the message only).
     * Called before the transaction that would queue it, so nothing of the refused message is stored.
     */
    public ProviderQueue.Body requireFits(String body, String what) {
        ProviderQueue.Body counted = ProviderQueue.Body.of(body);
        long bytes = counted.bytes();
        if (bytes > forOneBody()) {
            throw new ShepException(FaultCode.MESSAGE_TOO_LARGE, what + " takes " + bytes + " bytes as the gateway"
                    + " stores it for its provider, more than the " + forOneBody() + " a poll's answer holds for one"
                    + " message within qaqpa.max-message-bytes (" + maxAnswerBytes + ", less "
                    + (ProviderPolling.ANSWER_BYTES + ProviderPolling.MESSAGE_BYTES) + " for the answer's envelope,"
                    + " signature and message information)");
        }
        return counted;
    }
}
