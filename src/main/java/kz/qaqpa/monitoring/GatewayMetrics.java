package kz.qaqpa.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.evidence.ArchiveRuns;
import kz.qaqpa.evidence.ArchiveSeal;
import kz.qaqpa.evidence.HeadStamping;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.store.Checkpoints;
import kz.qaqpa.store.LoggedMessageIds;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.StoreDisk;
import kz.qaqpa.trust.TrustedRootDates;
import org.apache.camel.Exchange;

/**
 * The gateway's own metrics in a Micrometer registry that Prometheus scrapes (Camel's route metrics join the same
 * registry): requests and faults per operation, service and fault code, their latency, signature operations, and
 * gauges of the outbox and of overdue regulation steps read from the store at scrape time.
 */
public final class GatewayMetrics {
    /** Exchange variable: System.nanoTime() when the channel gate took the request. */
    public static final String RECEIVED_AT = "receivedAt";
    private static final String UNKNOWN = "unknown";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> services;
    private final JvmGcMetrics collector = new JvmGcMetrics();
    private final Map<String, Object> meters = new ConcurrentHashMap<>();
    private final ScrapeReads scrapeReads = new ScrapeReads();
    private static final Set<String> FAULT_CODES = Arrays.stream(FaultCode.values())
            .map(FaultCode::code).collect(Collectors.toUnmodifiableSet());

    /** @param services the registered serviceIds; any other is counted as "unknown", so senders cannot add labels */
    public GatewayMetrics(Set<String> services, Outbox outbox) {
        this.services = Set.copyOf(services);
        Gauge.builder("qaqpa.outbox.backlog", outbox, Outbox::backlog)
                .description("Callbacks owed to sender systems and not yet delivered").register(registry);
        Gauge.builder("qaqpa.outbox.stopped", outbox, Outbox::stoppedCount)
                .description("Callbacks given up on, waiting for the operator").register(registry);
    }

    /**
     * The planned steps past their due time and not ended (qaqpa_steps_overdue), one series per {@code scopes} key:
     * {@code service}, late work, or {@code branch}, the steps whose term binds only their branch, which the watcher
     * tells no one (reg49b: an alert on the one series they shared fired for a refusal the provider may never make).
     * {@code tally} is read from the store at scrape time, once for all the scopes of a scrape (reg50: it was read once
     * per scope, its statement run twice a scrape); each scope's function picks its count from that one read.
     */
    public <T> void watchOverdue(Supplier<T> tally, Map<String, java.util.function.ToLongFunction<T>> scopes) {
        Supplier<T> read = scrapeReads.once(tally);
        scopes.forEach((scope, count) -> {
            java.util.function.LongSupplier gauge = () -> count.applyAsLong(read.get());
            // held strongly: a gauge holds its object weakly, and nothing else holds this supplier (NaN once collected)
            Gauge.builder("qaqpa.steps.overdue", gauge, java.util.function.LongSupplier::getAsLong).tags("scope", scope)
                    .strongReference(true).description("Planned regulation steps past their due time and not ended")
                    .register(registry);
        });
    }

    /**
     * The store's checkpoints (every statement waits while one runs): qaqpa_store_checkpoints_seconds (count and total
     * time, by trigger: the log's hard mark or a quiet moment), those seen made by something else (a backup, HSQLDB),
     * and the log's size now.
     */
    public void watchCheckpoints(Checkpoints checkpoints) {
        for (Checkpoints.Trigger trigger : Checkpoints.Trigger.values()) {
            Checkpoints.Tally tally = checkpoints.tally(trigger);
            FunctionTimer.builder("qaqpa.store.checkpoints", tally, Checkpoints.Tally::count,
                            Checkpoints.Tally::totalSeconds, TimeUnit.SECONDS).tags("trigger", trigger.label())
                    .description("Store checkpoints the gateway made (every statement waited meanwhile)")
                    .register(registry);
        }
        FunctionCounter.builder("qaqpa.store.checkpoints.other", checkpoints, Checkpoints::others)
                .description("Store checkpoints made by something else (an operator's backup, HSQLDB itself)")
                .register(registry);
        Gauge.builder("qaqpa.store.log", checkpoints, Checkpoints::logBytes).baseUnit("bytes")
                .description("Size of the store's log since its last checkpoint").register(registry);
    }

