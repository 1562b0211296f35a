package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import kz.qaqpa.TestResources;
import kz.qaqpa.trust.Sha256;
import kz.qaqpa.xml.SecureXml;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the release before Flyway (version 1 of the schema, executed as a script at every start, no
 * history table) is upgraded in place when the gateway opens it: its data stays (bodies moved from LOBs into their
 * rows included) and the message chain is added.
 */
class StoreUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void aVersion1StoreWithDataIsUpgradedAndKeepsItsData() throws Exception {
        String url = "jdbc:hsqldb:file:" + dir + "/qaqpa;hsqldb.write_delay=false;hsqldb.tx=mvcc";
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
            for (String statement : version1().split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            s.execute("INSERT INTO application (correlation_id, service_id, channel, sender_id, message_id,"
                    + " applicant_iin, message_state, status_code, status_message, created_at, updated_at) VALUES"
                    + " ('{old}', 'ASTANA_KINDERGARTEN_2012', 'PORTAL', 'PORTAL', 'm-1', '850315401201',"
                    + " 'ON_DELIVERY', 'ACCEPTED', 'accepted', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO message_log (sender_id, message_id, operation, digest, received_at, request, reply)"
                    + " VALUES ('PORTAL', 'm-1', 'sendMessage', '" + "a".repeat(64) + "', CURRENT_TIMESTAMP,"
                    + " X'3c612f3e', '<answer>\u049b</answer>')");
            s.execute("INSERT INTO provider_queue (message_id, correlation_id, service_id, receiver_id, message, state,"
                    + " enqueued_at) VALUES ('q-1', '{old}', 'ASTANA_KINDERGARTEN_2012', 'EASTANA', '<application/>',"
                    + " 'ON_DELIVERY', CURRENT_TIMESTAMP)");
            for (String payload : List.of("delivered", "owed first", "owed next")) {
                s.execute("INSERT INTO outbox (correlation_id, target_sender, url, payload, next_attempt_at, delivered_at)"
                        + " VALUES ('{old}', 'PORTAL', 'http://portal', '" + payload + "', CURRENT_TIMESTAMP, "
                        + ("delivered".equals(payload) ? "CURRENT_TIMESTAMP" : "NULL") + ")");
            }
            s.execute("SHUTDOWN");
        }

        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            assertThat(new Applications(db).byCorrelationId("{old}")).hasValueSatisfying(a ->
                    assertThat(a.statusCode()).isEqualTo("ACCEPTED"));
            // version 4 keeps the bodies in their rows: the former LOB values are carried over byte for byte
            assertThat(requestOf(db, "m-1")).isEqualTo("<a/>".getBytes(StandardCharsets.US_ASCII));
            assertThat(MessageLogs.of(db).find("PORTAL", "m-1")).hasValueSatisfying(e ->
                    assertThat(e.reply()).isEqualTo("<answer>\u049b</answer>"));
            // version 7: new entries leave the request to the message chain
            MessageLogs.of(db).record("PORTAL", "m-2", "sendMessage", null, "b".repeat(64), "<answer/>");
            assertThat(requestOf(db, "m-2")).isNull();
            assertThat(MessageLogs.of(db).find("PORTAL", "m-2")).hasValueSatisfying(e ->
                    assertThat(e.reply()).isEqualTo("<answer/>"));
            assertThat(db.query("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = 1 ORDER BY \"installed_rank\"",
                    rs -> rs.getString(1)))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36");
            // version 23: an application stored before it names no applicant's БИН (its history notices the ИИН only)
            assertThat(new Applications(db).byCorrelationId("{old}")).hasValueSatisfying(a ->
                    assertThat(a.applicantBin()).isNull());
            // version 19: the start's in-flight check finds the application not yet final, waiting for its result
            assertThat(new Applications(db).inFlight()).singleElement().satisfies(a -> {
                assertThat(a.example()).isEqualTo("{old}");
                assertThat(a.awaits()).isEqualTo(Applications.Awaits.RESULT);
            });
            // version 34: found by its sender's messageId in application_by_message
            assertThat(new Applications(db).byMessage("PORTAL", "m-1")).map(Applications.Application::correlationId)
                    .contains("{old}");
            // made with write_delay=false, it now writes commits for group commit (GroupCommit syncs them)
            assertThat(db.queryOne("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                    + " WHERE PROPERTY_NAME = 'hsqldb.write_delay_millis'", rs -> rs.getInt(1)))
                    .hasValueSatisfying(ms -> assertThat(ms).isPositive());
            // version 17: a queued application keeps its body and is offered, counted from its first offer
            assertThat(new ProviderQueue(db).offer("ASTANA_KINDERGARTEN_2012", "EASTANA", 10, 1000, 0,
                    java.time.Duration.ofMinutes(1))).singleElement().satisfies(o -> {
                        assertThat(o.message().message()).isEqualTo("<application/>");
                        assertThat(o.offers()).isEqualTo(1);
                    });
            assertThat(new ProviderQueue(db).application("{old}")).contains("<application/>");
            // version 28: a message queued before it counts three bytes a character (an upper bound: the store has no
            // exact UTF-8 length), so a poll bounded in bytes is never overfilled by it
            assertThat(db.queryOne("SELECT body_bytes FROM provider_queue WHERE message_id = 'q-1'", rs -> rs.getLong(1)))
                    .contains(3L * "<application/>".length());
            // version 6 marks the oldest open call of each application and recipient: the one due
            Outbox outbox = new Outbox(db);
            assertThat(outbox.due(10, Set.of(), java.time.Duration.ofMinutes(5))).extracting(outbox::payload)
                    .containsExactly("owed first");
            MessageChain chain = new MessageChain(db);
            assertThat(chain.head()).isEqualTo(new MessageChain.Head(0, ChainRecord.GENESIS));
            // version 16: nothing archived, no seal noted
            assertThat(chain.archivedSeal()).isEmpty();
        }
        // opening again changes nothing
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            assertThat(db.query("SELECT COUNT(*) FROM \"flyway_schema_history\"", rs -> rs.getInt(1)))
                    .containsExactly(36);
            assertThat(new Applications(db).byCorrelationId("{old}")).isPresent();
        }
    }

    @Test
    void aFreshStoreGetsEveryVersion() {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            assertThat(db.query("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = 1 ORDER BY \"installed_rank\"",
                    rs -> rs.getString(1)))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36");
        }
    }

    /**
     * Session 41: Flyway ran every migration out of order, so every start, a fresh store's included, logged its
     * "outOfOrder mode is active" warning. Out of order is now only for a store that lacks a version below its own
     * (the test below); a fresh store and a store being brought up in order log no such warning, nor HSQLDB's "no data"
     * for a backfill that touched no row (logback.xml quiets Flyway's script executor below ERROR; ten such lines before).
     */
    @Test
    void aFreshStoreAndAnInOrderUpgradeLogNoFlywayWarning() throws Exception {
        ch.qos.logback.classic.Logger flyway = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("org.flywaydb");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.setContext(flyway.getLoggerContext());
        lines.start();
        flyway.addAppender(lines);
        try {
            try (Database db = Database.hsqldbFile(dir.resolve("fresh").toString(), 2)) {
                assertThat(db.query("SELECT COUNT(*) FROM \"flyway_schema_history\"", rs -> rs.getInt(1)))
                        .isNotEmpty();
            }
            String older = OlderStores.atVersion(dir.resolve("older").toString(), "20");
            try (Connection c = DriverManager.getConnection(older, "SA", ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            try (Database db = Database.hsqldbFile(dir.resolve("older").toString(), 2)) {
                assertThat(db.query("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = 1",
                        rs -> rs.getString(1))).contains("21", "27");
            }
        } finally {
            flyway.detachAppender(lines);
        }
        assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .as("Flyway's lines").isNotEmpty().noneMatch(line -> line.contains("outOfOrder"));
        assertThat(lines.list).filteredOn(line -> line.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .as("Flyway's warnings (HSQLDB's \"no data\" for a backfill of no rows, before session 41)").isEmpty();
    }

    /**
     * Version 13 (the message log's archived head) came in after versions 14 and 15, which other branches merged first:
     * a store made in between, at 15 without 13, gets 13 when the gateway opens it (Flyway's out-of-order migration),
     * instead of refusing to start.
     */
    @Test
    void aStoreMadeBeforeVersion13MergedGetsIt() throws Exception {
        String url = OlderStores.atVersion(dir.toString(), "15");
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE message_chain_archived");
            s.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '13'");
            s.execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            assertThat(db.query("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = 1",
                    rs -> rs.getString(1))).contains("13", "14", "15");
            assertThat(new MessageChain(db).archived()).isEqualTo(new MessageChain.Head(0, ChainRecord.GENESIS));
        }
    }

    /**
     * Version 21: a due time a term extension set is kept with its step (step_plan.extension). Before it, the start's
     * replan knew an extension only by its history step's "-extension" suffix and kept such a plan whole; the plans
     * extended then are marked so (their open rows 'kept'), so that the replan keeps them as before instead of making
     * them again from the norms and losing the extension. A plan never extended, and the rows already ended, get no mark.
     */
    @Test
    void plansExtendedBeforeVersion21AreKeptAsTheyWere() throws Exception {
        String url = OlderStores.atVersion(dir.toString(), "20");
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
            for (String app : List.of("{extended}", "{plain}")) {
                s.execute("INSERT INTO step_plan (correlation_id, seq, step_id, norm, due_at, ended_at) VALUES"
                        + " ('" + app + "', 0, 'action-4', '2 minutes', TIMESTAMP '2026-03-20 19:32:00+05:00',"
                        + " TIMESTAMP '2026-03-20 19:31:00+05:00'), ('" + app + "', 1, 'action-6', '30 calendar-days',"
                        + " TIMESTAMP '2026-05-04 00:00:00+05:00', NULL), ('" + app + "', 2, 'service-term', NULL,"
                        + " TIMESTAMP '2026-05-04 00:09:00+05:00', NULL)");
                s.execute("INSERT INTO status_history (correlation_id, step_id, description, started_at) VALUES ('"
                        + app + "', 'action-4', 'registered', TIMESTAMP '2026-03-20 19:31:00+05:00')");
            }
            s.execute("INSERT INTO status_history (correlation_id, step_id, description, started_at) VALUES"
                    + " ('{extended}', 'action-6-extension', 'extended', TIMESTAMP '2026-03-21 10:00:00+05:00')");
            s.execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            StepPlans plans = new StepPlans(db);
            assertThat(plans.of("{extended}")).extracting(StepPlans.Planned::stepId, StepPlans.Planned::extension)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("action-4", null),
                            org.assertj.core.groups.Tuple.tuple("action-6", "kept"),
                            org.assertj.core.groups.Tuple.tuple("service-term", "kept"));
            assertThat(plans.of("{plain}")).extracting(StepPlans.Planned::extension).containsOnlyNulls();
        }
    }

    /**
     * Version 24: the replies a store's message log kept in its rows, inline and as LOBs, are answered from their own
     * table after the upgrade, an entry of release 0.1 without a reply stays without one, new entries take the numbers
     * after the carried ones, and deleting an entry (retention) deletes its reply.
     */
    @Test
    void repliesLoggedBeforeVersion24AreCarriedToTheirOwnTable() throws Exception {
        String large = "<answer>" + "\u049b".repeat(200_000) + "</answer>";
        String url = OlderStores.atVersion(dir.toString(), "23");
        try (Connection c = DriverManager.getConnection(url, "SA", "");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO message_log (sender_id, message_id,"
                     + " operation, digest, received_at, reply, reply_large) VALUES ('PORTAL', ?, 'sendMessage', ?,"
                     + " ?, ?, ?)")) {
            String[][] rows = {{"inline", "<answer>\u049b</answer>", null}, {"large", null, large},
                    {"none", null, null}};
            for (String[] row : rows) {
                insert.setString(1, row[0]);
                insert.setString(2, "d".repeat(64));
                insert.setObject(3, OffsetDateTime.now().minusDays(30));
                insert.setString(4, row[1]);
                insert.setString(5, row[2]);
                insert.executeUpdate();
            }
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            MessageLog log = MessageLogs.of(db);
            assertThat(log.find("PORTAL", "inline")).hasValueSatisfying(e ->
                    assertThat(e.reply()).isEqualTo("<answer>\u049b</answer>"));
            assertThat(log.find("PORTAL", "large")).hasValueSatisfying(e -> assertThat(e.reply()).isEqualTo(large));
            assertThat(log.find("PORTAL", "none")).hasValueSatisfying(e -> assertThat(e.reply()).isNull());
            log.record("PORTAL", "new", "sendMessage", null, "e".repeat(64), "<b/>");
            assertThat(log.find("PORTAL", "new")).hasValueSatisfying(e -> assertThat(e.reply()).isEqualTo("<b/>"));
            assertThat(db.query("SELECT l.message_id FROM message_log l JOIN message_reply r ON r.seq = l.seq"
                    + " ORDER BY r.seq", rs -> rs.getString(1))).hasSize(3).endsWith("new");
            assertThat(log.deleteReceivedBefore(OffsetDateTime.now().minusDays(1), 10)).isEqualTo(3);
            assertThat(db.query("SELECT l.message_id FROM message_log l JOIN message_reply r ON r.seq = l.seq",
                    rs -> rs.getString(1))).containsExactly("new");
            assertThat(db.query("SELECT COUNT(*) FROM message_reply", rs -> rs.getInt(1))).containsExactly(1);
        }
    }

    /**
     * Version 26: records a store kept with their message as a VARBINARY are read from it as before and keep verifying,
     * and the records appended after the upgrade, kept as text, chain onto them.
     */
    @Test
    void recordsLoggedBeforeVersion26KeepVerifyingWithTheOnesAfter() throws Exception {
        List<byte[]> before = List.of("<m>\u049b</m>".getBytes(StandardCharsets.UTF_8), new byte[] {0, -1, 126, 10});
        String url = OlderStores.atVersion(dir.toString(), "25");
        try (Connection c = DriverManager.getConnection(url, "SA", "");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO message_chain (seq, logged_at,"
                     + " direction, kind, signer_subject, signer_serial, certificate_sha256, message_sha256, message,"
                     + " prev_hash, hash, hash_version) VALUES (?, ?, 'IN', 'REQUEST', 's', '1', ?, ?, ?, ?, ?, ?)")) {
            String prev = ChainRecord.GENESIS;
            for (int i = 0; i < before.size(); i++) {
                ChainRecord r = new ChainRecord(i + 1, "2026-11-30T10:00:0" + i + "Z", "IN", "REQUEST", null, null,
                        null, null, "s", "1", "c".repeat(64), Sha256.hex(before.get(i)), before.get(i), prev,
                        null, null).withHash();
                insert.setLong(1, r.seq());
                insert.setString(2, r.loggedAt());
                insert.setString(3, r.certificateSha256());
                insert.setString(4, r.messageSha256());
                insert.setBytes(5, r.message());
                insert.setString(6, r.prevHash());
                insert.setString(7, r.hash());
                insert.setInt(8, r.hashVersion());
                insert.executeUpdate();
                prev = r.hash();
            }
            c.createStatement().execute("UPDATE message_chain_head SET seq = 2, hash = '" + prev + "'");
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            MessageChain chain = new MessageChain(db);
            chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL",
                    "{s}", null, MessageChainTest.selfSigned(), "<after/>".getBytes(StandardCharsets.UTF_8)));
            List<ChainRecord> records = chain.boundedPage(0, 10);
            assertThat(records).extracting(ChainRecord::message)
                    .containsExactly(before.get(0), before.get(1), "<after/>".getBytes(StandardCharsets.UTF_8));
            assertThat(chain.head()).isEqualTo(new MessageChain.Head(3, MessageChainTest.assertChained(records)));
            assertThat(db.query("SELECT message IS NOT NULL FROM message_chain ORDER BY seq", rs -> rs.getBoolean(1)))
                    .containsExactly(true, true, false);
        }
    }

    /**
     * Version 29 (outbox45): the callbacks a store at version 28 owes, has stopped and has delivered keep their bodies
     * (inline and as a LOB), order, heads and state once the bodies move to outbox_payload: the due call is the one
     * that was due, each is sent with its body, the stopped one is listed and restarted first, the next becomes due
     * after a delivery, new calls follow the carried ones, and the retention deletes a delivered call with its body.
     */
    @Test
    void callbacksOwedBeforeVersion29KeepTheirBodiesOrderAndState() throws Exception {
        String large = "<result>" + "\u049b".repeat(200_000) + "</result>";
        OffsetDateTime then = OffsetDateTime.now().minusDays(30);
        String url = OlderStores.atVersion(dir.toString(), "28");
        try (Connection c = DriverManager.getConnection(url, "SA", "");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO outbox (correlation_id, target_sender,"
                     + " url, payload, payload_large, attempts, next_attempt_at, delivered_at, stopped_at, last_error,"
                     + " head) VALUES (?, ?, 'http://callback', ?, ?, ?, ?, ?, ?, ?, ?)")) {
            // application, recipient, inline body, large body, attempts, delivered, stopped, head
            Object[][] rows = {
                {"{a}", "PORTAL", "<delivered/>", null, 1, then, null, false},
                {"{a}", "PORTAL", "<stopped/>", null, 5, null, then, false},
                {"{a}", "PORTAL", "<owed \u049b/>", null, 2, null, null, true},
                {"{a}", "PORTAL", null, large, 0, null, null, false},
                {"{b}", "CON", "<owed alone/>", null, 0, null, null, true}};
            for (Object[] row : rows) {
                insert.setString(1, (String) row[0]);
                insert.setString(2, (String) row[1]);
                insert.setString(3, (String) row[2]);
                insert.setString(4, (String) row[3]);
                insert.setInt(5, (Integer) row[4]);
                insert.setObject(6, then);
                insert.setObject(7, row[5]);
                insert.setObject(8, row[6]);
                insert.setString(9, row[6] == null ? null : "refused");
                insert.setBoolean(10, (Boolean) row[7]);
                insert.executeUpdate();
            }
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            Outbox outbox = new Outbox(db);
            java.time.Duration pause = java.time.Duration.ofMinutes(5);
            assertThat(outbox.forApplication("{a}")).extracting(Outbox.Pending::payload)
                    .containsExactly("<delivered/>", "<stopped/>", "<owed \u049b/>", large);
            assertThat(outbox.forApplication("{a}")).extracting(Outbox.Pending::attempts).containsExactly(1, 5, 2, 0);
            List<Outbox.Pending> due = outbox.due(10, Set.of(), pause);
            assertThat(due).extracting(outbox::payload).containsExactlyInAnyOrder("<owed \u049b/>", "<owed alone/>");
            assertThat(outbox.backlog()).isEqualTo(3);
            assertThat(outbox.stopped(Outbox.StoppedKey.FIRST, 10)).singleElement().satisfies(s -> {
                assertThat(s.correlationId()).isEqualTo("{a}");
                assertThat(s.lastError()).isEqualTo("refused");
            });

            Outbox.Pending owed = due.stream().filter(p -> p.correlationId().equals("{a}")).findFirst().orElseThrow();
            outbox.delivered(owed);
            assertThat(outbox.due(10, Set.of("CON"), pause)).extracting(outbox::payload).containsExactly(large);
            long stopped = outbox.stopped(Outbox.StoppedKey.FIRST, 10).get(0).id();
            assertThat(outbox.restart(stopped)).isTrue();
            assertThat(outbox.due(10, Set.of("CON"), pause)).extracting(outbox::payload).containsExactly("<stopped/>");

            outbox.add("{b}", "CON", "http://callback", "<new/>");
            assertThat(outbox.forApplication("{b}")).extracting(Outbox.Pending::payload)
                    .containsExactly("<owed alone/>", "<new/>");
            assertThat(outbox.deleteDeliveredBefore(OffsetDateTime.now().minusDays(1), 10)).isEqualTo(1);
            assertThat(outbox.forApplication("{a}")).extracting(Outbox.Pending::payload)
                    .containsExactly("<stopped/>", "<owed \u049b/>", large);
            assertThat(db.queryOne("SELECT COUNT(*) FROM outbox_payload", rs -> rs.getInt(1))).contains(5);
        }
    }

    /**
     * Version 30 (status46): the applications a store at version 29 holds, in several statuses, are dated as
     * getMessageStatus answered them until then (updated_at: the acceptance for one still ACCEPTED, the last change's
     * store time for the others), never without a date; a change after the upgrade dates the status by the
     * regulation clock's moment it is given, and the row's updated_at stays store time.
     */
    @Test
    void applicationsStoredBeforeVersion30KeepTheStatusDateTheyWereAnsweredWith() throws Exception {
        OffsetDateTime accepted = OffsetDateTime.parse("2025-11-03T09:15:00.123+05:00");
        // correlationId, status, message state, last updated
        Object[][] rows = {
            {"{accepted}", "ACCEPTED", "ON_DELIVERY", accepted},
            {"{delivered}", "DELIVERED", "DELIVERED", accepted.plusMinutes(7)},
            {"{registered}", "REGISTERED", "DELIVERED", accepted.plusHours(3)},
            {"{completed}", "COMPLETED", "DELIVERED", accepted.plusDays(12).withOffsetSameInstant(ZoneOffset.UTC)},
            {"{refused}", "NOT_DELIVERED", "NOT_DELIVERED", accepted.plusHours(1)}};
        String url = OlderStores.atVersion(dir.toString(), "29");
        try (Connection c = DriverManager.getConnection(url, "SA", "");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO application (correlation_id,"
                     + " service_id, channel, sender_id, message_id, applicant_iin, message_state, status_code,"
                     + " status_message, created_at, updated_at) VALUES (?, 'ASTANA_KINDERGARTEN_2012', 'PORTAL',"
                     + " 'PORTAL', ?, '850315401201', ?, ?, 'text', ?, ?)")) {
            for (Object[] row : rows) {
                insert.setString(1, (String) row[0]);
                insert.setString(2, "m-" + row[0]);
                insert.setString(3, (String) row[2]);
                insert.setString(4, (String) row[1]);
                insert.setObject(5, accepted);
                insert.setObject(6, row[3]);
                insert.executeUpdate();
            }
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            Applications applications = new Applications(db);
            for (Object[] row : rows) {
                assertThat(applications.byCorrelationId((String) row[0])).as((String) row[0]).hasValueSatisfying(a -> {
                    assertThat(a.statusCode()).isEqualTo(row[1]);
                    assertThat(a.statusChangedAt()).isNotNull();
                    assertThat(a.statusChangedAt().toInstant()).isEqualTo(((OffsetDateTime) row[3]).toInstant());
                });
            }
            OffsetDateTime onTheRegulationClock = OffsetDateTime.parse("2024-02-01T12:00:00+05:00");
            assertThat(applications.advanceStatus("{registered}", "DELIVERED", "IN_WORK", "in work",
                    onTheRegulationClock)).isTrue();
            assertThat(applications.byCorrelationId("{registered}")).hasValueSatisfying(a -> {
                assertThat(a.statusChangedAt().toInstant()).isEqualTo(onTheRegulationClock.toInstant());
                assertThat(a.updatedAt()).isAfter(OffsetDateTime.now().minusMinutes(5));
            });
            // a row without the date is refused: no application is ever answered without one
            assertThatThrownBy(() -> db.update("UPDATE application SET status_changed_at = NULL"
                    + " WHERE correlation_id = '{accepted}'")).isInstanceOf(RuntimeException.class);
        }
    }

    /**
     * Version 31 (store47): the callbacks a store at version 30 holds, delivered, stopped and owed, of two applications
     * and recipients, are read as before once outbox_pending and outbox_order are gone: an application's calls in
     * their order, the due heads, the backlog, the stopped page, the later deliveries a restart reports, the head
     * passed on at a delivery, and the retention's deletes.
     */
    @Test
    void callbacksOwedBeforeVersion31KeepTheirOrderStateAndRetention() throws Exception {
        OffsetDateTime then = OffsetDateTime.now().minusDays(30);
        // application, recipient, due, delivered, stopped, last error, head, body
        Object[][] rows = {
            {"{a}", "PORTAL", then, null, then, "refused", false, "<stopped/>"},
            {"{a}", "PORTAL", then, then, null, null, false, "<delivered/>"},
            {"{a}", "PORTAL", then, null, null, null, true, "<owed/>"},
            {"{a}", "PORTAL", then, null, null, null, false, "<owed next/>"},
            {"{b}", "CON", then, null, null, null, true, "<owed alone/>"}};
        writtenAtVersion30(c -> {
            for (Object[] row : rows) {
                // the call's INSERT makes the IDENTITY() its body's INSERT names
                insertEach(c, "INSERT INTO outbox (correlation_id, target_sender, url, attempts, next_attempt_at,"
                        + " delivered_at, stopped_at, last_error, head) VALUES (?, ?, 'http://callback', 1, ?, ?, ?, ?,"
                        + " ?)", java.util.Arrays.copyOf(row, 7));
                insertEach(c, "INSERT INTO outbox_payload (id, payload) VALUES (IDENTITY(), ?)", new Object[] {row[7]});
            }
        });
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            Outbox outbox = new Outbox(db);
            java.time.Duration pause = java.time.Duration.ofMinutes(5);
            assertThat(outbox.forApplication("{a}")).extracting(Outbox.Pending::payload)
                    .containsExactly("<stopped/>", "<delivered/>", "<owed/>", "<owed next/>");
            assertThat(outbox.backlog()).isEqualTo(3);
            assertThat(outbox.stoppedCount()).isEqualTo(1);
            Outbox.Stopped stopped = outbox.stopped(Outbox.StoppedKey.FIRST, 10).get(0);
            assertThat(stopped.correlationId()).isEqualTo("{a}");
            assertThat(outbox.deliveredAfter(stopped.id())).isEqualTo(1);
            List<Outbox.Pending> due = outbox.due(10, Set.of(), pause);
            assertThat(due).extracting(outbox::payload).containsExactlyInAnyOrder("<owed/>", "<owed alone/>");

            outbox.delivered(due.stream().filter(p -> p.correlationId().equals("{a}")).findFirst().orElseThrow());
            assertThat(outbox.due(10, Set.of("CON"), pause)).extracting(outbox::payload).containsExactly("<owed next/>");
            assertThat(outbox.deleteDeliveredBefore(OffsetDateTime.now().minusDays(1), 10)).isEqualTo(1);
            assertThat(outbox.deleteStoppedBefore(OffsetDateTime.now().minusDays(1), 10)).isEqualTo(1);
            assertThat(outbox.forApplication("{a}")).extracting(Outbox.Pending::payload)
                    .containsExactly("<owed/>", "<owed next/>");
            assertThat(db.query("SELECT DISTINCT index_name FROM information_schema.system_indexinfo"
                    + " WHERE table_name = 'OUTBOX' AND index_name IN ('OUTBOX_PENDING', 'OUTBOX_ORDER')",
                    rs -> rs.getString(1))).isEmpty();
        }
    }

    /**
     * Version 31 (store47): what a store at version 30 holds in the provider queue (a final application's entry and a
     * consent offered no more, both old, an application still queued, a recent consent) is kept, offered and retained
     * as before once one index holds both retention statements: the old consent deleted, the final application's body
     * dropped with its row kept, the others untouched and the queued application offered.
     */
    @Test
    void messagesQueuedBeforeVersion31AreOfferedAndRetainedAsBefore() throws Exception {
        OffsetDateTime old = OffsetDateTime.now().minusDays(60);
        writtenAtVersion30(c -> {
            // application, messageId, status, created, updated, status changed
            insertEach(c, "INSERT INTO application (correlation_id, message_id, status_code, created_at, updated_at,"
                    + " status_changed_at, service_id, channel, sender_id, applicant_iin, message_state, status_message)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'S', 'PORTAL', 'PORTAL', '850315401201', 'DELIVERED', 'text')",
                    new Object[] {"{final}", "m-final", "COMPLETED", old, old, old},
                    new Object[] {"{open}", "m-open", "ACCEPTED", old, old, old});
            // message id, application, body, state, queued at, type
            insertEach(c, "INSERT INTO provider_queue (message_id, correlation_id, message, state, enqueued_at,"
                    + " message_type, service_id, receiver_id, body_bytes) VALUES (?, ?, ?, ?, ?, ?, 'S', 'P', 10)",
                    new Object[] {"q-final", "{final}", "<q-final/>", "DELIVERED", old, "REQUEST"},
                    new Object[] {"q-consent-old", "{final}", "<q-consent-old/>", "DELIVERED", old, "UPDATE"},
                    new Object[] {"q-open", "{open}", "<q-open/>", "ON_DELIVERY", old, "REQUEST"},
                    new Object[] {"q-consent-new", "{open}", "<q-consent-new/>", "DELIVERED", OffsetDateTime.now(),
                        "UPDATE"});
        });
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            ProviderQueue queue = new ProviderQueue(db);
            OffsetDateTime cut = OffsetDateTime.now().minusDays(1);
            assertThat(queue.deleteOfferedNoMoreBefore(cut, 10)).isEqualTo(1);
            assertThat(queue.dropClosedBodiesBefore(cut, 10)).isEqualTo(1);
            assertThat(queue.byMessageId("q-consent-old")).isEmpty();
            assertThat(queue.byMessageId("q-consent-new")).isPresent();
            assertThat(queue.byMessageId("q-final")).isPresent();
            assertThat(queue.application("{final}")).isEmpty();
            assertThat(queue.application("{open}")).contains("<q-open/>");
            assertThat(queue.receiverOf("{final}")).contains("P");
            assertThat(queue.offer("S", "P", 10, Long.MAX_VALUE, 0, java.time.Duration.ofMinutes(1)))
                    .extracting(o -> o.message().messageId()).containsExactly("q-open");
            assertThat(queue.deleteOfferedNoMoreBefore(cut, 10)).isZero();
            assertThat(queue.dropClosedBodiesBefore(cut, 10)).isZero();
        }
    }

    /**
     * Version 32 (perf49c): the bodies a store at version 31 keeps in the provider queue's rows (inline and as a LOB)
     * move to provider_queue_body; a row whose body was dropped gets none. Queued messages are offered with their bodies,
     * an application is read as queued, a final application's body is dropped and an old consent deleted with its body.
     */
    @Test
    void messagesQueuedBeforeVersion32KeepTheirBodies() throws Exception {
        OffsetDateTime old = OffsetDateTime.now().minusDays(60);
        String large = "<q-large>" + "l".repeat(Bodies.IN_ROW_BYTES) + "</q-large>";
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(dir.toString(), "31"), "SA", "")) {
            insertEach(c, "INSERT INTO application (correlation_id, message_id, status_code, created_at, updated_at,"
                    + " status_changed_at, service_id, channel, sender_id, applicant_iin, message_state, status_message)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'S', 'PORTAL', 'PORTAL', '850315401201', 'DELIVERED', 'text')",
                    new Object[] {"{final}", "m-final", "COMPLETED", old, old, old},
                    new Object[] {"{gone}", "m-gone", "COMPLETED", old, old, old},
                    new Object[] {"{open}", "m-open", "ACCEPTED", old, old, old});
            // message id, application, body, its LOB, state, queued at, type, body dropped at
            insertEach(c, "INSERT INTO provider_queue (message_id, correlation_id, message, message_large, state,"
                    + " enqueued_at, message_type, body_dropped_at, service_id, receiver_id, body_bytes)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'S', 'P', 10)",
                    new Object[] {"q-final", "{final}", "<q-final/>", null, "DELIVERED", old, "REQUEST", null},
                    new Object[] {"q-gone", "{gone}", null, null, "DELIVERED", old, "REQUEST", old},
                    new Object[] {"q-consent-old", "{final}", "<q-consent-old/>", null, "DELIVERED", old, "UPDATE", null},
                    new Object[] {"q-open", "{open}", null, large, "ON_DELIVERY", old, "REQUEST", null},
                    new Object[] {"q-consent", "{open}", "<q-consent/>", null, "ON_DELIVERY", old, "UPDATE", null});
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(db.query("SELECT message_id FROM provider_queue_body ORDER BY message_id", rs -> rs.getString(1)))
                    .containsExactly("q-consent", "q-consent-old", "q-final", "q-open");
            ProviderQueue queue = new ProviderQueue(db);
            assertThat(queue.application("{open}")).contains(large);
            assertThat(queue.application("{final}")).contains("<q-final/>");
            assertThat(queue.application("{gone}")).isEmpty();
            assertThat(queue.offer("S", "P", 10, Long.MAX_VALUE, 0, java.time.Duration.ofMinutes(1)))
                    .extracting(o -> o.message().messageId() + " " + o.message().message())
                    .as("queued at the same time: by message id").containsExactly("q-consent <q-consent/>", "q-open " + large);
            OffsetDateTime cut = OffsetDateTime.now().minusDays(1);
            assertThat(queue.deleteOfferedNoMoreBefore(cut, 10)).isEqualTo(1);
            assertThat(queue.dropClosedBodiesBefore(cut, 10)).isEqualTo(1);
            assertThat(queue.application("{final}")).isEmpty();
            assertThat(queue.byMessageId("q-final")).isPresent();
            assertThat(db.query("SELECT message_id FROM provider_queue_body ORDER BY message_id", rs -> rs.getString(1)))
                    .containsExactly("q-consent", "q-open");
        }
    }

    /**
     * Session 50 (V33): a store made before gets the outbox's sync barrier, one row however many passes write it, with
     * its callbacks still owed as they were.
     */
    @Test
    void storesMadeBeforeVersion33GetTheSyncBarrierOfOneRow() throws Exception {
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(dir.toString(), "32"), "SA", "")) {
            insertEach(c, "INSERT INTO outbox (correlation_id, target_sender, url, next_attempt_at, head)"
                    + " VALUES (?, 'PORTAL', 'http://portal', ?, TRUE)",
                    new Object[] {"{owed}", OffsetDateTime.now().minusMinutes(1)});
            c.createStatement().execute("INSERT INTO outbox_payload (id, payload) SELECT id, '<owed/>' FROM outbox");
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            SyncBarrier barrier = new SyncBarrier(db);
            barrier.pass();
            barrier.pass();
            assertThat(db.query("SELECT passes FROM sync_barrier", rs -> rs.getLong(1))).containsExactly(2L);
            assertThat(new Outbox(db).due(10, Set.of(), java.time.Duration.ofMinutes(5)))
                    .extracting(Outbox.Pending::correlationId).containsExactly("{owed}");
        }
    }

    /**
     * Version 35 (perf53c): the callbacks a store at version 34 owes (two applications' heads for the portal, a later
     * call behind one of them, the ЦОН's head, one due only in a minute, one delivered) stay due in their order once
     * outbox_due holds the recipient second: each recipient's longest due first, one recipient left out, the later call
     * due after its head's delivery.
     */
    @Test
    void callbacksOwedBeforeVersion35StayDueInOrder() throws Exception {
        OffsetDateTime now = OffsetDateTime.now();
        // application, recipient, due, delivered, head, body
        Object[][] rows = {
            {"{a}", "PORTAL", now.minusMinutes(3), null, true, "<a first/>"},
            {"{a}", "PORTAL", now.minusMinutes(3), null, false, "<a next/>"},
            {"{b}", "PORTAL", now.minusMinutes(1), null, true, "<b/>"},
            {"{b}", "CON", now.minusMinutes(2), null, true, "<b centre/>"},
            {"{c}", "CON", now.plusMinutes(1), null, true, "<c later/>"},
            {"{d}", "PORTAL", now.minusMinutes(9), now.minusMinutes(8), false, "<d delivered/>"}};
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(dir.toString(), "34"), "SA", "")) {
            for (Object[] row : rows) {
                insertEach(c, "INSERT INTO outbox (correlation_id, target_sender, url, next_attempt_at, delivered_at,"
                        + " head) VALUES (?, ?, 'http://callback', ?, ?, ?)", java.util.Arrays.copyOf(row, 5));
                insertEach(c, "INSERT INTO outbox_payload (id, payload) VALUES (IDENTITY(), ?)", new Object[] {row[5]});
            }
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(db.query("SELECT column_name FROM information_schema.system_indexinfo WHERE table_name = 'OUTBOX'"
                    + " AND index_name = 'OUTBOX_DUE' ORDER BY ordinal_position", rs -> rs.getString(1)))
                    .containsExactly("HEAD", "TARGET_SENDER", "NEXT_ATTEMPT_AT");
            Outbox outbox = new Outbox(db);
            java.time.Duration pause = java.time.Duration.ofMinutes(5);
            List<Outbox.Pending> due = outbox.due(10, Set.of(), pause);
            // each recipient's own, longest due first (perf54: the limit is each recipient's)
            assertThat(due).extracting(outbox::payload).containsExactly("<b centre/>", "<a first/>", "<b/>");
            assertThat(outbox.due(10, Set.of("PORTAL"), pause)).extracting(outbox::payload)
                    .containsExactly("<b centre/>");
            outbox.delivered(due.get(1));
            assertThat(outbox.due(10, Set.of("CON"), pause)).extracting(outbox::payload)
                    .containsExactly("<a next/>", "<b/>");
        }
    }

    /**
     * Version 34 (perf51c): the applications a store at version 33 holds (two senders' with the same messageId, one
     * with its result in the row and one with a large result, and a messageId its sender used again after the message
     * log let it go) are found by their senders' messageIds as before once the look-up is in application_by_message;
     * an application taken after the upgrade is found beside them, and a messageId used again still makes one.
     */
    @Test
    void applicationsStoredBeforeVersion34AreFoundByTheirSendersMessageIds() throws Exception {
        OffsetDateTime old = OffsetDateTime.now().minusDays(60);
        String large = "<result>" + "r".repeat(Bodies.IN_ROW_BYTES) + "</result>";
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(dir.toString(), "33"), "SA", "")) {
            // application, sender, messageId, result, its LOB
            insertEach(c, "INSERT INTO application (correlation_id, sender_id, message_id, result, result_large,"
                    + " status_code, created_at, updated_at, status_changed_at, service_id, channel, applicant_iin,"
                    + " message_state, status_message) VALUES (?, ?, ?, ?, ?, 'COMPLETED', ?, ?, ?, 'S', 'PORTAL',"
                    + " '850315401201', 'DELIVERED', 'text')",
                    new Object[] {"{portal}", "PORTAL", "m-1", "<result>" + "x".repeat(4000) + "</result>", null, old,
                        old, old},
                    new Object[] {"{con}", "CON", "m-1", null, large, old, old, old},
                    new Object[] {"{again-1}", "PORTAL", "m-again", null, null, old, old, old},
                    new Object[] {"{again-2}", "PORTAL", "m-again", null, null, old, old, old});
            c.createStatement().execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(db.query("SELECT sender_id || ' ' || message_id || ' ' || correlation_id FROM"
                    + " application_by_message", rs -> rs.getString(1))).containsExactlyInAnyOrder(
                    "PORTAL m-1 {portal}", "CON m-1 {con}", "PORTAL m-again {again-1}", "PORTAL m-again {again-2}");
            Applications applications = new Applications(db);
            assertThat(applications.byMessage("PORTAL", "m-1")).hasValueSatisfying(a -> {
                assertThat(a.correlationId()).isEqualTo("{portal}");
                assertThat(a.result()).hasSize(4017);
            });
            assertThat(applications.byMessage("CON", "m-1")).map(Applications.Application::result).contains(large);
            assertThat(applications.byMessage("PORTAL", "m-again")).map(Applications.Application::correlationId)
                    .as("the first, as the index read them").contains("{again-1}");
            assertThat(applications.byMessage("EASTANA", "m-1")).isEmpty();
            applications.insert(new Applications.Application("{new}", "S", "PORTAL", "PORTAL", "m-2", "850315401201",
                    null, "ON_DELIVERY", "ACCEPTED", "accepted", null, null, null, old, old));
            applications.insert(new Applications.Application("{again-3}", "S", "PORTAL", "PORTAL", "m-again",
                    "850315401201", null, "ON_DELIVERY", "ACCEPTED", "accepted", null, null, null, old, old));
            assertThat(applications.byMessage("PORTAL", "m-2")).map(Applications.Application::correlationId)
                    .contains("{new}");
            assertThat(applications.byCorrelationId("{again-3}")).map(Applications.Application::messageId)
                    .contains("m-again");
        }
    }

    /** What a test writes into a store at version 30 before it is opened (and upgraded). */
    private interface Writes {
        void into(Connection c) throws java.sql.SQLException;
    }

    /** Makes the store at version 30 in {@link #dir}, writes into it, and shuts it down. */
    private void writtenAtVersion30(Writes writes) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(OlderStores.atVersion(dir.toString(), "30"), "SA", "")) {
            writes.into(c);
            c.createStatement().execute("SHUTDOWN");
        }
    }

    /** Executes {@code sql} once for each row, the row's values its parameters in order. */
    private static void insertEach(Connection c, String sql, Object[]... rows) throws java.sql.SQLException {
        try (java.sql.PreparedStatement insert = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.executeUpdate();
            }
        }
    }

    /**
     * Version 10: the applications already in a store's message log get their first record (alone in correlation_id
     * or among a getMessages answer's), so the first record a later record binds is the one the application began with.
     */
    @Test
    void applicationsAlreadyLoggedKeepTheirFirstRecord() throws Exception {
        String url = OlderStores.atVersion(dir.toString(), "9");
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
            String[][] rows = {{"1", "{a}"}, {"2", "{a}"}, {"3", "{a} {b}"}, {"4", null}, {"5", "{b}"}};
            for (String[] row : rows) {
                s.execute("INSERT INTO message_chain (seq, logged_at, direction, kind, signer_subject, signer_serial,"
                        + " certificate_sha256, message_sha256, message, prev_hash, hash, hash_version) VALUES (" + row[0]
                        + ", 't', 'IN', 'REQUEST', 's', '1', 'c', 'm', X'00', 'p', 'h', 2)");
                s.execute("UPDATE message_chain SET correlation_id = " + (row[1] == null ? "NULL" : "'" + row[1] + "'")
                        + " WHERE seq = " + row[0]);
            }
            s.execute("INSERT INTO message_chain_application (correlation_id, seq) VALUES ('{a}', 3), ('{b}', 3)");
            s.execute("SHUTDOWN");
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(db.query("SELECT correlation_id, seq FROM message_chain_first ORDER BY correlation_id",
                    rs -> rs.getString(1) + "@" + rs.getLong(2))).containsExactly("{a}@1", "{b}@3");
        }
    }

    /**
     * Version 12: a store made before it compares identifiers exactly once upgraded ("m-1 " is not "m-1"), and still
     * finds every row it holds by its key. Before, the store padded the shorter of two strings with spaces, so it
     * ordered "m-1\t" before "m-1" (a tab is less than a space); exactly compared, "m-1" comes first: the keys are
     * ordered as they compare now.
     */
    @Test
    void identifiersCompareExactlyOnceUpgradedAndEveryStoredKeyIsFound() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.addAll(List.of("m-" + i, "m-" + i + "\t"));
        }
        String url = OlderStores.atVersion(dir.toString(), "11");
        try (Connection c = DriverManager.getConnection(url, "SA", "");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO message_log (sender_id, message_id,"
                     + " operation, digest, received_at, reply) VALUES ('PORTAL', ?, 'sendMessage', ?, ?, '<a/>')")) {
            for (String id : ids) {
                insert.setString(1, id);
                insert.setString(2, "d".repeat(64));
                insert.setObject(3, OffsetDateTime.now());
                insert.executeUpdate();
            }
            c.createStatement().execute("SHUTDOWN");
        }
        for (int opening = 0; opening < 2; opening++) {
            try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
                MessageLog log = MessageLogs.of(db);
                assertThat(ids).allSatisfy(id -> assertThat(log.find("PORTAL", id)).as(id)
                        .hasValueSatisfying(e -> assertThat(e.messageId()).isEqualTo(id)));
                assertThat(log.find("PORTAL", "m-1 ")).isEmpty();
                log.record("PORTAL", "m-" + opening + " ", "sendMessage", null, "e".repeat(64), "<b/>");
                assertThat(log.find("PORTAL", "m-" + opening + " ")).hasValueSatisfying(e ->
                        assertThat(e.reply()).isEqualTo("<b/>"));
            }
        }
    }

    /** The request bytes a message log row keeps (rows from before version 7 only). */
    private static byte[] requestOf(Database db, String messageId) {
        List<byte[]> rows = db.query("SELECT request FROM message_log WHERE sender_id = 'PORTAL' AND message_id = ?",
                rs -> rs.getBytes(1), messageId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static String version1() {
        return new String(TestResources.read("store/migration/V1__store.sql"), StandardCharsets.UTF_8)
                .replaceAll("(?m)^--.*$", "");
    }
}
