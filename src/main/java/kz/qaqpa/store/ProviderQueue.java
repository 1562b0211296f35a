package kz.qaqpa.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Messages waiting for a provider system to fetch them with getMessages. A message stays ON_DELIVERY until the
 * provider acknowledges it with sendDeliveryNotification, so a provider that crashes mid-poll sees it again, or until
 * the provider's final result closes its application (CLOSED).
 */
public final class ProviderQueue {
    public static final String ON_DELIVERY = "ON_DELIVERY";
    public static final String DELIVERED = "DELIVERED";
    public static final String NOT_DELIVERED = "NOT_DELIVERED";
    /** Ours: never acknowledged, and no longer offered because the provider sent the application's final result. */
    public static final String CLOSED = "CLOSED";
    private final Database db;

    public ProviderQueue(Database db) {
        this.db = db;
    }

    /**
     * @param messageType REQUEST for the application itself, UPDATE for what the channel sent about it later (the
     *                    consumer's consent to an offered place)
     */
    public record Queued(String messageId, String correlationId, String serviceId, String receiverId, String message,
                         String state, String messageType) {
    }

    private static final String COLUMNS = "message_id, correlation_id, service_id, receiver_id, message, message_large,"
            + " state, message_type";

    private static Queued map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Queued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Bodies.text(rs, 5),
                rs.getString(7), rs.getString(8));
    }

    public void enqueue(Queued q) {
        db.update("INSERT INTO provider_queue (" + COLUMNS + ", enqueued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                q.messageId(), q.correlationId(), q.serviceId(), q.receiverId(), Bodies.inRow(q.message()),
                Bodies.apart(q.message()), q.state(), q.messageType(), OffsetDateTime.now());
    }

    /**
     * What is queued for the receiver, oldest first: up to {@code limit} messages, as many as fit within
     * {@code roomChars} characters of bodies together (always the first, however large), none skipped. Only the bodies
     * handed out are read: the first statement reads the queue's order and each body's length, the second the bodies
     * that fit. Read whole, a poll of many messages near qaqpa.max-message-bytes held them all in the heap before the
     * answer's limit left them out. One still queued may be taken off between the two statements (acknowledged,
     * closed): it is not handed out.
     */
    public List<Queued> pending(String serviceId, String receiverId, int limit, long roomChars) {
        List<Waiting> queued = db.query("SELECT message_id, COALESCE(CHAR_LENGTH(message), CHAR_LENGTH(message_large))"
                        + " FROM provider_queue WHERE service_id = ? AND receiver_id = ? AND state = ?"
                        + " ORDER BY enqueued_at, message_id LIMIT ?",
                rs -> new Waiting(rs.getString(1), rs.getLong(2)), serviceId, receiverId, ON_DELIVERY, limit);
        List<String> ids = queued.subList(0, Bodies.fitting(queued.stream().map(Waiting::chars).toList(), roomChars))
                .stream().map(Waiting::messageId).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        // one text whatever the number of ids: the connections keep their prepared statements by text
        return db.query("SELECT " + COLUMNS + " FROM provider_queue WHERE message_id IN (UNNEST(CAST(? AS VARCHAR(64)"
                        + " ARRAY))) AND state = ? ORDER BY enqueued_at, message_id", ProviderQueue::map,
                ids.toArray(String[]::new), ON_DELIVERY);
    }

    /** A queued message's place in the queue and its body's length in characters, without the body. */
    private record Waiting(String messageId, long chars) {
    }

    /**
     * The queued message with exactly this id (the store compares identifiers exactly, store migration V12), without
     * its body (null): what its acknowledgement needs. Read whole, each acknowledgement of a large application held it.
     */
    public Optional<Queued> byMessageId(String messageId) {
        return db.queryOne("SELECT message_id, correlation_id, service_id, receiver_id, state, message_type"
                        + " FROM provider_queue WHERE message_id = ?", rs -> new Queued(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), null, rs.getString(5), rs.getString(6)), messageId);
    }

    /** The provider the application was queued for. */
    public Optional<String> receiverOf(String correlationId) {
        return db.queryOne("SELECT receiver_id FROM provider_queue WHERE correlation_id = ? AND message_type = 'REQUEST'",
                rs -> rs.getString(1), correlationId);
    }

    /** The application document as it was queued for the provider (the signed element, serialised). */
    public Optional<String> application(String correlationId) {
        return db.queryOne("SELECT message, message_large FROM provider_queue WHERE correlation_id = ?"
                + " AND message_type = 'REQUEST'", rs -> Bodies.text(rs, 1), correlationId);
    }

    /** Takes an application off the queue once the provider has answered it, acknowledged or not. */
    public void markAnswered(String correlationId) {
        db.update("UPDATE provider_queue SET state = ?, delivered_at = ? WHERE correlation_id = ? AND state = ?"
                + " AND message_type = 'REQUEST'", DELIVERED, OffsetDateTime.now(), correlationId, ON_DELIVERY);
    }

    /**
     * Takes what is still queued about an application off the queue once the provider sent its final result: the
     * provider may report nothing more about it, so what the channel sent before (a consent) is of no use to it.
     * Not DELIVERED: the provider never said it had it.
     */
    public void close(String correlationId) {
        db.update("UPDATE provider_queue SET state = ? WHERE correlation_id = ? AND state = ?", CLOSED, correlationId,
                ON_DELIVERY);
    }

    /**
     * Deletes up to {@code limit} of what the channel sent for the provider (UPDATE: a consent) queued before
     * {@code cut} and no longer offered (acknowledged, refused, or closed by the result); a late acknowledgement of one
     * is then refused as an unknown message. The applications themselves (REQUEST) stay as long as they do: every
     * later event reads who their provider is and the result is checked against the document queued
     * ({@link #receiverOf}, {@link #application}).
     *
     * @return how many were deleted
     */
    public int deleteOfferedNoMoreBefore(OffsetDateTime cut, int limit) {
        return db.update("DELETE FROM provider_queue WHERE message_type = 'UPDATE' AND enqueued_at < ? AND state <> ?"
                + " LIMIT ?", cut, ON_DELIVERY, limit);
    }

    /** Takes a message off the queue once; false when it was already off (a repeated or late acknowledgement). */
    public boolean markState(String messageId, String state) {
        return db.update("UPDATE provider_queue SET state = ?, delivered_at = ? WHERE message_id = ? AND state = ?",
                state, OffsetDateTime.now(), messageId, ON_DELIVERY) == 1;
    }
}
