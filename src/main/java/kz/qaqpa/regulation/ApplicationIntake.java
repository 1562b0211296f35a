package kz.qaqpa.regulation;

import java.time.OffsetDateTime;
import kz.qaqpa.channel.ChannelNotifications;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.PollRoom;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.TimeOrderedIds;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts an application that passed the regulation's checks and was forwarded ({@link ApplicationForwarding}): stores
 * in one transaction the message as received, the application, the due time of every step it will go through
 * ({@link AcceptancePlan}), its steps so far, its place in the provider's queue and the status notifications owed to
 * the channels. Either all of it is stored or none.
 */
public final class ApplicationIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationIntake.class);
    public static final String ACCEPTED = "ACCEPTED";
    private final Applications applications;
    private final ProviderQueue queue;
    private final StepPlans plans;
    private final Trail trail;
    private final ChannelNotifications notifications;
    private final Replies replies;
    private final AcceptancePlan acceptance;
    private final SignedOnce signedOnce;
    private final PollRoom pollRoom;

    public ApplicationIntake(Applications applications, ProviderQueue queue, StepPlans plans, Trail trail,
                             ChannelNotifications notifications, Replies replies, AcceptancePlan acceptance,
                             SignedOnce signedOnce, PollRoom pollRoom) {
        this.pollRoom = pollRoom;
        this.applications = applications;
        this.queue = queue;
        this.plans = plans;
        this.trail = trail;
        this.notifications = notifications;
        this.replies = replies;
        this.acceptance = acceptance;
        this.signedOnce = signedOnce;
    }

    public void commit(Exchange exchange) {
        Intake intake = intake(exchange);
        storeOnce(exchange, intake);
        logAccepted(exchange, intake);
    }

    /**
     * The application as it is accepted: what the message says of it, the plan of its steps and its document as queued
     * for the provider.
     */
    private record Intake(Inbound in, RequestFacts facts, ApplicationDocument doc, String correlationId,
                          AcceptancePlan.Accepted accepted, Applications.Application stored, String digest,
                          ProviderQueue.Body queuedDocument) {
    }

    private Intake intake(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        ApplicationDocument doc = ApplicationDocument.of(exchange);
        ApplicationFacts a = doc.facts();
        // fix41b: before anything is stored, so a refused application leaves nothing behind
        ProviderQueue.Body queuedDocument = pollRoom.requireFits(SecureXml.toString(doc.element()), "the application");
        String correlationId = exchange.getVariable("correlationId", String.class);
        AcceptancePlan.Accepted accepted = acceptance.accept(exchange, correlationId);
        // created and ACCEPTED at the acceptance on the regulation clock; updated_at is store time (Applications)
        Applications.Application stored = new Applications.Application(correlationId, facts.serviceId(),
                a.channel(), in.sender().id(), facts.messageId(), a.applicantIin(),
                a.childIin(), ProviderQueue.ON_DELIVERY, ACCEPTED, accepted.status(), null, null, null, accepted.at(),
                OffsetDateTime.now(), a.applicantBin(), accepted.at());
        return new Intake(in, facts, doc, correlationId, accepted, stored,
                exchange.getVariable(SignedOnce.DIGEST, String.class), queuedDocument);
    }

    /** Stores it all in one transaction; once more after this system's own racing copy's claim committed first. */
    private void storeOnce(Exchange exchange, Intake intake) {
        try {
            store(exchange, intake);
        } catch (Database.StoreException e) {
            // another system's copy of the same signed document committed first (refused), or this system's own
            // (its claim now stands: stored again, nothing of the failed attempt was kept)
            signedOnce.afterFailedCommit(e, intake.facts().serviceId(), intake.digest(), intake.in().sender().id());
            store(exchange, intake);
        }
    }

    private void store(Exchange exchange, Intake intake) {
        RequestFacts facts = intake.facts();
        String correlationId = intake.correlationId();
        replies.rememberWithAnswer(exchange, () -> {
            // first: a racing claim fails here, before anything of the exchange is used up (the trail), so the
            // same system's copy can be stored again below
            signedOnce.claim(facts.serviceId(), intake.digest(), intake.in().sender().id(), correlationId);
            applications.insert(intake.stored());
            plans.insert(intake.accepted().steps());
            trail.persistAccepted(exchange, correlationId, intake.accepted().steps());
            queue.enqueue(new ProviderQueue.Queued(TimeOrderedIds.next().toString(), correlationId,
                    facts.serviceId(), exchange.getVariable("provider", String.class),
                    intake.queuedDocument(), ProviderQueue.ON_DELIVERY, "REQUEST"));
            notifications.statusChanged(intake.stored(), ProviderQueue.ON_DELIVERY, ACCEPTED,
                    intake.accepted().status(), intake.accepted().at());
        });
    }

    private static void logAccepted(Exchange exchange, Intake intake) {
        Inbound in = intake.in();
        RequestFacts facts = intake.facts();
        if (exchange.getVariable("replayed", false, Boolean.class)) {
            LOG.info("session {} messageId {} from {} repeated at the same moment: answered as the first copy",
                    in.sessionId(), facts.messageId(), in.sender().id());
            return;
        }
        LOG.info("session {} application {} of service {} accepted on channel {} from {} (messageId {}): {}, queued"
                + " for {}", in.sessionId(), intake.correlationId(), facts.serviceId(), intake.stored().channel(),
                in.sender().id(), facts.messageId(), ACCEPTED, exchange.getVariable("provider", String.class));
    }
}
