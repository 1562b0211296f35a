package kz.qaqpa;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Set;
import kz.qaqpa.adapter.OutboxDelivery;
import kz.qaqpa.adapter.StateRegistries;
import kz.qaqpa.channel.ChannelGate;
import kz.qaqpa.channel.ChannelNotifications;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.Faults;
import kz.qaqpa.channel.MessageStatusQuery;
import kz.qaqpa.channel.ProviderPolling;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.SenderAuthentication;
import kz.qaqpa.channel.ServiceDispatch;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.StatusTexts;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.mocks.MockSystems;
import kz.qaqpa.operator.OperatorConsole;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.regulation.ApplicationChannel;
import kz.qaqpa.regulation.ApplicationForm;
import kz.qaqpa.regulation.ApplicationIntake;
import kz.qaqpa.regulation.DocumentSignatureCheck;
import kz.qaqpa.regulation.ProviderEvents;
import kz.qaqpa.regulation.Refusals;
import kz.qaqpa.regulation.SenderCondition;
import kz.qaqpa.regulation.StepRecorder;
import kz.qaqpa.regulation.Trail;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageLog;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.trust.PeerCheck;

/** Builds every part of the gateway once, in dependency order, from the configuration. */
public final class GatewayAssembly implements AutoCloseable {
    final Settings settings;
    final TrustSetup trust;
    final Database db;
    final SenderRegistry senders;
    final ServiceRegistry services;
    final ChannelGate channelGate;
    final Replies replies;
    final Faults faults;
    final SenderAuthentication senderAuthentication;
    final ServiceDispatch serviceDispatch;
    final StateRegistries stateRegistries;
    final ChannelNotifications notifications;
    final ApplicationIntake applicationIntake;
    final ApplicationForm applicationForm;
    final DocumentSignatureCheck documentSignatureCheck;
    final ProviderEvents providerEvents;
    final ProviderPolling providerPolling;
    final MessageStatusQuery messageStatusQuery;
    final OutboxDelivery outboxDelivery;
    final StepRecorder stepRecorder = new StepRecorder();
    final Refusals refusals = new Refusals();
    final SenderCondition senderCondition;
    final ApplicationChannel applicationChannel = new ApplicationChannel();
    private MockSystems mocks;
    final OperatorConsole operatorConsole;
    final Applications applications;
    final StatusHistory statusHistory;
    final Outbox outbox;

    GatewayAssembly(Settings s) {
        settings = s;
        kz.qaqpa.trust.SignatureEngine.configure(s.get("qaqpa.crypto.provider"));
        kz.qaqpa.trust.SignatureCounter.register();
        trust = TrustSetup.fromSettings(s);
        Path dataDir = Path.of(s.get("qaqpa.data-dir"));
        db = Database.hsqldbFile(dataDir.resolve("db").toString(), s.integer("qaqpa.db.pool-size"));
        senders = SenderRegistry.fromProperties(s::getOrNull);
        services = ServiceRegistry.fromProperties(s::getOrNull);
        applications = new Applications(db);
        MessageLog log = new MessageLog(db);
        ProviderQueue queue = new ProviderQueue(db);
        statusHistory = new StatusHistory(db);
        StatusHistory history = statusHistory;
        outbox = new Outbox(db);
        Trail trail = new Trail(history, java.time.ZoneId.of(s.get("qaqpa.time-zone")));
        channelGate = new ChannelGate(trust.validator(), new ContractSchemas(s.list("qaqpa.documents.schemas")), s.integer("qaqpa.max-message-bytes"));
        replies = new Replies(trust.gatewayKey(), log);
        faults = new Faults(trust.gatewayKey());
        senderAuthentication = new SenderAuthentication(senders);
        senderCondition = new SenderCondition(senderAuthentication, senders);
        serviceDispatch = new ServiceDispatch(services, senders, senderAuthentication);
        stateRegistries = new StateRegistries(Map.of(
                StateRegistries.PERSONS, stateSystem(StateRegistries.PERSONS),
                StateRegistries.POWERS_OF_ATTORNEY, stateSystem(StateRegistries.POWERS_OF_ATTORNEY)), s.get("qaqpa.sender-id"));
        notifications = new ChannelNotifications(senders, outbox, observers(s), s.get("qaqpa.sender-id"));
        applicationIntake = new ApplicationIntake(db, senders, applications, queue, trail, notifications, replies);
        applicationForm = new ApplicationForm(stateRegistries);
        documentSignatureCheck = new DocumentSignatureCheck(trust.validator());
        providerEvents = new ProviderEvents(db, senders, applications, history, queue, trail, notifications,
                trust.validator(),
                replies, resultSignerBins(s));
        providerPolling = new ProviderPolling(db, senders, queue, applications, notifications, new StatusTexts(Map.of(
                "DELIVERED", s.get("qaqpa.status-text.DELIVERED"), "NOT_DELIVERED", s.get("qaqpa.status-text.NOT_DELIVERED"))));
        messageStatusQuery = new MessageStatusQuery(applications);
        operatorConsole = new OperatorConsole(s.get("qaqpa.operator.host"),
                s.integer("qaqpa.operator.port"), applications, statusHistory, outbox).start();
        outboxDelivery = new OutboxDelivery(outbox, this::senderClient, s.duration("qaqpa.outbox.first-retry-pause"),
                s.duration("qaqpa.outbox.max-retry-pause"), s.integer("qaqpa.outbox.max-attempts"), s.integer("qaqpa.outbox.batch"),
                s.integer("qaqpa.outbox.parallelism"));
    }

