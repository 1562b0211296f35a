package kz.qaqpa.regulation;

import java.util.Set;
import java.util.regex.Pattern;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.channel.ServiceZones;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.StatusHistory;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * The first step of an event reported about an accepted application with its correlationId (sendMessage NOTIFICATION,
 * UPDATE or RESPONSE), before the regulation's progress route runs it: {@link #identify} finds the application, names
 * the event and checks that the one who reports it may (the provider the application was queued for reports its
 * registration, work, offers and results; the channel it came from sends the consumer's consent, the hand-over and the
 * questionnaire), on the application as it is once its turn comes (one event at a time per application).
 * {@link ApplicationEvents#commit} stores what the route's step decided.
 */
public final class EventIdentification {
    /** Events only the channel the application came from may report. */
    private static final Set<String> CHANNEL_EVENTS = Set.of("HANDED_OVER");
    private static final String DOCUMENT = "DOCUMENT:";
    /** A status code a provider may report (the schemas' shape); ChainStatuses holds a route's chain codes to it. */
    static final Pattern STATUS_CODE = Pattern.compile("[A-Z][A-Z_]{0,39}");
    private final Applications applications;
    private final StatusHistory history;
    private final ProviderQueue queue;
    private final Replies replies;
    private final ApplicationLocks locks;
    private final ServiceZones zones;

    /** @param zones the event's answer dated in the zone of the application's service */
    public EventIdentification(Applications applications, StatusHistory history, ProviderQueue queue, Replies replies,
                               ApplicationLocks locks, ServiceZones zones) {
        this.zones = zones;
        this.applications = applications;
        this.history = history;
        this.queue = queue;
        this.replies = replies;
        this.locks = locks;
    }

    /**
     * Sets variables application, channel, event (REGISTERED, IN_WORK, OFFERED, HANDED_OVER, a chain step's status
     * the regulation names, RESULT or DOCUMENT:&lt;local name&gt;), fromProvider and fromChannel for the regulation's progress route;
     * or, for a copy of a message answered while it waited for the application, variable replayed and that answer.
     */
    public void identify(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        facts.requireMessageId();
        Reporter reporter = awaitTurn(exchange, facts, in.sender());
        // a copy of this very message sent at the same moment may have gone first while this one waited: its answer
        replies.replayIfRepeated(exchange);
        if (exchange.getVariable("replayed", false, Boolean.class)) {
            return;
        }
        Applications.Application a = application(facts, in.sender());
        String event = event(facts.messageType(), in.businessDocument());
        boolean channelEvent = channelEvent(event, facts.messageType());
        requireMayReport(a, event, channelEvent, reporter);
        requireOpen(a, channelEvent);
        setVariables(exchange, a, event, channelEvent);
        exchange.setVariable(Replies.REPLY, Replies.accepted(facts.messageId(), a.correlationId(), in.sessionId(),
                zones.now(a.serviceId())));
    }

    /**
     * Finds the application, settles who reports, then waits for the application's turn: the event is checked and
     * committed on the application as it is now, one event at a time per application.
     */
    private Reporter awaitTurn(Exchange exchange, RequestFacts facts, Sender sender) {
        Applications.Application named = application(facts, sender);
        // ours (hardening25): who may report is settled before the application's turn is waited for (its channel
        // and its provider never change), so a stranger's event is refused at once and never waits behind, nor holds
        // up, the events of those who may
        Reporter reporter = reporter(named, sender);
        // from here a refusal is evidence about this application: its records go into the log under it. A stranger's
        // (SCE031 above) is logged under none: else any sender could put its messages into another's export (fix42c)
        exchange.setVariable("correlationId", named.correlationId());
        locks.hold(exchange, named.correlationId());
        return reporter;
    }

    /**
     * A channel sends its documents (consent, questionnaire) as UPDATE; a document of its own in a NOTIFICATION is
     * the provider's (the act of a home visit, seed 004).
     */
    private static boolean channelEvent(String event, String messageType) {
        return CHANNEL_EVENTS.contains(event) || event.startsWith(DOCUMENT) && !"NOTIFICATION".equals(messageType);
    }

    private void setVariables(Exchange exchange, Applications.Application a, String event, boolean channelEvent) {
        exchange.setVariable("application", a);
        exchange.setVariable("channel", a.channel());
        exchange.setVariable("event", event);
        exchange.setVariable("fromProvider", !channelEvent);
        exchange.setVariable("awaitingSince", history.lastEnded(a.correlationId()).map(t -> t.toInstant()).orElse(null));
    }

    /** How the sender reporting an event stands to the application. */
    private record Reporter(boolean provider, boolean channel) {
    }

    /** The application of the service the message names under its correlationId. */
    private Applications.Application application(RequestFacts facts, Sender sender) {
        if (facts.correlationId() == null || facts.correlationId().isBlank()) {
            // optional in the contract, but a report names its application by it (README, Wire contract)
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a " + facts.messageType()
                    + " names its application in messageInfo/correlationId (the one sendMessageResponse returned); this one has none");
        }
        return applications.byCorrelationId(facts.correlationId())
                .filter(app -> app.serviceId().equals(facts.serviceId()))
                .orElseThrow(() -> notTheSenders(facts.serviceId(), facts.correlationId(), sender));
    }

    /**
     * The sender as the provider the application was queued for, or the channel it came from; refused if neither
     * (another channel's application, or one of several providers' of the service, seed 001: another locality's).
     */
    private Reporter reporter(Applications.Application a, Sender sender) {
        boolean fromProvider = queue.receiverOf(a.correlationId()).map(sender.id()::equals).orElse(false);
        boolean fromChannel = a.senderId().equals(sender.id());
        if (!fromProvider && !fromChannel) {
            throw notTheSenders(a.serviceId(), a.correlationId(), sender);
        }
        return new Reporter(fromProvider, fromChannel);
    }

    /**
     * SCE031 for an application that is not there and for one that is not the sender's, in the same words: a sender
     * probing correlationIds learns nothing of other senders' applications (ours, attack22: the ШЭП contract names a
     * fault for an unknown correlationId only). Neither is logged under the application (fix42c: a stranger's message
     * is no evidence of another's application); the fault's text, in the log line too, quotes the correlationId.
     */
    private static ShepException notTheSenders(String serviceId, String correlationId, Sender sender) {
        return new ShepException(FaultCode.UNKNOWN_CORRELATION, "no application of service '" + serviceId
                + "' with correlationId '" + correlationId + "' was sent by or sent to '" + sender.id() + "'");
    }

    /** A channel's event only from the channel the application came from, any other only from its provider. */
    private static void requireMayReport(Applications.Application a, String event, boolean channelEvent,
                                         Reporter reporter) {
        if (channelEvent ? !reporter.channel() : !reporter.provider()) {
            throw new ShepException(FaultCode.ACCESS_DENIED, event + " about application '" + a.correlationId()
                    + "' may be reported only by " + (channelEvent ? "the channel it came from" : "its provider"));
        }
    }

    /** A finished application takes no more events from its provider; the channel's (the hand-over) still come. */
    static void requireOpen(Applications.Application a, boolean channelEvent) {
        if (Applications.FINISHED.contains(a.statusCode()) && !channelEvent) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId() + "' is "
                    + a.statusCode() + ("NOT_DELIVERED".equals(a.statusCode())
                    ? ": its provider refused to take it" : "; its result was already delivered"));
        }
    }


    private static String event(String messageType, Element document) {
        if ("RESPONSE".equals(messageType)) {
            return "RESULT";
        }
        if (document == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a " + messageType
                    + " about an application must carry a document in data");
        }
        if (!"statusNotification".equals(document.getLocalName())) {
            return DOCUMENT + document.getLocalName();
        }
        String status = EventDocument.text(document, "status");
        // beyond the fixed events, a regulation's route names the statuses of its provider's further chain steps;
        // a status it does not name is refused there (NOT_IN_REGULATION)
        if (status != null && STATUS_CODE.matcher(status).matches()) {
            return status;
        }
        throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a <statusNotification> must carry a status code"
                + " (REGISTERED, IN_WORK, OFFERED, HANDED_OVER, " + TermExtension.STATUS + " or a step the regulation names: A-Z and _);"
                + " a result must be sent as RESPONSE");
    }
}
