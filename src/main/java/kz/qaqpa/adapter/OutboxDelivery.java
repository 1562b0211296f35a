package kz.qaqpa.adapter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.trust.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the outbox holds to sender systems' callbacks, signed; a failure is retried later with a growing
 * pause, and a later notification of the same application waits until the earlier one has gone through.
 */
public final class OutboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    private final Outbox outbox;
    private final Function<String, SignedSoapClient> clientFor;
    private final Duration maxRetryPause;

    /** @param clientFor the client for a target sender: it accepts only that sender's signed answers */
    public OutboxDelivery(Outbox outbox, Function<String, SignedSoapClient> clientFor, Duration maxRetryPause) {
        this.outbox = outbox;
        this.clientFor = clientFor;
        this.maxRetryPause = maxRetryPause;
    }

    public void deliverDue() {
        for (Outbox.Pending p : outbox.due(50)) {
            if (outbox.hasEarlierUndelivered(p)) {
                continue;
            }
            try {
                clientFor.apply(p.targetSender()).call(p.url(), SoapEnvelopes.wrap(SecureXml.parse(p.payload().getBytes(StandardCharsets.UTF_8))
                        .getDocumentElement()));
                outbox.delivered(p.id());
                LOG.info("application {} notification {} delivered to {}", p.correlationId(), p.id(), p.targetSender());
            } catch (RuntimeException e) {
                Duration pause = Duration.ofMillis(Math.min(maxRetryPause.toMillis(), 500L << Math.min(p.attempts(), 12)));
                outbox.failed(p.id(), String.valueOf(e.getMessage()), pause);
                LOG.warn("application {} notification {} to {} failed (attempt {}), retry in {}: {}", p.correlationId(),
                        p.id(), p.targetSender(), p.attempts() + 1, pause, e.getMessage());
            }
        }
    }
}
