package kz.qaqpa.channel;

import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.registry.ServiceRegistry;
import org.apache.camel.Exchange;

/** Names the route of a message's serviceId (variable "route") and its messageType (variable "messageType"). */
public final class ServiceDispatch {
    private final ServiceRegistry services;
    private final SenderRegistry senders;

    public ServiceDispatch(ServiceRegistry services, SenderRegistry senders) {
        this.services = services;
        this.senders = senders;
    }

    public void resolve(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        RequestFacts facts = RequestFacts.of(in.request());
        exchange.setVariable("route", services.routeOf(facts.serviceId()));
        exchange.setVariable("messageType", facts.messageType());
    }

    /** The authenticated sender may call the message's service. */
    public void authorise(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        senders.requireService(in.sender(), RequestFacts.of(in.request()).serviceId());
    }
}
