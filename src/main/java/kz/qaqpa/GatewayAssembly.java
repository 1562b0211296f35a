package kz.qaqpa;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import javax.xml.namespace.QName;
import kz.qaqpa.adapter.AskedKey;
import kz.qaqpa.adapter.OutboxDelivery;
import kz.qaqpa.adapter.StateCallLimit;
import kz.qaqpa.adapter.StateRegistries;
import kz.qaqpa.channel.ChannelGate;
import kz.qaqpa.channel.ChannelLog;
import kz.qaqpa.channel.ChannelNotifications;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.Faults;
import kz.qaqpa.channel.HttpLimits;
import kz.qaqpa.channel.MessageFreshness;
import kz.qaqpa.channel.MessageStatusQuery;
import kz.qaqpa.channel.ProviderPolling;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.SenderAuthentication;
import kz.qaqpa.channel.ServiceDispatch;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.StatusTexts;
import kz.qaqpa.channel.StoreRoom;
import kz.qaqpa.evidence.ArchiveSeal;
import kz.qaqpa.evidence.CalledSystems;
import kz.qaqpa.evidence.HeadStamping;
import kz.qaqpa.evidence.MessageLogArchive;
import kz.qaqpa.evidence.MessageLogEvidence;
import kz.qaqpa.evidence.StampingAuthority;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.monitoring.Health;
import kz.qaqpa.monitoring.MonitoringServer;
import kz.qaqpa.operator.OperatorConsole;
import kz.qaqpa.registry.ResultSigners;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.ProviderDirectory;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.regulation.AcceptanceText;
import kz.qaqpa.regulation.ApplicationChannel;
import kz.qaqpa.regulation.ApplicationEvents;
import kz.qaqpa.regulation.CalendarReplan;
import kz.qaqpa.regulation.InFlightCheck;
import kz.qaqpa.regulation.ResultHandOver;
import kz.qaqpa.regulation.ApplicationLocks;
import kz.qaqpa.regulation.ChannelEvents;
import kz.qaqpa.regulation.CoSignatures;
import kz.qaqpa.regulation.ConsumerArrival;
import kz.qaqpa.regulation.EventDocumentCheck;
import kz.qaqpa.regulation.OverdueSteps;
import kz.qaqpa.regulation.PackageCondition;
import kz.qaqpa.regulation.ProviderWorkstation;
import kz.qaqpa.regulation.RegulationPlan;
import kz.qaqpa.regulation.SignedOnce;
import kz.qaqpa.regulation.TermExtension;
import kz.qaqpa.regulation.StateDatabaseCondition;
import kz.qaqpa.regulation.ApplicationForm;
import kz.qaqpa.regulation.ApplicationIntake;
import kz.qaqpa.regulation.DocumentSignatureCheck;
import kz.qaqpa.regulation.ProviderEvents;
import kz.qaqpa.regulation.Refusals;
import kz.qaqpa.regulation.SenderCondition;
import kz.qaqpa.regulation.StepRecorder;
import kz.qaqpa.regulation.Trail;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.regulation.calendar.CalendarFile;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.MessageLog;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.Retention;
import kz.qaqpa.store.RetentionClock;
import kz.qaqpa.store.SignedForms;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.store.StoreBackup;
import kz.qaqpa.store.StoreDisk;
import kz.qaqpa.trust.EmbeddedPki;
import kz.qaqpa.trust.PeerCheck;
import kz.qaqpa.trust.RevocationProbe;
import kz.qaqpa.trust.SecureXml;
import kz.qaqpa.trust.SignatureCounter;
import kz.qaqpa.trust.SignatureEngine;
import kz.qaqpa.trust.SubjectIdentity;
import kz.qaqpa.trust.XmlLimits;
import org.slf4j.LoggerFactory;

