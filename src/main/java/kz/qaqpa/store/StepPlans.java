package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The due time of every step an accepted application will go through, planned once at acceptance (table
 * step_plan). A planned step ends when it, or a later planned step, is recorded; one still open after its due
 * time is overdue, and its channel is told so once.
 */
public final class StepPlans {
    /** The plan's last row: the whole service's term. */
    public static final String SERVICE_TERM = "service-term";
    private final Database db;

    public StepPlans(Database db) {
        this.db = db;
    }

    /**
     * @param dueAt null where the step waits on someone the gateway cannot plan for (the consumer's arrival)
     * @param extension how a term extension set the due time ({@code kz.qaqpa.regulation.ExtendedTerm}'s form), null
     *                  where none did
     */
    public record Planned(String correlationId, int seq, String stepId, String norm, OffsetDateTime dueAt,
                          OffsetDateTime endedAt, OffsetDateTime overdueNotifiedAt, String extension) {
        public Planned(String correlationId, int seq, String stepId, String norm, OffsetDateTime dueAt,
                       OffsetDateTime endedAt, OffsetDateTime overdueNotifiedAt) {
            this(correlationId, seq, stepId, norm, dueAt, endedAt, overdueNotifiedAt, null);
        }
    }

    private static final String COLUMNS = "correlation_id, seq, step_id, norm, due_at, ended_at, overdue_notified_at,"
            + " extension";

    /** At most this many planned steps an INSERT (a plan has one row a step of its channel and the service's term). */
    private static final int ROWS_PER_INSERT = 8;
    private static final RowInserts INSERTS = new RowInserts("INSERT INTO step_plan (" + COLUMNS + ")",
            COLUMNS.split(",").length, ROWS_PER_INSERT);

    public void insert(Planned p) {
        insert(List.of(p));
    }

    /** A whole plan, by one INSERT (perf58b: an intake's five rows were five statements). */
    public void insert(List<Planned> plan) {
        List<Object> values = new ArrayList<>();
        for (Planned p : plan) {
            values.addAll(Arrays.asList(p.correlationId(), p.seq(), p.stepId(), p.norm(), p.dueAt(), p.endedAt(),
                    p.overdueNotifiedAt(), p.extension()));
        }
        INSERTS.insert(db, values);
    }

    public List<Planned> of(String correlationId) {
        return db.query("SELECT " + COLUMNS + " FROM step_plan WHERE correlation_id = ? ORDER BY seq", StepPlans::map,
                correlationId);
    }

    /** The plans of {@code correlationIds} in one query (a bounded batch: CalendarReplan), each in order. */
    public Map<String, List<Planned>> of(List<String> correlationIds) {
        if (correlationIds.isEmpty()) {
            return Map.of();
        }
        return db.query("SELECT " + COLUMNS + " FROM step_plan WHERE correlation_id IN ("
                        + String.join(", ", Collections.nCopies(correlationIds.size(), "?")) + ") ORDER BY correlation_id,"
                        + " seq", StepPlans::map, correlationIds.toArray()).stream()
                .collect(Collectors.groupingBy(Planned::correlationId, LinkedHashMap::new, Collectors.toList()));
    }

