package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import kz.qaqpa.channel.ChannelNotifications;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.PollRoom;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.TimeOrderedIds;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * What happens to an accepted application after intake, reported with its correlationId (sendMessage NOTIFICATION,
 * UPDATE or RESPONSE): {@link EventIdentification} finds the application, names the event and checks that the one
 * who reports it may; the regulation's progress route then runs the event's step ({@link ProviderEvents},
 * {@link ChannelEvents}), and {@link #commit} stores the new status, the steps, the documents and the notifications
 * owed in one transaction.
 */
public final class ApplicationEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationEvents.class);
    /** Exchange variables the step beans leave for {@link #commit}. */
    public static final String NEW_STATUS = "newStatus";
    public static final String STORE_DOCUMENT = "storeDocument";
    public static final String FORWARD_TO_PROVIDER = "forwardToProvider";
    public static final String RESULT = "result";
    /** Set by the hand-over: the application's current result goes to the consumer, once. */
    public static final String HAND_OVER_RESULT = "handOverResult";
    /** The application's registration number, where the event gives it (REGISTERED, or the provider's first document naming it). */
    public static final String REGISTRATION_NUMBER = "registrationNumber";
    /** The status code the channels are told with, where it is not the application's new status (TERM_EXTENDED). */
    public static final String NOTIFIED_STATUS = "notifiedStatus";
    /**
     * Set for a status reported after a later one (a late REGISTERED): it leaves the application's status and text
     * as they are, and the channels, told of it, are then told the current status again.
     */
    public static final String LATE_REPORT = "lateReport";
    /**
     * A change of the application's plan the event's step decided ({@link ConsumerWait}: the offer's suspension, the
     * answer's resumption; {@link TermExtension}: the extended term and the steps after it), made in the event's
     * transaction after its status: an event refused at the commit changes no due time (wait43, terms44).
     */
    public static final String PLAN_CHANGE = "planChange";
    private final Applications applications;
    private final ProviderQueue queue;
    private final ApplicationDocuments documents;
    private final Trail trail;
    private final ChannelNotifications notifications;
    private final Replies replies;
    private final ResultHandOver handOver;
    private final RefusalHandOverTerm refusalHandOver;
    private final PollRoom pollRoom;

    public ApplicationEvents(Applications applications, ProviderQueue queue, ApplicationDocuments documents,
                             Trail trail, ChannelNotifications notifications, Replies replies,
                             ResultHandOver handOver, RefusalHandOverTerm refusalHandOver, PollRoom pollRoom) {
        this.pollRoom = pollRoom;
        this.refusalHandOver = refusalHandOver;
        this.handOver = handOver;
        this.applications = applications;
        this.queue = queue;
        this.documents = documents;
        this.trail = trail;
        this.notifications = notifications;
        this.replies = replies;
    }

    /** The regulation has no step for this event on this channel. */
    public void unsupported(Exchange exchange) {
        throw new ShepException(FaultCode.NOT_IN_REGULATION, "the regulation has no step for "
                + exchange.getVariable("event", String.class) + " on channel "
                + exchange.getVariable("channel", String.class));
    }

    public void commit(Exchange exchange) {
        if (StepRecorder.trail(exchange).isEmpty()) {
            unsupported(exchange);   // the event's step is switched off for this channel's regulation
        }
        Inbound in = Inbound.of(exchange);
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        String newStatus = exchange.getVariable(NEW_STATUS, String.class);
        String statusMessage = exchange.getVariable("statusMessage", String.class);
        Instant awaitingSince = exchange.getVariable("awaitingSince", Instant.class);
        ProviderQueue.Body forwarded = forwarded(exchange);
        Runnable planChange = exchange.getVariable(PLAN_CHANGE, (Runnable) () -> { }, Runnable.class);
        Instant lastEnded = lastStepEnded(exchange);
        // the status changes as the event's last step ends, on the regulation clock (qaqpa.clock): its statusDate
        OffsetDateTime changedAt = lastEnded.atOffset(ZoneOffset.UTC);
        replies.rememberWithAnswer(exchange, () -> {
            markAnswered(exchange, a, newStatus);
            markHandedOver(exchange, a);
            boolean late = exchange.getVariable(LATE_REPORT, false, Boolean.class);
            if (!late) {
                changeStatus(a, newStatus, statusMessage, changedAt);
            }
            planChange.run();
            keepRegistrationNumber(exchange, a);
            persistTrail(exchange, a, newStatus, awaitingSince, lastEnded);
            keepDocument(exchange, a);
            forwardToProvider(forwarded, a);
            // the result before the status that tells of it: the completion texts say the consumer has it (seed
            // 002 Table 3 action 14 «Шығыс құжатын қарау мүмкіндігімен ...»; seed 004 para 6.4 «...нәтижесiн алуы» lists
            // what the applicant receives, so for it the order is our reading: review53)
            keepResult(exchange, a);
            tellChannel(exchange, a, newStatus, statusMessage, late, changedAt);
        });
        if (!exchange.getVariable("replayed", false, Boolean.class)) {
            String number = exchange.getVariable(REGISTRATION_NUMBER, String.class);
            // the sender's messageId too, as the intake's line: a provider asking after its message has only that (walk59)
            LOG.info("session {} application {} of service {} {} by {}{}{} (messageId {})", in.sessionId(),
                    a.correlationId(), a.serviceId(), newStatus != null ? newStatus : exchange.getVariable("event",
                    String.class), in.sender().id(), number == null ? "" : ", registration number " + number,
                    resultNamed(exchange.getVariable(RESULT, Element.class)), RequestFacts.of(in.request()).messageId());
        }
    }

    /**
     * The result a RESPONSE delivered, for its log line (ops43: the COMPLETED line named no result): its kind, and a
     * refusal's reason code where its form has one; a code, never the document's text (no personal data in the log).
     */
    private static String resultNamed(Element result) {
        if (result == null) {
            return "";
        }
        String code = EventDocument.text(result, "reasonCode");
        return ", result " + result.getLocalName() + (code == null || code.isBlank() ? "" : " " + code.strip());
    }

    /** A provider's answer ends its queued message's delivery; its final result closes the application's queue. */
    private void markAnswered(Exchange exchange, Applications.Application a, String newStatus) {
        if (exchange.getVariable("fromProvider", false, Boolean.class)) {
            // queue row before application row, in the same order as DeliveryAcknowledgement, so the two never deadlock
            queue.markAnswered(a.correlationId());
            if ("COMPLETED".equals(newStatus)) {
                queue.close(a.correlationId());
            }
        }
    }

    private void markHandedOver(Exchange exchange, Applications.Application a) {
        if (exchange.getVariable(HAND_OVER_RESULT, false, Boolean.class)
                && !applications.markHandedOver(a.correlationId())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "the " + a.resultKind() + " of application '"
                    + a.correlationId() + "' was already handed over");
        }
    }

    private void keepRegistrationNumber(Exchange exchange, Applications.Application a) {
        String number = exchange.getVariable(REGISTRATION_NUMBER, String.class);
        if (number != null && !applications.setRegistrationNumber(a.correlationId(), number)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "application '" + a.correlationId() + "' has"
                    + " another registration number than '" + number + "'");
        }
    }

    /** When the event's last step ended, on the regulation clock (the trail is not empty: {@link #commit}). */
    private static Instant lastStepEnded(Exchange exchange) {
        List<TrailEntry> steps = StepRecorder.trail(exchange);
        return steps.get(steps.size() - 1).endedAt();
    }

    /**
     * The steps this event went through; the final status closes the application's plan at the last one's end, but
     * for a refusal's hand-over measured from the refusal (the last step), which stays awaited ({@link RefusalHandOverTerm}).
     */
    private void persistTrail(Exchange exchange, Applications.Application a, String newStatus,
                              Instant awaitingSince, Instant lastEnded) {
        trail.persist(exchange, a.correlationId(), awaitingSince);
        if ("COMPLETED".equals(newStatus)) {
            refusalHandOver.afterResult(exchange.getContext(), a, exchange.getVariable("resultKind", String.class),
                            lastEnded)
                    .ifPresentOrElse(h -> trail.closePlanAwaiting(a.correlationId(), lastEnded, h),
                            () -> trail.closePlan(a.correlationId(), lastEnded));
        }
    }

    private void tellChannel(Exchange exchange, Applications.Application a, String newStatus, String statusMessage,
                             boolean late, OffsetDateTime changedAt) {
        if (statusMessage != null && !statusMessage.isEmpty()) {
            notifications.statusChanged(a, ProviderQueue.DELIVERED, exchange.getVariable(NOTIFIED_STATUS,
                    newStatus != null ? newStatus : a.statusCode(), String.class), statusMessage, changedAt);
        }
        if (late && a.statusMessage() != null && !a.statusMessage().isEmpty()) {
            // the channel's last word stays where the application stands, not at the late status: with its own date
            notifications.statusChanged(a, ProviderQueue.DELIVERED, a.statusCode(), a.statusMessage(),
                    a.statusChangedAt());
        }
    }

    private void keepResult(Exchange exchange, Applications.Application a) {
        Element result = exchange.getVariable(RESULT, Element.class);
        if (result != null) {
            // kept with the result: after a change of the route files the start still knows it awaits a hand-over
            boolean awaitsHandOver = handOver.awaited(exchange.getContext(), a.serviceId(), a.channel()).orElse(false);
            applications.setResult(a.correlationId(), result.getLocalName(), SecureXml.toString(result), awaitsHandOver);
            notifications.resultReady(a, result);
        }
    }

    private void changeStatus(Applications.Application a, String newStatus, String statusMessage,
                              OffsetDateTime changedAt) {
        if (newStatus == null) {
            if (statusMessage != null && !statusMessage.isEmpty()) {
                applications.setStatusMessage(a.correlationId(), statusMessage, changedAt);
            }
            return;
        }
        if (!applications.advanceStatus(a.correlationId(), ProviderQueue.DELIVERED, newStatus, statusMessage,
                changedAt)) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId() + "' is "
                    + applications.byCorrelationId(a.correlationId()).map(Applications.Application::statusCode)
                    .orElse("?") + ", which does not lead to " + newStatus);
        }
    }

    private void keepDocument(Exchange exchange, Applications.Application a) {
        Element document = exchange.getVariable(STORE_DOCUMENT, Element.class);
        if (document != null) {
            // wall time, not qaqpa.clock: a consent's signedAt (the signer's real clock) is checked against this
            // receipt of the offer (ChannelEvents.requireSignedAfter), as a wsu:Timestamp is (depth42)
            documents.add(new ApplicationDocuments.Received(a.correlationId(), document.getLocalName(),
                    OffsetDateTime.now(), SecureXml.toString(document)));
        }
    }

    /**
     * What the consumer sent for the provider (the consent) as it will be queued, or null when nothing is; refused
     * (SCE010) when a poll's answer would not hold it: checked before the transaction, so nothing is stored (fix41b).
     */
    private ProviderQueue.Body forwarded(Exchange exchange) {
        Element document = exchange.getVariable(FORWARD_TO_PROVIDER, Element.class);
        return document == null ? null
                : pollRoom.requireFits(SecureXml.toString(document), "the " + document.getLocalName() + " document");
    }

    /** What the consumer sent for the provider (the consent) is queued for it as an UPDATE. */
    private void forwardToProvider(ProviderQueue.Body forwarded, Applications.Application a) {
        if (forwarded != null) {
            String provider = queue.receiverOf(a.correlationId()).orElseThrow();
            queue.enqueue(new ProviderQueue.Queued(TimeOrderedIds.next().toString(), a.correlationId(), a.serviceId(),
                    provider, forwarded, ProviderQueue.ON_DELIVERY, "UPDATE"));
        }
    }
}