    /**
     * The message log's filter (replay65, durable67): the entries the one answering was told of, deleted ones included
     * (NaN until the start's fill is done), the entries it is sized for, its rebuilds, and the start's fill's failed
     * attempts (durable68). Past its capacity more replay checks read the log; a rebuild after a retention run drops
     * the deleted entries.
     */
    public void watchMessageLogFilter(LoggedMessageIds filter) {
        Gauge.builder("qaqpa.message.log.filter.entries", filter, LoggedMessageIds::entries)
                .description("Entries the message log's filter holds, those retention deleted included (NaN: not filled"
                        + " yet)").register(registry);
        Gauge.builder("qaqpa.message.log.filter.capacity", filter, LoggedMessageIds::capacity)
                .description("Entries the message log's filter is sized for (qaqpa.message-log.filter-entries)")
                .register(registry);
        FunctionCounter.builder("qaqpa.message.log.filter.rebuilds", filter, LoggedMessageIds::rebuilds)
                .description("Rebuilds of the message log's filter from the log since the start").register(registry);
        FunctionCounter.builder("qaqpa.message.log.filter.fill.failures", filter, LoggedMessageIds::fillFailures)
                .description("Failed attempts of the start's fill of the message log's filter, each tried again after"
                        + " a pause (qaqpa.message-log.filter-fill-retry)").register(registry);
    }

    /** The garbage collector's pauses and more (Micrometer's jvm_gc_* meters), until {@link #close}. */
    public void watchCollector() {
        collector.bindTo(registry);
    }

    /** Stops watching the collector (its JMX listeners would outlive a stopped gateway in the same JVM). */
    public void close() {
        collector.close();
    }

    /**
     * The requests of each of {@code lines} (the registered senders and the unnamed line: bounded labels) waiting for
     * one of the channels' worker threads (quota49, channel.WorkerShares): a sender's flood shows as its own line.
     */
    public void watchWorkerLines(Set<String> lines, java.util.function.ToIntFunction<String> waiting) {
        for (String line : lines) {
            Gauge.builder("qaqpa.http.worker.waiting", () -> waiting.applyAsInt(line)).tags("sender", line)
                    .description("Complete requests waiting for a worker thread, by the sender they name")
                    .register(registry);
        }
    }

    /**
     * Requests that waited for a worker beyond qaqpa.http.request-timeout and were closed unanswered, since as many late
     * SCE911 answers waited for their thread as its queue holds (line51, channel.WorkerShares).
     */
    public void watchLateAnswersDropped(java.util.function.LongSupplier dropped) {
        FunctionCounter.builder("qaqpa.http.late.answers.dropped", dropped, d -> d.getAsLong())
                .description("Requests that waited too long for a worker, closed without their late SCE911 answer")
                .register(registry);
    }

    /** The free space of the store's disk (below qaqpa.store.min-free-bytes no new application is taken). */
    public void watchStore(StoreDisk disk) {
        Gauge.builder("qaqpa.store.free", disk, StoreDisk::freeBytes).baseUnit("bytes")
                .description("Bytes free on the store's disk (-1: cannot be read)").register(registry);
    }

    /**
     * When the gateway's signing certificate expires: health's "renew it soon" is a detail, which the monitoring port
     * no longer shows (qaqpa.monitoring.health-details), so a monitoring system alerts on this ahead of the day.
     */
    public void watchSigningCertificate(java.security.cert.X509Certificate certificate) {
        Gauge.builder("qaqpa.signing.certificate.expiry", certificate,
                        c -> c.getNotAfter().toInstant().getEpochSecond()).baseUnit("seconds")
                .description("When the gateway's signing certificate expires (seconds since the epoch)")
                .register(registry);
    }

    /**
     * roots56: each configured trusted root's end (qaqpa.trust.root), labelled by its subject and serial number (two
     * copies of one root, renewed, share the subject); as many series as roots configured.
     */
    public void watchTrustedRoots(Set<X509Certificate> roots) {
        for (X509Certificate root : roots) {
            Gauge.builder("qaqpa.trusted.root.expiry", root, c -> c.getNotAfter().toInstant().getEpochSecond())
                    .baseUnit("seconds").tag("subject", TrustedRootDates.label(root))
                    .tag("serial", root.getSerialNumber().toString(16))
                    .description("When a configured trusted root expires (seconds since the epoch)").register(registry);
        }
    }

