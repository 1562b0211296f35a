package kz.qaqpa.channel;

import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import org.apache.camel.Exchange;

/**
 * Authenticates the sender named in a message by password and transport certificate (SCE003 otherwise), and takes a
 * worker thread of the sender's share for the request ({@link WorkerShares}, SCE911 beyond it): the first moment the
 * gateway knows whose request a worker serves.
 */
public final class SenderAuthentication {
    private final SenderRegistry senders;
    private final WorkerShares workerShares;

    public SenderAuthentication(SenderRegistry senders, WorkerShares workerShares) {
        this.senders = senders;
        this.workerShares = workerShares;
    }

    public void authenticate(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        Sender sender = senders.authenticate(facts.senderId(), facts.password(), in.certificate());
        exchange.setVariable(Inbound.VARIABLE, in.authenticatedAs(sender));
        workerShares.claim(exchange, sender.id());
    }
}
