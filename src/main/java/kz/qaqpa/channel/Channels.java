package kz.qaqpa.channel;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.time.Clock;
import java.time.Duration;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.registry.Registries;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.store.Store;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.KeyMaterial;

/**
 * The ШЭП channels' parts (qaqpa.http.*, qaqpa.max-message-bytes, qaqpa.message-date.*, qaqpa.documents.schemas,
 * qaqpa.provider.*): what reads and checks a message, what answers it, what tells the senders and what the providers
 * poll, the texts of the statuses the gateway names, and the signed clients the gateway
 * calls others with.
 */
public record Channels(HttpLimits httpLimits, MessageFreshness messageFreshness, ContractSchemas schemas,
                       ChannelLog channelLog, ChannelGate gate, Replies replies, Faults faults,
                       SenderAuthentication senderAuthentication, ServiceDispatch serviceDispatch,
                       ChannelNotifications notifications, NewWorkAdmission newWorkAdmission,
                       PollRoom pollRoom, ProviderPolling providerPolling,
                       DeliveryAcknowledgement deliveryAcknowledgement,
                       MessageStatusQuery messageStatusQuery, StatusTexts statusTexts,
                       SignedClients clients, WorkerShares workerShares) {

    /**
     * @param regulationClock the clock of regulation steps and due times (qaqpa.clock)
     * @param zones           each service's zone, for the dates of the answers and callbacks about an application, and
     *                        the gateway's, for its faults' errorDate
     */
    public static Channels of(Settings s, KeyMaterial gatewayKey, CertificateValidator validator, Store store,
                              Registries registries, GatewayMetrics metrics, StatusTexts statusTexts,
                              Clock regulationClock, ServiceZones zones) {
        ChannelLog channelLog = new ChannelLog(store.db(), store.messageChain(), gatewayKey.certificate());
        ContractSchemas schemas = new ContractSchemas(ContractSchemas.documents(s));
        Replies replies = new Replies(store.db(), gatewayKey, store.messageLog(), channelLog, metrics);
        SenderAuthentication authentication = new SenderAuthentication(registries.senders());
        PollRoom pollRoom = new PollRoom(s.integer("qaqpa.max-message-bytes"));
        WorkerShares workerShares = new WorkerShares(s.integer("qaqpa.http.worker-threads"), registries.senders().ids(),
                s.duration("qaqpa.http.request-timeout"));
        metrics.watchWorkerLines(workerShares.lines(), workerShares::waiting);
        metrics.watchLateAnswersDropped(workerShares::lateAnswersDropped);
        ChannelNotifications notifications = new ChannelNotifications(registries.senders(), store.outbox(),
                perService(s, registries, "observers"), perService(s, registries, "history"),
                s.get("qaqpa.sender-id"), zones);
        return new Channels(httpLimits(s), messageFreshness(s, store, registries.senders()), schemas, channelLog,
                new ChannelGate(validator, schemas, s.integer("qaqpa.max-message-bytes"), metrics), replies,
                new Faults(gatewayKey, channelLog, metrics, store::outage, store.disk()::shortage, zones,
                        s.wholeNumber("qaqpa.log.unknown-sender-faults-per-hour"),
                        s.wholeNumber("qaqpa.log.unknown-sender-faults-per-hour-in-all")),
                authentication,
                new ServiceDispatch(registries.services(), registries.senders(), authentication), notifications,
                new NewWorkAdmission(store.disk()), pollRoom,
                new ProviderPolling(registries.senders(), store.providerQueue(), store.applications(), pollRoom,
                        s.duration("qaqpa.provider.redelivery-after"), metrics::redelivered, zones),
                new DeliveryAcknowledgement(store.providerQueue(), store.applications(), notifications, statusTexts,
                        channelLog, replies, store.stepPlans(), regulationClock, zones),
                new MessageStatusQuery(store.applications(), store.messageLog(), zones), statusTexts,
                new SignedClients(gatewayKey, validator,
                        registries.senders(), s.duration("qaqpa.http.client-timeout"),
                        s.integer("qaqpa.max-message-bytes"), metrics), workerShares);
    }

    /**
     * qaqpa.message-date.*: the window a request's date must be in, and the polls and status queries answered within
     * it, each sender's share of them (replay45), read back from the message log at the start (replay44: a restart
     * does not reopen the window).
     */
    private static MessageFreshness messageFreshness(Settings s, Store store, SenderRegistry senders) {
        Duration window = s.duration("qaqpa.message-date.max-skew");
        ReplayMemory answered = new ReplayMemory(s.integer("qaqpa.message-date.max-remembered"), senders.ids(),
                window, Clock.systemUTC());
        answered.readBack(store.messageChain());
        return new MessageFreshness(window, Clock.systemUTC(), answered);
    }

    /** qaqpa.http.* and qaqpa.max-message-bytes: what the channels' HTTP server takes from a client. */
    private static HttpLimits httpLimits(Settings s) {
        return new HttpLimits(s.integer("qaqpa.max-message-bytes"),
                s.wholeNumber("qaqpa.http.max-buffered-bytes"),
                s.wholeNumber("qaqpa.http.max-buffered-bytes-per-address"), s.duration("qaqpa.http.read-timeout"),
                s.duration("qaqpa.http.request-timeout"), s.duration("qaqpa.http.idle-timeout"),
                s.duration("qaqpa.http.write-timeout"),
                s.integer("qaqpa.http.max-head-bytes"), s.integer("qaqpa.http.io-threads"),
                s.integer("qaqpa.http.worker-threads"),
                s.integer("qaqpa.http.max-connections"), s.integer("qaqpa.http.max-connections-per-address"),
                s.duration("qaqpa.http.linger-time"), s.integer("qaqpa.http.linger-bytes"));
    }

    /**
     * serviceId to the systems a list setting of each service names: qaqpa.service.&lt;id&gt;.observers (told of every
     * status change whatever the channel) or .history (keeping the consumer's history of obtaining services: told of
     * the statuses of an application made on another channel, naming the applicant).
     */
    private static Map<String, Set<String>> perService(Settings s, Registries registries, String setting) {
        Map<String, Set<String>> systems = new HashMap<>();
        for (String serviceId : registries.serviceIds()) {
            systems.put(serviceId,
                    Set.copyOf(s.list("qaqpa.service." + serviceId + "." + setting, Settings.Empty.NONE)));
        }
        return systems;
    }
}
