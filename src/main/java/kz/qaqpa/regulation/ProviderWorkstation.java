package kz.qaqpa.regulation;

import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.ProviderDirectory;
import org.apache.camel.Exchange;

/**
 * A channel on the provider's own workstation (seed 001 para 7: the provider's employee works in АРМ РШЭП and the
 * application goes through the regional gateway): the sending system must be a provider of the service, and the
 * employee who signs the application works for it, so the signer's БИН must be that provider's signing organisation
 * (its {@code result-signer-bin}, else the БИН of its own certificate). Switched on per channel by the intake
 * template's {@code operatorOfSender}; runs after condition 1 has authenticated the sender.
 */
public final class ProviderWorkstation {
    private final ProviderDirectory providers;

    public ProviderWorkstation(ProviderDirectory providers) {
        this.providers = providers;
    }

    public void senderSigns(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        String serviceId = RequestFacts.of(in.request()).serviceId();
        if (!in.sender().receives().contains(serviceId)) {
            throw new ShepException(FaultCode.ACCESS_DENIED, "channel " + exchange.getVariable("channel", String.class)
                    + " is the provider's own workstation; '" + in.sender().id() + "' is not a provider of '"
                    + serviceId + "'");
        }
        exchange.setVariable("operatorBin", providers.resultSignerBin(in.sender().id(), in.sender().bin()));
    }
}