/** Builds every part of the gateway once, in dependency order, from the configuration. */
public final class GatewayAssembly implements AutoCloseable {
    final Settings settings;
    final TrustSetup trust;
    final Database db;
    private final StoreDisk storeDisk;
    final SenderRegistry senders;
    final ProviderDirectory providerDirectory;
    final ResultSigners resultSigners;
    /** Callback clients by sender id (see {@link #senderClient}). */
    private final Map<String, SignedSoapClient> senderClients = new ConcurrentHashMap<>();
    final ServiceRegistry services;
    final ChannelGate channelGate;
    final MessageFreshness messageFreshness;
    final HttpLimits httpLimits;
    final Replies replies;
    final Faults faults;
    final SenderAuthentication senderAuthentication;
    final ServiceDispatch serviceDispatch;
    final StateRegistries stateRegistries;
    final ChannelNotifications notifications;
    final ApplicationIntake applicationIntake;
    final StoreRoom storeRoom;
    final ApplicationForm applicationForm;
    final DocumentSignatureCheck documentSignatureCheck;
    final ProviderEvents providerEvents;
    final ProviderWorkstation providerWorkstation;
    final TermExtension termExtension;
    final ChannelEvents channelEvents;
    final EventDocumentCheck eventDocumentCheck;
    final ApplicationEvents applicationEvents;
    final StateDatabaseCondition stateDatabaseCondition;
    final PackageCondition packageCondition = new PackageCondition();
    final OverdueSteps overdueSteps;
    final StepPlans stepPlans;
    final ProviderPolling providerPolling;
    final MessageStatusQuery messageStatusQuery;
    final OutboxDelivery outboxDelivery;
    final Retention retention;
    private final MessageLog messageLog;
    final HeadStamping headStamping;
    private final ChainStamps chainStamps;
    final GatewayClock clock;
    final WorkingCalendar calendar;
    final StepRecorder stepRecorder;
    final Refusals refusals = new Refusals();
    final SenderCondition senderCondition;
    final ApplicationChannel applicationChannel;
    private EmbeddedSystems mocks;
    final OperatorConsole operatorConsole;
    final Applications applications;
    /** Which system each signed application document was submitted through (replay17). */
    private final SignedForms signedForms;
    final StatusHistory statusHistory;
    final Outbox outbox;
    private final ProviderQueue providerQueue;
    final MessageChain messageChain;
    /** The message log's verify, export and archive (the console's and the archive timer's). */
    final MessageLogEvidence messageLogEvidence;
    final GatewayMetrics metrics;
    final Health health;
    private final MonitoringServer monitoring;
    final ApplicationDocuments documents;
    /** Run once the route files are loaded: a change that strands applications in flight refuses the start. */
    final InFlightCheck inFlightCheck;
    /** Run after it: the running terms made again on the calendar now loaded (a decree inside a term moves it). */
    final CalendarReplan calendarReplan;

