package kz.qaqpa.regulation;

import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.channel.ServiceZones;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.ProviderDirectory;
import kz.qaqpa.registry.ResultSigners;
import kz.qaqpa.registry.Sender;
import org.apache.camel.Exchange;

/**
 * The regulation's forwarding step, before anything is stored: whom an application that passed the checks goes to,
 * whether its sender may submit it there, and the correlationId and answer it is accepted with
 * ({@link ApplicationIntake} then stores it).
 */
public final class ApplicationForwarding {
    private final ProviderDirectory providers;
    private final ResultSigners signers;
    private final SignedOnce signedOnce;
    private final ServiceZones zones;

    /** @param zones the acceptance's answer dated in the zone of the application's service */
    public ApplicationForwarding(ProviderDirectory providers, ResultSigners signers, SignedOnce signedOnce,
                                 ServiceZones zones) {
        this.zones = zones;
        this.providers = providers;
        this.signers = signers;
        this.signedOnce = signedOnce;
    }

    /**
     * Names the provider that will process the application (the one of its locality where the service has several,
     * {@link ProviderDirectory}) and prepares the answer to the channel. A provider submitting on its own workstation
     * channel (seed 001 para 7, АРМ РШЭП) may submit only applications it serves itself. Where the service's results
     * are signed by the signer of the application's locality (seed 004 S2), the locality must have one. A signed
     * document is submitted through the one system that first made an application of it ({@link SignedOnce}).
     */
    public void prepare(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        String locality = DocumentFields.read(ApplicationDocument.of(exchange).element(),
                exchange.getVariable("field.locality", String.class));
        Sender provider = providers.providerFor(facts.serviceId(), locality);
        signers.requireSignerFor(facts.serviceId(), locality);
        if (in.sender().receives().contains(facts.serviceId()) && !provider.id().equals(in.sender().id())) {
            throw new ShepException(FaultCode.ACCESS_DENIED, "provider '" + in.sender().id() + "' may submit"
                    + " applications of its own localities only; locality '" + locality + "' is served by '"
                    + provider.id() + "'");
        }
        signedOnce.check(exchange, facts.serviceId(), in.sender().id());
        String correlationId = SessionIds.next();
        exchange.setVariable(Replies.REPLY, Replies.accepted(facts.messageId(), correlationId, in.sessionId(),
                zones.now(facts.serviceId())));
        exchange.setVariable("correlationId", correlationId);
        exchange.setVariable("provider", provider.id());
        exchange.setVariable("outcome", "queued for " + provider.id() + " as " + correlationId);
    }
}
