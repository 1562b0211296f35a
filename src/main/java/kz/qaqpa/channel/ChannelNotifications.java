package kz.qaqpa.channel;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kz.qaqpa.contract.async.itypes.AsyncChangeStatusNotifyRequest;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.client.types.ChangeMassageStatusNotification;
import kz.qaqpa.contract.common.ChangeStatusNotification;
import kz.qaqpa.contract.common.MessageState;
import kz.qaqpa.contract.common.MessageStatusInfo;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.store.Applications.Application;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * What the gateway owes sender systems after a change: a status notification to the channel the application
 * came from and to every observer (ЦОН IS sees all channels), the same status to the system keeping the consumer's
 * history of obtaining services when the application came from another channel, naming the applicant, and the
 * result to the originating channel. Entries go to the outbox inside the caller's transaction.
 */
public final class ChannelNotifications {
    private final SenderRegistry senders;
    private final Outbox outbox;
    private final Map<String, Set<String>> observers;
    private final Map<String, Set<String>> historyKeepers;
    private final String gatewaySenderId;
    private final ServiceZones zones;

    /**
     * @param observers      serviceId to the systems told of every status change whatever the channel
     * @param historyKeepers serviceId to the systems keeping the consumer's «Қызметтер алу тарихы» / «История
     *                       получения услуг» (the portal): told of every status of an application made on another
     *                       channel, with the applicant named ({@link #historyNotice})
     */
    public ChannelNotifications(SenderRegistry senders, Outbox outbox, Map<String, Set<String>> observers,
                                Map<String, Set<String>> historyKeepers, String gatewaySenderId, ServiceZones zones) {
        this.senders = senders;
        this.outbox = outbox;
        this.observers = Map.copyOf(observers);
        this.historyKeepers = Map.copyOf(historyKeepers);
        this.gatewaySenderId = gatewaySenderId;
        this.zones = zones;
    }

    /**
     * @param statusDate when the status changed, on the regulation clock (qaqpa.clock): the contract's «Дата изменения
     *                   статуса», the moment getMessageStatus answers for a status the application keeps
     *                   ({@link Application#statusChangedAt}); the notification's own dates are when it is made,
     *                   each in the zone of the application's service ({@link ServiceZones})
     */
    public void statusChanged(Application a, String messageState, String statusCode, String statusMessage,
                              OffsetDateTime statusDate) {
        ChangeStatusNotification n = new ChangeStatusNotification();
        n.setNotificationId(UUID.randomUUID().toString());
        n.setMessageId(a.messageId());
        n.setNotificationDate(zones.now(a.serviceId()));
        n.setMessageState(MessageState.fromValue(messageState));
        MessageStatusInfo status = new MessageStatusInfo();
        status.setStatusCode(statusCode);
        status.setStatusMessage(statusMessage);
        status.setStatusDate(zones.dateTime(a.serviceId(), statusDate.toInstant()));
        n.setStatus(status);
        AsyncChangeStatusNotifyRequest request = new AsyncChangeStatusNotifyRequest();
        request.setNotification(n);
        request.setRequestDate(zones.now(a.serviceId()));
        request.setSessionId(SessionIds.next());
        ChangeMassageStatusNotification call = new ChangeMassageStatusNotification();
        call.setRequest(request);
        String payload = SecureXml.toString(ShepXml.toElement(call));
        Set<Sender> targets = targets(a);
        for (Sender target : targets) {
            outbox.add(a.correlationId(), target.id(), target.callbackUrl(), payload);
        }
        Set<Sender> keepers = new LinkedHashSet<>(senders.observers(historyKeepers.getOrDefault(a.serviceId(),
                Set.of())));
        keepers.removeAll(targets);
        if (!keepers.isEmpty()) {
            String notice = historyNotice(a, call);
            keepers.forEach(k -> outbox.add(a.correlationId(), k.id(), k.callbackUrl(), notice));
        }
    }

    /**
     * The status for the consumer's history kept by another system than the channel (seed 000 para 9, seed 001
     * para 10 / 9, seed 002 para 11, seed 003 para 10: the status is checked «ЭҮП-те «Қызметтер алу тарихы»
     * бөлімінде, сонымен қатар ЖАО-ға/ХҚКО-ға ... өтініш жасау арқылы»). The changeStatus callback names only the
     * channel's messageId, which the portal never saw, and has no field for the applicant; so the notice is a
     * sendMessage NOTIFICATION (the callback interface's other operation) whose messageInfo carries the
     * application's correlationId and serviceId and, in the contract's {@code properties}, the applicant's ИИН
     * ({@code applicantIin}), a legal entity's БИН ({@code applicantBin}) and the channel ({@code channel}); its
     * data is the channel's own changeMassageStatusNotification, unchanged. Statuses only: the result stays the
     * channel's (ours: the texts name the status, not the document).
     */
    private String historyNotice(Application a, ChangeMassageStatusNotification call) {
        SendMessage notice = AsyncMessages.sendMessage("NOTIFICATION", UUID.randomUUID().toString(),
                a.correlationId(), a.serviceId(), gatewaySenderId, null, ShepXml.toElement(call), zones.now(a.serviceId()));
        AsyncMessageInfo info = notice.getRequest().getMessageInfo();
        info.setSessionId(call.getRequest().getSessionId());
        info.getProperties().add(MessageProperties.of(MessageProperties.APPLICANT_IIN, a.applicantIin()));
        if (a.applicantBin() != null) {
            info.getProperties().add(MessageProperties.of(MessageProperties.APPLICANT_BIN, a.applicantBin()));
        }
        info.getProperties().add(MessageProperties.of(MessageProperties.CHANNEL, a.channel()));
        return SecureXml.toString(ShepXml.toElement(notice));
    }

    /** The provider's signed result, delivered to the channel the application came from. */
    public void resultReady(Application a, Element result) {
        SendMessage call = AsyncMessages.sendMessage("RESPONSE", UUID.randomUUID().toString(), a.correlationId(),
                a.serviceId(), gatewaySenderId, null, result, zones.now(a.serviceId()));
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
