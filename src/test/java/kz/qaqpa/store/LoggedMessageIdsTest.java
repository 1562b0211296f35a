package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import kz.qaqpa.gateway.LogLines;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * replay65: the message log's filter ({@link LoggedMessageIds}) on the real store. Read back at start it holds every
 * entry the log holds (more than a page of them); "maybe" reads the log, so a false positive finds no entry and a
 * logged message its first answer; "absent" does not read the log at all; its false positives stay near the design's
 * at its capacity.
 */
class LoggedMessageIdsTest {
    private static final String DIGEST = "d".repeat(64);
    /** The shipped ratio: about 1% false positives at the filter's capacity. */
    private static final int BITS_PER_ENTRY = 10;
    /** The shipped rebuild settings. */
    private static final LoggedMessageIds.Rebuilding REBUILDING = new LoggedMessageIds.Rebuilding(75,
            Duration.ofMinutes(1));
    /** The shipped pauses of a failed fill's retries. */
    private static final LoggedMessageIds.FillRetry RETRY = new LoggedMessageIds.FillRetry(Duration.ofSeconds(10),
            Duration.ofMinutes(10));
    @RegisterExtension
    final FreshStore store = new FreshStore();

    @Test
    void aFilterReadFromTheLogHoldsEveryEntryOfIt() {
        int entries = 10_001; // past the read's page of 10,000
        store.db().inTransaction(() -> {
            for (int i = 0; i < entries; i++) {
                insertBehindTheFilter("PORTAL", "m-" + i);
            }
            return null;
        });
        LoggedMessageIds read = LoggedMessageIds.empty(entries, BITS_PER_ENTRY, REBUILDING, RETRY).filledFrom(store.db());

        assertThat(IntStream.range(0, entries).filter(i -> !read.mightHold("PORTAL", "m-" + i)))
                .as("entries the filter says the log does not hold").isEmpty();
        assertThat(IntStream.range(0, 1_000).filter(i -> read.mightHold("PORTAL", "new-" + i)).count())
                .as("never logged, yet maybe (the design's 1%)").isLessThan(50);
        assertThat(read.mightHold("CON", "m-1")).as("another sender's messageId").isFalse();
    }

    @Test
    void aFalsePositiveReadsTheLogAndFindsNoEntryWhileALoggedMessageFindsItsAnswer() {
        // 64 bits, filled below
        LoggedMessageIds saturated = LoggedMessageIds.empty(1, 1, REBUILDING, RETRY).filledFrom(store.db());
        for (int i = 0; i < 2_000; i++) {
            recorded(saturated, "PORTAL", UUID.randomUUID().toString());
        }
        MessageLog log = new MessageLog(store.db(), saturated);
        assertThat(saturated.mightHold("PORTAL", "never-sent")).as("a false positive").isTrue();

        assertThat(log.findRepeat("PORTAL", "never-sent")).isEmpty();
        log.record("PORTAL", "sent", "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>");
        assertThat(log.findRepeat("PORTAL", "sent")).hasValueSatisfying(e -> {
            assertThat(e.digest()).isEqualTo(DIGEST);
            assertThat(e.reply()).isEqualTo("<answer/>");
        });
    }

    @Test
    void aRecordedMessageIsFoundAsARepeatAndOnlyWhatTheFilterMayHoldIsRead() {
        MessageLog log = new MessageLog(store.db(), LoggedMessageIds.empty(1_000, BITS_PER_ENTRY, REBUILDING, RETRY)
                .filledFrom(store.db()));
        log.record("PORTAL", "recorded", "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>");
        // a row the filter was never told of (only MessageLog.record writes the log): "absent" is not read
        insertBehindTheFilter("PORTAL", "written-behind");

        assertThat(log.findRepeat("PORTAL", "recorded")).isPresent();
        assertThat(log.findRepeat("PORTAL", "written-behind")).as("no read when the filter says absent").isEmpty();
        assertThat(log.find("PORTAL", "written-behind")).as("the log's own read").isPresent();
    }

