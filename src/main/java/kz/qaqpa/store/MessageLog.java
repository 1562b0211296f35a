package kz.qaqpa.store;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Every accepted message's digest and the answer given, keyed by sender and messageId: what a repeated message is
 * answered from. The message itself, as received, is in the {@link MessageChain}, logged in the same transaction.
 */
public final class MessageLog {
    private final Database db;

    public MessageLog(Database db) {
        this.db = db;
    }

    /** What a repeated message is checked against and answered with. */
    public record Entry(String senderId, String messageId, String operation, String digest, String reply) {
    }

    public Optional<Entry> find(String senderId, String messageId) {
        return db.queryOne("SELECT sender_id, message_id, operation, digest, reply, reply_large FROM message_log"
                        + " WHERE sender_id = ? AND message_id = ?",
                rs -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Bodies.text(rs, 5)),
                senderId, messageId);
    }

    public void record(String senderId, String messageId, String operation, String serviceId, String digest,
                       String reply) {
        db.update("INSERT INTO message_log (sender_id, message_id, operation, service_id, digest, received_at, reply,"
                        + " reply_large) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                senderId, messageId, operation, serviceId, digest, OffsetDateTime.now(), Bodies.inRow(reply),
                Bodies.apart(reply));
    }

    /**
     * Deletes up to {@code limit} entries of messages received before {@code cut} (retention: a repeat of one is stale
     * by then, {@link Retention}). Entries from before store V3 that still hold their request are kept: for some it is
     * the request's only copy (V7).
     *
     * @return how many were deleted
     */
    public int deleteReceivedBefore(OffsetDateTime cut, int limit) {
        return db.update("DELETE FROM message_log WHERE received_at < ? AND request IS NULL LIMIT ?", cut, limit);
    }
}
