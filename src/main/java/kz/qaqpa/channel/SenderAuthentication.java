package kz.qaqpa.channel;

import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import org.apache.camel.Exchange;

/**
 * Authenticates the sender named in a message by password and transport certificate (SCE003 otherwise), and checks
 * that its request waited for a worker in that sender's line ({@link OwnLine#requireOwnLine}).
 */
public final class SenderAuthentication {
    private final SenderRegistry senders;

    public SenderAuthentication(SenderRegistry senders) {
        this.senders = senders;
    }

    public void authenticate(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        Sender sender = senders.authenticate(facts.senderId(), facts.password(), in.certificate());
        OwnLine.requireOwnLine(exchange, sender.id());
        exchange.setVariable(Inbound.VARIABLE, in.authenticatedAs(sender));
    }
}