    /** The planned row of a step that has not ended yet (a step recorded again later is not planned). */
    public Optional<Planned> open(String correlationId, String stepId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM step_plan WHERE correlation_id = ? AND step_id = ?"
                + " AND ended_at IS NULL", StepPlans::map, correlationId, stepId);
    }

    /**
     * The step ({@link #open}, read in the same transaction) and every planned step before it have ended (a provider
     * may skip reporting a step); so has the service term once the last step with a due time has ended.
     */
    public void end(Planned step, OffsetDateTime at) {
        // one statement: the open steps after this one are exactly those still open once it ran
        db.update("UPDATE step_plan SET ended_at = ? WHERE correlation_id = ? AND ended_at IS NULL AND (seq <= ?"
                        + " OR step_id = ? AND NOT EXISTS (SELECT 1 FROM step_plan p WHERE p.correlation_id = ?"
                        + " AND p.ended_at IS NULL AND p.due_at IS NOT NULL AND p.step_id <> ? AND p.seq > ?))",
                at, step.correlationId(), step.seq(), SERVICE_TERM, step.correlationId(), SERVICE_TERM, step.seq());
    }

    /** The application's final result is out: no planned step of it is still awaited (a refusal skips the rest). */
    public void endAll(String correlationId, OffsetDateTime at) {
        db.update("UPDATE step_plan SET ended_at = ? WHERE correlation_id = ? AND ended_at IS NULL", at, correlationId);
    }

    /**
     * The application's final result is out, but one step still runs after it (a refusal's hand-over, measured from
     * the refusal): every other planned step ends at {@code at}; that step's open row is due at {@code dueAt} by
     * {@code norm}, or is added after the others where the plan holds none open.
     */
    public void endAllBut(String correlationId, OffsetDateTime at, String stepId, String norm, OffsetDateTime dueAt) {
        db.update("UPDATE step_plan SET ended_at = ? WHERE correlation_id = ? AND ended_at IS NULL AND step_id <> ?",
                at, correlationId, stepId);
        int kept = db.update("UPDATE step_plan SET due_at = ?, norm = ?, overdue_notified_at = NULL WHERE"
                + " correlation_id = ? AND step_id = ? AND ended_at IS NULL", dueAt, norm, correlationId, stepId);
        if (kept == 0) {
            int seq = db.queryOne("SELECT COALESCE(MAX(seq), -1) + 1 FROM step_plan WHERE correlation_id = ?",
                    rs -> rs.getInt(1), correlationId).orElse(0);
            insert(new Planned(correlationId, seq, stepId, norm, dueAt, null, null));
        }
    }

    /** A step planned for applications not yet final and not yet reached by them: their service and channel, how many, the first. */
    public record OpenStep(String serviceId, String channel, String stepId, long count, String example) {
    }

    /** The steps still awaited by applications not yet final, by service and channel (read at start, {@code InFlightCheck}). */
    public List<OpenStep> openSteps() {
        return db.query("SELECT a.service_id, a.channel, p.step_id, COUNT(*), MIN(a.correlation_id) FROM step_plan p"
                + " JOIN application a ON a.correlation_id = p.correlation_id WHERE p.ended_at IS NULL AND p.step_id <> ?"
                + " AND a.status_code NOT IN (" + Applications.FINISHED_STATUSES + ") GROUP BY a.service_id, a.channel,"
                + " p.step_id", rs -> new OpenStep(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getString(5)), SERVICE_TERM);
    }

    /**
     * The applications with a planned step not yet ended that has a due time, by correlationId after {@code after},
     * at most {@code limit} (read at start in batches, {@code CalendarReplan}).
     */
    public List<String> openPlans(String after, int limit) {
        return db.query("SELECT DISTINCT correlation_id FROM step_plan WHERE ended_at IS NULL AND due_at IS NOT NULL"
                + " AND correlation_id > ? ORDER BY correlation_id LIMIT ?", rs -> rs.getString(1), after, limit);
    }

    /** Open steps past their due time whose channel has not been told yet, oldest first. */
    public List<Planned> newlyOverdue(OffsetDateTime now, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM step_plan WHERE ended_at IS NULL AND overdue_notified_at IS NULL"
                + " AND due_at < ? ORDER BY due_at LIMIT ?", StepPlans::map, now, limit);
    }

    /** The count of the open steps past their due time: the overdue page's total. */
    static final String OVERDUE_COUNT = "SELECT COUNT(*) FROM step_plan WHERE ended_at IS NULL AND due_at < ?";

    /** How many open steps are past their due time (a metric). */
    public long overdueCount(OffsetDateTime now) {
        return db.queryOne(OVERDUE_COUNT, rs -> rs.getLong(1), now)
                .orElse(0L);
    }

    /** How many overdue steps of a step id are of the service's channel (grouped at the store, {@link #overdueTally}). */
    public record OverdueGroup(String serviceId, String channel, String stepId, long count) {
    }

    /** Every overdue step ({@code total}) and the groups of those whose step id was asked ({@code candidates}). */
    public record OverdueTally(long total, List<OverdueGroup> candidates) {
    }

    /**
     * The overdue steps at {@code now}: all counted in the index, as {@link #overdueCount}, and those of {@code stepIds}
     * joined to their application and counted by service, channel and step, in one statement (so the two agree). The
     * join reads only the rows of those step ids (a few regulation steps), each by the application's key; the groups
     * are bounded by the routes' services, channels and steps.
     */
    public OverdueTally overdueTally(OffsetDateTime now, java.util.Set<String> stepIds) {
        if (stepIds.isEmpty()) {
            return new OverdueTally(overdueCount(now), List.of());
        }
        List<Object> params = new java.util.ArrayList<>(List.of(now, now));
        params.addAll(stepIds);
        List<OverdueGroup> rows = db.query("SELECT CAST(NULL AS VARCHAR(1)), CAST(NULL AS VARCHAR(1)), CAST(NULL AS VARCHAR(1)), ("
                        + OVERDUE_COUNT + ") FROM (VALUES (0))"
                        + " UNION ALL SELECT a.service_id, a.channel, p.step_id, COUNT(*) FROM step_plan p JOIN"
                        + " application a ON a.correlation_id = p.correlation_id WHERE p.ended_at IS NULL AND"
                        + " p.due_at < ? AND p.step_id IN (" + String.join(", ", Collections.nCopies(stepIds.size(), "?"))
                        + ") GROUP BY a.service_id, a.channel, p.step_id",
                rs -> new OverdueGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                params.toArray());
        // the total's row is the one without a step (every planned row has one)
        return new OverdueTally(rows.stream().filter(g -> g.stepId() == null).mapToLong(OverdueGroup::count).sum(),
                rows.stream().filter(g -> g.stepId() != null).toList());
    }

    /** Where a page of overdue steps starts: after the step due at {@code dueAt}, of this application and seq. */
    public record OverdueKey(OffsetDateTime dueAt, String correlationId, int seq) {
        /** Before every step. */
        public static final OverdueKey FIRST = new OverdueKey(OffsetDateTime.parse("1970-01-01T00:00Z"), "", -1);
    }

    /**
     * The open steps past their due time at {@code now} (as {@link #overdueCount}) by due time, then application and
     * seq, after {@code after}, at most {@code limit}, for the operator console. Store V22's index step_plan_overdue
     * holds the conditions and the order. The ORDER BY names all the index's columns and {@code USING INDEX} has
     * HSQLDB read them in the index's order and stop at the limit: without both it read and sorted every overdue
     * step after the key (about a second for the first page at 40,000 overdue steps).
     */
    static final String OVERDUE_PAGE = "SELECT " + COLUMNS + " FROM step_plan WHERE ended_at IS NULL AND due_at < ?"
            + " AND due_at >= ? AND (due_at > ? OR correlation_id > ? OR (correlation_id = ? AND seq > ?))"
            + " ORDER BY ended_at, due_at, correlation_id, seq LIMIT ? USING INDEX";

    public List<Planned> overdue(OffsetDateTime now, OverdueKey after, int limit) {
        return db.query(OVERDUE_PAGE, StepPlans::map, now, after.dueAt(), after.dueAt(), after.correlationId(),
                after.correlationId(), after.seq(), limit);
    }

    /**
     * A planned step's new due time (a term extension, a decree). A due time after {@code now} may become overdue
     * again, so the channel would be told again; one still past keeps the mark, so the channel told that the step is
     * overdue is not told twice.
     */
    public void reschedule(String correlationId, int seq, OffsetDateTime dueAt, OffsetDateTime now) {
        String told = dueAt.isAfter(now) ? ", overdue_notified_at = NULL" : "";
        db.update("UPDATE step_plan SET due_at = ?" + told + " WHERE correlation_id = ? AND seq = ? AND ended_at IS NULL",
                dueAt, correlationId, seq);
    }

    /**
     * The application's open steps wait on the consumer (kz.qaqpa.regulation.ConsumerWait): no due time, so none goes
     * overdue, until {@link #reschedule} plans them again; a step already told overdue keeps the mark.
     */
    public void suspend(String correlationId) {
        db.update("UPDATE step_plan SET due_at = NULL WHERE correlation_id = ? AND ended_at IS NULL AND due_at IS NOT NULL",
                correlationId);
    }

    /**
     * A term extension of a planned step, kept with it so that a replan makes the step's due time again by it (its
     * form: {@code kz.qaqpa.regulation.ExtendedTerm}); the new due time itself is written by {@link #reschedule}.
     */
    public void extend(String correlationId, int seq, String extension) {
        db.update("UPDATE step_plan SET extension = ? WHERE correlation_id = ? AND seq = ? AND ended_at IS NULL",
                extension, correlationId, seq);
    }

    /**
     * Marks an overdue step told, as the pass that read it at {@code at} ({@link #newlyOverdue}) tells it. The step
     * must still be open and overdue at {@code at}: since the pass read it an event may have ended it (a result closes
     * the whole plan: a channel told of the result was then told that a step before it is overdue) or extended its
     * term (then marked told, it was never told when the new term ran out), race26.
     *
     * @return false when another node or run told the channel already, or the step ended or was extended meanwhile
     */
    public boolean markNotified(String correlationId, int seq, OffsetDateTime at) {
        return db.update("UPDATE step_plan SET overdue_notified_at = ? WHERE correlation_id = ? AND seq = ?"
                + " AND overdue_notified_at IS NULL AND ended_at IS NULL AND due_at < ?", at, correlationId, seq,
                at) == 1;
    }

    private static Planned map(ResultSet rs) throws SQLException {
        return new Planned(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                rs.getObject(7, OffsetDateTime.class), rs.getString(8));
    }
}
