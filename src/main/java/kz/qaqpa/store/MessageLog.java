package kz.qaqpa.store;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Every accepted message's digest and the answer given, keyed by sender and messageId: what a repeated message is
 * answered from. The message itself, as received, is in the {@link MessageChain}, logged in the same transaction.
 * The answer is kept apart, in message_reply by the entry's number (store V24), so that the keyed rows stay small: the
 * look-up before every message walks the random key through them.
 */
public final class MessageLog {
    private final Database db;
    private final LoggedMessageIds logged;

    public MessageLog(Database db, LoggedMessageIds logged) {
        this.db = db;
        this.logged = logged;
    }

    /** What a repeated message is checked against and answered with. */
    public record Entry(String senderId, String messageId, String operation, String digest, String reply) {
    }

    /**
     * The entry of a message that may be a repeat: none, without reading the log, when its filter is sure the log holds
     * none ({@link LoggedMessageIds}); else {@link #find}.
     */
    public Optional<Entry> findRepeat(String senderId, String messageId) {
        return logged.mightHold(senderId, messageId) ? find(senderId, messageId) : Optional.empty();
    }

    /** Ends the filter's fill from the log if it is under way (the store is closing). */
    void stopFillingItsFilter() {
        logged.stopFilling();
    }

    /** The entry as the log holds it, read from the store. */
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
            // in the filter before the INSERT, so before the commit; a rollback leaves a false positive (not counted:
            // counted at the commit). Its recording ends with the transaction: a rebuild of the filter reads the log
            // once none told to the old one is open
            LoggedMessageIds.Recording recording = logged.begin(senderId, messageId);
            endedWithTheTransaction(recording);
            db.afterCommit(recording::committed);
            // evidence (wall) time, not qaqpa.clock: the log's retention cut (RetentionClock) is the system's
            db.update("INSERT INTO message_log (sender_id, message_id, operation, service_id, digest, received_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", senderId, messageId, operation, serviceId, digest,
                    OffsetDateTime.now());
            return db.update("INSERT INTO message_reply (seq, reply, reply_large) VALUES (IDENTITY(), ?, ?)",
                    Bodies.inRow(reply), Bodies.apart(reply));
        });
    }

    /**
     * review69 1: outside a transaction {@code whenEnded} refuses; the recording then ends at once, or its writer would
     * stay counted and hold up every later rebuild of the filter.
     */
    private void endedWithTheTransaction(LoggedMessageIds.Recording recording) {
        try {
            db.whenEnded(recording::ended);
        } catch (IllegalStateException outsideATransaction) {
            recording.ended();
            throw outsideATransaction;
        }
    }

    /**
     * Deletes up to {@code limit} entries of messages received before {@code cut} (retention: a repeat of one is stale
     * by then, {@link Retention}). Entries from before store V3 that still hold their request are kept: for some it is
     * the request's only copy (V7). Their replies go with them (message_reply's foreign key cascades).
     *
     * @return how many were deleted
     */
    public int deleteReceivedBefore(OffsetDateTime cut, int limit) {
        int deleted = db.update("DELETE FROM message_log WHERE received_at < ? AND request IS NULL LIMIT ?", cut,
                limit);
        logged.deleted(deleted);
        return deleted;
    }

    /**
     * After a retention run: rebuilds the filter from the log on a thread of its own when the entries retention deleted
     * hold enough of it ({@link LoggedMessageIds#rebuildIfWorthIt}).
     */
    public void rebuildFilterIfWorthIt() {
        logged.rebuildIfWorthIt(db);
    }

    /** The filter that spares the replay check its read of the log (its counts are metrics). */
    public LoggedMessageIds filter() {
        return logged;
    }
}
