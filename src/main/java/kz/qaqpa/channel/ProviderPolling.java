package kz.qaqpa.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Consumer;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesResponse;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.async.itypes.AsyncSendDeliveryNotificationResponse;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.GetMessagesResponse;
import kz.qaqpa.contract.async.types.SendDeliveryNotification;
import kz.qaqpa.contract.async.types.SendDeliveryNotificationResponse;
import kz.qaqpa.contract.common.DeliveryNotification;
import kz.qaqpa.contract.common.MessageData;
import kz.qaqpa.contract.common.SenderInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider side of the async channel: getMessages hands out the queued applications of a service to its
 * provider (oldest first, up to {@code amount}, default {@value #DEFAULT_AMOUNT}; one offered and not acknowledged
 * again after the redelivery delay, not at every poll); sendDeliveryNotification
 * takes a message off the queue (MESSAGE_ACCEPTED) or, with MESSAGE_NOT_ACCTEPTED, leaves it queued for RESEND or
 * stops its delivery for NOT_RESEND.
 */
public final class ProviderPolling {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderPolling.class);
    static final int DEFAULT_AMOUNT = 10;
    private static final int MAX_AMOUNT = 100;
    /**
     * What a poll's answer takes besides its messages (the envelope, its WS-Security header with the gateway's
     * signature and certificate, the response's own elements), kept out of qaqpa.max-message-bytes: an empty answer
     * took 3,636 bytes with the test PKI's 2048-bit key (fix41, measured once); the rest is room for a larger key or
     * certificate.
     */
    static final long ANSWER_BYTES = 8 * 1024;
    /**
     * What each message takes in the answer besides its body (its messageInfo: ids, service, type, date, sender,
     * channel property; the wrapping elements): 465-509 bytes measured (fix41), room kept for longer ids.
     */
    static final long MESSAGE_BYTES = 1024;
    private final Replies replies;
    private final SenderRegistry senders;
    private final ProviderQueue queue;
    private final Applications applications;
    private final ChannelNotifications notifications;
    private final StatusTexts texts;
    private final ChannelLog channelLog;
    private final PollRoom room;
    private final StepPlans plans;
    private final Duration redeliveryAfter;
    private final Consumer<String> redelivered;
    private final Clock regulationClock;

    /**
     * @param room            what one poll's answer may take, envelope and all (qaqpa.max-message-bytes)
     * @param redeliveryAfter how long a message offered and not acknowledged waits before it is offered again
     *                        (qaqpa.provider.redelivery-after)
     * @param redelivered     told the serviceId of each message offered again (the metrics)
     * @param regulationClock the clock of regulation steps (qaqpa.clock): when a refused delivery ends the plan
     */
    public ProviderPolling(SenderRegistry senders, ProviderQueue queue, Applications applications,
                           ChannelNotifications notifications, StatusTexts texts, ChannelLog channelLog, Replies replies,
                           PollRoom room, StepPlans plans, Duration redeliveryAfter,
                           Consumer<String> redelivered, Clock regulationClock) {
        this.regulationClock = regulationClock;
        this.room = room;
        this.redeliveryAfter = redeliveryAfter;
        this.redelivered = redelivered;
        this.plans = plans;
        this.channelLog = channelLog;
        this.replies = replies;
        this.senders = senders;
        this.queue = queue;
        this.applications = applications;
        this.notifications = notifications;
        this.texts = texts;
    }

    public void getMessages(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        var request = ((GetMessages) in.request()).getRequest();
        senders.requireProvider(in.sender(), request.getServiceId());
        int amount = request.getAmount() == null ? DEFAULT_AMOUNT : Math.max(1, Math.min(MAX_AMOUNT, request.getAmount()));
        AsyncGetMessagesResponse response = new AsyncGetMessagesResponse();
        response.setResponseDate(SoapEnvelopes.now());
        response.setSessionId(in.sessionId());
        // the answer is built, signed and logged whole: a few large applications would not fit the heap or the log's
        // column; the rest wait for the next poll (one always goes, however large), and the store reads only these
        for (ProviderQueue.Offered offered : queue.offer(request.getServiceId(), in.sender().id(), amount,
                room.forMessages(), MESSAGE_BYTES, redeliveryAfter)) {
            ProviderQueue.Queued q = offered.message();
            response.getMessages().add(message(q, offered.enqueuedAt()));
            // one line per application handed over (empty polls stay quiet): grep on its correlationId finds it, and
            // a redelivery says how often the message went out unacknowledged
            LOG.info("session {} application {} of service {} handed to {} by getMessages (message {}, {}{})",
                    in.sessionId(), q.correlationId(), q.serviceId(), in.sender().id(), q.messageId(), q.messageType(),
                    offered.offers() == 1 ? ""
                            : ", redelivered: offered " + offered.offers() + " times without an acknowledgement");
            if (offered.offers() > 1) {
                redelivered.accept(q.serviceId());
            }
        }
        ChannelLog.carrying(exchange, response.getMessages().stream()
                .map(m -> m.getMessageInfo().getCorrelationId()).toList());
        GetMessagesResponse reply = new GetMessagesResponse();
        reply.setResponse(response);
        exchange.setVariable(Replies.REPLY, reply);
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
        response.setResponseDate(SoapEnvelopes.now());
        response.setSessionId(in.sessionId());
        SendDeliveryNotificationResponse reply = new SendDeliveryNotificationResponse();
        reply.setResponse(response);
        exchange.setVariable(Replies.REPLY, reply);
        if (accepted || !resend) {
            replies.commitWithAnswer(exchange, () -> {
                channelLog.request(exchange);
                if (queue.markState(q.messageId(), accepted ? ProviderQueue.DELIVERED : ProviderQueue.NOT_DELIVERED)) {
                    recordDelivery(q.correlationId(), accepted);
                }
            });
        }
        LOG.info("session {} application {} of service {} message {} acknowledged by {}: {}", in.sessionId(),
                q.correlationId(), q.serviceId(), q.messageId(), in.sender().id(),
                accepted ? "DELIVERED" : resend ? "RESEND, kept queued" : "NOT_DELIVERED");
    }

    /** A repeated or late acknowledgement changes nothing: the status only moves forward. */
    private void recordDelivery(String correlationId, boolean accepted) {
        Applications.Application a = applications.byCorrelationId(correlationId).orElseThrow();
        String code = accepted ? "DELIVERED" : "NOT_DELIVERED";
        boolean changed = accepted
                ? applications.advanceStatus(correlationId, ProviderQueue.DELIVERED, code, texts.of(a.serviceId(), a.channel(), code))
                : applications.stopDelivery(correlationId, code, texts.of(a.serviceId(), a.channel(), code));
        if (changed && !accepted) {
            // the provider refused the application for good: none of its planned steps will run, none is overdue
            // regulation time (qaqpa.clock), as the plan's due times and every other end of a step (depth42)
            plans.endAll(correlationId, OffsetDateTime.now(regulationClock));
        }
        if (changed) {
            notifications.statusChanged(a, accepted ? ProviderQueue.DELIVERED : ProviderQueue.NOT_DELIVERED, code,
                    texts.of(a.serviceId(), a.channel(), code));
        }
    }

    /** Dated when the gateway queued it: an UPDATE (a consent) is later than the application it is about. */
    private AsyncMessage message(ProviderQueue.Queued q, OffsetDateTime queuedAt) {
        Applications.Application a = applications.byCorrelationId(q.correlationId()).orElseThrow();
        AsyncMessageInfo info = new AsyncMessageInfo();
        info.setMessageId(q.messageId());
        info.setCorrelationId(q.correlationId());
        info.setServiceId(q.serviceId());
        info.setMessageType(q.messageType());
        info.setMessageDate(SoapEnvelopes.dateTime(queuedAt.toInstant()));
        SenderInfo sender = new SenderInfo();
        sender.setSenderId(a.senderId());
        info.setSender(sender);
        info.getProperties().add(MessageProperties.of(MessageProperties.CHANNEL, a.channel()));
        MessageData data = new MessageData();
        data.setData(ShepXml.dataElement(
                SecureXml.parseText(q.message()).getDocumentElement()));
        AsyncMessage message = new AsyncMessage();
        message.setMessageInfo(info);
        message.setMessageData(data);
        return message;
    }
}
