package kz.qaqpa.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Messages waiting for a provider system to fetch them with getMessages. A message stays ON_DELIVERY until the
 * provider acknowledges it with sendDeliveryNotification, so a provider that crashes mid-poll sees it again.
 */
public final class ProviderQueue {
    public static final String ON_DELIVERY = "ON_DELIVERY";
    public static final String DELIVERED = "DELIVERED";
    public static final String NOT_DELIVERED = "NOT_DELIVERED";
    private final Database db;

    public ProviderQueue(Database db) {
        this.db = db;
    }

    public record Queued(String messageId, String correlationId, String serviceId, String receiverId, String message,
                         String state) {
    }

    public void enqueue(Queued q) {
        db.update("INSERT INTO provider_queue (message_id, correlation_id, service_id, receiver_id, message, state,"
                        + " enqueued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                q.messageId(), q.correlationId(), q.serviceId(), q.receiverId(), q.message(), q.state(),
                OffsetDateTime.now());
    }

    public List<Queued> pending(String serviceId, String receiverId, int limit) {
        return db.query("SELECT message_id, correlation_id, service_id, receiver_id, message, state FROM provider_queue"
                        + " WHERE service_id = ? AND receiver_id = ? AND state = ? ORDER BY enqueued_at, message_id LIMIT ?",
                rs -> new Queued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)),
                serviceId, receiverId, ON_DELIVERY, limit);
    }

    public Optional<Queued> byMessageId(String messageId) {
        return db.queryOne("SELECT message_id, correlation_id, service_id, receiver_id, message, state FROM provider_queue"
                        + " WHERE message_id = ?",
                rs -> new Queued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)),
                messageId);
    }

    /** The provider the application was queued for. */
    public Optional<String> receiverOf(String correlationId) {
        return db.queryOne("SELECT receiver_id FROM provider_queue WHERE correlation_id = ?", rs -> rs.getString(1),
                correlationId);
    }

    /** Takes an application off the queue once the provider has answered it, acknowledged or not. */
    public void markAnswered(String correlationId) {
        db.update("UPDATE provider_queue SET state = ?, delivered_at = ? WHERE correlation_id = ? AND state = ?",
                DELIVERED, OffsetDateTime.now(), correlationId, ON_DELIVERY);
    }

    /** Takes a message off the queue once; false when it was already off (a repeated or late acknowledgement). */
    public boolean markState(String messageId, String state) {
        return db.update("UPDATE provider_queue SET state = ?, delivered_at = ? WHERE message_id = ? AND state = ?",
                state, OffsetDateTime.now(), messageId, ON_DELIVERY) == 1;
    }
}