    GatewayAssembly(Settings s) {
        settings = s;
        // before anything opens or starts: a window the gateway refuses must not leave the store or a port held
        Retention.Windows retentionWindows = retentionWindows(s);
        SignatureEngine.configure(s.get("qaqpa.crypto.provider"));
        SignatureCounter.register();
        clock = GatewayClock.fromSetting(s.getOrNull("qaqpa.clock"));
        calendar = CalendarFile.load(s.get("qaqpa.calendar"), ZoneId.of(s.get("qaqpa.time-zone")));
        stepRecorder = new StepRecorder(clock);
        trust = TrustSetup.fromSettings(s);
        if (!s.bool("qaqpa.test-pki.enabled")) {
            DemoDefaults.refuseIn(s::getOrNull, Settings.shipped());
        }
        Path dataDir = Path.of(s.get("qaqpa.data-dir"));
        db = Database.hsqldbFile(dataDir.resolve("db").toString(), s.integer("qaqpa.db.pool-size"));
        storeDisk = new StoreDisk(dataDir, Long.parseLong(s.get("qaqpa.store.min-free-bytes")));
        db.checkpointAfterLogOf(s.integer("qaqpa.db.checkpoint-log-mb"));
        senders = SenderRegistry.fromProperties(s::getOrNull);
        services = ServiceRegistry.fromProperties(s::getOrNull);
        applications = new Applications(db);
        signedForms = new SignedForms(db);
        MessageLog log = new MessageLog(db);
        messageLog = log;
        messageChain = new MessageChain(db);
        ChannelLog channelLog = new ChannelLog(db, messageChain, trust.gatewayKey().certificate());
        ProviderQueue queue = new ProviderQueue(db);
        providerQueue = queue;
        statusHistory = new StatusHistory(db);
        StatusHistory history = statusHistory;
        outbox = new Outbox(db);
        stepPlans = new StepPlans(db);
        metrics = new GatewayMetrics(Set.copyOf(serviceIds(s)), outbox, stepPlans, clock);
        metrics.watchStore(storeDisk);
        metrics.watchSigningCertificate(trust.gatewayKey().certificate());
        documents = new ApplicationDocuments(db);
        Trail trail = new Trail(history, stepPlans, calendar);
        ConsumerArrival arrival = new ConsumerArrival(s.duration("qaqpa.arrival.max-age"),
                s.duration("qaqpa.arrival.clock-skew"), clock);
        httpLimits = httpLimits(s);
        SecureXml.limit(new XmlLimits(s.integer("qaqpa.xml.max-depth"), s.integer("qaqpa.xml.max-attributes"),
                s.integer("qaqpa.xml.max-tags"), s.integer("qaqpa.xml.max-document-attributes"),
                s.integer("qaqpa.xml.max-namespaces-in-scope")));
        messageFreshness = new MessageFreshness(s.duration("qaqpa.message-date.max-skew"), Clock.systemUTC());
        ContractSchemas schemas = new ContractSchemas(s.list("qaqpa.documents.schemas", Settings.Empty.REFUSED));
        channelGate = new ChannelGate(trust.validator(), schemas, s.integer("qaqpa.max-message-bytes"), metrics);
        replies = new Replies(db, trust.gatewayKey(), log, channelLog, metrics);
        faults = new Faults(trust.gatewayKey(), channelLog, metrics, this::storeOutage);
        senderAuthentication = new SenderAuthentication(senders);
        senderCondition = new SenderCondition(senderAuthentication, senders);
        applicationChannel = new ApplicationChannel(senderCondition);
        serviceDispatch = new ServiceDispatch(services, senders, senderAuthentication);
        stateRegistries = stateRegistries(s, channelLog, schemas);
        notifications = new ChannelNotifications(senders, outbox, perService(s, "observers"),
                perService(s, "history"), s.get("qaqpa.sender-id"));
        AcceptanceText acceptanceText =
                new AcceptanceText(ZoneId.of(s.get("qaqpa.time-zone")));
        providerDirectory = ProviderDirectory.fromProperties(senders, s::getOrNull);
        resultSigners = ResultSigners.fromProperties(
                serviceIds(s), s::getOrNull, providerDirectory);
        RegulationPlan regulationPlan = new RegulationPlan(trail);
        storeRoom = new StoreRoom(storeDisk);
        applicationIntake = new ApplicationIntake(providerDirectory, resultSigners, applications, queue, trail,
                notifications, replies, regulationPlan, stepPlans, clock, acceptanceText, new SignedOnce(signedForms));
        termExtension = new TermExtension(regulationPlan, stepPlans, calendar, clock);
        ResultHandOver resultHandOver = new ResultHandOver(services);
        inFlightCheck = new InFlightCheck(applications, stepPlans, services, senders, regulationPlan, resultHandOver);
        calendarReplan = new CalendarReplan(applications, stepPlans, services, regulationPlan, clock);
        applicationForm = new ApplicationForm(arrival);
        providerWorkstation = new ProviderWorkstation(providerDirectory);
        stateDatabaseCondition = new StateDatabaseCondition(stateRegistries, clock, calendar.zone());
        documentSignatureCheck = new DocumentSignatureCheck(trust.validator(), metrics,
                new CoSignatures(trust.validator(), clock, calendar.zone()));
        providerEvents = new ProviderEvents(trust.validator(), documents, queue, resultSigners, metrics, clock,
                calendar.zone(), stepPlans, acceptanceText, history);
        channelEvents = new ChannelEvents(trust.validator(), documents, arrival, history);
        eventDocumentCheck = new EventDocumentCheck(schemas);
        applicationEvents = new ApplicationEvents(applications, history, queue, documents, trail, notifications,
                replies, new ApplicationLocks(s.duration("qaqpa.events.lock-wait")), resultHandOver);
        StatusTexts statusTexts = statusTexts(s, senders.channels());
        overdueSteps = new OverdueSteps(db, stepPlans, applications, notifications, statusTexts,
                s.integer("qaqpa.overdue.batch"), clock);
        providerPolling = new ProviderPolling(senders, queue, applications, notifications, statusTexts, channelLog,
                replies, s.integer("qaqpa.max-message-bytes"), stepPlans, s.duration("qaqpa.provider.redelivery-after"),
                metrics::redelivered);
        messageStatusQuery = new MessageStatusQuery(applications);
        chainStamps = new ChainStamps(db);
        TrustSetup.TrustedCertificates trustedCertificates = TrustSetup.trustedCertificates(s);
        StampingAuthority stampingAuthority = StampingAuthority.of(s,
                trustedCertificates, trust.validator());
        headStamping = new HeadStamping(messageChain, chainStamps, stampingAuthority,
                s.duration("qaqpa.log.timestamp.max-delay"), Clock.systemUTC());
        ArchiveSeal archiveSeal = new ArchiveSeal(trust.gatewayKey(),
                stampingAuthority);
        MessageLogArchive archive = MessageLogArchive.of(messageChain, chainStamps, s,
                archiveSeal, Clock.systemUTC(), storeDisk);
        metrics.watchLog(archive.runs(), archiveSeal, headStamping);
        messageLogEvidence = new MessageLogEvidence(messageChain, chainStamps, trustedCertificates,
                SubjectIdentity.of(trust.gatewayKey().certificate()).bin(), CalledSystems.of(s),
                archive);
        health = health(s, archive);
        operatorConsole = startOperatorConsole(s);
        outboxDelivery = outboxDelivery(s);
        retention = new Retention(log, queue, outbox, retentionWindows,
                s.integer("qaqpa.retention.batch"), s.integer("qaqpa.retention.max-batches"),
                RetentionClock.of(db, Clock.systemUTC()), metrics::purged);
        monitoring = new MonitoringServer(s.get("qaqpa.monitoring.host"), s.integer("qaqpa.monitoring.port"),
                s.duration("qaqpa.monitoring.write-timeout"), health,
                metrics, healthDetails(s)).start();
    }

