package kz.qaqpa.mocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesResponse;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.async.itypes.AsyncSendDeliveryNotificationResponse;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageRequest;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.contract.async.types.GetMessagesResponse;
import kz.qaqpa.contract.async.types.SendDeliveryNotification;
import kz.qaqpa.contract.async.types.SendDeliveryNotificationResponse;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.async.types.SendMessageResponse;
import kz.qaqpa.contract.common.DeliveryNotification;
import kz.qaqpa.contract.common.MessageData;
import kz.qaqpa.contract.common.SenderInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.MockSoapServer;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.trust.SharedTestPki;
import org.w3c.dom.Element;

/**
 * A minimal stand-in of the gateway's async channel for the provider mocks' tests, signed with the test PKI's gateway
 * key (the real gateway is exercised by the gateway's integration tests): the queue the provider polls, the
 * acknowledgements and messages it takes.
 */
final class FakeAsyncGateway {
    private static final String ASYNC = "http://bip.bee.kz/AsyncChannel/v10/Types";
    /** What the provider polls, by messageId; an acknowledged message is taken off. */
    final Map<String, AsyncMessage> queue = new ConcurrentHashMap<>();
    final List<DeliveryNotification> acks = new CopyOnWriteArrayList<>();
    /** Every sendMessage that reached it, answered or not. */
    final List<AsyncSendMessageRequest> sent = new CopyOnWriteArrayList<>();
    /** How many of the acknowledgements to come it refuses (its store down). */
    final AtomicInteger acknowledgementsToRefuse = new AtomicInteger();
    /** Set: it hands each message out once, as the gateway does within its redelivery delay. */
    volatile boolean offeredOnce;
    private final Set<String> offered = ConcurrentHashMap.newKeySet();
    private final MockSoapServer server;

    /** @param onSendMessage sees each sendMessage once recorded in {@link #sent}, before it is answered (throw to fault) */
    FakeAsyncGateway(BiConsumer<Element, AsyncSendMessageRequest> onSendMessage) {
        server = new MockSoapServer("fake gateway", 0, "/shep/async", SharedTestPki.key("gateway"),
                PeerChecks.bin("110640004402"))
                .operation(new QName(ASYNC, "getMessages"), new QName(ASYNC, "getMessagesFault1_getMessagesFault"),
                        p -> messages())
                .operation(new QName(ASYNC, "sendDeliveryNotification"),
                        new QName(ASYNC, "sendDeliveryNotificationFault1_sendDeliveryNotificationFault"),
                        this::acknowledgement)
                .operation(new QName(ASYNC, "sendMessage"), new QName(ASYNC, "sendMessageFault1_sendMessageFault"), p -> {
                    AsyncSendMessageRequest request = ShepXml.fromNode(p, SendMessage.class).getRequest();
                    sent.add(request);
                    onSendMessage.accept(p, request);
                    AsyncSendMessageResponse r = new AsyncSendMessageResponse();
                    r.setMessageId(request.getMessageInfo().getMessageId());
                    r.setCorrelationId(request.getMessageInfo().getCorrelationId());
                    r.setResponseDate(SoapEnvelopes.now());
                    SendMessageResponse root = new SendMessageResponse();
                    root.setResponse(r);
                    return root;
                });
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop();
    }

    /** @throws IllegalStateException when stopped */
    String url() {
        return server.url();
    }

    private GetMessagesResponse messages() {
        AsyncGetMessagesResponse r = new AsyncGetMessagesResponse();
        r.setResponseDate(SoapEnvelopes.now());
        r.setSessionId(SessionIds.next());
        queue.values().stream().filter(m -> offered.add(m.getMessageInfo().getMessageId()) || !offeredOnce)
                .forEach(r.getMessages()::add);
        GetMessagesResponse root = new GetMessagesResponse();
        root.setResponse(r);
        return root;
    }

    private SendDeliveryNotificationResponse acknowledgement(Element payload) {
        if (acknowledgementsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "the gateway's store is down");
        }
        DeliveryNotification n = ShepXml.fromNode(payload, SendDeliveryNotification.class).getRequest().getNotification();
        acks.add(n);
        queue.remove(n.getMessageId());
        AsyncSendDeliveryNotificationResponse r = new AsyncSendDeliveryNotificationResponse();
        r.setNotificationId(UUID.randomUUID().toString());
        r.setResponseDate(SoapEnvelopes.now());
        r.setSessionId(SessionIds.next());
        SendDeliveryNotificationResponse root = new SendDeliveryNotificationResponse();
        root.setResponse(r);
        return root;
    }

    /** A REQUEST from the portal carrying {@code document}, as the gateway hands it to the provider. */
    static AsyncMessage message(String serviceId, String messageId, String correlationId, Element document) {
        SenderInfo sender = new SenderInfo();
        sender.setSenderId("PORTAL");
        AsyncMessageInfo info = new AsyncMessageInfo();
        info.setMessageId(messageId);
        info.setCorrelationId(correlationId);
        info.setServiceId(serviceId);
        info.setMessageType("REQUEST");
        info.setMessageDate(SoapEnvelopes.now());
        info.setSender(sender);
        MessageData data = new MessageData();
        data.setData(DataElements.wrap(document));
        AsyncMessage message = new AsyncMessage();
        message.setMessageInfo(info);
        message.setMessageData(data);
        return message;
    }
}