    /** serviceId to the systems told of every status change whatever the channel (qaqpa.service.<id>.observers). */
    private static Map<String, Set<String>> observers(Settings s) {
        Map<String, Set<String>> observers = new java.util.HashMap<>();
        for (String serviceId : s.list("qaqpa.services")) {
            observers.put(serviceId, Set.copyOf(s.list("qaqpa.service." + serviceId + ".observers")));
        }
        return observers;
    }

    /** serviceId to the БИН whose employees sign its results (qaqpa.service.<id>.result-signer-bin). */
    private static Map<String, String> resultSignerBins(Settings s) {
        Map<String, String> bins = new java.util.HashMap<>();
        for (String serviceId : s.list("qaqpa.services")) {
            String bin = s.getOrNull("qaqpa.service." + serviceId + ".result-signer-bin");
            if (bin != null && !bin.isBlank()) {
                bins.put(serviceId, bin);
            }
        }
        return bins;
    }

    /** Starts the embedded mocks once the gateway serves, so the provider's first poll finds it. */
    synchronized void startMocks() {
        if (settings.bool("qaqpa.mocks.enabled") && mocks == null) {
            mocks = startMocks(settings, Path.of(settings.get("qaqpa.data-dir")));
        }
    }

    private SignedSoapClient client(Consumer<X509Certificate> peerCheck) {
        return new SignedSoapClient(trust.gatewayKey(), peerCheck, settings.duration("qaqpa.http.client-timeout"));
    }

    /** A state system answers only signed by its own organisation (qaqpa.adapter.<serviceId>.bin). */
    private StateRegistries.Endpoint stateSystem(String serviceId) {
        String prefix = "qaqpa.adapter." + serviceId;
        return new StateRegistries.Endpoint(settings.get(prefix + ".url"), client(PeerCheck.organisation(
                trust.validator(), settings.get(prefix + ".bin"), FaultCode.STATE_SYSTEM_UNAVAILABLE)));
    }

    /** A callback is answered only by the sender system it was meant for (its registered БИН). */
    private SignedSoapClient senderClient(String senderId) {
        Sender sender = senders.find(senderId).orElseThrow(() -> new IllegalStateException("unknown sender " + senderId));
        return client(PeerCheck.organisation(trust.validator(), sender.bin(), FaultCode.SENDER_NOT_AUTHORISED));
    }

    private MockSystems startMocks(Settings s, Path dataDir) {
        if (trust.testPki() == null) {
            throw new IllegalStateException("qaqpa.mocks.enabled needs qaqpa.test-pki.enabled (the mocks use its keys)");
        }
        return MockSystems.start(new MockSystems.Config(trust.testPki(), dataDir.resolve("mocks"),
                s.integer("qaqpa.mocks.gbdfl.port"), s.integer("qaqpa.mocks.enis.port"),
                s.integer("qaqpa.mocks.portal.port"), s.integer("qaqpa.mocks.con.port"),
                s.integer("qaqpa.mocks.eastana.port"), s.get("qaqpa.public-url") + "/shep/async",
                "EASTANA", s.get("qaqpa.sender.EASTANA.password"), s.duration("qaqpa.mocks.provider.poll-interval")));
    }

    /** Read access for operators' tools and tests. */
    public Applications applications() {
        return applications;
    }

    public StatusHistory statusHistory() {
        return statusHistory;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** The embedded test PKI, or null in production. */
    public kz.qaqpa.mocks.pki.TestPki testPki() {
        return trust.testPki();
    }

    /** The embedded mocks, or null when they are off. */
    public MockSystems mocks() {
        return mocks;
    }

    /** Stops the embedded mocks first, so the provider does not poll a gateway that is going away. */
    synchronized void stopMocks() {
        if (mocks != null) {
            mocks.stop();
            mocks = null;
        }
    }

    @Override
    public void close() {
        stopMocks();
        outboxDelivery.close();
        operatorConsole.stop();
        db.close();
        trust.stop();
    }
}
