package kz.qaqpa.channel;

import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import org.apache.camel.Exchange;

/**
 * Authenticates the sender named in a message by password and transport certificate. Operations call
 * {@link #authenticate}; a regulation's condition step calls {@link #check}, which records the failure for the
 * regulation's own refusal step instead of throwing.
 */
public final class SenderAuthentication {
    public static final String FAILURE = "failure";
    private final SenderRegistry senders;

    public SenderAuthentication(SenderRegistry senders) {
        this.senders = senders;
    }

    public void authenticate(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        RequestFacts facts = RequestFacts.of(in.request());
        Sender sender = senders.authenticate(facts.senderId(), facts.password(), in.certificate());
        exchange.setVariable(Inbound.VARIABLE, in.authenticatedAs(sender));
    }

    /** Authenticates and checks the sender may use the message's service; a failure goes to variable "failure". */
    public void check(Exchange exchange) {
        exchange.removeVariable(FAILURE);
        try {
            authenticate(exchange);
            Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
            senders.requireService(in.sender(), RequestFacts.of(in.request()).serviceId());
        } catch (ShepException e) {
            exchange.setVariable(FAILURE, e);
        }
    }
}
