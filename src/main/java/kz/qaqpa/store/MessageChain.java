package kz.qaqpa.store;

import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The tamper-evident message log: every signed message the gateway receives or sends, byte for byte, chained by
 * hash ({@link ChainRecord}). An append joins the caller's transaction and runs just before its commit, so a message
 * is logged exactly when the store change it belongs to is; appends are serialised by the lock on the one head row,
 * held only for those last statements of each transaction.
 */
public final class MessageChain {
    public static final String IN = "IN";
    public static final String OUT = "OUT";
    /** A channel system's request, and the gateway's answer or fault to it. */
    public static final String REQUEST = "REQUEST";
    public static final String ANSWER = "ANSWER";
    public static final String FAULT = "FAULT";
    /** A status notification or result the outbox delivered, and the recipient's answer. */
    public static final String CALLBACK = "CALLBACK";
    public static final String CALLBACK_ANSWER = "CALLBACK_ANSWER";
    /** A call to a state system (ГБД ФЛ, ЕНИС) and its answer. */
    public static final String STATE_CALL = "STATE_CALL";
    public static final String STATE_ANSWER = "STATE_ANSWER";

    static final String COLUMNS = "seq, logged_at, direction, kind, operation, peer, session_id, correlation_id,"
            + " signer_subject, signer_serial, certificate_sha256, message_sha256, message, message_large, prev_hash,"
            + " hash, application_firsts, hash_version, message_text";
    private final Database db;
    private final ChainAppender appender;

    public MessageChain(Database db) {
        this.db = db;
        this.appender = new ChainAppender(db, this);
    }

    /** A signed message to log; {@code bytes} exactly as they went over the wire. */
    public record Message(String direction, String kind, String operation, String peer, String sessionId,
                          String correlationId, X509Certificate signer, byte[] bytes) {
    }

    /** The newest record's number and hash (0 and {@link ChainRecord#GENESIS} for an empty log). */
    public record Head(long seq, String hash) {
    }

    /**
     * Logs {@code messages}, in order, at the end of the current transaction (with every other message of the
     * transaction, under one lock of the head), or at once in one when there is none.
     */
    public void append(Message... messages) {
        appender.append(messages);
    }

    public Head head() {
        return db.queryOne("SELECT seq, hash FROM message_chain_head WHERE id = 1",
                rs -> new Head(rs.getLong(1), rs.getString(2))).orElseThrow();
    }

    /**
     * The last record moved out into an archive file (store V13), where the store's chain begins: the store's first
     * record must link to it. 0 and {@link ChainRecord#GENESIS} while nothing is archived.
     */
    public Head archived() {
        return db.queryOne("SELECT seq, hash FROM message_chain_archived WHERE id = 1",
                rs -> new Head(rs.getLong(1), rs.getString(2))).orElseThrow();
    }

    /**
     * The seal hash of the archive file that holds the last archived record (store V16), which the next file names;
     * empty while nothing is archived or when it was archived before V16 (then only the file knows it).
     */
    public Optional<String> archivedSeal() {
        return db.queryOne("SELECT seal FROM message_chain_archived WHERE id = 1 AND seal IS NOT NULL",
                rs -> rs.getString(1));
    }

    /**
     * Deletes the records after {@code from} up to {@code through}, which {@code file} now holds, and notes
     * {@code through} as the archived head with the file's {@code seal} hash, in one transaction. Refused (nothing
     * changed) unless the archived head is still {@code from} and the store's record {@code through} still has that
     * hash: a second run, or a file that is not of these records, deletes nothing. The rows of
     * message_chain_application go with their records (an index of records no longer here); message_chain_first keeps
     * its rows (an application still open binds its next records to its first record, archived or not), and
     * log_certificate its certificates (few, and named by the records left).
     *
     * @return how many records were deleted
     */
    public long dropArchived(Head from, Head through, String file, String seal) {
        return db.inTransaction(() -> {
            if (db.update("UPDATE message_chain_archived SET seq = ?, hash = ?, file = ?, seal = ? WHERE id = 1"
                    + " AND seq = ? AND hash = ?", through.seq(), through.hash(), file, seal, from.seq(),
                    from.hash()) != 1) {
                throw new IllegalStateException("the archived head is no longer record " + from.seq()
                        + ": another run archived meanwhile");
            }
            if (!db.queryOne("SELECT hash FROM message_chain WHERE seq = ?", rs -> rs.getString(1), through.seq())
                    .equals(Optional.of(through.hash()))) {
                throw new IllegalStateException("the store's record " + through.seq() + " does not have the hash "
                        + through.hash() + " that " + file + " ends with");
            }
            db.update("DELETE FROM message_chain_application WHERE seq > ? AND seq <= ?", from.seq(), through.seq());
            return (long) db.update("DELETE FROM message_chain WHERE seq > ? AND seq <= ?", from.seq(),
                    through.seq());
        });
    }

