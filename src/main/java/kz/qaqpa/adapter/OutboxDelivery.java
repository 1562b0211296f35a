package kz.qaqpa.adapter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.trust.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the outbox holds to sender systems' callbacks, signed. A failure is retried with a doubling pause;
 * after the last attempt the entry is stopped and left to the operator. The outbox hands out an application's
 * entries for one recipient strictly in order.
 */
public final class OutboxDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    private final Database db;
    private final Outbox outbox;
    private final MessageChain chain;
    private final Function<String, SignedSoapClient> clientFor;
    private final Duration firstRetryPause;
    private final Duration maxRetryPause;
    private final int maxAttempts;
    private final int batch;
    /** The threads that make the calls of one run side by side. */
    private final ExecutorService senders;

    /**
     * @param clientFor   the client for a target sender: it accepts only that sender's signed answers
     * @param maxAttempts after so many failed attempts an entry is stopped
     * @param batch       entries taken per pass
     * @param parallel    calls made at the same time
     */
    public OutboxDelivery(Database db, Outbox outbox, MessageChain chain, Function<String, SignedSoapClient> clientFor,
                          Duration firstRetryPause, Duration maxRetryPause, int maxAttempts, int batch, int parallel) {
        this.db = db;
        this.outbox = outbox;
        this.chain = chain;
        this.clientFor = clientFor;
        this.firstRetryPause = firstRetryPause;
        this.maxRetryPause = maxRetryPause;
        this.maxAttempts = maxAttempts;
        this.batch = batch;
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "outbox-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Delivers what is due, side by side: the entries of one pass belong to different applications or recipients
     * (the outbox hands out only the oldest open entry of each application and recipient), so their order is kept.
     * A pass that delivered something is followed by another at once, since each delivery makes the application's
     * next entry due; the run ends when a pass delivers nothing or a recipient failed. A recipient that fails once is
     * left alone for the rest of the run, so it cannot hold up the others.
     */
    public void deliverDue() {
        Set<String> failing = ConcurrentHashMap.newKeySet();
        List<Outbox.Pending> due = due();
        while (!due.isEmpty()) {
            List<Future<Boolean>> deliveries = new ArrayList<>();
            for (Outbox.Pending p : due) {
                deliveries.add(senders.submit(() -> deliver(p, failing)));
            }
            int delivered = 0;
            for (Future<Boolean> delivery : deliveries) {
                delivered += outcome(delivery) ? 1 : 0;
            }
            if (delivered == 0 || !failing.isEmpty()) {
                return;
            }
            due = due();
        }
    }

    /** True when the recipient accepted the entry. */
    private boolean deliver(Outbox.Pending p, Set<String> failing) {
        if (failing.contains(p.targetSender())) {
            return false;
        }
        List<MessageChain.Message> exchanged = new ArrayList<>();
        try {
            SignedSoapClient client = clientFor.apply(p.targetSender());
            client.call(p.url(), SoapEnvelopes.wrap(SecureXml.parse(p.payload().getBytes(StandardCharsets.UTF_8))
                    .getDocumentElement()), logged(p, client, exchanged));
            inOneTransaction(exchanged, () -> outbox.delivered(p));
            LOG.info("application {} notification {} delivered to {}", p.correlationId(), p.id(), p.targetSender());
            return true;
        } catch (SignedSoapClient.RemoteFault e) {
            inOneTransaction(exchanged, () -> refused(p, e));
            return false;
        } catch (RuntimeException e) {
            failing.add(p.targetSender());
            failed(p, String.valueOf(e.getMessage()));
            return false;
        }
    }

    /** Waits for one delivery; a failure it could not record itself (the store went away) ends the run. */
    private static boolean outcome(Future<Boolean> delivery) {
        try {
            return delivery.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("outbox run interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Stops the delivery threads (a run under way finishes its calls). */
    @Override
    public void close() {
        senders.shutdown();
    }

    /** While the store cannot be reached nothing is due; health reports the outage, so the timer stays quiet. */
    private List<Outbox.Pending> due() {
        try {
            return outbox.due(batch);
        } catch (Database.StoreException e) {
            if (db.reachable()) {
                throw e;
            }
            LOG.debug("outbox waits for the store: {}", e.getMessage());
            return List.of();
        }
    }

    /** The callback and the recipient's signed answer, for the message chain. */
    private static SignedSoapClient.Exchanged logged(Outbox.Pending p, SignedSoapClient client,
                                                     List<MessageChain.Message> into) {
        return (sent, answer, signer) -> {
            into.add(new MessageChain.Message(MessageChain.OUT, MessageChain.CALLBACK, null, p.targetSender(), null,
                    p.correlationId(), client.signer(), sent));
            into.add(new MessageChain.Message(MessageChain.IN, MessageChain.CALLBACK_ANSWER, null, p.targetSender(),
                    null, p.correlationId(), signer, answer));
        };
    }

    /** The outbox entry's new state commits with the log records of the exchange that decided it. */
    private void inOneTransaction(List<MessageChain.Message> exchanged, Runnable change) {
        db.inTransaction(() -> {
            change.run();
            exchanged.forEach(chain::append);
            return null;
        });
    }

    /** The recipient answered and refused the call: sending it again would be refused again. */
    private void refused(Outbox.Pending p, SignedSoapClient.RemoteFault fault) {
        outbox.stop(p, "refused by the recipient: " + fault.getMessage());
        LOG.error("application {} notification {} refused by {}: {}", p.correlationId(), p.id(), p.targetSender(),
                fault.getMessage());
    }

    private void failed(Outbox.Pending p, String error) {
        if (p.attempts() + 1 >= maxAttempts) {
            outbox.stop(p, error);
            LOG.error("application {} notification {} to {} stopped after {} attempts: {}", p.correlationId(), p.id(),
                    p.targetSender(), p.attempts() + 1, error);
            return;
        }
        // a doubling pause, capped, so a recipient that is down is not hammered
        long pause = firstRetryPause.toMillis() << Math.min(p.attempts(), 20);
        Duration retryIn = Duration.ofMillis(Math.min(maxRetryPause.toMillis(), pause));
        outbox.failed(p.id(), error, retryIn);
        LOG.warn("application {} notification {} to {} failed (attempt {}), retry in {}: {}", p.correlationId(), p.id(),
                p.targetSender(), p.attempts() + 1, retryIn, error);
    }
}
