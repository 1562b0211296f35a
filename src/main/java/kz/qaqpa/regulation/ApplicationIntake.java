package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import kz.qaqpa.channel.ChannelNotifications;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.ProviderDirectory;
import kz.qaqpa.registry.ResultSigners;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.TimeOrderedIds;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.trust.SecureXml;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts an application that passed the regulation's checks: gives it a correlationId, then stores in one
 * transaction the message as received, the application, the due time of every step it will go through
 * ({@link RegulationPlan}), its steps so far, its place in the provider's queue and the status notifications owed to
 * the channels. Either all of it is stored or none.
 */
public final class ApplicationIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationIntake.class);
    public static final String ACCEPTED = "ACCEPTED";
    private final ProviderDirectory providers;
    private final ResultSigners signers;
    private final Applications applications;
    private final ProviderQueue queue;
    private final Trail trail;
    private final ChannelNotifications notifications;
    private final Replies replies;
    private final RegulationPlan plan;
    private final StepPlans plans;
    private final Clock clock;
    private final AcceptanceText acceptanceText;
    private final SignedOnce signedOnce;

    public ApplicationIntake(ProviderDirectory providers, ResultSigners signers,
                             Applications applications, ProviderQueue queue, Trail trail,
                             ChannelNotifications notifications, Replies replies, RegulationPlan plan,
                             StepPlans plans, Clock clock, AcceptanceText acceptanceText, SignedOnce signedOnce) {
        this.signedOnce = signedOnce;
        this.signers = signers;
        this.clock = clock;
        this.acceptanceText = acceptanceText;
        this.plan = plan;
        this.plans = plans;
        this.replies = replies;
        this.providers = providers;
        this.applications = applications;
        this.queue = queue;
        this.trail = trail;
        this.notifications = notifications;
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
        exchange.setVariable(Replies.REPLY, Replies.accepted(facts.messageId(), correlationId, in.sessionId()));
        exchange.setVariable("correlationId", correlationId);
        exchange.setVariable("provider", provider.id());
        exchange.setVariable("outcome", "queued for " + provider.id() + " as " + correlationId);
    }

    public void commit(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        ApplicationDocument doc = ApplicationDocument.of(exchange);
        ApplicationFacts a = doc.facts();
        String correlationId = exchange.getVariable("correlationId", String.class);
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<StepPlans.Planned> planned = plan.plan(exchange.getContext(),
                exchange.getVariable("progressRoute", String.class), correlationId, now.toInstant());
        OffsetDateTime term = planned.get(planned.size() - 1).dueAt();
        String status = acceptanceText.fill(exchange.getVariable("acceptedMessage", String.class), exchange,
                correlationId, now.toInstant(), term == null ? null : term.toInstant());
        Applications.Application stored = new Applications.Application(correlationId, facts.serviceId(),
                a.channel(), in.sender().id(), facts.messageId(), a.applicantIin(),
                a.childIin(), ProviderQueue.ON_DELIVERY, ACCEPTED, status, null, null, null, now, now, a.applicantBin());
        String digest = exchange.getVariable(SignedOnce.DIGEST, String.class);
        Runnable store = () -> replies.rememberWithAnswer(exchange, () -> {
            // first: a racing claim fails here, before anything of the exchange is used up (the trail), so the
            // same system's copy can be stored again below
            signedOnce.claim(facts.serviceId(), digest, in.sender().id(), correlationId);
            applications.insert(stored);
            planned.forEach(plans::insert);
            trail.persist(exchange, correlationId, null);
            queue.enqueue(new ProviderQueue.Queued(TimeOrderedIds.next().toString(), correlationId,
                    facts.serviceId(), exchange.getVariable("provider", String.class),
                    SecureXml.toString(doc.element()), ProviderQueue.ON_DELIVERY, "REQUEST"));
            notifications.statusChanged(stored, ProviderQueue.ON_DELIVERY, ACCEPTED, status);
        });
        try {
            store.run();
        } catch (Database.StoreException e) {
            // another system's copy of the same signed document committed first (refused), or this system's own
            // (its claim now stands: stored again, nothing of the failed attempt was kept)
            signedOnce.afterFailedCommit(e, facts.serviceId(), digest, in.sender().id());
            store.run();
        }
        if (exchange.getVariable("replayed", false, Boolean.class)) {
            LOG.info("session {} messageId {} from {} repeated at the same moment: answered as the first copy",
                    in.sessionId(), facts.messageId(), in.sender().id());
            return;
        }
        LOG.info("session {} application {} of service {} accepted on channel {} from {} (messageId {}): {}, queued"
                + " for {}", in.sessionId(), correlationId, facts.serviceId(), a.channel(), in.sender().id(),
                facts.messageId(), ACCEPTED, exchange.getVariable("provider", String.class));
    }
}