    /** qaqpa.http.* and qaqpa.max-message-bytes: what the channels' HTTP server takes from a client. */
    private static HttpLimits httpLimits(Settings s) {
        return new HttpLimits(s.integer("qaqpa.max-message-bytes"),
                Long.parseLong(s.get("qaqpa.http.max-buffered-bytes")), s.duration("qaqpa.http.read-timeout"),
                s.duration("qaqpa.http.request-timeout"), s.duration("qaqpa.http.idle-timeout"),
                s.duration("qaqpa.http.write-timeout"),
                s.integer("qaqpa.http.max-head-bytes"), s.integer("qaqpa.http.io-threads"),
                s.integer("qaqpa.http.worker-threads"),
                s.integer("qaqpa.http.max-connections"), s.integer("qaqpa.http.max-connections-per-address"));
    }

    /**
     * The state databases the regulations ask (qaqpa.adapter.*): every service on the sync channel, called at most so
     * many at once.
     */
    private StateRegistries stateRegistries(Settings s, ChannelLog channelLog, ContractSchemas schemas) {
        Map<String, StateRegistries.Endpoint> systems = new LinkedHashMap<>();
        services.servedOn(ServiceRegistry.SYNC).forEach(serviceId -> systems.put(serviceId, stateSystem(serviceId)));
        return new StateRegistries(systems, s.get("qaqpa.sender-id"),
                channelLog, schemas, new StateCallLimit(s.integer("qaqpa.adapter.max-calls-at-once"),
                        s.duration("qaqpa.adapter.call-wait")));
    }

