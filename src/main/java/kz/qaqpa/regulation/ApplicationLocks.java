package kz.qaqpa.regulation;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One event at a time per application. An event is checked against the application as it is (its status, its
 * documents, whether its result was handed over) and then committed; two events on one application checked at the
 * same moment would each act on a state the other is about to change (a hand-over of the interim slip deciding on
 * IN_QUEUE while the final result makes it COMPLETED, two questionnaires each finding none). So {@link #hold} is
 * taken before the application is read and kept until the event's exchange is done: concurrent events on one
 * application run one after the other, each on the state the one before left.
 *
 * <p>Why a lock in the gateway rather than the application's row lock: the check (signatures, certificate
 * revocation over the network) runs before the event's one transaction, and holding a database transaction and its
 * row lock across it would keep a pooled connection busy meanwhile and take the row lock before the message chain's
 * head lock in one transaction but after it in another. This lock is taken before any database work and never while
 * one is held, so it cannot deadlock with the database's locks; the store belongs to one gateway process (its lock
 * file), so the process sees every event.
 */
public final class ApplicationLocks {
    /** Stripes by correlationId: a fixed memory however many applications, and two share one only rarely. */
    private static final int STRIPES = 1024;
    private final Semaphore[] stripes = new Semaphore[STRIPES];
    private final Duration wait;

    /** @param wait how long an event waits for the one before it on the same application (qaqpa.events.lock-wait) */
    public ApplicationLocks(Duration wait) {
        this.wait = wait;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Semaphore(1);
        }
    }

    /** Waits for the application's turn and keeps it until {@code exchange} is done, answered or refused. */
    public void hold(Exchange exchange, String correlationId) {
        Semaphore stripe = stripes[Math.floorMod(correlationId.hashCode(), STRIPES)];
        if (!acquire(stripe)) {
            throw new ShepException(FaultCode.GATEWAY_BUSY, "another event about application '" + correlationId
                    + "' is still being handled after " + wait);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                stripe.release();
            }
        });
    }

    private boolean acquire(Semaphore stripe) {
        try {
            return stripe.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
