package kz.qaqpa;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import kz.qaqpa.adapter.OutboxDelivery;
import kz.qaqpa.adapter.StateRegistries;
import kz.qaqpa.adapter.StateSystemSettings;
import kz.qaqpa.channel.Channels;
import kz.qaqpa.channel.ReplayMemory;
import kz.qaqpa.evidence.Evidence;
import kz.qaqpa.monitoring.CollectorPauses;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.monitoring.Health;
import kz.qaqpa.monitoring.MonitoringServer;
import kz.qaqpa.operator.OperatorConsole;
import kz.qaqpa.operator.OperatorTokenFile;
import kz.qaqpa.registry.Registries;
import kz.qaqpa.regulation.OverdueSteps;
import kz.qaqpa.regulation.OverdueTally;
import kz.qaqpa.regulation.RegulationEngine;
import kz.qaqpa.regulation.ServiceCalendars;
import kz.qaqpa.regulation.StatusTextSettings;
import kz.qaqpa.regulation.calendar.CalendarDoubts;
import kz.qaqpa.regulation.calendar.CalendarFile;
import kz.qaqpa.regulation.calendar.KazakhstanZoneRules;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.settings.DataDirectory;
import kz.qaqpa.settings.DemoDefaults;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.settings.TypedSettings;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.LoggedMessageIds;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.MessageLog;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.Retention;
import kz.qaqpa.store.RetentionClock;
import kz.qaqpa.store.RevocationMarkTable;
import kz.qaqpa.store.SignedForms;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.store.Store;
import kz.qaqpa.trust.EmbeddedPki;
import kz.qaqpa.trust.RevocationProbe;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SignatureCounter;
import kz.qaqpa.trust.SignatureEngine;
import kz.qaqpa.xml.XmlLimits;
import org.slf4j.LoggerFactory;

/**
 * Builds every part of the gateway once, in dependency order, from the configuration, and stops them in the reverse
 * order ({@link #close}). Each part is built where its capability lives; this class only lists them.
 */
public final class GatewayAssembly implements AutoCloseable {
    final Settings settings;
    final GatewayClock clock;
    final WorkingCalendar calendar;
    private final CalendarDoubts calendarDoubts;
    final TrustSetup trust;
    final Store store;
    final Registries registries;
    final GatewayMetrics metrics;
    final Channels channels;
    final StateRegistries stateRegistries;
    final RegulationEngine regulation;
    private final OverdueTally overdueTally;
    final Evidence evidence;
    final Health health;
    final OperatorConsole operatorConsole;
    final OutboxDelivery outboxDelivery;
    final Retention retention;
    private final MonitoringServer monitoring;
    /** Long garbage collection pauses, logged (qaqpa.monitoring.gc-pause-log). */
    private final CollectorPauses collectorPauses;
    /** The demo's mocks, started once the channels serve (qaqpa.mocks.enabled). */
    final EmbeddedMocksLifecycle mocks;

    GatewayAssembly(Settings s) {
        settings = s;
        ReadFirst first = readBeforeAnythingOpens(s);
        registries = first.registries();
        configureXmlSecurity(s);
        clock = GatewayClock.fromSetting(s.getOrNull("qaqpa.clock"));
        calendar = CalendarFile.load(s.get("qaqpa.calendar"), KazakhstanZoneRules.require(s.get("qaqpa.time-zone")));
        calendarDoubts = new CalendarDoubts(calendar, s.get("qaqpa.calendar"), clock);
        calendarDoubts.warnAtStart();
        trust = trustRefusingDemoDefaults(s);
        // suite66: a start refused once the trust is set up stops what it started (the test PKI's server, the store,
        // the servers), so that nothing is left listening or locked in a JVM that goes on (a test's)
        Deque<Runnable> started = new ArrayDeque<>();
        started.push(trust::stop);
        try {
            store = Store.open(s);
            started.push(store::close);
            trust.revocation().keepMarksIn(store.revocationMarks());
            metrics = metrics();
            started.push(metrics::close); // review67 5: its JVM GC listeners would outlive a refused start
            // each service's days in its zone: the regulation counts them, the channels date what they say of an
            // application; the gateway's zone dates what is about none (faults, its own look-ups)
            ServiceCalendars calendars = new ServiceCalendars(calendar, registries.services());
            channels = channels(s, calendars);
            stateRegistries = first.stateSystems().registries(channels.clients(), channels.channelLog(), channels.schemas(),
                    calendars);
            regulation = RegulationEngine.of(s, clock, calendars, store, registries, channels, stateRegistries,
                    trust.validator(), metrics);
            evidence = watchedEvidence(s);
            overdueTally = watchedOverdueTally();
            health = health(s);
            operatorConsole = startOperatorConsole(s, first.operatorToken());
            started.push(operatorConsole::stop);
            outboxDelivery = outboxDelivery(s);
            started.push(outboxDelivery::close);
            retention = retention(s, first.retentionWindows());
            monitoring = startMonitoring(s);
            started.push(monitoring::stop);
            collectorPauses = new CollectorPauses(s.duration("qaqpa.monitoring.gc-pause-log"));
            mocks = new EmbeddedMocksLifecycle(first.mocksEnabled(), s, trust.embeddedPki(), clock);
        } catch (RuntimeException | Error e) {
            stopStarted(started, e);
            throw e;
        }
    }

