package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the durable intake's one transaction asks the store (issue 8 (c), store48), read from HSQLDB's own log of the
 * statements it ran (SET DATABASE EVENT LOG SQL LEVEL 3: every statement with its parameters and session) while one
 * signed portal application is accepted over HTTP. Only the intake's session, from its application's INSERT to its
 * commit, is counted: the callbacks' deliveries log chain records of the same application on sessions of their own.
 */
class IntakeStatementsTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().providerPaused();

    /**
     * The plan the transaction has just written is not read back for the steps it does not name (the checks before the
     * plan's first step: four look-ups that found nothing), and the application's first record in the message chain is
     * looked up once, for the request that opens it, not again for the answer in the same batch; each callback is queued
     * by one INSERT that looks for what of its application and recipient is open itself (a SELECT went before it). The
     * history is written and every record of the application is bound to the request's, as before.
     */
    @Test
    void theIntakeReadsNoPlanItJustWroteAndTheApplicationsFirstRecordOnce() throws Exception {
        String messageId = "statements-" + UUID.randomUUID();
        List<String> intake;
        String correlationId;
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + database() + ";ifexists=true", "SA", "");
             Statement s = c.createStatement()) {
            s.execute("SET DATABASE EVENT LOG SQL LEVEL 3");
            try {
                correlationId = ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                        RawSoap.signed(gateway.client(Channel.PORTAL).request(gateway.signed(SampleApplication.on(
                                Channel.PORTAL)), messageId), gateway.pki().key("portal"))), messageId);
            } finally {
                s.execute("SET DATABASE EVENT LOG SQL LEVEL 0");
            }
            intake = transactionInserting(Files.readAllLines(Path.of(database() + ".sql.log"),
                    StandardCharsets.UTF_8), "INSERT INTO application ", correlationId);
        }

        assertThat(intake).as("the intake's statements").anyMatch(l -> l.contains("INSERT INTO step_plan"))
                .anyMatch(l -> l.contains("INSERT INTO status_history"))
                .noneMatch(l -> l.contains("FROM step_plan WHERE"));
        assertThat(intake.stream().filter(l -> l.contains("FROM message_chain_first WHERE")))
                .as("look-ups of the application's first chain record").hasSize(1);
        assertThat(intake).as("the callbacks queued, each looking for what is open in its INSERT")
                .noneMatch(l -> l.startsWith("SELECT MIN(id) FROM outbox"))
                .anyMatch(l -> l.startsWith("INSERT INTO outbox (") && l.contains("NOT EXISTS"));
        assertThat(intake.stream().filter(l -> l.contains("INSERT INTO message_chain ")))
                .as("the request and its answer, by one INSERT (perf50r)").hasSize(1);
        assertThat(gateway.assembly().statusHistory().of(correlationId)).isNotEmpty();
        List<ChainRecord> records = gateway.assembly().messageChain().ofApplication(correlationId);
        assertThat(records).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> assertThat(r.applicationFirsts())
                .as("bound to the request's record").isEqualTo(String.valueOf(records.get(0).seq())));
    }

    /**
     * Every statement of the intake's one transaction, by kind, for a portal application of the kindergarten service
     * (seed 002: five planned steps, four steps so far, two status callbacks: the portal and the ЦОН's system),
     * measured on the second application (the first stored the signers' certificates): issue 8 (c)'s store work an
     * intake, counted (perf52c). A statement added to or removed from the intake changes this map and should be a decision:
     * each walks HSQLDB's AVL indexes node by node through its row cache (docs/performance.md, Session 52 / perf52c).
     * The five planned steps go in by one INSERT and the four steps so far by another (perf58b: they were nine
     * statements, one a row; the rows are the same, checked here in the store).
     * The transaction's own COMMIT is the last; HSQLDB also logs a COMMIT (of nothing) when the connection leaves and
     * re-enters auto-commit, which is not counted here.
     */
    @Test
    void theIntakesTransactionRunsTheseStatements() throws Exception {
        accept("statements-first-" + UUID.randomUUID());
        awaitNothingOwed();
        String messageId = "statements-" + UUID.randomUUID();
        List<String> transaction;
        String correlationId;
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + database() + ";ifexists=true", "SA", "");
             Statement s = c.createStatement()) {
            s.execute("SET DATABASE EVENT LOG SQL LEVEL 3");
            try {
                correlationId = accept(messageId);
            } finally {
                s.execute("SET DATABASE EVENT LOG SQL LEVEL 0");
            }
            transaction = wholeTransaction(Files.readAllLines(Path.of(database() + ".sql.log"),
                    StandardCharsets.UTF_8), "INSERT INTO application ", correlationId);
        }

        Map<String, Integer> byKind = new TreeMap<>();
        issued(transaction).forEach(l -> byKind.merge(kind(l), 1, Integer::sum));
        assertThat(byKind).as("the intake's statements by kind: %s", transaction)
                .isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("INSERT INTO message_log", 1), Map.entry("INSERT INTO message_reply", 1),
                Map.entry("INSERT INTO signed_form", 1), Map.entry("INSERT INTO application_by_message", 1),
                Map.entry("INSERT INTO application", 1), Map.entry("INSERT INTO step_plan", 1),
                Map.entry("INSERT INTO status_history", 1), Map.entry("INSERT INTO provider_queue", 1),
                Map.entry("INSERT INTO provider_queue_body", 1), Map.entry("INSERT INTO outbox", 2),
                Map.entry("INSERT INTO outbox_payload", 2), Map.entry("UPDATE message_chain_head", 2),
                Map.entry("SELECT FROM message_chain_first", 1), Map.entry("INSERT INTO message_chain_first", 1),
                Map.entry("INSERT INTO message_chain", 1), Map.entry("COMMIT", 1))));
        assertThat(gateway.assembly().stepPlans().of(correlationId)).as("the plan, one row a step, in order")
                .extracting(StepPlans.Planned::seq).containsExactly(0, 1, 2, 3, 4);
        assertThat(gateway.assembly().stepPlans().of(correlationId).get(4).stepId()).isEqualTo(StepPlans.SERVICE_TERM);
        assertThat(gateway.assembly().statusHistory().of(correlationId)).as("the steps so far").hasSize(4)
                .allSatisfy(step -> assertThat(step.correlationId()).isEqualTo(correlationId));
    }

    /**
     * Until the first application's callbacks are delivered: each delivery appends to the message chain, and an intake
     * that waits for the chain's head meanwhile has its lock statement logged again, apparently once for each time
     * HSQLDB ran it again after the wait, which is not a statement more (seen under a load of 30: the head's UPDATE
     * counted 3 and 4 times).
     */
    private static void awaitNothingOwed() {
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(2));
        while (gateway.assembly().outbox().backlog() > 0 && java.time.Instant.now().isBefore(deadline)) {
            Pause.sleep(java.time.Duration.ofMillis(100));
        }
        assertThat(gateway.assembly().outbox().backlog()).as("the first application's callbacks still owed").isZero();
    }

    private static String accept(String messageId) throws Exception {
        return ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(gateway.client(
                Channel.PORTAL).request(gateway.signed(SampleApplication.on(Channel.PORTAL)), messageId),
                gateway.pki().key("portal"))), messageId);
    }

    private static final Pattern KIND = Pattern.compile(
            "^(INSERT INTO \\w+|UPDATE \\w+|DELETE FROM \\w+|COMMIT|ROLLBACK)");
    private static final Pattern QUERIED = Pattern.compile("^SELECT .*? FROM (\\w+)");

    /** A statement's kind: its verb and table ("INSERT INTO outbox"; "SELECT FROM t" for a query of t). */
    private static String kind(String statement) {
        Matcher m = KIND.matcher(statement);
        if (m.find()) {
            return m.group(1);
        }
        Matcher q = QUERIED.matcher(statement);
        return q.find() ? "SELECT FROM " + q.group(1) : statement;
    }

    /**
     * The statements the transaction issued: HSQLDB logs a statement again, the same text and values on the next line,
     * when it runs it anew after waiting for another transaction's lock (seen: the chain head's lock statement
     * {@code UPDATE message_chain_head SET seq = seq WHERE id = 1} twice in a row while a callback's delivery appended to
     * the chain), so a line repeating the one before is HSQLDB's rerun, not a statement of ours.
     */
    private static List<String> issued(List<String> transaction) {
        List<String> issued = new ArrayList<>();
        for (String line : transaction) {
            if (issued.isEmpty() || !issued.get(issued.size() - 1).equals(line)) {
                issued.add(line);
            }
        }
        return issued;
    }

    /**
     * The whole transaction of the session whose statement containing {@code statement} and {@code value} ran: from the
     * statement after the session's COMMIT before it (the transaction's start, where auto-commit was switched off) to
     * its next COMMIT.
     */
    private static List<String> wholeTransaction(List<String> log, String statement, String value) {
        String session = null;
        int at = -1;
        for (int i = 0; i < log.size() && at < 0; i++) {
            String[] parts = log.get(i).split(" ", 4);
            if (parts.length == 4 && parts[3].startsWith(statement) && parts[3].contains("'" + value + "'")) {
                session = parts[2];
                at = i;
            }
        }
        if (session == null) {
            throw new AssertionError("no statement " + statement + " with " + value);
        }
        List<String> lines = new ArrayList<>();
        for (int i = at - 1; i >= 0; i--) {
            String[] parts = log.get(i).split(" ", 4);
            if (parts.length == 4 && session.equals(parts[2])) {
                if (parts[3].startsWith("COMMIT")) {
                    break;
                }
                lines.add(0, parts[3]);
            }
        }
        for (int i = at; i < log.size(); i++) {
            String[] parts = log.get(i).split(" ", 4);
            if (parts.length == 4 && session.equals(parts[2])) {
                lines.add(parts[3]);
                if (parts[3].startsWith("COMMIT")) {
                    return lines;
                }
            }
        }
        throw new AssertionError("the transaction of " + value + " did not commit: " + lines);
    }

    /** The store's files' base name: the gateway's data directory's db/qaqpa (kz.qaqpa.store.Store). */
    private static String database() {
        return gateway.property("qaqpa.data-dir") + "/db/qaqpa";
    }

    /**
     * The statements of the session whose statement containing {@code statement} and {@code value} ran, from that one
     * to the session's next commit. A line of the log is "date time session statement (parameters)".
     */
    private static List<String> transactionInserting(List<String> log, String statement, String value) {
        List<String> lines = new ArrayList<>();
        String session = null;
        for (String line : log) {
            String[] parts = line.split(" ", 4);
            if (parts.length < 4) {
                continue;
            }
            if (session == null && parts[3].startsWith(statement) && parts[3].contains("'" + value + "'")) {
                session = parts[2];
            }
            if (session != null && session.equals(parts[2])) {
                lines.add(parts[3]);
                if (parts[3].startsWith("COMMIT")) {
                    return lines;
                }
            }
        }
        throw new AssertionError("no committed transaction ran " + statement + " with " + value + ": " + lines);
    }

}
