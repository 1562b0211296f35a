package kz.qaqpa.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Calls the gateway owes to sender systems (status notifications, results). Written in the same transaction as
 * the change they report, delivered later with retries, so a notification is never lost by a crash or an outage.
 */
public final class Outbox {
    private final Database db;

    public Outbox(Database db) {
        this.db = db;
    }

    public record Pending(long id, String correlationId, String targetSender, String url, String payload, int attempts) {
    }

    public void add(String correlationId, String targetSender, String url, String payload) {
        db.update("INSERT INTO outbox (correlation_id, target_sender, url, payload, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
                correlationId, targetSender, url, payload, OffsetDateTime.now());
    }

    /** Due entries, oldest first; per correlation in insertion order so a channel sees statuses in sequence. */
    public List<Pending> due(int limit) {
        return db.query("SELECT id, correlation_id, target_sender, url, payload, attempts FROM outbox"
                        + " WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                rs -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6)),
                OffsetDateTime.now(), limit);
    }

    public boolean hasEarlierUndelivered(Pending p) {
        return db.queryOne("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND id < ? AND correlation_id = ?"
                        + " AND target_sender = ?", rs -> rs.getLong(1), p.id(), p.correlationId(), p.targetSender())
                .orElse(0L) > 0;
    }

    /** Every call owed for one application, delivered or not, in order. */
    public List<Pending> forApplication(String correlationId) {
        return db.query("SELECT id, correlation_id, target_sender, url, payload, attempts FROM outbox"
                        + " WHERE correlation_id = ? ORDER BY id",
                rs -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6)),
                correlationId);
    }

    public void delivered(long id) {
        db.update("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?", OffsetDateTime.now(), id);
    }

    public void failed(long id, String error, Duration retryIn) {
        db.update("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                error.length() > 2000 ? error.substring(0, 2000) : error, OffsetDateTime.now().plus(retryIn), id);
    }
}