    /**
     * What /health reports on (qaqpa.health.*): the store and its disk, the gateway's key, the log's stamps and
     * archive, revocation checking, the state systems and the outbox.
     */
    private Health health(Settings s, MessageLogArchive archive) {
        return new Health(db, storeDisk, trust.gatewayKey(), headStamping, archive.runs(),
                s.duration("qaqpa.log.archive.max-failing"), new RevocationProbe(s.duration("qaqpa.health.timeout"),
                Clock.systemUTC()), stateSystemUrls(), outbox, s.duration("qaqpa.health.timeout"),
                s.duration("qaqpa.health.cache"), s.duration("qaqpa.health.key-expiry-warning"), Clock.systemUTC());
    }

    /** The operator's console (qaqpa.operator.*), started: it runs store backups (qaqpa.backup.dir). */
    private OperatorConsole startOperatorConsole(Settings s) {
        return new OperatorConsole(s.get("qaqpa.operator.host"),
                s.integer("qaqpa.operator.port"), s.duration("qaqpa.operator.write-timeout"),
                s.integer("qaqpa.operator.page-size"), applications,
                statusHistory, outbox, stepPlans, documents, clock,
                messageLogEvidence,
                new StoreBackup(db, Path.of(s.get("qaqpa.data-dir")).resolve("db"), storeDisk,
                        Path.of(s.get("qaqpa.backup.dir")), Clock.systemUTC()),
                health).start();
    }

    /** The callbacks' delivery from the outbox (qaqpa.outbox.*), each sender's by its own client. */
    private OutboxDelivery outboxDelivery(Settings s) {
        return new OutboxDelivery(db, outbox, messageChain, this::senderClient,
                s.duration("qaqpa.outbox.first-retry-pause"), s.duration("qaqpa.outbox.max-retry-pause"),
                s.integer("qaqpa.outbox.max-attempts"), s.integer("qaqpa.outbox.batch"),
                s.integer("qaqpa.outbox.parallel"), senders.callbacks(), s.duration("qaqpa.http.client-timeout"));
    }

    /** qaqpa.monitoring.health-details: {@code never} (each part's status only) or {@code always}. */
    private static boolean healthDetails(Settings s) {
        String value = s.get("qaqpa.monitoring.health-details").trim();
        if (!value.equals("never") && !value.equals("always")) {
            throw new IllegalStateException("qaqpa.monitoring.health-details '" + value + "' is not never or always");
        }
        return value.equals("always");
    }

    /** Why the store takes no writes now (unreachable, or its disk short of the space kept free), if it does not. */
    private Optional<String> storeOutage() {
        return db.reachable() ? storeDisk.shortage() : Optional.of("it cannot be reached");
    }

    /** qaqpa.retention.*: an empty stopped-callback window keeps them until the operator restarts them. */
    private static Retention.Windows retentionWindows(Settings s) {
        String stopped = s.getOrNull("qaqpa.retention.outbox-stopped");
        return new Retention.Windows(s.duration("qaqpa.retention.message-log"),
                s.duration("qaqpa.retention.provider-queue"), s.duration("qaqpa.retention.outbox-delivered"),
                stopped == null || stopped.isEmpty() ? null : Duration.parse(stopped),
                s.duration("qaqpa.retention.closed-request-body"))
                .requireStaleRepeatsAfter(s.duration("qaqpa.message-date.max-skew"), "qaqpa.retention.message-log",
                        "qaqpa.message-date.max-skew");
    }

    private Map<String, String> stateSystemUrls() {
        Map<String, String> urls = new TreeMap<>();
        stateRegistries.endpoints().forEach((serviceId, endpoint) -> urls.put(serviceId, endpoint.url()));
        return urls;
    }

    /** qaqpa.services: a gateway written with no service would serve nothing. */
    private static List<String> serviceIds(Settings s) {
        return s.list("qaqpa.services", Settings.Empty.REFUSED);
    }