    /**
     * An entry is told to the filter before its INSERT, so a check that follows a commit sees it (review66 7: the
     * test before proved only that a refused repeat finds the first answer). The row here is written behind the
     * filter, so only the refused record can have told it.
     */
    @Test
    void anEntryIsToldToTheFilterBeforeItsInsertEvenOneTheKeyRefuses() {
        LoggedMessageIds logged = LoggedMessageIds.empty(1_000, BITS_PER_ENTRY, REBUILDING, RETRY).filledFrom(store.db());
        MessageLog log = new MessageLog(store.db(), logged);
        insertBehindTheFilter("PORTAL", "once");
        assertThat(logged.mightHold("PORTAL", "once")).as("written behind the filter").isFalse();

        assertThatThrownBy(() -> log.record("PORTAL", "once", "SendMessage", "GBDFL_PERSON", DIGEST, "<other/>"))
                .isInstanceOf(Database.StoreException.class);
        assertThat(logged.mightHold("PORTAL", "once")).as("told before the INSERT the key refused").isTrue();
        assertThat(log.findRepeat("PORTAL", "once")).hasValueSatisfying(e -> assertThat(e.reply()).isNull());
    }

    /**
     * review68 3: a recording's end (what a rebuild waits for) is tied to a transaction; outside one, "at once" came
     * before the caller's rows were written (autocommit, or a read unit's connection while a query's rows are mapped),
     * so a rebuild could read the log without them. Refused now; before, both ran the action at once.
     */
    @Test
    void theEndOfARecordingIsTakenInsideATransactionOnly() {
        assertThatThrownBy(() -> store.db().whenEnded(() -> { })).as("outside any unit of work")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.db().queryOne("SELECT COUNT(*) FROM message_log", rs -> {
            store.db().whenEnded(() -> { });
            return rs.getLong(1);
        })).as("inside a read unit").isInstanceOf(IllegalStateException.class);
        List<String> ended = new java.util.ArrayList<>();
        store.db().inTransaction(() -> {
            store.db().whenEnded(() -> ended.add("ended"));
            assertThat(ended).as("not before the transaction ends").isEmpty();
            return null;
        });
        assertThat(ended).containsExactly("ended");
    }

    /**
     * review69 1: a record refused outside a transaction (a row mapper that records) ends its recording, so its writer
     * does not hold up every later rebuild for its whole wait (before: the rebuild was given up, 0 rebuilds).
     */
    @Test
    void aRecordRefusedOutsideATransactionHoldsUpNoLaterRebuild() throws InterruptedException {
        LoggedMessageIds logged = LoggedMessageIds.empty(100, 10,
                new LoggedMessageIds.Rebuilding(1, Duration.ofSeconds(2)), RETRY).filledFrom(store.db());
        MessageLog log = new MessageLog(store.db(), logged);
        assertThatThrownBy(() -> store.db().queryOne("SELECT COUNT(*) FROM message_log", rs -> {
            log.record("PORTAL", "in-a-read", "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>");
            return rs.getLong(1);
        })).hasStackTraceContaining("whenEnded outside a transaction");
        log.record("PORTAL", "afterwards", "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>");

        Thread rebuild = logged.rebuildingFrom(store.db()).orElseThrow();
        rebuild.join(20_000);
        assertThat(logged.rebuilds()).as("rebuilt: the refused record's writer ended").isEqualTo(1);
    }

    /** Past the entries it is sized for, the filter says so once (review66 1: its gain would fade unseen). */
    @Test
    void aFilterPastItsCapacitySaysSoOnce() {
        LoggedMessageIds logged = LoggedMessageIds.empty(1_000, BITS_PER_ENTRY, REBUILDING, RETRY).filledFrom(store.db());
        try (LogLines log = new LogLines()) {
            String sized = "more than the 1004 entries it is sized for";
            IntStream.range(0, 900).forEach(i -> recorded(logged, "PORTAL", "m-" + i));
            assertThat(log.containing(sized)).as("within its capacity").isEmpty();
            IntStream.range(900, 3_000).forEach(i -> recorded(logged, "PORTAL", "m-" + i));
            assertThat(log.warningsContaining(sized)).singleElement().asString()
                    .contains("qaqpa.message-log.filter-entries");
            assertThat(log.containing(sized)).as("said once, a WARN").hasSize(1);
        }
    }

    /**
     * durable66: a full log takes minutes to read back (docs/performance.md, session 66), so the start fills the filter
     * while the gateway serves. Until the fill is done no check may be "absent": each reads the log. Seen failing with
     * the filter filled from its making (main's empty filter, sure of "absent" before the read-back).
     */
    @Test
    void untilTheFillIsDoneEveryCheckReadsTheLogAndOnceDoneAbsentIsSure() throws InterruptedException {
        insertBehindTheFilter("PORTAL", "logged-before-the-start");
        LoggedMessageIds logged = LoggedMessageIds.empty(1_000, BITS_PER_ENTRY, REBUILDING, RETRY);
        MessageLog log = new MessageLog(store.db(), logged);
        assertThat(log.findRepeat("PORTAL", "logged-before-the-start")).as("a repeat checked before the fill")
                .isPresent();
        log.record("PORTAL", "recorded-during-the-fill", "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>");

        logged.fillingFrom(store.db()).join();
        insertBehindTheFilter("PORTAL", "written-behind-after-the-fill");
        assertThat(log.findRepeat("PORTAL", "logged-before-the-start")).as("read back by the fill").isPresent();
        assertThat(log.findRepeat("PORTAL", "recorded-during-the-fill")).as("added by its record").isPresent();
        assertThat(log.findRepeat("PORTAL", "written-behind-after-the-fill")).as("absent once filled: not read")
                .isEmpty();
    }

    @Test
    void aFilterThatCannotBeMadeIsRefusedNamingItsSettings() {
        assertThatThrownBy(() -> LoggedMessageIds.empty(0, BITS_PER_ENTRY, REBUILDING, RETRY))
                .hasMessageContaining("qaqpa.message-log.filter-entries");
        assertThatThrownBy(() -> LoggedMessageIds.empty(Integer.MAX_VALUE + 1L, 1, REBUILDING, RETRY))
                .hasMessageContaining("too large");
        // review65b: 2,000,000,000 entries at 10 bits is 2.3 GiB of words; refused naming the settings, not an OOM
        long pastTheHeap = Runtime.getRuntime().maxMemory() / 8 * Byte.SIZE / BITS_PER_ENTRY * 2;
        assertThatThrownBy(() -> LoggedMessageIds.empty(Math.min(pastTheHeap, Integer.MAX_VALUE), BITS_PER_ENTRY,
                REBUILDING, RETRY))
                .hasMessageContaining("qaqpa.message-log.filter-entries x filter-bits-per-entry");
    }

    /**
     * review66 8b: bits an entry are hash rounds of every check (1000 made 693); past 32 the start is refused naming
     * the key, before anything is made in the data directory (GatewayAssembly reads it with the other settings first).
     */
    @Test
    void moreBitsAnEntryThanTheBoundAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> LoggedMessageIds.empty(1_000, 33, REBUILDING, RETRY))
                .hasMessageContaining("qaqpa.message-log.filter-bits-per-entry = 33 is more than 32");
        assertThatThrownBy(() -> LoggedMessageIds.requireSettings(Settings.standalone(Map.of(
                "qaqpa.message-log.filter-bits-per-entry", "1000"))))
                .hasMessageContaining("qaqpa.message-log.filter-bits-per-entry = 1000 is more than 32");
        assertThatThrownBy(() -> LoggedMessageIds.requireSettings(Settings.standalone(Map.of(
                "qaqpa.message-log.filter-rebuild-share", "0"))))
                .hasMessageContaining("qaqpa.message-log.filter-rebuild-share");
        assertThat(LoggedMessageIds.empty(1_000, 32, REBUILDING, RETRY).capacity()).isEqualTo(1_000);
        LoggedMessageIds.requireSettings(Settings.standalone(Map.of()));
    }

    /**
     * durable67: a rebuild reads the whole log, so it is made only when it frees enough: past the share of the capacity
     * (75%) and with at least a quarter of what the filter holds deleted since its fill.
     */
    @Test
    void aRetentionRunRebuildsTheFilterOnlyWhenItIsNearItsCapacityAndAQuarterOfItIsDeleted() {
        LoggedMessageIds logged = LoggedMessageIds.empty(1_000, BITS_PER_ENTRY, REBUILDING, RETRY).filledFrom(store.db());
        IntStream.range(0, 100).forEach(i -> recorded(logged, "PORTAL", "m-" + i));
        logged.deleted(100);
        assertThat(logged.rebuildIfWorthIt(store.db())).as("all deleted, far below its capacity").isEmpty();

        IntStream.range(100, 800).forEach(i -> recorded(logged, "PORTAL", "m-" + i));
        assertThat(logged.rebuildIfWorthIt(store.db())).as("past 75%, 100 of 800 deleted").isEmpty();
        logged.deleted(100);
        assertThat(logged.rebuildIfWorthIt(store.db())).as("past 75%, 200 of 800 deleted").isPresent();
    }

    /**
     * durable67 (review66 1): the entries retention deleted leave the filter when it is rebuilt after the run, while
     * the kept ones stay held, so does one recorded during the rebuild, and one whose transaction was open when the rebuild
     * began and committed while it waited (the rebuild reads the log only once it ended: read earlier, the log lacked
     * it, and it was told to the old filter only). The filter answering meanwhile is the old one, holding all.
     */
    @Test
    void aRebuildAfterRetentionDropsTheDeletedEntriesAndKeepsEveryOtherOne() throws Exception {
        LoggedMessageIds logged = LoggedMessageIds.empty(100, BITS_PER_ENTRY,
                new LoggedMessageIds.Rebuilding(1, Duration.ofSeconds(30)), RETRY).filledFrom(store.db());
        MessageLog log = new MessageLog(store.db(), logged);
        List<String> old = IntStream.range(0, 60).mapToObj(i -> "old-" + i).toList();
        old.forEach(id -> log.record("PORTAL", id, "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>"));
        store.db().update("UPDATE message_log SET received_at = ?", OffsetDateTime.now().minusDays(8));
        log.record("PORTAL", "kept", "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>");
        LoggedMessageIds.Recording inFlight = logged.begin("PORTAL", "in-flight"); // its transaction still open
        GatewayMetrics metrics = new GatewayMetrics(Set.of(), new Outbox(store.db()));
        metrics.watchMessageLogFilter(logged);

        Retention.Purged purged = new Retention(log, new ProviderQueue(store.db()), new Outbox(store.db()),
                new RevocationMarkTable(store.db()), new Retention.Windows(Duration.ofDays(7), Duration.ofDays(7),
                Duration.ofDays(7), null, Duration.ofDays(7)), 500, 10, RetentionClock.of(store.db(),
                java.time.Clock.systemUTC()), (table, rows) -> { }).purge(java.time.Instant.now());
        assertThat(purged.messageLog()).isEqualTo(old.size());
        LoggedMessageIds.Recording during = logged.begin("PORTAL", "during-the-rebuild");
        Thread.sleep(200);
        assertThat(logged.rebuilds()).as("waiting for the transaction open when it began").isZero();
        assertThat(old.stream().filter(id -> !logged.mightHold("PORTAL", id))).as("the old filter answers").isEmpty();
        insertBehindTheFilter("PORTAL", "in-flight"); // its commit
        inFlight.committed();
        inFlight.ended();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (logged.rebuilds() == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(logged.rebuilds()).as("rebuilds").isEqualTo(1);
        insertBehindTheFilter("PORTAL", "during-the-rebuild"); // committed after the rebuild's read
        during.committed();
        during.ended();

        assertThat(old.stream().filter(id -> logged.mightHold("PORTAL", id))).as("deleted, still held").isEmpty();
        assertThat(logged.mightHold("PORTAL", "kept")).as("kept").isTrue();
        assertThat(log.findRepeat("PORTAL", "in-flight")).as("open when the rebuild began").isPresent();
        assertThat(log.findRepeat("PORTAL", "during-the-rebuild")).as("recorded during the rebuild").isPresent();
        assertThat(metrics.scrape()).contains("qaqpa_message_log_filter_rebuilds_total 1.0")
                .contains("qaqpa_message_log_filter_entries 3.0").contains("qaqpa_message_log_filter_capacity 102.0");
    }

    /**
     * review67 4: every entry recorded while the start's fill reads the log is held once the fill is done (each is
     * told to the filter as its record begins, above the newest entry the fill reads up to); the fill case above
     * records before the fill starts, so the fill itself reads its entry. 30,000 entries keep the fill reading while
     * records are made; under the mutation "a record made before the first fill is done is not told to the filter
     * being filled" this failed ("during-0" absent; review67's scratch FilterFillRacesTest).
     */
    @Test
    void everyEntryRecordedWhileTheFillReadsIsHeldOnceItIsDone() throws InterruptedException {
        int before = 30_000;
        store.db().inTransaction(() -> {
            IntStream.range(0, before).forEach(i -> insertBehindTheFilter("PORTAL", "m-" + i));
            return null;
        });
        LoggedMessageIds logged = LoggedMessageIds.empty(100_000, BITS_PER_ENTRY, REBUILDING, RETRY);
        MessageLog log = new MessageLog(store.db(), logged);
        Thread fill = logged.fillingFrom(store.db());
        List<String> recorded = new java.util.ArrayList<>();
        int whileItRan = 0;
        for (int i = 0; fill.isAlive() || i < 200; i++) {
            boolean running = fill.isAlive();
            log.record("PORTAL", "during-" + i, "SendMessage", "GBDFL_PERSON", DIGEST, "<a/>");
            recorded.add("during-" + i);
            whileItRan += running ? 1 : 0;
        }
        fill.join();

        assertThat(whileItRan).as("recorded while the fill ran").isPositive();
        assertThat(recorded.stream().filter(id -> !logged.mightHold("PORTAL", id))).as("recorded during the fill,"
                + " absent").isEmpty();
        assertThat(IntStream.range(0, before).filter(i -> !logged.mightHold("PORTAL", "m-" + i)))
                .as("logged before the fill, absent").isEmpty();
        assertThat(logged.mightHold("PORTAL", "never")).as("a filled filter's absent").isFalse();
    }

    /**
     * review67 6b: a start's fill that fails is tried again after a pause (qaqpa.message-log.filter-fill-retry, each
     * pause twice the one before up to filter-fill-retry-max), each failure a WARN with its cause, so the filter is
     * filled once the log can be read, without a restart; every check is "maybe" meanwhile. The failure is the
     * database's own: the fill's read names a column the log lacks for a while (renamed), while the newest entry's read,
     * made before the fill's thread starts, does not. Seen failing before the retry: still "maybe" after 10 s.
     */
    @Test
    void aFillThatFailedIsTriedAgainAndFillsTheFilterWithoutARestart() throws InterruptedException {
        insertBehindTheFilter("PORTAL", "logged");
        LoggedMessageIds logged = LoggedMessageIds.fromSettings(Settings.standalone(Map.of(
                "qaqpa.message-log.filter-entries", "1000", "qaqpa.message-log.filter-fill-retry", "PT0.05S",
                "qaqpa.message-log.filter-fill-retry-max", "PT0.2S")));
        Thread fill;
        List<String> failures;
        try (LogLines log = new LogLines()) {
            store.db().update("ALTER TABLE message_log ALTER COLUMN message_id RENAME TO message_id_away");
            try {
                fill = logged.fillingFrom(store.db());
                await("the fill's failure said", () -> !log.warningsContaining("could not be filled").isEmpty());
                assertThat(logged.mightHold("PORTAL", "never")).as("maybe while the log cannot be read").isTrue();
            } finally {
                store.db().update("ALTER TABLE message_log ALTER COLUMN message_id_away RENAME TO message_id");
            }
            await("filled once the log can be read", () -> !logged.mightHold("PORTAL", "never"));
            failures = log.warningsContaining("could not be filled");
        }
        fill.join(10_000);
        assertThat(fill.isAlive()).as("the fill's thread ended once it filled the filter").isFalse();
        assertThat(logged.mightHold("PORTAL", "logged")).as("read back by the retried fill").isTrue();
        assertThat(failures).isNotEmpty().allSatisfy(line -> assertThat(line).contains("MESSAGE_ID")
                .contains("qaqpa.message-log.filter-fill-retry"));
        assertThat(logged.entries()).as("counted once, however often it was read").isEqualTo(1.0);
        GatewayMetrics metrics = new GatewayMetrics(Set.of(), new Outbox(store.db()));
        metrics.watchMessageLogFilter(logged);
        assertThat(metrics.scrape()).containsPattern("qaqpa_message_log_filter_fill_failures_total [1-9]");
    }

    /**
     * durable68: a store closed while a failed fill waits to try again (here 10 minutes, the shipped longest pause) ends
     * the fill's thread at once, not after the pause (the leak guards name a "message-log-filter" thread left running);
     * the filter stays "maybe". Seen failing with the pause a plain sleep: the thread still alive after 5 s.
     */
    @Test
    void aStoreClosedWhileAFailedFillWaitsEndsItsThreadAtOnce() throws InterruptedException {
        LoggedMessageIds logged = LoggedMessageIds.empty(1_000, BITS_PER_ENTRY, REBUILDING,
                new LoggedMessageIds.FillRetry(Duration.ofMinutes(10), Duration.ofMinutes(10)));
        Thread fill;
        store.db().update("ALTER TABLE message_log ALTER COLUMN message_id RENAME TO message_id_away");
        try {
            fill = logged.fillingFrom(store.db());
            await("the fill's failure counted", () -> logged.fillFailures() == 1);
        } finally {
            store.db().update("ALTER TABLE message_log ALTER COLUMN message_id_away RENAME TO message_id");
        }
        logged.stopFilling();
        fill.join(5_000);

        assertThat(fill.isAlive()).as("the fill's thread 5 s after the stop").isFalse();
        assertThat(logged.mightHold("PORTAL", "never")).as("not filled: maybe").isTrue();
    }

    /**
     * review67 6c: an entry is counted when its record commits, not when it begins: a repeat the key refuses (its
     * transaction rolled back) told the filter (a false positive) but is no entry of the log, so the capacity's WARN and
     * the rebuild's share count only the log's. Seen failing when counted at begin: 2.0.
     */
    @Test
    void onlyACommittedRecordIsCounted() {
        LoggedMessageIds logged = LoggedMessageIds.empty(1_000, BITS_PER_ENTRY, REBUILDING, RETRY).filledFrom(store.db());
        MessageLog log = new MessageLog(store.db(), logged);
        log.record("PORTAL", "once", "SendMessage", "GBDFL_PERSON", DIGEST, "<answer/>");
        assertThatThrownBy(() -> log.record("PORTAL", "once", "SendMessage", "GBDFL_PERSON", DIGEST, "<other/>"))
                .isInstanceOf(Database.StoreException.class);

        assertThat(logged.entries()).as("one committed, one refused by its key").isEqualTo(1.0);
    }

    /** A record of (sender, messageId) that committed, as {@link MessageLog#record} tells the filter of it. */
    private static void recorded(LoggedMessageIds logged, String senderId, String messageId) {
        LoggedMessageIds.Recording recording = logged.begin(senderId, messageId);
        recording.committed();
        recording.ended();
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - until).as(what + " within 10 s").isNegative();
            Thread.sleep(10);
        }
    }

    private void insertBehindTheFilter(String senderId, String messageId) {
        store.db().update("INSERT INTO message_log (sender_id, message_id, operation, service_id, digest, received_at)"
                + " VALUES (?, ?, 'SendMessage', 'GBDFL_PERSON', ?, ?)", senderId, messageId, DIGEST,
                OffsetDateTime.now());
    }
}
