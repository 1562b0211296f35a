package kz.qaqpa.regulation;

import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.channel.SenderAuthentication;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.SenderRegistry;
import org.apache.camel.Exchange;

/**
 * Condition 1 of a regulation: the system that sends the application is who it says (password and certificate)
 * and may use the service. A failure is recorded for the regulation's refusal step, not thrown.
 */
public final class SenderCondition {
    private final SenderAuthentication authentication;
    private final SenderRegistry senders;

    public SenderCondition(SenderAuthentication authentication, SenderRegistry senders) {
        this.authentication = authentication;
        this.senders = senders;
    }

    public void check(Exchange exchange) {
        exchange.removeVariable(Refusals.FAILURE);
        try {
            authentication.authenticate(exchange);
            Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
            senders.requireService(in.sender(), RequestFacts.of(in.request()).serviceId());
        } catch (ShepException e) {
            exchange.setVariable(Refusals.FAILURE, e);
        }
    }
}