    /**
     * serviceId to the systems a list setting of each service names: qaqpa.service.&lt;id&gt;.observers (told of every
     * status change whatever the channel) or .history (keeping the consumer's history of obtaining services: told of
     * the statuses of an application made on another channel, naming the applicant).
     */
    private static Map<String, Set<String>> perService(Settings s, String setting) {
        Map<String, Set<String>> systems = new HashMap<>();
        for (String serviceId : serviceIds(s)) {
            systems.put(serviceId,
                    Set.copyOf(s.list("qaqpa.service." + serviceId + "." + setting, Settings.Empty.NONE)));
        }
        return systems;
    }

    /** The statuses no regulation step names, whose texts the configuration gives. */
    private static final List<String> GATEWAY_STATUSES = List.of("DELIVERED", "NOT_DELIVERED",
            OverdueSteps.STATUS);

    /**
     * The gateway's texts of those statuses (qaqpa.status-text.<code>), each service's own
     * (qaqpa.service.<id>.status-text.<code>, as "serviceId.code") and its channels' own
     * (qaqpa.service.<id>.status-text.<code>.<channel>, as "serviceId.code.channel"). A text written empty refuses the
     * start naming its key (session 32): the operator who writes one means a text, and empty either sent the channels an
     * empty status text (the gateway's) or the next text in its place unnoticed (a service's, a channel's).
     */
    private static StatusTexts statusTexts(Settings s, Set<String> channels) {
        Map<String, String> texts = new HashMap<>();
        for (String code : GATEWAY_STATUSES) {
            String key = "qaqpa.status-text." + code;
            texts.put(code, Settings.single(key, s.get(key), Settings.Empty.REFUSED));
        }
        return new StatusTexts(texts, serviceStatusTexts(s, channels));
    }

    private static Map<String, String> serviceStatusTexts(Settings s, Set<String> channels) {
        Map<String, String> texts = new HashMap<>();
        for (String serviceId : serviceIds(s)) {
            for (String code : GATEWAY_STATUSES) {
                String key = serviceId + "." + code;
                putIfSet(texts, key, s, "qaqpa.service." + serviceId + ".status-text." + code);
                for (String channel : channels) {
                    putIfSet(texts, key + "." + channel, s,
                            "qaqpa.service." + serviceId + ".status-text." + code + "." + channel);
                }
            }
        }
        return texts;
    }

    /** The text of setting {@code setting} under {@code key}, where it is set; written empty, the start is refused. */
    private static void putIfSet(Map<String, String> texts, String key, Settings s, String setting) {
        String text = Settings.single(setting, s.getOrNull(setting), Settings.Empty.REFUSED);
        if (text != null) {
            texts.put(key, text);
        }
    }

    /** Starts the embedded mocks once the gateway serves, so the provider's first poll finds it. */
    synchronized void startMocks() {
        if (settings.bool("qaqpa.mocks.enabled") && mocks == null) {
            mocks = startMocks(settings);
        }
    }

    private SignedSoapClient client(Consumer<X509Certificate> peerCheck) {
        return new SignedSoapClient(trust.gatewayKey(), peerCheck, settings.duration("qaqpa.http.client-timeout"),
                settings.integer("qaqpa.max-message-bytes"), metrics);
    }

    /**
     * A state system answers only signed by its own organisation (qaqpa.adapter.<serviceId>.bin), is asked only with
     * its request document (qaqpa.service.<serviceId>.request-element), and answers only about the key asked
     * (qaqpa.service.<serviceId>.asked-key): a sync service without one of them does not start.
     */
    private StateRegistries.Endpoint stateSystem(String serviceId) {
        String prefix = "qaqpa.adapter." + serviceId;
        QName request = requestElement(serviceId);
        String askedKey = "qaqpa.service." + serviceId + ".asked-key";
        return new StateRegistries.Endpoint(settings.get(prefix + ".url"), client(PeerCheck.organisation(
                trust.validator(), settings.get(prefix + ".bin"), FaultCode.STATE_SYSTEM_UNAVAILABLE)),
                request, AskedKey.parse(askedKey, settings.get(askedKey)));
    }

