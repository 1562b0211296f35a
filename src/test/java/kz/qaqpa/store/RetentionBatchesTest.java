package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retention's purge on the real store: rows past their window go, in batches of the configured size and no more
 * batches a run than configured; what is still needed stays whatever its age (queue entries still offered, the
 * applications' own queue entries, callbacks still owed and their order, stopped callbacks unless configured, message
 * log entries that hold the only copy of a request from before the message chain). Rows are made "old" by running the
 * purge a window after they were written ({@link #between}).
 */
class RetentionBatchesTest {
    private static final Duration WINDOW = Duration.ofDays(7);
    /** qaqpa.outbox.max-retry-pause's default. */
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(5);
    @RegisterExtension
    final FreshStore store = new FreshStore();
    private MessageLog log;
    private ProviderQueue queue;
    private Outbox outbox;
    private final Map<String, Integer> counted = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        log = MessageLogs.of(store.db());
        queue = new ProviderQueue(store.db());
        outbox = new Outbox(store.db());
    }

    /**
     * revstate26 (V25): the newest revocation answers' marks are kept one per kind and key, a later one in place of the
     * one before (a cRLNumber of 40 digits too: CAs may use 20 octets), and go once past their answer's nextUpdate (no
     * window of their own); the others stay.
     */
    @Test
    void revocationMarksAreKeptOncePerKeyAndGoOncePastTheirNextUpdate() {
        RevocationMarkTable marks = new RevocationMarkTable(store.db());
        String key = "a".repeat(64);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var older = new kz.qaqpa.trust.RevocationMark(java.math.BigInteger.valueOf(7), now.minusSeconds(3600), null,
                now.plusSeconds(60));
        var newer = new kz.qaqpa.trust.RevocationMark(new java.math.BigInteger("1234567890123456789012345678901234567890"),
                now.minusSeconds(60), null, now.plusSeconds(3600));
        var answer = new kz.qaqpa.trust.RevocationMark(null, now.minusSeconds(120), now.minusSeconds(60),
                now.plusSeconds(1800));
        marks.keep("crl", key, older);
        marks.keep("crl", key, newer);
        marks.keep("ocsp", key, answer);
        assertThat(marks.find("crl", key)).contains(newer);
        assertThat(marks.find("ocsp", key)).contains(answer);
        assertThat(marks.find("crl", "b".repeat(64))).isEmpty();

        Retention.Purged purged = retention(10, 10, null).purge(now.plusSeconds(1801));

        assertThat(purged.revocationMarks()).isEqualTo(1);
        assertThat(counted).containsEntry("revocation_mark", 1);
        assertThat(marks.find("ocsp", key)).as("past its nextUpdate").isEmpty();
        assertThat(marks.find("crl", key)).contains(newer);
    }

    @Test
    void messageLogEntriesPastTheWindowGoInBatchesExceptTheOnlyCopiesOfOldRequests() throws Exception {
        for (int i = 0; i < 7; i++) {
            log.record("PORTAL", "old-" + i, "sendMessage", "S", "d".repeat(64), "<reply/>");
        }
        store.db().update("INSERT INTO message_log (sender_id, message_id, operation, digest, received_at, request)"
                + " VALUES ('PORTAL', 'before-v3', 'sendMessage', ?, ?, ?)", "d".repeat(64),
                OffsetDateTime.now().minusYears(2), new byte[] {1, 2, 3});
        Instant cut = between();
        log.record("PORTAL", "recent", "sendMessage", "S", "d".repeat(64), "<reply/>");

        Retention.Purged purged = retention(3, 10, null).purge(cut.plus(WINDOW));

        assertThat(purged.messageLog()).isEqualTo(7);
        assertThat(log.find("PORTAL", "old-0")).isEmpty();
        assertThat(log.find("PORTAL", "old-6")).isEmpty();
        assertThat(log.find("PORTAL", "recent")).hasValueSatisfying(e -> assertThat(e.reply()).isEqualTo("<reply/>"));
        assertThat(log.find("PORTAL", "before-v3")).as("the only copy of its request").isPresent();
        assertThat(store.db().query("SELECT COUNT(*) FROM message_reply", rs -> rs.getInt(1)))
                .as("the deleted entries' replies went with them (store V24)").containsExactly(1);
        assertThat(counted).containsExactly(Map.entry("message_log", 7));
    }

    @Test
    void aRunDeletesAtMostItsBatchesAndTheNextRunGoesOn() throws Exception {
        for (int i = 0; i < 7; i++) {
            log.record("PORTAL", "old-" + i, "sendMessage", "S", "d".repeat(64), "<reply/>");
        }
        Instant cut = between();
        Retention retention = retention(2, 2, null);

        assertThat(retention.purge(cut.plus(WINDOW)).messageLog()).isEqualTo(4);
        assertThat(retention.purge(cut.plus(WINDOW)).messageLog()).isEqualTo(3);
        assertThat(retention.purge(cut.plus(WINDOW)).total()).isZero();
    }

    @Test
    void answeredConsentsGoButEntriesStillOfferedAndTheApplicationsOwnStay() throws Exception {
        queued("application", "REQUEST");
        queue.markAnswered("app-application");
        queued("acknowledged", "UPDATE");
        queue.markState("acknowledged", ProviderQueue.DELIVERED);
        queued("refused", "UPDATE");
        queue.markState("refused", ProviderQueue.NOT_DELIVERED);
        queued("waiting", "UPDATE");
        queued("closed", "UPDATE");
        queue.close("app-closed");
        Instant cut = between();
        queued("recent", "UPDATE");
        queue.markState("recent", ProviderQueue.DELIVERED);

        assertThat(retention(10, 10, null).purge(cut.plus(WINDOW)).providerQueue()).isEqualTo(3);

        assertThat(queue.byMessageId("acknowledged")).isEmpty();
        assertThat(queue.byMessageId("refused")).isEmpty();
        assertThat(queue.byMessageId("closed")).isEmpty();
        assertThat(queue.byMessageId("waiting")).hasValueSatisfying(q -> assertThat(q.state())
                .isEqualTo(ProviderQueue.ON_DELIVERY));
        assertThat(queue.byMessageId("recent")).isPresent();
        assertThat(queue.receiverOf("app-application")).contains("EASTANA");
        assertThat(queue.application("app-application")).contains("<application/>");
        assertThat(store.db().query("SELECT message_id FROM provider_queue_body ORDER BY message_id",
                rs -> rs.getString(1))).as("the bodies kept apart (store V32) go with their rows")
                .containsExactly("application", "recent", "waiting");
    }

    @Test
    void deliveredCallbacksGoAndWhatIsOwedKeepsItsOrder() throws Exception {
        outbox.add("app-1", "PORTAL", "http://portal", "first");
        outbox.add("app-1", "PORTAL", "http://portal", "second");
        outbox.add("app-1", "PORTAL", "http://portal", "third");
        outbox.delivered(due("first"));
        Instant cut = between();
        outbox.add("app-2", "PORTAL", "http://portal", "recent");
        outbox.delivered(due("recent"));

        assertThat(retention(10, 10, null).purge(cut.plus(WINDOW)).outboxDelivered()).isEqualTo(1);

        assertThat(payloads(outbox.forApplication("app-1"))).containsExactly("second", "third");
        assertThat(payloads(outbox.forApplication("app-2"))).containsExactly("recent");
        assertThat(bodies()).as("the deleted call's body went with it").isEqualTo(3);
        assertThat(bodiesWithoutTheirCall()).isZero();
        outbox.delivered(due("second"));
        assertThat(payloads(outbox.due(50, Set.of(), LONGEST_PAUSE))).containsExactly("third");
    }

    @Test
    void stoppedCallbacksStayUntilRestartedUnlessTheirOwnWindowIsSet() throws Exception {
        outbox.add("app-1", "PORTAL", "http://portal", "given up");
        outbox.stop(due("given up"), "portal down");
        Instant cut = between();

        assertThat(retention(10, 10, null).purge(cut.plus(Duration.ofDays(3650))).total()).isZero();
        assertThat(outbox.stopped(Outbox.StoppedKey.FIRST, 10)).extracting(Outbox.Stopped::correlationId).containsExactly("app-1");

        assertThat(retention(10, 10, Duration.ofDays(90)).purge(cut.plus(Duration.ofDays(90))).outboxStopped())
                .isEqualTo(1);
        assertThat(outbox.stopped(Outbox.StoppedKey.FIRST, 10)).isEmpty();
        assertThat(outbox.forApplication("app-1")).isEmpty();
        assertThat(bodies()).isZero();
    }

    @Test
    void theReplayWindowMustOutlastEveryFreshRepeat() {
        Duration skew = Duration.ofMinutes(15);
        Retention.Windows windows = new Retention.Windows(Duration.ofMinutes(30), WINDOW, WINDOW, null, WINDOW);
        assertThat(windows.requireStaleRepeatsAfter(skew, "window", "skew")).isSameAs(windows);
        assertThatThrownBy(() -> new Retention.Windows(Duration.ofMinutes(29), WINDOW, WINDOW, null, WINDOW)
                .requireStaleRepeatsAfter(skew, "qaqpa.retention.message-log", "qaqpa.message-date.max-skew"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.retention.message-log").hasMessageContaining("twice");
    }

    private Retention retention(int batch, int maxBatches, Duration stopped) {
        return new Retention(log, queue, outbox, new RevocationMarkTable(store.db()),
                new Retention.Windows(WINDOW, WINDOW, WINDOW, stopped, WINDOW), batch, maxBatches,
                RetentionClock.of(store.db(), Clock.systemUTC()),
                (table, rows) -> counted.merge(table, rows, Integer::sum));
    }

    /** An instant after every row written so far and before every row written next. */
    private static Instant between() throws InterruptedException {
        Thread.sleep(5);
        Instant cut = Instant.now();
        Thread.sleep(5);
        return cut;
    }

    private void queued(String messageId, String type) {
        queue.enqueue(new ProviderQueue.Queued(messageId, "app-" + messageId, "S", "EASTANA", "<application/>",
                ProviderQueue.ON_DELIVERY, type));
    }

    private Outbox.Pending due(String payload) {
        return outbox.due(50, Set.of(), LONGEST_PAUSE).stream().filter(p -> payload.equals(outbox.payload(p)))
                .findFirst().orElseThrow();
    }

    /** The calls' bodies, as the delivery reads them (a due call comes without its body, store V29). */
    private List<String> payloads(List<Outbox.Pending> entries) {
        return entries.stream().map(outbox::payload).toList();
    }

    /** Bodies kept without their call: none, since deleting a call deletes its body (V29's foreign key cascades). */
    private long bodiesWithoutTheirCall() {
        return store.db().queryOne("SELECT COUNT(*) FROM outbox_payload p WHERE NOT EXISTS (SELECT 1 FROM outbox o"
                + " WHERE o.id = p.id)", rs -> rs.getLong(1)).orElseThrow();
    }

    private long bodies() {
        return store.db().queryOne("SELECT COUNT(*) FROM outbox_payload", rs -> rs.getLong(1)).orElseThrow();
    }
}
