package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider's poll on the real store: the waiting messages in the queue's order, bodies kept apart included, each
 * handed out once within the redelivery delay, also to polls at once (session 27: the rows a poll marks come back
 * from the statement that marks them, a third statement read them before).
 */
class ProviderQueueTest {
    private static final String SERVICE = "SERVICE";
    private static final String RECEIVER = "PROVIDER";
    private static final Duration DELAY = Duration.ofMinutes(1);

    @RegisterExtension
    final FreshStore store = new FreshStore();

    @Test
    void aPollHandsOutTheWaitingMessagesInTheQueuesOrderOnceWithinTheDelay() {
        ProviderQueue queue = new ProviderQueue(store.db());
        String large = "<application>" + "x".repeat(Bodies.IN_ROW_BYTES) + "</application>";
        enqueue(queue, "m-1", "<application/>");
        enqueue(queue, "m-2", large);
        enqueue(queue, "m-3", "<update/>");

        List<ProviderQueue.Offered> offered = queue.offer(SERVICE, RECEIVER, 10, Long.MAX_VALUE, 0, DELAY);
        assertThat(offered).extracting(o -> o.message().messageId()).containsExactly("m-1", "m-2", "m-3");
        assertThat(offered.get(1).message().message()).as("a body kept apart").isEqualTo(large);
        assertThat(offered).extracting(ProviderQueue.Offered::offers).containsOnly(1);
        assertThat(queue.offer(SERVICE, RECEIVER, 10, Long.MAX_VALUE, 0, DELAY)).as("within the delay").isEmpty();
        assertThat(queue.offer(SERVICE, RECEIVER, 2, Long.MAX_VALUE, 0, Duration.ZERO))
                .extracting(o -> o.message().messageId() + " " + o.offers()).containsExactly("m-1 2", "m-2 2");
    }

    /**
     * fix41 (review40 row 4): the poll's room is counted in the bodies' UTF-8 bytes, each with what the answer wraps it
     * in: 100 Cyrillic characters take 200 bytes (an em dash 3, a surrogate pair 4), so two such bodies do not fit in
     * 300 bytes where two of 100 ASCII characters do. Before, CHAR_LENGTH counted 100 for each.
     */
    @Test
    void aPollsRoomIsCountedInUtf8BytesWithEachMessagesWrapping() {
        ProviderQueue queue = new ProviderQueue(store.db());
        String cyrillic = "ж".repeat(100);
        enqueue(queue, "k-1", cyrillic);
        enqueue(queue, "k-2", cyrillic);
        assertThat(queue.offer(SERVICE, RECEIVER, 10, 399, 0, DELAY)).as("200 + 200 bytes in 399")
                .extracting(o -> o.message().messageId()).containsExactly("k-1");
        assertThat(queue.offer(SERVICE, RECEIVER, 10, 400, 0, DELAY)).as("the second alone, 200 in 400")
                .extracting(o -> o.message().messageId()).containsExactly("k-2");

        enqueue(queue, "a-1", "a".repeat(98) + "\u2014");
        enqueue(queue, "a-2", "a".repeat(97) + "\uD83D\uDE00");
        assertThat(queue.offer(SERVICE, RECEIVER, 10, 202, 0, DELAY)).as("101 + 101 bytes in 202")
                .extracting(o -> o.message().messageId()).containsExactly("a-1", "a-2");
        assertThat(queue.offer(SERVICE, RECEIVER, 10, 202, 1, Duration.ZERO))
                .as("with a byte of wrapping each, 102 + 102 in 202").hasSize(1);
    }

    /**
     * The system clock stepped back an hour (a false NTP source) after a message was offered: it is offered again at
     * the next poll, not an hour and the delay later. Before, its offer lay an hour ahead of the clock and the
     * redelivery waited for the clock to pass it.
     */
    @Test
    void aClockSteppedBackDoesNotDelayTheRedelivery() {
        SteppedClock clock = new SteppedClock();
        ProviderQueue queue = new ProviderQueue(store.db(), clock);
        enqueue(queue, "m-1", "<application/>");
        assertThat(queue.offer(SERVICE, RECEIVER, 10, Long.MAX_VALUE, 0, DELAY)).hasSize(1);

        clock.step(Duration.ofSeconds(-30));
        assertThat(queue.offer(SERVICE, RECEIVER, 10, Long.MAX_VALUE, 0, DELAY)).as("a step within the delay").isEmpty();
        clock.step(Duration.ofHours(-1));

        assertThat(queue.offer(SERVICE, RECEIVER, 10, Long.MAX_VALUE, 0, DELAY))
                .extracting(o -> o.message().messageId() + " " + o.offers()).containsExactly("m-1 2");
        assertThat(queue.offer(SERVICE, RECEIVER, 10, Long.MAX_VALUE, 0, DELAY)).as("then within the delay again")
                .isEmpty();
    }

