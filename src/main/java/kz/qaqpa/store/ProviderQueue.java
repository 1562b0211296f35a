package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final Clock clock;

    public ProviderQueue(Database db) {
        this(db, Clock.systemUTC());
    }

    /** @param clock the system's (tests step it): the queue's times are the store's */
    public ProviderQueue(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * A body to be queued with its UTF-8 length (what it counts for in a poll's answer, store V28), counted once:
     * {@code PollRoom} counts it at intake to refuse what no poll holds, and the queue keeps that count (depth42: the
     * same string of up to megabytes was counted again at the insert).
     */
    public record Body(String text, long bytes) {
        public static Body of(String text) {
            return new Body(text, Bodies.utf8Bytes(text));
        }
    }

    /**
     * @param messageType REQUEST for the application itself, UPDATE for what the channel sent about it later (the
     *                    consumer's consent to an offered place)
     * @param bodyBytes   the message's UTF-8 length as kept in its row (store V28); 0 when the body is not read
     */
    public record Queued(String messageId, String correlationId, String serviceId, String receiverId, String message,
                         long bodyBytes, String state, String messageType) {
        /** A message to queue whose body was counted when it was checked ({@link Body}). */
        public Queued(String messageId, String correlationId, String serviceId, String receiverId, Body body,
                      String state, String messageType) {
            this(messageId, correlationId, serviceId, receiverId, body.text(), body.bytes(), state, messageType);
        }

        /** A message to queue whose body is counted here (callers that checked nothing before). */
        public Queued(String messageId, String correlationId, String serviceId, String receiverId, String message,
                      String state, String messageType) {
            this(messageId, correlationId, serviceId, receiverId, Body.of(message), state, messageType);
        }
    }

    private static final String COLUMNS = "message_id, correlation_id, service_id, receiver_id, state, message_type";

    /** {@link #COLUMNS}, then body_bytes; the body read apart (provider_queue_body, store V32). */
    private static Queued map(ResultSet rs, String body) throws SQLException {
        return new Queued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), body, rs.getLong(7),
                rs.getString(5), rs.getString(6));
    }

    /**
     * Queued now, with its body's UTF-8 length as counted before (store V28), which a poll bounds its answer by. The
     * body is kept apart from the row (provider_queue_body, store V32), written once: HSQLDB writes an updated row
     * whole, and each offer, acknowledgement and closing wrote the document again.
     */
    public void enqueue(Queued q) {
        db.inTransaction(() -> {
            db.update("INSERT INTO provider_queue (" + COLUMNS + ", enqueued_at, body_bytes) VALUES (?, ?, ?, ?, ?, ?,"
                            + " ?, ?)", q.messageId(), q.correlationId(), q.serviceId(), q.receiverId(), q.state(),
                    q.messageType(), OffsetDateTime.now(clock), q.bodyBytes());
            db.update("INSERT INTO provider_queue_body (message_id, message, message_large) VALUES (?, ?, ?)",
                    q.messageId(), Bodies.inRow(q.message()), Bodies.apart(q.message()));
            return null;
        });
    }

    /**
     * A message handed to its provider, how many times it has been offered (this time included) and when it was
     * queued: when the gateway took it, which its poll dates it by (review40 row 5: an UPDATE is the channel's later
     * message, not its application).
     */
    public record Offered(Queued message, int offers, OffsetDateTime enqueuedAt) {
    }

    /**
     * Offers the receiver what is queued for it, oldest first: up to {@code limit} messages, as many as fit within
     * {@code roomBytes} together, each counted as its body's UTF-8 bytes (store V28) and {@code eachBytes} more (what
     * the answer wraps it in), always the first, however large, none skipped, of those not
     * offered within {@code redeliveryAfter} (ours, a queue's visibility timeout: each poll's answer is logged whole,
     * and a large application offered at every poll grew the log by its size each time). Each one handed out is
     * marked offered now. An offer dated more than {@code redeliveryAfter} ahead of now can only be one made before
     * the system clock was stepped back (a false NTP source): it counts as due, so a step back delays no redelivery
     * beyond twice {@code redeliveryAfter} (the redelivery may then come early by up to that; a step ahead brings it
     * early by as much, as before). Only the bodies handed out are read: the first statement reads the queue's order and each
     * body's length as kept in its row, the second marks those that fit and hands back the rows it marked, the third
     * reads their bodies by key (kept apart since store V32). Read whole, a
     * poll of many messages near qaqpa.max-message-bytes held them all in the heap before the answer's limit left them
     * out. One taken off between the statements (acknowledged, closed) or marked by another poll meanwhile is not
     * marked, so not handed out; nor one whose body was dropped meanwhile (its application final).
     */
    public List<Offered> offer(String serviceId, String receiverId, int limit, long roomBytes, long eachBytes,
                               Duration redeliveryAfter) {
        return offer(serviceId, receiverId, limit, roomBytes, eachBytes, redeliveryAfter, List.of(), true);
    }

    /**
     * {@link #offer(String, String, int, long, long, Duration)} again within the same poll, for the places of the
     * messages {@code leftOut} (line51: their bodies no longer pass the XML limits), which are not offered again
     * however short the redelivery delay; the first goes however large only if {@code oneAlways} (the poll's answer
     * holds none yet), else it must fit in {@code roomBytes} as well.
     */
    public List<Offered> offer(String serviceId, String receiverId, int limit, long roomBytes, long eachBytes,
                               Duration redeliveryAfter, List<String> leftOut, boolean oneAlways) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime offeredBefore = now.minus(redeliveryAfter);
        OffsetDateTime offeredAfter = now.plus(redeliveryAfter);
        // the first offer's statement unchanged (the connections keep it prepared); a poll's later ones leave out ids
        List<Waiting> queued = db.query("SELECT message_id, body_bytes FROM provider_queue"
                        + " WHERE service_id = ? AND receiver_id = ? AND state = ?"
                        + " AND " + REDELIVERABLE + (leftOut.isEmpty() ? "" : " AND message_id NOT IN (" + IDS + ")")
                        + " ORDER BY enqueued_at, message_id LIMIT ?",
                rs -> new Waiting(rs.getString(1), rs.getLong(2)), leftOut.isEmpty()
                        ? new Object[] {serviceId, receiverId, ON_DELIVERY, offeredBefore, offeredAfter, limit}
                        : new Object[] {serviceId, receiverId, ON_DELIVERY, offeredBefore, offeredAfter,
                                leftOut.toArray(String[]::new), limit});
        List<Long> sizes = queued.stream().map(w -> w.bytes() + eachBytes).toList();
        String[] ids = queued.subList(0, Bodies.fitting(sizes, roomBytes, oneAlways)).stream()
                .map(Waiting::messageId).toArray(String[]::new);
        if (ids.length == 0) {
            return List.of();
        }
        // one text whatever the number of ids: the connections keep their prepared statements by text
        List<Offered> marked = db.updateReturning("UPDATE provider_queue SET offered_at = ?,"
                        + " offers = offers + 1 WHERE message_id IN (" + IDS + ")"
                        + " AND state = ? AND " + REDELIVERABLE, OFFERED_COLUMNS,
                rs -> new Offered(map(rs, null), rs.getInt(8), rs.getObject(9, OffsetDateTime.class)), now, ids,
                ON_DELIVERY, offeredBefore, offeredAfter);
        Map<String, String> bodies = bodies(marked.stream().map(o -> o.message().messageId()).toArray(String[]::new));
        List<Offered> offered = new ArrayList<>();
        for (Offered o : marked) {
            String body = bodies.get(o.message().messageId());
            if (body != null) {
                Queued q = o.message();
                offered.add(new Offered(new Queued(q.messageId(), q.correlationId(), q.serviceId(), q.receiverId(), body,
                        q.bodyBytes(), q.state(), q.messageType()), o.offers(), o.enqueuedAt()));
            }
        }
        List<String> order = List.of(ids);
        offered.sort(Comparator.comparingInt(o -> order.indexOf(o.message().messageId())));
        return offered;
    }

    /** An array of message ids as one parameter: the connections keep their prepared statements by text. */
    private static final String IDS = "UNNEST(CAST(? AS VARCHAR(64) ARRAY))";

    /** The bodies of the messages {@code ids} name, by provider_queue_body's key. */
    private Map<String, String> bodies(String[] ids) {
        Map<String, String> bodies = new HashMap<>();
        if (ids.length > 0) {
            db.query("SELECT message_id, message, message_large FROM provider_queue_body WHERE message_id IN (" + IDS
                    + ")", rs -> Map.entry(rs.getString(1), Bodies.text(rs, 2)), (Object) ids)
                    .forEach(e -> bodies.put(e.getKey(), e.getValue()));
        }
        return bodies;
    }

    /** Never offered, offered before the first time given, or (a clock stepped back since) after the second. */
    private static final String REDELIVERABLE = "(offered_at IS NULL OR offered_at <= ? OR offered_at > ?)";

    /** What a poll reads of each row it marks: {@link #map}'s columns, the offers and when it was queued. */
    private static final String[] OFFERED_COLUMNS = (COLUMNS + ", body_bytes, offers, enqueued_at").toUpperCase(Locale.ROOT)
            .split(", ");

    /** A queued message's place in the queue and its body's length in UTF-8 bytes, without the body. */
    private record Waiting(String messageId, long bytes) {
    }

    /**
     * The queued message with exactly this id (the store compares identifiers exactly, store migration V12), without
     * its body (null): what its acknowledgement needs. Read whole, each acknowledgement of a large application held it.
     */
    public Optional<Queued> byMessageId(String messageId) {
        return db.queryOne("SELECT message_id, correlation_id, service_id, receiver_id, state, message_type"
                        + " FROM provider_queue WHERE message_id = ?", rs -> new Queued(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), null, 0, rs.getString(5), rs.getString(6)), messageId);
    }

    /** The provider the application was queued for. */
    public Optional<String> receiverOf(String correlationId) {
        return db.queryOne("SELECT receiver_id FROM provider_queue WHERE correlation_id = ? AND message_type = 'REQUEST'",
                rs -> rs.getString(1), correlationId);
    }

    /**
     * The application document as it was queued for the provider (the signed element, serialised); empty once its
     * body was dropped ({@link #dropClosedBodiesBefore}: the application is final, nothing reads it any more).
     */
    public Optional<String> application(String correlationId) {
        return db.queryOne("SELECT b.message, b.message_large FROM provider_queue q JOIN provider_queue_body b"
                + " ON b.message_id = q.message_id WHERE q.correlation_id = ? AND q.message_type = 'REQUEST'",
                rs -> Bodies.text(rs, 1), correlationId);
    }

    /** Takes an application off the queue once the provider has answered it, acknowledged or not. */
    public void markAnswered(String correlationId) {
        db.update("UPDATE provider_queue SET state = ?, delivered_at = ? WHERE correlation_id = ? AND state = ?"
                + " AND message_type = 'REQUEST'", DELIVERED, OffsetDateTime.now(clock), correlationId, ON_DELIVERY);
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
     * later event reads who their provider is ({@link #receiverOf}); only their bodies go once final
     * ({@link #dropClosedBodiesBefore}).
     *
     * @return how many were deleted
     */
    public int deleteOfferedNoMoreBefore(OffsetDateTime cut, int limit) {
        return db.update(DELETE_OFFERED_NO_MORE, cut, ON_DELIVERY, limit);
    }

    /**
     * Read in provider_queue_retained (V31) by its three columns: an UPDATE's body is never dropped (only an
     * application's, {@link #dropClosedBodiesBefore}), so body_dropped_at IS NULL leaves out none of them and lets
     * the index hold both retention statements (provider_queue_queued and provider_queue_bodies_kept until V31).
     */
    static final String DELETE_OFFERED_NO_MORE = "DELETE FROM provider_queue WHERE message_type = 'UPDATE'"
            + " AND body_dropped_at IS NULL AND enqueued_at < ? AND state <> ? LIMIT ?";

    /**
     * Drops the bodies of up to {@code limit} applications' own entries (REQUEST) whose application is final
     * ({@link Applications#FINISHED}) and last changed before {@code cut}, and no longer offered. Nothing reads them
     * then: the provider may report nothing more about a final application (SCE032 before anything is checked
     * against the application as queued, {@link #application}), and the channel's events (hand-over, questionnaire)
     * and the acknowledgements read only the row's keys, which stay with the row (store V17). The message chain
     * keeps the application as received.
     *
     * @return how many were dropped
     */
    public int dropClosedBodiesBefore(OffsetDateTime cut, int limit) {
        return db.inTransaction(() -> {
            String[] dropped = db.updateReturning(DROP_CLOSED_BODIES, MESSAGE_ID, rs -> rs.getString(1),
                    OffsetDateTime.now(clock), ON_DELIVERY, cut, limit).toArray(String[]::new);
            if (dropped.length > 0) {
                db.update("DELETE FROM provider_queue_body WHERE message_id IN (" + IDS + ")", (Object) dropped);
            }
            return dropped.length;
        });
    }

    private static final String[] MESSAGE_ID = {"MESSAGE_ID"};

    /**
     * Read in provider_queue_retained (V31) by its first two columns. The rows it marks have their bodies deleted
     * from provider_queue_body in the same transaction (store V32; the body was a column of the row before).
     */
    static final String DROP_CLOSED_BODIES = "UPDATE provider_queue SET"
            + " body_dropped_at = ? WHERE message_type = 'REQUEST' AND body_dropped_at IS NULL AND state <> ?"
            + " AND EXISTS (SELECT 1 FROM application a WHERE a.correlation_id = provider_queue.correlation_id"
            + " AND a.status_code IN (" + Applications.FINISHED_STATUSES + ") AND a.updated_at < ?) LIMIT ?";

    /** Takes a message off the queue once; false when it was already off (a repeated or late acknowledgement). */
    public boolean markState(String messageId, String state) {
        return db.update("UPDATE provider_queue SET state = ?, delivered_at = ? WHERE message_id = ? AND state = ?",
                state, OffsetDateTime.now(clock), messageId, ON_DELIVERY) == 1;
    }
}
