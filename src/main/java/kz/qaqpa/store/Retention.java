package kz.qaqpa.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.BiFunction;
import java.util.function.ObjIntConsumer;
import kz.qaqpa.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the operational tables bounded (docs/operations.md, "Retention"): deletes message log entries, answered
 * consents in the provider queue and delivered (and, where configured, stopped) callbacks once past their window, and
 * drops the bodies of final applications' own queue entries (the rows stay); and the newest revocation answers' marks
 * once past their answer's nextUpdate (V25: no window of their own).
 * Each table is emptied in batches of {@code batch} rows, each batch one short transaction of its own, at most
 * {@code maxBatches} a run, so no run holds locks for long or fills HSQLDB's log. The message chain, the applications,
 * their history, plans and documents are never touched. Its time is {@link RetentionClock}'s: the system's clock, the
 * one the store's times and the message-date check use (not qaqpa.clock), gaining on what is known to have elapsed
 * by at most a quarter of it.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private final MessageLog log;
    private final ProviderQueue queue;
    private final Outbox outbox;
    private final RevocationMarkTable revocationMarks;
    private final Windows windows;
    private final int batch;
    private final int maxBatches;
    private final RetentionClock clock;
    private final ObjIntConsumer<String> deleted;

    /**
     * How long each kind of row is kept.
     *
     * @param messageLog      after its message arrived: a repeated messageId is answered from it until then
     * @param providerQueue   after a consent was queued, once no longer offered
     * @param outboxDelivered after a callback was delivered
     * @param outboxStopped   after a callback was given up on; null = until the operator restarts it
     * @param closedRequestBody the body of an application's own queue entry, after the application last changed once
     *                          final
     */
    public record Windows(Duration messageLog, Duration providerQueue, Duration outboxDelivered,
                          Duration outboxStopped, Duration closedRequestBody) {
        /** qaqpa.retention.*: an empty stopped-callback window keeps them until the operator restarts them. */
        public static Windows fromSettings(Settings s) {
            String stopped = s.getOrNull("qaqpa.retention.outbox-stopped");
            return new Windows(s.duration("qaqpa.retention.message-log"),
                    s.duration("qaqpa.retention.provider-queue"), s.duration("qaqpa.retention.outbox-delivered"),
                    stopped == null || stopped.isEmpty() ? null : Duration.parse(stopped),
                    s.duration("qaqpa.retention.closed-request-body"))
                    .requireStaleRepeatsAfter(s.duration("qaqpa.message-date.max-skew"), "qaqpa.retention.message-log",
                            "qaqpa.message-date.max-skew");
        }

        /**
         * A message log entry may go only once a repeat of its message is stale: its messageDate was within
         * {@code maxSkew} of its arrival, so a repeat can be fresh up to twice that after it.
         */
        public Windows requireStaleRepeatsAfter(Duration maxSkew, String setting, String skewSetting) {
            if (messageLog.compareTo(maxSkew.multipliedBy(2)) < 0) {
                throw new IllegalStateException(setting + " (" + messageLog + ") must be at least twice " + skewSetting
                        + " (" + maxSkew + "): a repeat of a message whose entry is gone would be taken as new");
            }
            return this;
        }
    }

    /** What one run deleted, by table. */
    public record Purged(int messageLog, int providerQueue, int outboxDelivered, int outboxStopped,
                         int requestBodies, int revocationMarks) {
        public int total() {
            return messageLog + providerQueue + outboxDelivered + outboxStopped + requestBodies + revocationMarks;
        }
    }

    /** @param deleted told the table and the number of rows after each run that deleted some (the metrics) */
    public Retention(MessageLog log, ProviderQueue queue, Outbox outbox, RevocationMarkTable revocationMarks,
                     Windows windows, int batch, int maxBatches, RetentionClock clock, ObjIntConsumer<String> deleted) {
        this.log = log;
        this.queue = queue;
        this.outbox = outbox;
        this.revocationMarks = revocationMarks;
        this.windows = windows;
        this.batch = batch;
        this.maxBatches = maxBatches;
        this.clock = clock;
        this.deleted = deleted;
    }

    /** Called by the retention timer route. */
    public Purged purge() {
        return purge(clock.now());
    }

    /** Deletes what is past its window at {@code now}. */
    public Purged purge(Instant now) {
        Purged purged = new Purged(
                table("message_log", now, windows.messageLog(), log::deleteReceivedBefore),
                table("provider_queue", now, windows.providerQueue(), queue::deleteOfferedNoMoreBefore),
                table("outbox_delivered", now, windows.outboxDelivered(), outbox::deleteDeliveredBefore),
                table("outbox_stopped", now, windows.outboxStopped(), outbox::deleteStoppedBefore),
                table("request_body", now, windows.closedRequestBody(), queue::dropClosedBodiesBefore),
                table("revocation_mark", now, Duration.ZERO, revocationMarks::deletePastBefore));
        // the deleted entries stay in the log's filter as false positives until it is rebuilt (durable67)
        log.rebuildFilterIfWorthIt();
        LOG.info("retention: deleted {} message log entries, {} answered queue entries, {} delivered and {} stopped"
                        + " callbacks, the queued bodies of {} final applications, and {} revocation marks past their"
                        + " nextUpdate", purged.messageLog(), purged.providerQueue(), purged.outboxDelivered(),
                purged.outboxStopped(), purged.requestBodies(), purged.revocationMarks());
        return purged;
    }

    /** Deletes (or drops bodies) batch after batch until one comes back short or the run's batches are used up. */
    private int table(String name, Instant now, Duration window, BiFunction<OffsetDateTime, Integer, Integer> delete) {
        if (window == null) {
            return 0;
        }
        OffsetDateTime cut = now.minus(window).atOffset(ZoneOffset.UTC);
        int total = 0;
        for (int run = 0; run < maxBatches; run++) {
            int rows = delete.apply(cut, batch);
            total += rows;
            if (rows < batch) {
                break;
            }
        }
        if (total > 0) {
            deleted.accept(name, total);
        }
        return total;
    }
}
