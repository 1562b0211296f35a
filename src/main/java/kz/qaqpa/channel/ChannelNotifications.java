package kz.qaqpa.channel;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kz.qaqpa.contract.async.itypes.AsyncChangeStatusNotifyRequest;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.client.types.ChangeMassageStatusNotification;
import kz.qaqpa.contract.common.ChangeStatusNotification;
import kz.qaqpa.contract.common.MessageState;
import kz.qaqpa.contract.common.MessageStatusInfo;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.store.Applications.Application;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Element;

/**
 * What the gateway owes sender systems after a change: a status notification to the channel the application
 * came from and to every observer (ЦОН IS sees all channels), and the result to the originating channel.
 * Entries go to the outbox inside the caller's transaction.
 */
public final class ChannelNotifications {
    private final SenderRegistry senders;
    private final Outbox outbox;
    private final Map<String, Set<String>> observers;
    private final String gatewaySenderId;

    /** @param observers serviceId to the systems told of every status change whatever the channel */
    public ChannelNotifications(SenderRegistry senders, Outbox outbox, Map<String, Set<String>> observers,
                                String gatewaySenderId) {
        this.senders = senders;
        this.outbox = outbox;
        this.observers = Map.copyOf(observers);
        this.gatewaySenderId = gatewaySenderId;
    }

    public void statusChanged(Application a, String messageState, String statusCode, String statusMessage) {
        ChangeStatusNotification n = new ChangeStatusNotification();
        n.setNotificationId(UUID.randomUUID().toString());
        n.setMessageId(a.messageId());
        n.setNotificationDate(SoapEnvelopes.now());
        n.setMessageState(MessageState.fromValue(messageState));
        MessageStatusInfo status = new MessageStatusInfo();
        status.setStatusCode(statusCode);
        status.setStatusMessage(statusMessage);
        status.setStatusDate(SoapEnvelopes.now());
        n.setStatus(status);
        AsyncChangeStatusNotifyRequest request = new AsyncChangeStatusNotifyRequest();
        request.setNotification(n);
        request.setRequestDate(SoapEnvelopes.now());
        request.setSessionId(SessionIds.next());
        ChangeMassageStatusNotification call = new ChangeMassageStatusNotification();
        call.setRequest(request);
        String payload = SecureXml.toString(ShepXml.toElement(call));
        for (Sender target : targets(a)) {
            outbox.add(a.correlationId(), target.id(), target.callbackUrl(), payload);
        }
    }

    /** The provider's signed result, delivered to the channel the application came from. */
    public void resultReady(Application a, Element result) {
        SendMessage call = AsyncMessages.sendMessage("RESPONSE", UUID.randomUUID().toString(), a.correlationId(),
                a.serviceId(), gatewaySenderId, null, result);
        call.getRequest().getMessageInfo().setSessionId(SessionIds.next());
        Sender origin = senders.find(a.senderId()).orElseThrow();
        if (origin.hasCallback()) {
            outbox.add(a.correlationId(), origin.id(), origin.callbackUrl(), SecureXml.toString(ShepXml.toElement(call)));
        }
    }

    private Set<Sender> targets(Application a) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(a.senderId());
        ids.addAll(observers.getOrDefault(a.serviceId(), Set.of()));
        return senders.observers(ids);
    }
}
