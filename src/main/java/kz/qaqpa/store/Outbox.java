package kz.qaqpa.store;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.qaqpa.xml.XmlCharacters;

/**
 * Calls the gateway owes to sender systems (status notifications, results). Written in the same transaction as
 * the change they report, delivered later with retries, so a notification is never lost by a crash or an outage.
 * An entry's payload is kept apart from its state, in outbox_payload (store V29), written once with the entry: HSQLDB
 * writes an updated row whole, and the state changes (head, delivered, retries) would rewrite the payload each time.
 */
public final class Outbox {
    /** The store's width of an entry's last error (outbox.last_error, VARCHAR(2000)). */
    private static final int LAST_ERROR_CHARS = 2000;
    private final Database db;
    private final Clock clock;

    public Outbox(Database db) {
        this(db, Clock.systemUTC());
    }

    /** @param clock the system's (tests step it): the outbox's times are the store's */
    public Outbox(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * An entry owed.
     *
     * @param payload the callback's body; null as {@link #due} and {@link #restarted} hand out an entry (its body is
     *                kept apart, store V29): read it with {@link #payload} when it is sent
     */
    public record Pending(long id, String correlationId, String targetSender, String url, String payload, int attempts) {
    }

    public void add(String correlationId, String targetSender, String url, String payload) {
        db.inTransaction(() -> {
            // with nothing open for the application and recipient the new entry is their head at once; otherwise
            // markHead writes the current head, and so waits for a delivery of it committing meanwhile (decided by
            // the INSERT alone, the delivery cannot see the new entry and the application is left without a head:
            // OutboxTest replays it). The INSERT looks for what is open itself and hands back what it found.
            boolean first = db.updateReturning(QUEUE, HEAD_COLUMN, rs -> rs.getBoolean(1), correlationId,
                    targetSender, url, OffsetDateTime.now(clock), correlationId, targetSender).get(0);
            // IDENTITY() is the id this session's INSERT just gave the entry (as MessageLog's reply)
            db.update("INSERT INTO outbox_payload (id, payload, payload_large) VALUES (IDENTITY(), ?, ?)",
                    Bodies.inRow(payload), Bodies.apart(payload));
            if (!first) {
                markHead(correlationId, targetSender);
            }
            return null;
        });
    }

    /**
     * Queues an entry, its head flag set when nothing of its application and recipient is open (read in outbox_open,
     * as {@link #OLDEST_OPEN}): parameters the application, recipient, url and due time, then the application and
     * recipient again. One statement since store48: a SELECT of {@link #OLDEST_OPEN} went before it, 2 an intake and
     * about 8 an application's round trip.
     */
    static final String QUEUE = "INSERT INTO outbox (correlation_id, target_sender, url, next_attempt_at, head)"
            + " VALUES (?, ?, ?, ?, NOT EXISTS (SELECT 1 FROM outbox WHERE correlation_id = ? AND target_sender = ?"
            + " AND delivered_at IS NULL AND stopped_at IS NULL))";
    private static final String[] HEAD_COLUMN = {"HEAD"};

    /**
     * Marks the oldest open entry of an application and recipient as its head, and no other: the due query reads
     * heads only. Called in the transaction of every change that opens or closes an entry. It rewrites only the
     * current head and the entry that becomes head (mostly the same row), never the other open entries: writing the
     * current head is what makes a concurrent change of the same application and recipient wait for this one.
     */
    private void markHead(String correlationId, String targetSender) {
        db.update(MARK_HEAD, correlationId, targetSender, correlationId, targetSender, correlationId, targetSender);
    }

    // read in outbox_open (V27), the open entries of the application and recipient only: through outbox_order (with
    // "open" written COALESCE(delivered_at, stopped_at) IS NULL, before V27) it read every entry of theirs, delivered
    // ones too, until the retention
    static final String OLDEST_OPEN = "SELECT MIN(id) FROM outbox WHERE correlation_id = ? AND target_sender = ?"
            + " AND delivered_at IS NULL AND stopped_at IS NULL";

    /** {@link #markHead}'s statement: parameters the application and recipient, three times. */
    static final String MARK_HEAD = "UPDATE outbox SET head = COALESCE(id = (" + OLDEST_OPEN + "), FALSE)"
            + " WHERE correlation_id = ? AND target_sender = ? AND (head OR id = (" + OLDEST_OPEN + "))";

    /**
     * Runs {@code change} on {@code entry} and marks the head of its application and recipient again. A change that
     * closes the entry also clears its head flag, so that the entry is written once.
     */
    private <T> T changingOpenness(Pending entry, Database.Work<T> change) {
        return db.inTransaction(() -> {
            T result = change.run();
            markHead(entry.correlationId(), entry.targetSender());
            return result;
        });
    }

    /** An entry with its body, from the outbox joined with outbox_payload (o and p). */
    private static final String COLUMNS = "o.id, o.correlation_id, o.target_sender, o.url, p.payload, p.payload_large,"
            + " o.attempts";
    private static final Database.RowMapper<Pending> PENDING = rs -> new Pending(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), Bodies.text(rs, 5), rs.getInt(7));
    /** What a pass reads of a due entry: its state, no body (read by {@link #payload} when it is sent). */
    private static final String STATE_COLUMNS = "id, correlation_id, target_sender, url, attempts";
    private static final Database.RowMapper<Pending> STATE = rs -> new Pending(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), null, rs.getInt(5));

    /**
     * Due entries, at most {@code limit} of each recipient not {@code skipping} (their calls are under way), grouped by
     * recipient, each recipient's longest due first, each only when nothing earlier for the same application and
     * recipient is still open (the heads), so a channel sees an application's statuses in order and one recipient's
     * outage holds up no other. Each recipient's due heads are read in outbox_due's order, the recipient second in it
     * (V35), so HSQLDB reads that recipient's own heads and stops at the limit: it does not read past the heads of the
     * recipients skipped, thousands with a backlog (perf53c; through (head, next_attempt_at) it read them all at every
     * pass). The limit is each recipient's, not the pass's: every row read is handed out (perf54; a limit for all
     * together, shared longest due first, read up to a limit of each recipient and left the rest unused). An entry due
     * more than {@code longestPause} ahead (no pause is longer) was put off before the system clock was stepped back (a
     * false NTP source): it is due now, so a step back delays no retry by more than the longest pause (a step ahead
     * brings retries early, by their pauses at most).
     */
    public List<Pending> due(int limit, Set<String> skipping, Duration longestPause) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Pending> due = new ArrayList<>();
        for (String recipient : recipientsWithHeads()) {
            if (!skipping.contains(recipient)) {
                due.addAll(db.query(DUE, STATE, recipient, now, now.plus(longestPause), limit));
            }
        }
        return due;
    }

    /**
     * The recipients with an open head, due or not, each found by one probe of outbox_due (the next recipient after
     * the last found), not by reading their heads.
     */
    private List<String> recipientsWithHeads() {
        List<String> found = new ArrayList<>();
        for (Optional<String> next = nextRecipient(""); next.isPresent(); next = nextRecipient(next.get())) {
            found.add(next.get());
        }
        return found;
    }

    private Optional<String> nextRecipient(String after) {
        return db.queryOne(NEXT_RECIPIENT, rs -> rs.getString(1), after);
    }

    /** The first recipient with a head after the one named: parameter that recipient ("" for the first). */
    static final String NEXT_RECIPIENT = "SELECT target_sender FROM outbox WHERE head = TRUE AND target_sender > ?"
            + " ORDER BY head, target_sender LIMIT 1";

    /** One recipient's due heads: parameters the recipient, now, the latest time due, the limit. */
    static final String DUE = "SELECT " + STATE_COLUMNS + " FROM outbox o WHERE head = TRUE"
            + " AND target_sender = ? AND (next_attempt_at <= ? OR next_attempt_at > ?) AND "
            + Outbox.NOTHING_OPEN_BEFORE + " ORDER BY head, target_sender, next_attempt_at LIMIT ?";

    /**
     * No older entry of the head's application and recipient is open (a lookup of outbox_open per due head, V27: the
     * open entries only, ops27; through outbox_order it read every entry of theirs, delivered ones too). Two
     * entries queued by overlapping transactions while nothing of theirs was open are both made heads (neither sees
     * the other's row, and no row is written by both): the overdue pass does not take the application's turn, so its
     * OVERDUE and an event's status can be. The younger then waits here until the older is closed, whose
     * {@link #markHead} leaves one head again (race26).
     */
    static final String NOTHING_OPEN_BEFORE = "NOT EXISTS (SELECT 1 FROM outbox e WHERE e.correlation_id"
            + " = o.correlation_id AND e.target_sender = o.target_sender AND e.delivered_at IS NULL"
            + " AND e.stopped_at IS NULL AND e.id < o.id)";

    /** The entry's body: as handed out, or, kept apart, read now (just before it is sent). */
    public String payload(Pending entry) {
        return entry.payload() != null ? entry.payload() : db.queryOne(PAYLOAD, rs -> Bodies.text(rs, 1), entry.id())
                .orElseThrow(() -> new IllegalStateException("outbox entry " + entry.id() + " is gone"));
    }

    /**
     * Keeps {@code payload} as the entry's body from now on: a callback made anew for its recipient (dates65, a
     * result dated again after the recipient refused its date). Returns once committed and on disk (the store's
     * commit waits for its log's sync), so a callback sent after it is the one a crash sends again.
     */
    public void redated(Pending entry, String payload) {
        db.update("UPDATE outbox_payload SET payload = ?, payload_large = ? WHERE id = ?", Bodies.inRow(payload),
                Bodies.apart(payload), entry.id());
    }

    /** An entry's body, by outbox_payload's key. */
    static final String PAYLOAD = "SELECT payload, payload_large FROM outbox_payload WHERE id = ?";

    /** Every call owed for one application, delivered or not, in order, with their bodies. */
    public List<Pending> forApplication(String correlationId) {
        return db.query(FOR_APPLICATION, PENDING, correlationId);
    }

    /** Through outbox_open (V27; outbox_order until V31) in id order, each entry's body by outbox_payload's key. */
    static final String FOR_APPLICATION = "SELECT " + COLUMNS + " FROM outbox o JOIN outbox_payload p ON p.id = o.id"
            + " WHERE o.correlation_id = ? ORDER BY o.id";

    /** An entry given up on, as the operator sees it. */
    public record Stopped(long id, String correlationId, String targetSender, int attempts, String lastError,
                          OffsetDateTime stoppedAt) {
    }

    /** Calls still owed and not given up on. */
    public long backlog() {
        return db.queryOne(BACKLOG, rs -> rs.getLong(1)).orElse(0L);
    }

    /** Counted in outbox_stopped (V22), both conditions its start (outbox_pending until V31). */
    static final String BACKLOG = "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND stopped_at IS NULL";

    /** The count of the calls given up on: the stopped page's total. */
    static final String STOPPED_COUNT = "SELECT COUNT(*) FROM outbox WHERE stopped_at IS NOT NULL AND delivered_at IS NULL";

    /** Calls given up on and waiting for the operator. */
    public long stoppedCount() {
        return db.queryOne(STOPPED_COUNT, rs -> rs.getLong(1)).orElse(0L);
    }

    /** Where a page of stopped calls starts: after the one stopped at {@code stoppedAt} with this id. */
    public record StoppedKey(OffsetDateTime stoppedAt, long id) {
        /** Before every call. */
        public static final StoppedKey FIRST = new StoppedKey(OffsetDateTime.parse("1970-01-01T00:00Z"), -1);
    }

    /**
     * The calls given up on (as {@link #stoppedCount}) by the time they stopped, then id, after {@code after}, at most
     * {@code limit}, for the operator console. Store V22's index outbox_stopped holds the conditions and the order: a
     * page reads the stopped calls after its key, not every call still owed; the ORDER BY names all the index's
     * columns and {@code USING INDEX} has HSQLDB read them in its order and stop at the limit (as the overdue page).
     */
    static final String STOPPED_PAGE = "SELECT id, correlation_id, target_sender, attempts, last_error, stopped_at"
            + " FROM outbox WHERE delivered_at IS NULL AND stopped_at >= ? AND (stopped_at > ? OR id > ?)"
            + " ORDER BY delivered_at, stopped_at, id LIMIT ? USING INDEX";

    public List<Stopped> stopped(StoppedKey after, int limit) {
        return db.query(STOPPED_PAGE, rs -> new Stopped(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getString(5), rs.getObject(6, OffsetDateTime.class)), after.stoppedAt(), after.stoppedAt(),
                after.id(), limit);
    }

    /** The operator sends a stopped entry again (after the recipient was fixed); false when it was not stopped. */
    public boolean restart(long id) {
        return restarted(id).isPresent();
    }

    /**
     * As {@link #restart}: the entry sent again, or empty when it was not stopped; its application and recipient are
     * what the operator's log line names (ops43: grep on the correlationId finds the restart).
     */
    public Optional<Pending> restarted(long id) {
        return db.inTransaction(() -> db.queryOne("SELECT " + STATE_COLUMNS + " FROM outbox WHERE id = ?", STATE, id)
                .filter(entry -> changingOpenness(entry, () -> db.update("UPDATE outbox SET stopped_at = NULL,"
                        + " attempts = 0, next_attempt_at = ? WHERE id = ? AND stopped_at IS NOT NULL"
                        + " AND delivered_at IS NULL", OffsetDateTime.now(clock), id)) == 1));
    }

    /**
     * How many later calls of the same application to the same recipient were delivered while this one was stopped:
     * a restarted call reaches its recipient after them, out of the order README "Callbacks" promises (review40, ours:
     * the restart says so rather than holding the call back, since the recipient was owed it and may still want it).
     */
    public long deliveredAfter(long id) {
        return db.queryOne(DELIVERED_AFTER, rs -> rs.getLong(1), id).orElse(0L);
    }

    /** The stopped call by its key, the later ones of its application and recipient through outbox_open. */
    static final String DELIVERED_AFTER = "SELECT COUNT(*) FROM outbox o JOIN outbox s ON o.correlation_id"
            + " = s.correlation_id AND o.target_sender = s.target_sender AND o.id > s.id WHERE s.id = ?"
            + " AND o.delivered_at IS NOT NULL";

    /** Gives up on an entry (the recipient never answered); the operator sees it with its last error. */
    public void stop(Pending entry, String error) {
        changingOpenness(entry, () -> db.update("UPDATE outbox SET attempts = attempts + 1, last_error = ?, stopped_at = ?,"
                + " head = FALSE WHERE id = ?", truncate(error), OffsetDateTime.now(clock), entry.id()));
    }

    private static String truncate(String error) {
        return XmlCharacters.cut(error, LAST_ERROR_CHARS);
    }

    public void delivered(Pending entry) {
        changingOpenness(entry, () -> db.update("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, head = FALSE"
                + " WHERE id = ?", OffsetDateTime.now(clock), entry.id()));
    }

    /**
     * Deletes up to {@code limit} calls delivered before {@code cut}, their payloads with them (outbox_payload's foreign
     * key cascades, V29). A closed call is never a head, so the order of what is still owed to its application and
     * recipient is untouched.
     *
     * @return how many were deleted
     */
    public int deleteDeliveredBefore(OffsetDateTime cut, int limit) {
        return db.update(DELETE_DELIVERED, cut, limit);
    }

    /** Read in outbox_stopped (V22) from its first column, delivered_at (outbox_pending's until V31). */
    static final String DELETE_DELIVERED = "DELETE FROM outbox WHERE delivered_at < ? AND NOT head LIMIT ?";

    /** As {@link #deleteDeliveredBefore}, for calls given up on before {@code cut} and not restarted since. */
    public int deleteStoppedBefore(OffsetDateTime cut, int limit) {
        return db.update(DELETE_STOPPED, cut, limit);
    }

    /** Read in outbox_stopped (V22): delivered_at NULL and stopped_at before the cut. */
    static final String DELETE_STOPPED = "DELETE FROM outbox WHERE stopped_at < ? AND delivered_at IS NULL AND NOT head"
            + " LIMIT ?";

    public void failed(long id, String error, Duration retryIn) {
        db.update("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                truncate(error), OffsetDateTime.now(clock).plus(retryIn), id);
    }
}