    /**
     * The message log's archive runs (last good run, records archived, runs failed) and time-stamps (the newest
     * stamp's age, the attempts of the head and of the archive files' seals that got no stamp).
     */
    public void watchLog(ArchiveRuns runs, ArchiveSeal seals,
                         HeadStamping stamping) {
        Gauge.builder("qaqpa.log.archive.last.success", runs, ArchiveRuns::lastSuccessEpochSeconds)
                .baseUnit("seconds").description("When the last archive run succeeded (since the epoch; NaN: none yet)")
                .register(registry);
        FunctionCounter.builder("qaqpa.log.archive.records", runs,
                        r -> r.records()).description("Message log records moved into archive files")
                .register(registry);
        FunctionCounter.builder("qaqpa.log.archive.failures", runs,
                        r -> r.failures()).description("Archive runs that failed").register(registry);
        Gauge.builder("qaqpa.log.timestamp.age", stamping, HeadStamping::newestStampAgeSeconds)
                .baseUnit("seconds").description("Age of the newest time-stamp of the message chain (NaN: none)")
                .register(registry);
        FunctionCounter.builder("qaqpa.log.timestamp.failures", stamping,
                        s -> s.failures()).tags("of", "head")
                .description("Time-stamps asked for and not obtained").register(registry);
        FunctionCounter.builder("qaqpa.log.timestamp.failures", seals,
                        s -> s.stampFailures()).tags("of", "archive-seal")
                .description("Time-stamps asked for and not obtained").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text format of every meter. */
    public String scrape() {
        return scrapeReads.during(registry::scrape);
    }

    /** A channel request was answered: {@code faultCode} null for an answer, the ШЭП code for a fault. */
    public void answered(Exchange exchange, String faultCode) {
        String operation = exchange.getVariable("operation", UNKNOWN, String.class);
        String service = service(exchange);
        String code = faultCode == null ? null : ownCode(faultCode);
        meter("requests/" + operation + '/' + service, () -> Counter.builder("qaqpa.requests")
                .description("Channel requests answered, by operation and service")
                .tags("operation", operation, "service", service).register(registry), Counter.class).increment();
        if (code != null) {
            meter("faults/" + operation + '/' + service + '/' + code, () -> Counter.builder("qaqpa.faults")
                    .description("Channel requests answered with a fault, by fault code")
                    .tags("operation", operation, "service", service, "code", code).register(registry),
                    Counter.class).increment();
        }
        Long receivedAt = exchange.getVariable(RECEIVED_AT, Long.class);
        if (receivedAt != null) {
            String outcome = code == null ? "answer" : "fault";
            meter("duration/" + operation + '/' + service + '/' + outcome, () -> Timer.builder("qaqpa.request.duration")
                    .description("Time from receiving a request to its signed answer")
                    .tags("operation", operation, "service", service, "outcome", outcome)
                    .publishPercentileHistogram().register(registry), Timer.class)
                    .record(Duration.ofNanos(System.nanoTime() - receivedAt));
        }
    }

    /** One of our codes, or "other" for a code a state system chose (passed on to the caller, not made a label). */
    private static String ownCode(String faultCode) {
        return FAULT_CODES.contains(faultCode) ? faultCode : "other";
    }

    /**
     * The meter registered under {@code key}, built once: every label comes from a fixed set (operations the channels
     * serve, registered services, our fault codes), so the meters are bounded whatever senders send.
     */
    private <T> T meter(String key, Supplier<T> build, Class<T> type) {
        return type.cast(meters.computeIfAbsent(key, k -> build.get()));
    }

    /** The retention deleted {@code rows} of {@code table} (the names {@link kz.qaqpa.store.Retention} gives). */
    public void purged(String table, int rows) {
        meter("retention/" + table, () -> Counter.builder("qaqpa.retention.deleted")
                .description("Operational rows deleted once past their retention window, by table")
                .tags("table", table).register(registry), Counter.class).increment(rows);
    }

    /** getMessages handed a message of {@code serviceId} out again, unacknowledged since its last offer. */
    public void redelivered(String serviceId) {
        String service = services.contains(serviceId) ? serviceId : UNKNOWN;
        meter("redeliveries/" + service, () -> Counter.builder("qaqpa.provider.redeliveries")
                .description("Messages offered to their provider again, not acknowledged since their last offer")
                .tags("service", service).register(registry), Counter.class).increment();
    }

    /**
     * A fault to a sender not known was answered but not put in the message log: {@code reason} "disk" (the store's
     * disk short of the space kept free, attack48) or "budget" (its client network's
     * qaqpa.log.unknown-sender-faults-per-hour spent, attack48b).
     */
    public void faultUnlogged(String reason) {
        meter("faults-unlogged/" + reason, () -> Counter.builder("qaqpa.log.faults.unlogged")
                .description("Faults to senders not known answered but not put in the message log, by reason")
                .tags("reason", reason).register(registry), Counter.class).increment();
    }

    /** The gateway signed a message ({@code kind} transport or document). */
    public void signed(String kind) {
        signatures("sign", kind, "ok");
    }

    public void verified(String kind, boolean valid) {
        signatures("verify", kind, valid ? "valid" : "invalid");
    }

    /** Runs a signature verification and counts it as valid, or invalid when it throws. */
    public <T> T verifying(String kind, Supplier<T> verification) {
        try {
            T result = verification.get();
            verified(kind, true);
            return result;
        } catch (RuntimeException e) {
            verified(kind, false);
            throw e;
        }
    }

    private void signatures(String operation, String kind, String result) {
        meter("signatures/" + operation + '/' + kind + '/' + result, () -> Counter.builder("qaqpa.signatures")
                .description("XML-DSig operations of the gateway")
                .tags("operation", operation, "kind", kind, "result", result).register(registry), Counter.class)
                .increment();
    }

    private String service(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        if (in == null) {
            return UNKNOWN;
        }
        try {
            String serviceId = RequestFacts.of(in.request()).serviceId();
            return serviceId != null && services.contains(serviceId) ? serviceId : UNKNOWN;
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }
}