    /**
     * Stops what a refused start had started, in the order given (the latest first); a failure to stop is added to the
     * refusal's. The one way a refused start stops its parts (TrustSetup's test PKI, GatewayConfiguration's assembly).
     */
    static void stopStarted(Iterable<Runnable> started, Throwable refusal) {
        for (Runnable stop : started) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                refusal.addSuppressed(e);
            }
        }
    }

    /** What the start reads before anything opens or is made in the data directory ({@link #readBeforeAnythingOpens}). */
    private record ReadFirst(Retention.Windows retentionWindows, Registries registries, StateSystemSettings stateSystems,
                             OperatorTokenFile operatorToken, boolean mocksEnabled) {
    }

    /**
     * Before anything opens or starts, or is made in the data directory: a setting the gateway refuses must not leave
     * the store made or a port held (ops61: the parts below the store read theirs only after it was made).
     */
    private static ReadFirst readBeforeAnythingOpens(Settings s) {
        TypedSettings.requireReadable(s);
        Retention.Windows retentionWindows = Retention.Windows.fromSettings(s);
        LoggedMessageIds.requireSettings(s);
        Registries registries = Registries.fromSettings(s);
        StateSystemSettings stateSystems = StateSystemSettings.read(s, registries.services());
        DataDirectory.require(s);
        // ops45: the console's credential, read (or written at the first start) before anything opens
        OperatorTokenFile operatorToken = OperatorTokenFile.atStart(Path.of(s.get("qaqpa.operator.token-file")));
        boolean mocksEnabled = s.bool("qaqpa.mocks.enabled"); // refused here, not once the channels serve (review40b)
        return new ReadFirst(retentionWindows, registries, stateSystems, operatorToken, mocksEnabled);
    }

    /** The gateway's key and trusted certificates; with the test PKI off, the demo's passwords and addresses refused. */
    private static TrustSetup trustRefusingDemoDefaults(Settings s) {
        TrustSetup trust = TrustSetup.fromSettings(s);
        if (!s.bool("qaqpa.test-pki.enabled")) {
            DemoDefaults.refuseIn(s::getOrNull, Settings.shipped());
        }
        return trust;
    }

    /** The ШЭП channels, with the status texts of every service and channel (qaqpa.status-text.*). */
    private Channels channels(Settings s, ServiceCalendars calendars) {
        return Channels.of(s, trust.gatewayKey(), trust.validator(), store, registries, metrics,
                StatusTextSettings.read(s, registries.serviceIds(), registries.senders().channels()), clock, calendars);
    }

    /** The message log's parts, their archive runs, seal and head stamping watched by the metrics. */
    private Evidence watchedEvidence(Settings s) {
        Evidence built = Evidence.of(s, store, trust);
        metrics.watchLog(built.archive().runs(), built.archiveSeal(), built.headStamping());
        return built;
    }

    /** The overdue steps' tally, counted by the metrics by scope (the whole service, a branch). */
    private OverdueTally watchedOverdueTally() {
        OverdueTally tally = new OverdueTally(store.stepPlans(), regulation.branchOnlyTerms());
        metrics.watchOverdue(() -> tally.at(OffsetDateTime.now(clock)), Map.of(
                "service", OverdueTally.Counts::service, "branch", OverdueTally.Counts::branch));
        return tally;
    }

    /** The operational rows' deletion past their windows (qaqpa.retention.*), on the time known to have elapsed. */
    private Retention retention(Settings s, Retention.Windows windows) {
        return new Retention(store.messageLog(), store.providerQueue(), store.outbox(), store.revocationMarks(),
                windows, s.integer("qaqpa.retention.batch"), s.integer("qaqpa.retention.max-batches"),
                RetentionClock.of(store.db(), Clock.systemUTC()), metrics::purged);
    }

    /** The signature engine (qaqpa.crypto.provider), its counter, and the XML parser's limits (qaqpa.xml.*). */
    private static void configureXmlSecurity(Settings s) {
        SignatureEngine.configure(s.get("qaqpa.crypto.provider"));
        SignatureCounter.register();
        SecureXml.limit(new XmlLimits(s.integer("qaqpa.xml.max-depth"), s.integer("qaqpa.xml.max-attributes"),
                s.integer("qaqpa.xml.max-tags"), s.integer("qaqpa.xml.max-document-attributes"),
                s.integer("qaqpa.xml.max-namespaces-in-scope")));
    }

    /** The gateway's metrics, watching the store's disk and the signing certificate's expiry. */
    private GatewayMetrics metrics() {
        GatewayMetrics m = new GatewayMetrics(Set.copyOf(registries.serviceIds()), store.outbox());
        m.watchStore(store.disk());
        m.watchCheckpoints(store.checkpoints());
        m.watchMessageLogFilter(store.messageLog().filter());
        m.watchCollector();
        m.watchSigningCertificate(trust.gatewayKey().certificate());
        m.watchTrustedRoots(trust.validator().trustedRoots());
        return m;
    }

    /**
     * What /health reports on (qaqpa.health.*): the store and its disk, the gateway's key, the log's stamps and
     * archive, revocation checking, the state systems, the outbox and what the calendar leaves unconfirmed.
     */
    private Health health(Settings s) {
        return new Health(store, trust.gatewayKey(), trust.validator().trustedRoots(), evidence.headStamping(),
                evidence.archive().runs(), s.duration("qaqpa.log.archive.max-failing"),
                new RevocationProbe(s.duration("qaqpa.health.timeout"), s.duration("qaqpa.trust.timestamp-clock-skew"),
                        Clock.systemUTC(), store.revocationMarks()),
                StateSystemSettings.urls(stateRegistries), store.outbox(), s.duration("qaqpa.health.timeout"),
                s.duration("qaqpa.health.cache"), s.duration("qaqpa.health.key-expiry-warning"), Clock.systemUTC(),
                calendarDoubts::detail);
    }

    /** The operator's console (qaqpa.operator.*), started: it runs store backups (qaqpa.backup.dir). */
    private OperatorConsole startOperatorConsole(Settings s, OperatorTokenFile token) {
        return new OperatorConsole(s.get("qaqpa.operator.host"),
                s.port("qaqpa.operator.port"), s.duration("qaqpa.operator.write-timeout"),
                s.integer("qaqpa.operator.page-size"), token, store.applications(),
                store.statusHistory(), store.outbox(), store.stepPlans(), regulation.branchOnlyTerms(), overdueTally, store.documents(),
                clock, evidence.messageLogEvidence(), store.backups(Path.of(s.get("qaqpa.backup.dir"))), health,
                calendarDoubts::ofTerm).start();
    }

    /** The callbacks' delivery from the outbox (qaqpa.outbox.*), each sender's by its own client. */
    private OutboxDelivery outboxDelivery(Settings s) {
        return new OutboxDelivery(store.db(), store.outbox(), store.messageChain(), channels.clients()::ofSender,
                s.duration("qaqpa.outbox.first-retry-pause"), s.duration("qaqpa.outbox.max-retry-pause"),
                s.integer("qaqpa.outbox.max-attempts"), s.integer("qaqpa.outbox.batch"),
                s.integer("qaqpa.outbox.parallel"), registries.senders().callbacks(),
                s.duration("qaqpa.http.client-timeout"), s.duration("qaqpa.message-date.max-skew"), callbackAnswers(s));
    }

    /**
     * The recipients' answers to callbacks, each remembered for twice qaqpa.message-date.max-skew (attack64), read back
     * from the message log at the start (attack65: a restart does not forget them).
     */
    private ReplayMemory callbackAnswers(Settings s) {
        ReplayMemory answers = new ReplayMemory(s.integer("qaqpa.message-date.max-remembered"),
                registries.senders().ids(), s.duration("qaqpa.message-date.max-skew"), Clock.systemUTC());
        answers.readBackAnswers(store.messageChain());
        return answers;
    }

    /** /health and /metrics (qaqpa.monitoring.*), started. */
    private MonitoringServer startMonitoring(Settings s) {
        return new MonitoringServer(s.get("qaqpa.monitoring.host"), s.port("qaqpa.monitoring.port"),
                s.duration("qaqpa.monitoring.write-timeout"), health, metrics, healthDetails(s)).start();
    }

    /** qaqpa.monitoring.health-details: {@code never} (each part's status only) or {@code always}. */
    private static boolean healthDetails(Settings s) {
        String value = s.get("qaqpa.monitoring.health-details").trim();
        if (!value.equals("never") && !value.equals("always")) {
            throw new IllegalStateException("qaqpa.monitoring.health-details '" + value + "' is not never or always");
        }
        return value.equals("always");
    }

    /** The documents kept with applications (consent, questionnaire, offers), for tests. */
    public ApplicationDocuments applicationDocuments() {
        return store.documents();
    }

    /** The senders' shares of the channels' worker threads (tests read what a sender's requests hold and wait for). */
    public kz.qaqpa.channel.WorkerShares workerShares() {
        return channels.workerShares();
    }

    /** Read access for operators' tools and tests. */
    public Applications applications() {
        return store.applications();
    }

    /** Which system each signed application document was submitted through, for tests. */
    public SignedForms signedForms() {
        return store.signedForms();
    }

    /** The clock of regulation steps and due times; tests move it (qaqpa.clock). */
    public GatewayClock clock() {
        return clock;
    }

    public StatusHistory statusHistory() {
        return store.statusHistory();
    }

    public Outbox outbox() {
        return store.outbox();
    }

    public ChainStamps chainStamps() {
        return store.chainStamps();
    }

    /** What waits for the providers, with the applications as queued for them; tests read it. */
    public ProviderQueue providerQueue() {
        return store.providerQueue();
    }

    public MessageChain messageChain() {
        return store.messageChain();
    }

    public StepPlans stepPlans() {
        return store.stepPlans();
    }

    public OverdueSteps overdueSteps() {
        return regulation.overdueSteps();
    }

    /** The start's replan of the running terms on the calendar loaded (a test runs it again while an offer waits). */
    public kz.qaqpa.regulation.CalendarReplan calendarReplan() {
        return regulation.calendarReplan();
    }

    /** The accepted messages' entries, by which repeats are answered; tests purge them with a retention of their own. */
    public MessageLog messageLog() {
        return store.messageLog();
    }

    /** The newest revocation answers' marks (store V25); tests read them and purge with a retention of their own. */
    public RevocationMarkTable revocationMarks() {
        return store.revocationMarks();
    }

    /** The purge of operational rows past their window; tests run it at a chosen instant. */
    public Retention retention() {
        return retention;
    }

    /** A retention time on this store with another clock: tests step it. */
    public RetentionClock retentionClock(Clock clock) {
        return RetentionClock.of(store.db(), clock);
    }

    /** The embedded test PKI, or null in production. */
    public EmbeddedPki embeddedPki() {
        return trust.embeddedPki();
    }

    /** The embedded mocks, or null when they are off. */
    public EmbeddedSystems mocks() {
        return mocks.running();
    }

    /** The records since the last stamp, so that a stopped gateway's log ends time-stamped; never holds the stop up. */
    private void stampLastRecords() {
        try {
            evidence.headStamping().stamp();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(GatewayAssembly.class).warn("message log not time-stamped at stop: {}",
                    e.toString());
        }
    }

    /** Stops the parts in the reverse of their start: the mocks first, the store and the trust last. */
    @Override
    public void close() {
        stop(true);
    }

    /**
     * Stops the parts of a start refused while Camel was configured, the log's head left unstamped (start69, review68
     * 6): a stamp would make the refusal wait on the time-stamping authority (its timeout when unreachable), and the
     * refused start logged nothing, so the next start that serves stamps the same head (its timer's first run).
     */
    void closeRefused() {
        stop(false);
    }

    private void stop(boolean stampHead) {
        mocks.stopMocks();
        collectorPauses.close();
        operatorConsole.stop();
        monitoring.stop();
        metrics.close();
        outboxDelivery.close();
        if (stampHead) {
            stampLastRecords();
        }
        store.close();
        trust.stop();
    }
}
