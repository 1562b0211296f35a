package kz.qaqpa.store;

import java.time.OffsetDateTime;
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

    public void append(Step s) {
        db.update("INSERT INTO status_history (correlation_id, step_id, description, norm, started_at, due_at, ended_at,"
                        + " outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                s.correlationId(), s.stepId(), s.description(), s.norm(), s.startedAt(), s.dueAt(), s.endedAt(),
                s.outcome());
    }

    public List<Step> of(String correlationId) {
        return db.query("SELECT correlation_id, step_id, description, norm, started_at, due_at, ended_at, outcome"
                        + " FROM status_history WHERE correlation_id = ? ORDER BY id",
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