    /** What the messages of one {@link #boundedPage} hold together at most (a larger record still comes, alone). */
    static final long PAGE_BYTES = 16L * 1024 * 1024;

    /** Up to {@code limit} records after {@code afterSeq}, in chain order. */
    public List<ChainRecord> page(long afterSeq, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM message_chain WHERE seq > ? ORDER BY seq LIMIT ?",
                MessageChain::map, afterSeq, limit);
    }

    /**
     * As {@link #page}, but as many records as hold {@link #PAGE_BYTES} of messages together (the first always), for
     * the walks over the whole log (its verification, an export's links). The first statement reads only the messages'
     * lengths: read whole, a page of 200 records held up to 200 messages near qaqpa.max-message-bytes, and every
     * poll's answer carrying a large application is logged whole.
     */
    public List<ChainRecord> boundedPage(long afterSeq, int limit) {
        // a text's length is at least its message's (MessageText): a page is cut no later than its bytes would cut it
        List<Long> lengths = db.query("SELECT COALESCE(OCTET_LENGTH(message), CHAR_LENGTH(message_text),"
                + " OCTET_LENGTH(message_large))"
                + " FROM message_chain WHERE seq > ? ORDER BY seq LIMIT ?", rs -> rs.getLong(1), afterSeq, limit);
        int fit = Bodies.fitting(lengths, PAGE_BYTES);
        return fit == 0 ? List.of() : page(afterSeq, fit);
    }

    /**
     * The number of the first record in the store logged at or after {@code since}, one past the head when none is: a
     * search by number, as the records are logged in the order of their times (the chain's lock), so no index of times
     * is needed.
     */
    public long firstLoggedSince(Instant since) {
        long low = archived().seq() + 1;
        long high = head().seq() + 1;
        while (low < high) {
            long middle = (low + high) >>> 1;
            Optional<Instant> at = loggedAt(middle);
            if (at.isEmpty() || at.get().isBefore(since)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Up to {@code limit} requests logged from record {@code fromSeq} on and before record {@code beforeSeq} whose
     * operation is one of {@code operations} and that were answered (the gateway's ANSWER of the same session follows
     * them, not a fault), the newest first (attack46: what is read back first is what stays answerable longest).
     */
    public List<ChainRecord> answeredRequestsBefore(long beforeSeq, long fromSeq, Collection<String> operations,
                                                    int limit) {
        if (operations.isEmpty()) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>(List.of(fromSeq, beforeSeq, IN, REQUEST));
        parameters.addAll(operations);
        parameters.add(ANSWER);
        parameters.add(limit);
        return db.query("SELECT " + COLUMNS + " FROM message_chain r WHERE r.seq >= ? AND r.seq < ? AND r.direction = ?"
                + " AND r.kind = ? AND r.operation IN (" + String.join(", ", Collections.nCopies(operations.size(), "?"))
                + ") AND EXISTS (SELECT 1 FROM message_chain a WHERE a.session_id = r.session_id AND a.seq > r.seq"
                + " AND a.kind = ?)"
                + " ORDER BY r.seq DESC LIMIT ?", MessageChain::map, parameters.toArray());
    }

    /**
     * Up to {@code limit} recipients' answers to callbacks logged from record {@code fromSeq} on and before record
     * {@code beforeSeq}, the newest first (attack65: what a start reads back into the answers' replay memory).
     */
    public List<ChainRecord> callbackAnswersBefore(long beforeSeq, long fromSeq, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM message_chain WHERE seq >= ? AND seq < ? AND direction = ?"
                + " AND kind = ? ORDER BY seq DESC LIMIT ?", MessageChain::map, fromSeq, beforeSeq, IN, CALLBACK_ANSWER,
                limit);
    }

    /**
     * Whether the gateway sent {@code peer} a callback in {@code sessionId} (attack64, review63 4: an answer naming such
     * a session of another callback is that callback's answer replayed). The gateway writes its sessions in lower case
     * ({@code SessionIds}), and the contract takes a guid's hex digits in either case, so the session is looked up so.
     */
    public boolean calledBackIn(String peer, String sessionId) {
        return db.queryOne("SELECT 1 FROM message_chain WHERE session_id = ? AND peer = ? AND direction = ? AND kind = ?"
                        + " LIMIT 1", rs -> Boolean.TRUE, sessionId.toLowerCase(Locale.ROOT), peer, OUT,
                CALLBACK).isPresent();
    }

    /**
     * An application's records: those naming its correlationId (alone, or among the applications of a getMessages
     * answer) and, among records of hash version 1, those of the same sessions (the state-system calls its intake
     * made were logged without the correlationId then; since version 2 they name it, and an export holds exactly
     * the records that name the application, which is what its verification checks).
     */
    public List<ChainRecord> ofApplication(String correlationId) {
        return db.query("SELECT " + COLUMNS + " FROM message_chain WHERE correlation_id = ? OR (hash_version = 1"
                        + " AND session_id IN (SELECT session_id FROM message_chain WHERE correlation_id = ?"
                        + " AND session_id IS NOT NULL))"
                        + " OR seq IN (SELECT seq FROM message_chain_application WHERE correlation_id = ?)"
                        + " ORDER BY seq",
                MessageChain::map, correlationId, correlationId, correlationId);
    }

    /**
     * The number of the first record naming the application, alone in correlation_id or among a getMessages answer's
     * (message_chain_application); empty when none does. The whole-log verification holds every record's binding of
     * the application's first record (hash version 3) against it.
     */
    public OptionalLong firstNaming(String correlationId) {
        return db.queryOne("SELECT MIN(seq) FROM (SELECT seq FROM message_chain WHERE correlation_id = ?"
                        + " UNION ALL SELECT seq FROM message_chain_application WHERE correlation_id = ?) AS named",
                rs -> {
                    long seq = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(seq);
                }, correlationId, correlationId).orElse(OptionalLong.empty());
    }

    /**
     * The first record of the application as message_chain_first notes it (what the gateway binds the application's
     * next records to), or empty when it has no row.
     */
    public OptionalLong notedFirst(String correlationId) {
        return db.queryOne("SELECT seq FROM message_chain_first WHERE correlation_id = ?", rs -> rs.getLong(1),
                correlationId).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** A row of message_chain_first: the application and the number of its first record. */
    public record NotedFirst(String correlationId, long seq) {
    }

    /** Up to {@code limit} rows of message_chain_first after the application {@code afterId} ("" for the first). */
    public List<NotedFirst> notedFirsts(String afterId, int limit) {
        return db.query("SELECT correlation_id, seq FROM message_chain_first WHERE correlation_id > ?"
                + " ORDER BY correlation_id LIMIT ?", rs -> new NotedFirst(rs.getString(1), rs.getLong(2)), afterId, limit);
    }

    /** The applications the record {@code seq} names (its correlation_id, without reading its message), or none. */
    public List<String> applicationsOf(long seq) {
        return db.queryOne("SELECT correlation_id FROM message_chain WHERE seq = ?",
                rs -> Objects.toString(rs.getString(1), ""), seq).map(ChainRecord::applications)
                .orElse(List.of());
    }

    /** The hash of record {@code seq} (without reading its message), or empty when the store has no such record. */
    public Optional<String> hashOf(long seq) {
        return db.queryOne("SELECT hash FROM message_chain WHERE seq = ?", rs -> rs.getString(1), seq);
    }

    /** When record {@code seq} was logged (without reading its message), or empty when the store has no such record. */
    public Optional<Instant> loggedAt(long seq) {
        return db.queryOne("SELECT logged_at FROM message_chain WHERE seq = ?", rs -> Instant.parse(rs.getString(1)), seq);
    }

    /** The record numbered {@code seq}, or empty. */
    public Optional<ChainRecord> record(long seq) {
        return page(seq - 1, 1).stream().filter(r -> r.seq() == seq).findFirst();
    }

    public Optional<byte[]> certificate(String sha256) {
        return db.queryOne("SELECT der FROM log_certificate WHERE sha256 = ?", rs -> rs.getBytes(1), sha256);
    }

    /**
     * The record's message bytes: from its text (store V26), its LOB (a large one, V11), or, for a record written
     * before V26, its VARBINARY.
     */
    private static byte[] message(ResultSet rs) throws SQLException {
        String text = rs.getString(19);
        return text != null ? MessageText.decode(text) : Bodies.bytes(rs, 13);
    }

    private static ChainRecord map(ResultSet rs) throws SQLException {
        return new ChainRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), message(rs), rs.getString(15), rs.getString(16), rs.getString(17),
                rs.getInt(18));
    }
}
