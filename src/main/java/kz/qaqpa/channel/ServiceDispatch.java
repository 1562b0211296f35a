package kz.qaqpa.channel;

import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.registry.ServiceRegistry;
import org.apache.camel.Exchange;

/** Names the route of a message's serviceId (variable "route") and its messageType (variable "messageType"). */
public final class ServiceDispatch {
    private final ServiceRegistry services;
    private final SenderRegistry senders;

    private final SenderAuthentication authentication;

    public ServiceDispatch(ServiceRegistry services, SenderRegistry senders, SenderAuthentication authentication) {
        this.services = services;
        this.senders = senders;
        this.authentication = authentication;
    }

    /**
     * Names the route. Which services exist is told only to authenticated senders: for an unknown service the
     * sender is authenticated first (a regulation's own route authenticates as its condition 1).
     */
    public void resolve(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        exchange.setVariable("messageType", facts.messageType());
        try {
            exchange.setVariable("route", services.routeOf(facts.serviceId(), exchange.getVariable("endpoint", String.class)));
        } catch (ShepException unknown) {
            authentication.authenticate(exchange);
            throw unknown;
        }
    }

    /**
     * A new application (REQUEST) of a service being withdrawn is refused before anything is stored; the intake calls
     * it once the sender is authenticated and a repeat of an application accepted before got its first answer.
     */
    public void requireTakesNew(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        services.requireTakesNew(RequestFacts.of(in.request()).serviceId());
    }

    /** The authenticated sender may call the message's service. */
    public void authorise(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        senders.requireService(in.sender(), RequestFacts.of(in.request()).serviceId());
    }
}
