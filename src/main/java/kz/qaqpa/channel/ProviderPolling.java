package kz.qaqpa.channel;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesResponse;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.GetMessagesResponse;
import kz.qaqpa.contract.common.MessageData;
import kz.qaqpa.contract.common.SenderInfo;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider side of the async channel, getMessages: hands out the queued applications of a service to its
 * provider (oldest first, up to {@code amount}, default {@value #DEFAULT_AMOUNT}; one offered and not acknowledged
 * again after the redelivery delay, not at every poll). What the provider answers (sendDeliveryNotification) is
 * {@link DeliveryAcknowledgement}'s.
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
    private final SenderRegistry senders;
    private final ProviderQueue queue;
    private final Applications applications;
    private final PollRoom room;
    private final Duration redeliveryAfter;
    private final Consumer<String> redelivered;
    private final ServiceZones zones;

    /**
     * @param room            what one poll's answer may take, envelope and all (qaqpa.max-message-bytes)
     * @param redeliveryAfter how long a message offered and not acknowledged waits before it is offered again
     *                        (qaqpa.provider.redelivery-after)
     * @param redelivered     told the serviceId of each message offered again (the metrics)
     */
    public ProviderPolling(SenderRegistry senders, ProviderQueue queue, Applications applications, PollRoom room,
                           Duration redeliveryAfter, Consumer<String> redelivered, ServiceZones zones) {
        this.room = room;
        this.redeliveryAfter = redeliveryAfter;
        this.redelivered = redelivered;
        this.senders = senders;
        this.queue = queue;
        this.applications = applications;
        this.zones = zones;
    }

    public void getMessages(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        var request = ((GetMessages) in.request()).getRequest();
        senders.requireProvider(in.sender(), request.getServiceId());
        int amount = request.getAmount() == null ? DEFAULT_AMOUNT : Math.max(1, Math.min(MAX_AMOUNT, request.getAmount()));
        AsyncGetMessagesResponse response = new AsyncGetMessagesResponse();
        response.setResponseDate(zones.now(request.getServiceId()));
        response.setSessionId(in.sessionId());
        // the answer is built, signed and logged whole: a few large applications would not fit the heap or the log's
        // column; the rest wait for the next poll (one always goes, however large), and the store reads only these
        List<String> leftOut = new ArrayList<>();
        long room = this.room.forMessages();
        int read = 0;
        List<ProviderQueue.Offered> offered = queue.offer(request.getServiceId(), in.sender().id(), amount, room,
                MESSAGE_BYTES, redeliveryAfter);
        while (!offered.isEmpty()) {
            int before = leftOut.size();
            read += offered.size();
            room -= handOut(offered, response, in, leftOut);
            // line51 (review50b, LOW): a message left out gives its place in the poll to the next one (before: an
            // amount of 1 answered empty while it was offered); read at most twice the amount, however many are left out
            int wanted = Math.min(amount - response.getMessages().size(), 2 * amount - read);
            if (leftOut.size() == before || wanted <= 0) {
                break;
            }
            offered = queue.offer(request.getServiceId(), in.sender().id(), wanted, room, MESSAGE_BYTES,
                    redeliveryAfter, leftOut, response.getMessages().isEmpty());
        }
        ChannelLog.carrying(exchange, response.getMessages().stream()
                .map(m -> m.getMessageInfo().getCorrelationId()).toList());
        GetMessagesResponse reply = new GetMessagesResponse();
        reply.setResponse(response);
        exchange.setVariable(Replies.REPLY, reply);
    }

    /**
     * Adds the {@code offered} messages to the answer, those whose bodies no longer pass the XML limits to
     * {@code leftOut} instead; the bytes the answer's messages took.
     */
    private long handOut(List<ProviderQueue.Offered> offered, AsyncGetMessagesResponse response, Inbound in,
                         List<String> leftOut) {
        long took = 0;
        for (ProviderQueue.Offered o : offered) {
            ProviderQueue.Queued q = o.message();
            AsyncMessage message = readable(q, o.enqueuedAt());
            if (message == null) {
                leftOut.add(q.messageId());
                continue;
            }
            response.getMessages().add(message);
            took += q.bodyBytes() + MESSAGE_BYTES;
            // one line per application handed over (empty polls stay quiet): grep on its correlationId finds it, and
            // a redelivery says how often the message went out unacknowledged
            LOG.info("session {} application {} of service {} handed to {} by getMessages (message {}, {}{})",
                    in.sessionId(), q.correlationId(), q.serviceId(), in.sender().id(), q.messageId(), q.messageType(),
                    o.offers() == 1 ? ""
                            : ", redelivered: offered " + o.offers() + " times without an acknowledgement");
            if (o.offers() > 1) {
                redelivered.accept(q.serviceId());
            }
        }
        return took;
    }

    /**
     * The message to hand out, or null when its stored body no longer passes the parser's limits (qaqpa.xml.*, lowered
     * after it was queued): then it is left out of this poll with an ERROR naming it, and the others go. It faulted the
     * whole poll before (review50), and every poll after, so no other message of the service reached its provider. It
     * stays offered, and is left out again at each offer, until the limits take it again.
     */
    private AsyncMessage readable(ProviderQueue.Queued q, OffsetDateTime queuedAt) {
        try {
            return message(q, queuedAt);
        } catch (ShepException e) {
            LOG.error("application {} of service {}: its queued message {} is left out of the poll, its body no longer"
                    + " passes the XML limits (qaqpa.xml.*, lowered since it was queued?): {}", q.correlationId(),
                    q.serviceId(), q.messageId(), e.getMessage());
            return null;
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
        info.setMessageDate(zones.dateTime(q.serviceId(), queuedAt.toInstant()));
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