    @Test
    void pollsAtOnceNeverHandOutTheSameMessage() throws Exception {
        ProviderQueue queue = new ProviderQueue(store.db());
        int messages = 60;
        for (int i = 0; i < messages; i++) {
            enqueue(queue, String.format("m-%03d", i), "<application n=\"" + i + "\"/>");
        }
        ExecutorService pollers = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> polls = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                polls.add(pollers.submit(() -> {
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < messages; i++) {
                        queue.offer(SERVICE, RECEIVER, 3, Long.MAX_VALUE, 0, DELAY)
                                .forEach(o -> got.add(o.message().messageId()));
                    }
                    return got;
                }));
            }
            List<String> handedOut = new ArrayList<>();
            for (Future<List<String>> poll : polls) {
                List<String> got = poll.get();
                assertThat(got).as("one poller's, in the queue's order").isSorted();
                handedOut.addAll(got);
            }
            assertThat(handedOut).doesNotHaveDuplicates().hasSize(messages);
        } finally {
            pollers.shutdownNow();
        }
    }

    /**
     * Session 47 (store47, issue 8 (c)): HSQLDB writes every index of the queue for each message queued and again at
     * each offer, acknowledgement and closing (an UPDATE is a delete and an insert in every index), so the queue keeps
     * one index for both retention statements (V31's provider_queue_retained), each reading it by its conditions with
     * no full scan, beside the poll's and the application's; before V31 each had one of its own.
     */
    @Test
    void theQueueKeepsOnlyTheIndexesItsStatementsRead() {
        String at = "TIMESTAMP '2026-12-04 10:00:00+05:00'";
        for (String retention : List.of(ProviderQueue.DELETE_OFFERED_NO_MORE, ProviderQueue.DROP_CLOSED_BODIES)) {
            String plan = String.join(" ", store.db().query("EXPLAIN PLAN FOR " + retention.replace("LIMIT ?",
                    "LIMIT 10").replace("state <> ?", "state <> 'ON_DELIVERY'").replace("?", at), rs -> rs.getString(1)))
                    .replaceAll("\\s+", " ");
            assertThat(plan).as(retention).containsPattern("index=PROVIDER_QUEUE_RETAINED start conditions=\\[ EQUAL"
                    + " arg_left=\\[ COLUMN: PUBLIC.PROVIDER_QUEUE.MESSAGE_TYPE .* IS NULL arg_left=\\[ COLUMN:"
                    + " PUBLIC.PROVIDER_QUEUE.BODY_DROPPED_AT").doesNotContain("FULL SCAN");
        }
        assertThat(store.db().query("SELECT DISTINCT index_name FROM information_schema.system_indexinfo"
                + " WHERE table_name = 'PROVIDER_QUEUE' AND index_name NOT LIKE 'SYS_%' ORDER BY index_name",
                rs -> rs.getString(1))).containsExactly("PROVIDER_QUEUE_APPLICATION", "PROVIDER_QUEUE_PENDING",
                "PROVIDER_QUEUE_RETAINED");
    }

    private static final int IN_ROW_CHARS = 50_000;

    /**
     * perf49c (issue 8 (c)): HSQLDB writes an updated row of a CACHED table whole, to its log and through its row
     * cache, so each change of a queued application's state (its offer, the provider's acknowledgement, its result
     * taking it off the queue) wrote the application's document again: some 6 KB three times an application in the
     * benchmark's round trip. The body is now kept apart (store V32), written once when queued, as the outbox's
     * payloads are (V29). Seen failing before V32: the offer and the acknowledgement wrote 100,571 bytes here (the answer then changed no row).
     */
    @Test
    void aQueuedMessagesStateChangesDoNotWriteItsBodyAgain() throws Exception {
        ProviderQueue queue = new ProviderQueue(store.db());
        String body = "<application>" + "d".repeat(IN_ROW_CHARS) + "</application>";
        enqueue(queue, "m-1", body);

        long before = logBytes();
        assertThat(queue.offer(SERVICE, RECEIVER, 10, Long.MAX_VALUE, 0, DELAY)).singleElement()
                .satisfies(o -> assertThat(o.message().message()).isEqualTo(body));
        assertThat(queue.markState("m-1", ProviderQueue.DELIVERED)).isTrue();
        queue.markAnswered("c-m-1");
        long written = logBytes() - before;

        assertThat(written).as("log bytes written by an offer, the acknowledgement and the answer")
                .isPositive().isLessThan(IN_ROW_CHARS / 10);
        assertThat(queue.application("c-m-1")).contains(body);
        assertThat(queue.byMessageId("m-1")).hasValueSatisfying(q ->
                assertThat(q.state()).isEqualTo(ProviderQueue.DELIVERED));
    }

    /** The store's log file: every committed change is written (and synced, GroupCommit) to it before it returns. */
    private long logBytes() throws java.io.IOException {
        return java.nio.file.Files.size(store.dir().resolve("qaqpa.log"));
    }

    private static void enqueue(ProviderQueue queue, String messageId, String body) {
        queue.enqueue(new ProviderQueue.Queued(messageId, "c-" + messageId, SERVICE, RECEIVER, body,
                ProviderQueue.ON_DELIVERY, "REQUEST"));
    }
}
