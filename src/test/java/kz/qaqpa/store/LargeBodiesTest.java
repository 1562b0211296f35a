package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every body the store keeps (message chain, message log reply, provider queue, outbox, result, channel document)
 * near qaqpa.max-message-bytes, written by several transactions at once, is stored and read back as written; a body
 * up to {@link Bodies#IN_ROW_BYTES} stays in its row, a larger one is kept apart, out of HSQLDB's row cache.
 */
class LargeBodiesTest {
    /** Near qaqpa.max-message-bytes (5 MB). */
    private static final int LARGE = 5_000_000;
    private static final int AT_ONCE = 3;
    private static X509Certificate signer;
    @TempDir
    Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        signer = MessageChainTest.selfSigned();
    }

    /** Before: "Data cache size limit is reached" (HSQLDB's 10 MB row cache) for all but at most one of them. */
    @Test
    void largeBodiesOfTransactionsAtOnceAreAllStoredAndReadBackAsWritten() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), AT_ONCE)) {
            List<String> ids = atOnce(db, AT_ONCE, 1, id -> body(id, LARGE));
            for (String id : ids) {
                assertThat(readEverywhere(db, id)).allSatisfy(read -> assertThat(read).isEqualTo(body(id, LARGE)));
            }
            assertThat(inRow(db)).as("bodies kept in their rows").containsOnly(0);
        }
    }

    /**
     * Bodies just small enough to stay in their rows (characters of 3 bytes, the most HSQLDB writes for one), from
     * as many transactions as the pool has connections (each runs one statement at a time), round after round: the
     * rows they keep in the cache at once fit it.
     */
    @Test
    void bodiesAtTheLimitFromEveryConnectionAtOnceFitTheRowCache() throws Exception {
        int connections = 8; // qaqpa.db.pool-size
        int length = Bodies.IN_ROW_BYTES / 3;
        try (Database db = Database.hsqldbFile(dir.toString(), connections)) {
            List<String> ids = atOnce(db, connections, ROUNDS, id -> body(id, length, WIDEST));
            for (String id : ids) {
                assertThat(readEverywhere(db, id))
                        .allSatisfy(read -> assertThat(read).isEqualTo(body(id, length, WIDEST)));
            }
            // the message chain's copy is kept as text (store V26), three characters for each of these bytes: over
            // the limit, it goes apart
            assertThat(inRow(db)).as("bodies kept in their rows").containsExactly(connections * ROUNDS,
                    connections * ROUNDS, connections * ROUNDS, connections * ROUNDS, connections * ROUNDS, 0);
        }
    }

    private static final int ROUNDS = 5;
    /** A character HSQLDB writes in 3 bytes, the most it takes for one. */
    private static final String WIDEST = "\u20ac";

    /**
     * {@code threads} transactions at a time, {@code rounds} times, each storing its application's body in every store
     * for an application of its own; the applications' ids.
     */
    private static List<String> atOnce(Database db, int threads, int rounds,
                                       java.util.function.Function<String, String> body) throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String id = "{" + round + "-" + i + "}";
                    ids.add(id);
                    writes.add(pool.submit(() -> {
                        start.await();
                        return db.inTransaction(() -> storeEverywhere(db, id, body.apply(id)));
                    }));
                }
                start.countDown();
                for (Future<?> write : writes) {
                    write.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    /**
     * A text of up to {@link Bodies#IN_ROW_BYTES} / 3 characters (HSQLDB writes one in up to 3 bytes) stays in its row,
     * as do its bytes in the chain; a body over {@link Bodies#IN_ROW_BYTES} is kept apart, in every store.
     */
    @Test
    void bodiesUpToTheLimitStayInTheirRows() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            String small = body("{small}", Bodies.IN_ROW_BYTES / 3);
            db.inTransaction(() -> storeEverywhere(db, "{small}", small));
            assertThat(readEverywhere(db, "{small}")).allSatisfy(read -> assertThat(read).isEqualTo(small));
            assertThat(inRow(db)).as("bodies kept in their rows").containsOnly(1);

            String over = body("{over}", Bodies.IN_ROW_BYTES + 1);
            db.inTransaction(() -> storeEverywhere(db, "{over}", over));
            assertThat(readEverywhere(db, "{over}")).allSatisfy(read -> assertThat(read).isEqualTo(over));
            assertThat(inRow(db)).as("bodies kept in their rows").containsOnly(1);
        }
    }

    /** {@code length} characters, each application's own. */
    private static String body(String id, int length) {
        return body(id, length, "x");
    }

    /** {@code length} characters, each application's own, all but the id's repeating {@code filler}. */
    private static String body(String id, int length, String filler) {
        return (id + filler.repeat(length)).substring(0, length);
    }

    /** {@code body} as each store keeps one for the application {@code id}, in the current transaction. */
    private static Void storeEverywhere(Database db, String id, String body) {
        OffsetDateTime now = OffsetDateTime.now();
        Applications applications = new Applications(db);
        applications.insert(new Applications.Application(id, "S", "PORTAL", "PORTAL", "m" + id, "850315401201", null,
                "ON_DELIVERY", "ACCEPTED", "accepted", null, null, null, now, now));
        applications.setResult(id, "REFUSAL", body, false);
        new ProviderQueue(db).enqueue(new ProviderQueue.Queued("q" + id, id, "S", "EASTANA", body,
                ProviderQueue.ON_DELIVERY, "REQUEST"));
        new Outbox(db).add(id, "PORTAL", "http://portal", body);
        new ApplicationDocuments(db).add(new ApplicationDocuments.Received(id, "CONSENT", now, body));
        MessageLogs.of(db).record("PORTAL", "m" + id, "sendMessage", "S", "d".repeat(64), body);
        new MessageChain(db).append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage",
                "PORTAL", "{session}", id, signer, body.getBytes(StandardCharsets.UTF_8)));
        return null;
    }

    /** The application's body as each store reads it back. */
    private static List<String> readEverywhere(Database db, String id) {
        return List.of(
                new Applications(db).byCorrelationId(id).orElseThrow().result(),
                new ProviderQueue(db).application(id).orElseThrow(),
                new Outbox(db).forApplication(id).get(0).payload(),
                new ApplicationDocuments(db).latest(id, "CONSENT").orElseThrow().document(),
                MessageLogs.of(db).find("PORTAL", "m" + id).orElseThrow().reply(),
                new String(new MessageChain(db).ofApplication(id).get(0).message(), StandardCharsets.UTF_8));
    }

    /** For each store, how many bodies it keeps in their rows. */
    private static List<Integer> inRow(Database db) {
        return db.query("SELECT (SELECT COUNT(result) FROM application), (SELECT COUNT(message) FROM provider_queue_body),"
                + " (SELECT COUNT(payload) FROM outbox_payload), (SELECT COUNT(document) FROM application_document),"
                + " (SELECT COUNT(reply) FROM message_reply), (SELECT COUNT(message_text) FROM message_chain)"
                + " FROM (VALUES 0)", rs -> {
                    List<Integer> counts = new ArrayList<>();
                    for (int column = 1; column <= 6; column++) {
                        counts.add(rs.getInt(column));
                    }
                    return counts;
                }).get(0);
    }
}
