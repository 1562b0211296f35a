package kz.qaqpa.adapter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
public final class OutboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    private final Database db;
    private final Outbox outbox;
    private final MessageChain chain;
    private final Function<String, SignedSoapClient> clientFor;
    private final Duration firstRetryPause;
    private final Duration maxRetryPause;
    private final int maxAttempts;
    private final int batch;

    /**
     * @param clientFor   the client for a target sender: it accepts only that sender's signed answers
     * @param maxAttempts after so many failed attempts an entry is stopped
     * @param batch       entries taken per run
     */
    public OutboxDelivery(Database db, Outbox outbox, MessageChain chain, Function<String, SignedSoapClient> clientFor,
                          Duration firstRetryPause, Duration maxRetryPause, int maxAttempts, int batch) {
        this.db = db;
        this.outbox = outbox;
        this.chain = chain;
        this.clientFor = clientFor;
        this.firstRetryPause = firstRetryPause;
        this.maxRetryPause = maxRetryPause;
        this.maxAttempts = maxAttempts;
        this.batch = batch;
    }

    /** A recipient that fails once is left alone for the rest of the run, so it cannot hold up the others. */
    public void deliverDue() {
        java.util.Set<String> failing = new java.util.HashSet<>();
        for (Outbox.Pending p : due()) {
            if (failing.contains(p.targetSender())) {
                continue;
            }
            List<MessageChain.Message> exchanged = new ArrayList<>();
            try {
                SignedSoapClient client = clientFor.apply(p.targetSender());
                client.call(p.url(), SoapEnvelopes.wrap(SecureXml.parse(p.payload().getBytes(StandardCharsets.UTF_8))
                        .getDocumentElement()), logged(p, client, exchanged));
                inOneTransaction(exchanged, () -> outbox.delivered(p.id()));
                LOG.info("application {} notification {} delivered to {}", p.correlationId(), p.id(), p.targetSender());
            } catch (SignedSoapClient.RemoteFault e) {
                inOneTransaction(exchanged, () -> refused(p, e));
            } catch (RuntimeException e) {
                failing.add(p.targetSender());
                failed(p, String.valueOf(e.getMessage()));
            }
        }
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
        outbox.stop(p.id(), "refused by the recipient: " + fault.getMessage());
        LOG.error("application {} notification {} refused by {}: {}", p.correlationId(), p.id(), p.targetSender(),
                fault.getMessage());
    }

    private void failed(Outbox.Pending p, String error) {
        if (p.attempts() + 1 >= maxAttempts) {
            outbox.stop(p.id(), error);
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
