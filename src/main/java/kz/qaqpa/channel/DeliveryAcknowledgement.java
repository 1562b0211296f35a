package kz.qaqpa.channel;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import kz.qaqpa.contract.async.itypes.AsyncSendDeliveryNotificationResponse;
import kz.qaqpa.contract.async.types.SendDeliveryNotification;
import kz.qaqpa.contract.async.types.SendDeliveryNotificationResponse;
import kz.qaqpa.contract.common.DeliveryNotification;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's answer to a message it polled ({@link ProviderPolling}), sendDeliveryNotification: MESSAGE_ACCEPTED
 * takes the message off the queue (the application DELIVERED); MESSAGE_NOT_ACCTEPTED leaves it queued for RESEND or
 * stops its delivery for NOT_RESEND (the application NOT_DELIVERED, its plan ended).
 */
public final class DeliveryAcknowledgement {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAcknowledgement.class);
    private final Replies replies;
    private final ProviderQueue queue;
    private final Applications applications;
    private final ChannelNotifications notifications;
    private final StatusTexts texts;
    private final ChannelLog channelLog;
    private final StepPlans plans;
    private final Clock regulationClock;
    private final ServiceZones zones;

    /**
     * @param regulationClock the clock of regulation steps (qaqpa.clock): when a refused delivery ends the plan
     * @param zones           the answer's date in the zone of its application's service
     */
    public DeliveryAcknowledgement(ProviderQueue queue, Applications applications, ChannelNotifications notifications,
                                   StatusTexts texts, ChannelLog channelLog, Replies replies, StepPlans plans,
                                   Clock regulationClock, ServiceZones zones) {
        this.regulationClock = regulationClock;
        this.zones = zones;
        this.plans = plans;
        this.channelLog = channelLog;
        this.replies = replies;
        this.queue = queue;
        this.applications = applications;
        this.notifications = notifications;
        this.texts = texts;
    }

    public void acknowledge(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        DeliveryNotification n = ((SendDeliveryNotification) in.request()).getRequest().getNotification();
        ProviderQueue.Queued q = queue.byMessageId(n.getMessageId())
                .filter(m -> m.receiverId().equals(in.sender().id()) && m.serviceId().equals(n.getServiceId()))
                .orElseThrow(() -> new ShepException(FaultCode.UNKNOWN_MESSAGE, "no message '" + n.getMessageId()
                        + "' of service '" + n.getServiceId() + "' was queued for '" + in.sender().id() + "'"));
        // an acknowledgement by the message's receiver, refused or not, is evidence about its application: logged under
        // it; a stranger's (SCE030 above) under none, else any sender could put its messages into another's export (fix42c)
        exchange.setVariable("correlationId", q.correlationId());
        boolean accepted = "MESSAGE_ACCEPTED".equals(n.getDeliveryStatus().getReceiveStatus());
        boolean resend = "RESEND".equals(n.getDeliveryStatus().getResendMessage());
        AsyncSendDeliveryNotificationResponse response = new AsyncSendDeliveryNotificationResponse();
        response.setNotificationId(UUID.randomUUID().toString());
        response.setResponseDate(zones.now(q.serviceId()));
        response.setSessionId(in.sessionId());
        SendDeliveryNotificationResponse reply = new SendDeliveryNotificationResponse();
        reply.setResponse(response);
        exchange.setVariable(Replies.REPLY, reply);
        boolean[] moved = {false};
        if (accepted || !resend) {
            replies.commitWithAnswer(exchange, () -> {
                channelLog.request(exchange);
                moved[0] = queue.markState(q.messageId(), accepted ? ProviderQueue.DELIVERED : ProviderQueue.NOT_DELIVERED);
                if (moved[0]) {
                    recordDelivery(q.correlationId(), accepted);
                }
            });
        }
        LOG.info("session {} application {} of service {} message {} acknowledged by {}: {}", in.sessionId(),
                q.correlationId(), q.serviceId(), q.messageId(), in.sender().id(), outcome(accepted, resend, moved[0]));
    }

    /**
     * What the acknowledgement did, for its line; a repeated or late one says it changed nothing (walk59: it read as
     * the first, a second delivery to an operator).
     */
    private static String outcome(boolean accepted, boolean resend, boolean moved) {
        if (!accepted && resend) {
            return "RESEND, kept queued";
        }
        String state = accepted ? "DELIVERED" : "NOT_DELIVERED";
        return moved ? state : state + " again or late: nothing changed";
    }

    /** A repeated or late acknowledgement changes nothing: the status only moves forward. */
    private void recordDelivery(String correlationId, boolean accepted) {
        Applications.Application a = applications.byCorrelationId(correlationId).orElseThrow();
        String code = accepted ? "DELIVERED" : "NOT_DELIVERED";
        // regulation time (qaqpa.clock), as the plan's due times and every other end of a step (depth42): the end of
        // a refused application's plan and the status's statusDate (status46)
        OffsetDateTime now = OffsetDateTime.now(regulationClock);
        boolean changed = accepted
                ? applications.advanceStatus(correlationId, ProviderQueue.DELIVERED, code,
                        texts.of(a.serviceId(), a.channel(), code), now)
                : applications.stopDelivery(correlationId, code, texts.of(a.serviceId(), a.channel(), code), now);
        if (changed && !accepted) {
            // the provider refused the application for good: none of its planned steps will run, none is overdue
            plans.endAll(correlationId, now);
        }
        if (changed) {
            notifications.statusChanged(a, accepted ? ProviderQueue.DELIVERED : ProviderQueue.NOT_DELIVERED, code,
                    texts.of(a.serviceId(), a.channel(), code), now);
        }
    }
}
