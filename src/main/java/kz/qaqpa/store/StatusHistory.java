package kz.qaqpa.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The regulation steps an application went through, with their norms and times. */
public final class StatusHistory {
    private final Database db;

    public StatusHistory(Database db) {
        this.db = db;
    }

    public record Step(String correlationId, String stepId, String description, String norm, OffsetDateTime startedAt,
                       OffsetDateTime dueAt, OffsetDateTime endedAt, String outcome) {
    }

    /** At most this many steps an INSERT (an exchange records a few: an intake four). */
    private static final int ROWS_PER_INSERT = 8;
    private static final String COLUMNS = "correlation_id, step_id, description, norm, started_at, due_at, ended_at,"
            + " outcome";
    private static final RowInserts INSERTS = new RowInserts("INSERT INTO status_history (" + COLUMNS + ")",
            COLUMNS.split(",").length, ROWS_PER_INSERT);

    /**
     * The steps in their order (their ids, which {@link #of} sorts by, follow it), by one INSERT (perf58b: an intake's
     * four steps were four statements).
     */
    public void append(List<Step> steps) {
        List<Object> values = new ArrayList<>();
        for (Step s : steps) {
            values.addAll(Arrays.asList(s.correlationId(), s.stepId(), s.description(), s.norm(), s.startedAt(),
                    s.dueAt(), s.endedAt(), s.outcome()));
        }
        INSERTS.insert(db, values);
    }

    public List<Step> of(String correlationId) {
        return db.query("SELECT " + COLUMNS + " FROM status_history WHERE correlation_id = ? ORDER BY id",
                rs -> new Step(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class), rs.getString(8)),
                correlationId);
    }

    public Optional<OffsetDateTime> lastEnded(String correlationId) {
        return db.queryOne("SELECT MAX(ended_at) FROM status_history WHERE correlation_id = ?",
                rs -> rs.getObject(1, OffsetDateTime.class), correlationId);
    }
}