    /** The element a look-up of a sync service is written as, {namespace}localName. */
    private QName requestElement(String serviceId) {
        String key = "qaqpa.service." + serviceId + ".request-element";
        String value = settings.get(key);
        QName element = value.startsWith("{") && value.indexOf('}') > 1 ? QName.valueOf(value) : null;
        if (element == null || element.getLocalPart().isBlank()) {
            throw new IllegalStateException(key + " must name the request document as {namespace}localName, not '"
                    + value + "'");
        }
        return element;
    }

    /**
     * A callback is answered only by the sender system it was meant for (its registered БИН). One client per sender,
     * built once: building it read the settings through Camel's property resolution on every delivery.
     */
    private SignedSoapClient senderClient(String senderId) {
        return senderClients.computeIfAbsent(senderId, id -> {
            Sender sender = senders.find(id).orElseThrow(() -> new IllegalStateException("unknown sender " + id));
            return client(PeerCheck.organisation(trust.validator(), sender.bin(), FaultCode.SENDER_NOT_AUTHORISED));
        });
    }

    private EmbeddedSystems startMocks(Settings s) {
        if (trust.embeddedPki() == null) {
            throw new IllegalStateException("qaqpa.mocks.enabled needs qaqpa.test-pki.enabled (the mocks use its keys)");
        }
        EmbeddedSystems.Provider provider = ServiceLoader.load(EmbeddedSystems.Provider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("qaqpa.mocks.enabled=true but no mocks are on the "
                        + "classpath: the gateway jar holds none. Run the demo jar, or set qaqpa.mocks.enabled=false"));
        return provider.start(trust.embeddedPki(), s, clock);
    }

    /** The documents kept with applications (consent, questionnaire, offers), for tests. */
    public ApplicationDocuments applicationDocuments() {
        return documents;
    }

    /** Read access for operators' tools and tests. */
    public Applications applications() {
        return applications;
    }

    /** Which system each signed application document was submitted through, for tests. */
    public SignedForms signedForms() {
        return signedForms;
    }

    /** The clock of regulation steps and due times; tests move it (qaqpa.clock). */
    public GatewayClock clock() {
        return clock;
    }

    public StatusHistory statusHistory() {
        return statusHistory;
    }

    public Outbox outbox() {
        return outbox;
    }

    public ChainStamps chainStamps() {
        return chainStamps;
    }

    /** What waits for the providers, with the applications as queued for them; tests read it. */
    public ProviderQueue providerQueue() {
        return providerQueue;
    }

    public MessageChain messageChain() {
        return messageChain;
    }

    public StepPlans stepPlans() {
        return stepPlans;
    }

    public OverdueSteps overdueSteps() {
        return overdueSteps;
    }

    /** The accepted messages' entries, by which repeats are answered; tests purge them with a retention of their own. */
    public MessageLog messageLog() {
        return messageLog;
    }

    /** The purge of operational rows past their window; tests run it at a chosen instant. */
    public Retention retention() {
        return retention;
    }

    /** A retention time on this store with another clock: tests step it. */
    public RetentionClock retentionClock(Clock clock) {
        return RetentionClock.of(db, clock);
    }

    /** The embedded test PKI, or null in production. */
    public EmbeddedPki embeddedPki() {
        return trust.embeddedPki();
    }

    /** The embedded mocks, or null when they are off. */
    public EmbeddedSystems mocks() {
        return mocks;
    }

    /** Stops the embedded mocks first, so the provider does not poll a gateway that is going away. */
    synchronized void stopMocks() {
        if (mocks != null) {
            mocks.close();
            mocks = null;
        }
    }

    /** The records since the last stamp, so that a stopped gateway's log ends time-stamped; never holds the stop up. */
    private void stampLastRecords() {
        try {
            headStamping.stamp();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(GatewayAssembly.class).warn("message log not time-stamped at stop: {}",
                    e.toString());
        }
    }

    @Override
    public void close() {
        stopMocks();
        operatorConsole.stop();
        monitoring.stop();
        outboxDelivery.close();
        stampLastRecords();
        db.close();
        trust.stop();
    }
}
