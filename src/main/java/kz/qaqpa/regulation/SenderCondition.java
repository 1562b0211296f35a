package kz.qaqpa.regulation;

import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.OwnLine;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.channel.SenderAuthentication;
import kz.qaqpa.fault.FaultCode;
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
            require(exchange);
        } catch (OwnLine.OtherSendersLine e) {
            // not the condition failing: the message named another sender to take its worker share (quota49)
            throw e;
        } catch (ShepException e) {
            exchange.setVariable(Refusals.FAILURE, e);
        }
    }

    /** The same condition, thrown: SCE003 for a sender that is not who it says, SCE008 for one not granted the service. */
    public void require(Exchange exchange) {
        authentication.authenticate(exchange);
        Inbound in = Inbound.of(exchange);
        senders.requireService(in.sender(), RequestFacts.of(in.request()).serviceId());
    }

    /** The authenticated sender may submit applications on {@code channel} (qaqpa.sender.&lt;id&gt;.channels), SCE008 otherwise. */
    public static void requireChannel(Exchange exchange, String channel) {
        Inbound in = Inbound.of(exchange);
        if (!in.sender().channels().contains(channel)) {
            throw new ShepException(FaultCode.ACCESS_DENIED, "sender '" + in.sender().id()
                    + "' may not submit applications on channel " + channel);
        }
    }
}
