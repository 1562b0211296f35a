package kz.qaqpa.regulation;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import kz.qaqpa.channel.WorkerTurns;
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
    /**
     * One turn per application while events about it are handled or waiting, gone when none is: memory bounded by the
     * requests in progress. Not stripes shared by hash: a sender could then name made-up correlationIds whose hash
     * falls on another application's stripe and keep that application's events waiting (session 21 review).
     */
    private final ConcurrentHashMap<String, Turn> turns = new ConcurrentHashMap<>();
    private final Duration wait;

    /** The application's turn and how many events hold it or wait for it (changed only inside the map's compute). */
    private static final class Turn {
        // fair: events about one application take their turns in the order they came, none is passed over
        final WorkerTurns queue;
        int users;

        Turn(Duration wait) {
            queue = new WorkerTurns(1, wait);
        }
    }

    /** @param wait how long an event waits for the one before it on the same application (qaqpa.events.lock-wait) */
    public ApplicationLocks(Duration wait) {
        this.wait = wait;
    }

    /** Waits for the application's turn and keeps it until {@code exchange} is done, answered or refused. */
    public void hold(Exchange exchange, String correlationId) {
        Turn turn = turns.compute(correlationId, (id, t) -> {
            Turn joined = t == null ? new Turn(wait) : t;
            joined.users++;
            return joined;
        });
        if (!turn.queue.take()) {
            leave(correlationId);
            throw new ShepException(FaultCode.GATEWAY_BUSY, "another event about application '" + correlationId
                    + "' is still being handled after " + wait);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                turn.queue.give();
                leave(correlationId);
            }
        });
    }

    /** Applications with an event handled or waiting now. */
    int inUse() {
        return turns.size();
    }

    private void leave(String correlationId) {
        turns.computeIfPresent(correlationId, (id, t) -> --t.users == 0 ? null : t);
    }
}
