package kz.qaqpa.adapter;

import java.time.Duration;
import java.util.List;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of one callback's call ({@link CallbackCall}) recorded in the outbox, in one transaction with the
 * message chain's records of the exchange that decided it: delivered, refused by the recipient (stopped), or failed
 * (retried with a doubling pause, stopped after the last attempt and left to the operator).
 */
final class CallbackOutcomes {
    /** Logged under the delivery's name, as before the outcomes had a class of their own (operators' log filters). */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    private final Database db;
    private final Outbox outbox;
    private final MessageChain chain;
    private final Duration firstRetryPause;
    private final Duration maxRetryPause;
    private final int maxAttempts;

    /** @param maxAttempts after so many failed attempts an entry is stopped */
    CallbackOutcomes(Database db, Outbox outbox, MessageChain chain, Duration firstRetryPause, Duration maxRetryPause,
                     int maxAttempts) {
        this.db = db;
        this.outbox = outbox;
        this.chain = chain;
        this.firstRetryPause = firstRetryPause;
        this.maxRetryPause = maxRetryPause;
        this.maxAttempts = maxAttempts;
    }

    /** The recipient acknowledged the callback. */
    void delivered(List<MessageChain.Message> exchanged, Outbox.Pending p) {
        inOneTransaction(exchanged, () -> outbox.delivered(p));
    }

    /** The recipient refused the call: sending it again would be refused again. */
    void refused(List<MessageChain.Message> exchanged, Outbox.Pending p, SignedSoapClient.RemoteFault fault) {
        inOneTransaction(exchanged, () -> refused(p, fault));
    }

    /** A failed attempt after an answer that was read (a fault to send again later, an answer not this callback's). */
    void failed(List<MessageChain.Message> exchanged, Outbox.Pending p, String error) {
        inOneTransaction(exchanged, () -> failed(p, error));
    }

    /**
     * A failed attempt, recorded with what was exchanged before it failed: an answer whose signature verified but that
     * cannot be read (a processing instruction, a header marked mustUnderstand, an errorDate past the bound) is logged
     * as a readable one is (ops61, dates60's Left: it was retried without its exchange in the log). Should that
     * transaction fail, the attempt is still recorded, without the exchange, so that the retry and its pause hold
     * (an entry whose outcome is not recorded is sent again at the next pass); a transaction that failed leaves
     * nothing of it in the log.
     */
    void failedWith(List<MessageChain.Message> exchanged, Outbox.Pending p, String error) {
        if (exchanged.isEmpty()) {
            failed(p, error);
            return;
        }
        try {
            inOneTransaction(exchanged, () -> failed(p, error));
        } catch (RuntimeException e) {
            LOG.error("application {} notification {}: {}'s answer could not be logged ({}); the attempt is recorded"
                    + " without it", p.correlationId(), p.id(), p.targetSender(), e.getMessage());
            failed(p, error);
        }
    }

    /** The outbox entry's new state commits with the log records of the exchange that decided it. */
    private void inOneTransaction(List<MessageChain.Message> exchanged, Runnable change) {
        db.inTransaction(() -> {
            change.run();
            exchanged.forEach(chain::append);
            return null;
        });
    }

    private void refused(Outbox.Pending p, SignedSoapClient.RemoteFault fault) {
        outbox.stop(p, "refused by the recipient: " + fault.getMessage());
        // its lines come once its transaction committed: one run again after a 40001 does not repeat them (rerun54)
        db.afterCommit(() -> LOG.error("application {} notification {} refused by {}: {}", p.correlationId(), p.id(),
                p.targetSender(), fault.getMessage()));
    }

    private void failed(Outbox.Pending p, String error) {
        if (p.attempts() + 1 >= maxAttempts) {
            outbox.stop(p, error);
            db.afterCommit(() -> LOG.error("application {} notification {} to {} stopped after {} attempts: {}",
                    p.correlationId(), p.id(), p.targetSender(), p.attempts() + 1, error));
            return;
        }
        // a doubling pause, capped, so a recipient that is down is not hammered
        long pause = firstRetryPause.toMillis() << Math.min(p.attempts(), 20);
        Duration retryIn = Duration.ofMillis(Math.min(maxRetryPause.toMillis(), pause));
        outbox.failed(p.id(), error, retryIn);
        db.afterCommit(() -> LOG.warn("application {} notification {} to {} failed (attempt {}), retry in {}: {}",
                p.correlationId(), p.id(), p.targetSender(), p.attempts() + 1, retryIn, error));
    }
}
