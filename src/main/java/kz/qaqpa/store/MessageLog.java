package kz.qaqpa.store;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every accepted message's digest and the answer given, keyed by sender and messageId: what a repeated message is
 * answered from. The message itself, as received, is in the {@link MessageChain}, logged in the same transaction.
 * The answer is kept apart, in message_reply by the entry's number (store V24), so that the keyed rows stay small: the
 * look-up before every message walks the random key through them. No foreign key ties a reply to its entry (V36):
 * both are written together here and deleted together by {@link #deleteReceivedBefore}.
 */
public final class MessageLog {
    /** Entries a retention DELETE names at most: its batch is a setting, a statement's parameters are not unbounded. */
    private static final int NUMBERS_A_STATEMENT = 500;
    private final Database db;

    public MessageLog(Database db) {
        this.db = db;
    }

    /** What a repeated message is checked against and answered with. */
    public record Entry(String senderId, String messageId, String operation, String digest, String reply) {
    }

    public Optional<Entry> find(String senderId, String messageId) {
        return db.queryOne("SELECT l.sender_id, l.message_id, l.operation, l.digest, r.reply, r.reply_large"
                        + " FROM message_log l LEFT JOIN message_reply r ON r.seq = l.seq"
                        + " WHERE l.sender_id = ? AND l.message_id = ?",
                rs -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Bodies.text(rs, 5)),
                senderId, messageId);
    }

    /** The entry first (a repeat committed meanwhile is refused by its key), then its reply, in one transaction. */
    public void record(String senderId, String messageId, String operation, String serviceId, String digest,
                       String reply) {
        Objects.requireNonNull(reply, "reply");
        db.inTransaction(() -> {
            // evidence (wall) time, not qaqpa.clock: the log's retention cut (RetentionClock) is the system's
            db.update("INSERT INTO message_log (sender_id, message_id, operation, service_id, digest, received_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", senderId, messageId, operation, serviceId, digest,
                    OffsetDateTime.now());
            return db.update("INSERT INTO message_reply (seq, reply, reply_large) VALUES (IDENTITY(), ?, ?)",
                    Bodies.inRow(reply), Bodies.apart(reply));
        });
    }

    /**
     * Deletes up to {@code limit} entries of messages received before {@code cut} (retention: a repeat of one is stale
     * by then, {@link Retention}), each with its reply, in one transaction. Entries from before store V3 that still hold
     * their request are kept: for some it is the request's only copy (V7). The replies are deleted here, by the entries'
     * numbers: message_reply has no foreign key to cascade since V36 (its check read message_log under the lock of its
     * whole table store at every look-up, perf64).
     *
     * @return how many were deleted
     */
    public int deleteReceivedBefore(OffsetDateTime cut, int limit) {
        return db.inTransaction(() -> {
            List<Long> seqs = db.query("SELECT seq FROM message_log WHERE received_at < ? AND request IS NULL LIMIT ?",
                    rs -> rs.getLong(1), cut, limit);
            if (seqs.isEmpty()) {
                return 0;
            }
            int deleted = 0;
            for (int from = 0; from < seqs.size(); from += NUMBERS_A_STATEMENT) {
                Object[] some = seqs.subList(from, Math.min(seqs.size(), from + NUMBERS_A_STATEMENT)).toArray();
                String numbers = String.join(", ", Collections.nCopies(some.length, "?"));
                db.update("DELETE FROM message_reply WHERE seq IN (" + numbers + ")", some);
                deleted += db.update("DELETE FROM message_log WHERE seq IN (" + numbers + ")", some);
            }
            return deleted;
        });
    }
}
