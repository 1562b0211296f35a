package kz.qaqpa.adapter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
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
    private final Outbox outbox;
    private final Function<String, SignedSoapClient> clientFor;
    private final Duration firstRetryPause;
    private final Duration maxRetryPause;
    private final int maxAttempts;
    private final int batch;
    /** Sends the run's entries side by side; null when one at a time is asked for. */
    private final ExecutorService senders;

    /**
     * @param clientFor   the client for a target sender: it accepts only that sender's signed answers
     * @param maxAttempts after so many failed attempts an entry is stopped
     * @param batch       entries taken per run
     * @param parallelism calls in flight at once (qaqpa.outbox.parallelism); 1 = one after another
     */
    public OutboxDelivery(Outbox outbox, Function<String, SignedSoapClient> clientFor, Duration firstRetryPause,
                          Duration maxRetryPause, int maxAttempts, int batch, int parallelism) {
        this.outbox = outbox;
        this.clientFor = clientFor;
        this.firstRetryPause = firstRetryPause;
        this.maxRetryPause = maxRetryPause;
        this.maxAttempts = maxAttempts;
        this.batch = batch;
        AtomicInteger threads = new AtomicInteger();
        this.senders = parallelism <= 1 ? null : Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "outbox-sender-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * One run. {@link Outbox#due} hands out only the oldest open entry of each application and recipient, so the
     * run's entries are independent of each other and go out side by side; the order within an application and
     * recipient holds because the next one is handed out only after this one is delivered. A recipient that fails
     * once is left alone for the rest of the run, so it cannot hold up the others.
     */
    public void deliverDue() {
        Set<String> failing = ConcurrentHashMap.newKeySet();
        List<Outbox.Pending> due = outbox.due(batch);
        if (senders == null) {
            due.forEach(p -> deliver(p, failing));
            return;
        }
        List<Callable<Void>> calls = new ArrayList<>();
        for (Outbox.Pending p : due) {
            calls.add(() -> {
                deliver(p, failing);
                return null;
            });
        }
        try {
            for (Future<Void> done : senders.invokeAll(calls)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("outbox delivery stopped with the gateway; the entries stay due");
        } catch (ExecutionException e) {
            LOG.error("outbox delivery run failed", e.getCause());
        }
    }

    private void deliver(Outbox.Pending p, Set<String> failing) {
        if (failing.contains(p.targetSender())) {
            return;
        }
        try {
            clientFor.apply(p.targetSender()).call(p.url(), SoapEnvelopes.wrap(
                    SecureXml.parse(p.payload().getBytes(StandardCharsets.UTF_8)).getDocumentElement()));
            outbox.delivered(p.id());
            LOG.info("application {} notification {} delivered to {}", p.correlationId(), p.id(), p.targetSender());
        } catch (SignedSoapClient.RemoteFault e) {
            refused(p, e);
        } catch (RuntimeException e) {
            failing.add(p.targetSender());
            failed(p, String.valueOf(e.getMessage()));
        }
    }

    /** Lets calls in flight end; no new run starts after the gateway stops. */
    public void close() {
        if (senders != null) {
            senders.shutdown();
        }
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
