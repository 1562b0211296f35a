package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Applications (one per accepted REQUEST) with their current state, status and result. */
public final class Applications {
    private final Database db;

    public Applications(Database db) {
        this.db = db;
    }

    /**
     * @param updatedAt       store time (the system clock) of the row's last change: retention's cut compares it
     * @param statusChangedAt when the status or its text last changed, on the regulation clock (qaqpa.clock): the
     *                        contract's statusDate (store V30)
     */
    public record Application(String correlationId, String serviceId, String channel, String senderId, String messageId,
                              String applicantIin, String childIin, String messageState, String statusCode,
                              String statusMessage, String registrationNumber, String resultKind, String result,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt, String applicantBin,
                              OffsetDateTime statusChangedAt) {
        /** Without a БИН: a person's application, its status as accepted (changed at its creation). */
        public Application(String correlationId, String serviceId, String channel, String senderId, String messageId,
                           String applicantIin, String childIin, String messageState, String statusCode,
                           String statusMessage, String registrationNumber, String resultKind, String result,
                           OffsetDateTime createdAt, OffsetDateTime updatedAt) {
            this(correlationId, serviceId, channel, senderId, messageId, applicantIin, childIin, messageState,
                    statusCode, statusMessage, registrationNumber, resultKind, result, createdAt, updatedAt, null,
                    createdAt);
        }
    }

    /**
     * Statuses after which only the channel's events remain: the result is out, or the provider refused to take the
     * application (NOT_DELIVERED, final). The provider's events about such an application are refused (SCE032).
     */
    public static final Set<String> FINISHED = Set.of("COMPLETED", "ISSUED", "NOT_DELIVERED");

    /** {@link #FINISHED} as SQL literals (fixed codes, no input). */
    static final String FINISHED_STATUSES = FINISHED.stream().sorted().map(s -> "'" + s + "'")
            .collect(Collectors.joining(", "));

    /**
     * Applications not yet final that share what they need of the configuration to go on: their service, channel,
     * the system that sent them and the provider they were queued for (null: none), what they still wait for, with
     * how many and the first.
     */
    public record InFlight(String serviceId, String channel, String senderId, String providerId, Awaits awaits,
                           long count, String example) {
    }

    /** What an application not yet final still waits for. */
    public enum Awaits {
        /** Its provider's work and result (any status before the result, an interim answer included). */
        RESULT,
        /** COMPLETED: its channel's employee to hand the result over (then ISSUED). */
        HAND_OVER,
        /** COMPLETED before store version 19: a hand-over, if its channel's route has one ({@link #settleHandOver}). */
        HAND_OVER_UNKNOWN
    }

    private static final String COLUMNS = "correlation_id, service_id, channel, sender_id, message_id, applicant_iin,"
            + " child_iin, message_state, status_code, status_message, registration_number, result_kind, result,"
            + " result_large, created_at, updated_at, applicant_bin, status_changed_at";

    /** Stores a new application and its look-up by its sender's messageId ({@link #byMessage}). */
    public void insert(Application a) {
        db.update("INSERT INTO application_by_message (sender_id, message_id, correlation_id) VALUES (?, ?, ?)",
                a.senderId(), a.messageId(), a.correlationId());
        db.update("INSERT INTO application (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?)", a.correlationId(), a.serviceId(), a.channel(), a.senderId(), a.messageId(), a.applicantIin(),
                a.childIin(), a.messageState(), a.statusCode(), a.statusMessage(), a.registrationNumber(),
                a.resultKind(), Bodies.inRow(a.result()), Bodies.apart(a.result()), a.createdAt(), a.updatedAt(),
                a.applicantBin(), a.statusChangedAt());
    }

    /**
     * The application with exactly this correlationId: "{id} " is not "{id}" (the store compares identifiers exactly,
     * store migration V12), so an event naming it so never passes for the application's while waiting its turn under
     * another name (ApplicationLocks).
     */
    public Optional<Application> byCorrelationId(String correlationId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM application WHERE correlation_id = ?", Applications::map,
                correlationId);
    }

    /** The applications of {@code correlationIds} that exist, in one query (a bounded batch: CalendarReplan). */
    public List<Application> byCorrelationIds(List<String> correlationIds) {
        if (correlationIds.isEmpty()) {
            return List.of();
        }
        return db.query("SELECT " + COLUMNS + " FROM application WHERE correlation_id IN ("
                + String.join(", ", Collections.nCopies(correlationIds.size(), "?")) + ")", Applications::map,
                correlationIds.toArray());
    }

    /**
     * The application a sender's message made, by exactly this messageId (as {@link #byCorrelationId}): found in the
     * narrow table application_by_message, so the intake's insert into its key walks small rows (store V34).
     */
    public Optional<Application> byMessage(String senderId, String messageId) {
        return db.queryOne(BY_MESSAGE, Applications::map, senderId, messageId);
    }

    static final String BY_MESSAGE = "SELECT " + Arrays.stream(COLUMNS.split(", ")).map("a."::concat)
            .collect(Collectors.joining(", ")) + " FROM application_by_message m JOIN application a"
            + " ON a.correlation_id = m.correlation_id WHERE m.sender_id = ? AND m.message_id = ?";

    /** The applications not yet final, grouped by what they need (read at start, {@code InFlightCheck}). */
    public List<InFlight> inFlight() {
        return db.query(IN_FLIGHT, rs -> new InFlight(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), awaits(rs.getString(5), rs.getObject(6) == null), rs.getLong(7),
                rs.getString(8)));
    }

    private static Awaits awaits(String statusCode, boolean unknown) {
        if (!"COMPLETED".equals(statusCode)) {
            return Awaits.RESULT;
        }
        return unknown ? Awaits.HAND_OVER_UNKNOWN : Awaits.HAND_OVER;
    }

    /**
     * Settles, for the COMPLETED applications of a service's channel stored before store version 19, whether their
     * result awaits a hand-over, as the channel's route says ({@code ResultHandOver}).
     */
    public void settleHandOver(String serviceId, String channel, boolean awaited) {
        db.update("UPDATE application SET result_awaits_hand_over = ? WHERE status_code = 'COMPLETED'"
                + " AND result_awaits_hand_over IS NULL AND service_id = ? AND channel = ?", awaited, serviceId, channel);
    }

    /**
     * The statuses an application may move to, each with the statuses it may come from. Statuses only move forward,
     * except that an interim answer (IN_QUEUE) waits for a place to be offered again, and an offer the consumer
     * declined (DECLINED) may be followed by another offer, an interim answer or a final result.
     */
    public static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "DELIVERED", Set.of("ACCEPTED"),
            "REGISTERED", Set.of("ACCEPTED", "DELIVERED"),
            "IN_WORK", Set.of("ACCEPTED", "DELIVERED", "REGISTERED"),
            "OFFERED", Set.of("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "IN_QUEUE", "DECLINED"),
            "CONSENTED", Set.of("OFFERED"),
            "DECLINED", Set.of("OFFERED"),
            "IN_QUEUE", Set.of("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "OFFERED", "DECLINED"),
            "COMPLETED", Set.of("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "OFFERED", "CONSENTED", "DECLINED",
                    "IN_QUEUE"),
            "ISSUED", Set.of("COMPLETED"));

    /** Every status before the final ones ({@link #FINISHED}): the initial ACCEPTED and those it may move through. */
    static final Set<String> NOT_FINAL = Stream.concat(Stream.of("ACCEPTED"), TRANSITIONS.values().stream()
            .flatMap(Set::stream)).filter(s -> !FINISHED.contains(s)).collect(Collectors.toUnmodifiableSet());

    private static final String IN_FLIGHT_COLUMNS = "correlation_id, service_id, channel, sender_id, status_code,"
            + " result_awaits_hand_over";

    /**
     * The applications not yet final and the results awaiting a hand-over (or not known to, stored before store
     * version 19), few among the final ones, with {@code columns}: each part one lookup of index
     * application_in_flight (store V19). The start's check and the operator console's list read the same rows.
     */
    private static String inFlightRows(String columns) {
        return "SELECT " + columns + " FROM application WHERE status_code IN (" + NOT_FINAL.stream().sorted()
                .map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + ") UNION ALL SELECT " + columns
                + " FROM application WHERE status_code = 'COMPLETED' AND result_awaits_hand_over = TRUE"
                + " UNION ALL SELECT " + columns + " FROM application WHERE status_code = 'COMPLETED'"
                + " AND result_awaits_hand_over IS NULL";
    }

    /**
     * The in-flight check's query ({@link #inFlightRows}), grouped by what the applications need, so the start reads
     * those, not every application (InFlightQueryTest).
     */
    static final String IN_FLIGHT = "SELECT a.service_id, a.channel, a.sender_id, q.receiver_id, a.status_code,"
            + " a.result_awaits_hand_over, COUNT(*), MIN(a.correlation_id) FROM (" + inFlightRows(IN_FLIGHT_COLUMNS)
            + ") a LEFT JOIN provider_queue q ON q.correlation_id = a.correlation_id AND q.message_type = 'REQUEST'"
            + " GROUP BY a.service_id, a.channel, a.sender_id, q.receiver_id, a.status_code, a.result_awaits_hand_over";

    /**
     * One application not yet final as the operator lists them: what holds its service (correlationId, service,
     * channel, status, acceptance) and the first planned step it has not reached, with its due time (null: none
     * planned, or a step waiting on the consumer).
     */
    public record Listed(String correlationId, String serviceId, String channel, String statusCode,
                         OffsetDateTime acceptedAt, String nextStepId, OffsetDateTime nextDueAt) {
    }

    /** The page of the applications in flight: at most the limit asked, and how many there are in all. */
    public record InFlightPage(List<Listed> applications, long total) {
    }

    private static final String LISTED_COLUMNS = "correlation_id, service_id, channel, status_code, created_at";

    /**
     * A page of the in-flight rows with their first open planned step: the page is sorted and cut first, so that only
     * its own rows look their plans up (step_plan's primary key: one lookup each). Joined before the cut, a page cost
     * a lookup for every application in flight (years of queued applications: a second and more at 40,000).
     */
    static final String IN_FLIGHT_LISTED = "SELECT a.correlation_id, a.service_id, a.channel, a.status_code,"
            + " a.created_at, p.step_id, p.due_at FROM (SELECT * FROM (" + inFlightRows(LISTED_COLUMNS) + ") x"
            + " WHERE x.correlation_id > ? AND (CAST(? AS VARCHAR(100)) IS NULL OR x.service_id = ?)"
            + " ORDER BY x.correlation_id LIMIT ?) a LEFT JOIN step_plan p ON p.correlation_id = a.correlation_id"
            + " AND p.seq = (SELECT MIN(o.seq) FROM step_plan o WHERE o.correlation_id = a.correlation_id"
            + " AND o.ended_at IS NULL) ORDER BY a.correlation_id";

    /** The count of the applications in flight: the in-flight page's total (of one service: WHERE a.service_id = ?). */
    static final String IN_FLIGHT_COUNT = "SELECT COUNT(*) FROM (" + inFlightRows(LISTED_COLUMNS) + ") a";

    /**
     * The applications in flight ({@link #inFlightRows}, the start's check's rows) by correlationId after
     * {@code after} ("" for the first), at most {@code limit}, of {@code serviceId} alone unless null: what the
     * operator withdrawing a service waits for (qaqpa.service.&lt;id&gt;.closed-to-new). The gateway's correlationIds
     * are time-ordered (UUID version 7), so a page lists them about as they were accepted.
     */
    public InFlightPage inFlightPage(String serviceId, String after, int limit) {
        List<Listed> listed = db.query(IN_FLIGHT_LISTED,
                rs -> new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getObject(7, OffsetDateTime.class)),
                after, serviceId, serviceId, limit);
        long total = db.queryOne(IN_FLIGHT_COUNT + (serviceId == null ? "" : " WHERE a.service_id = ?"),
                rs -> rs.getLong(1),
                serviceId == null ? new Object[0] : new Object[] {serviceId}).orElse(0L);
        return new InFlightPage(listed, total);
    }

    /**
     * Moves the application to {@code statusCode} when its current status may lead there ({@link #TRANSITIONS}).
     * Atomic: of two concurrent changes only the one that still finds an allowed status applies.
     *
     * @param changedAt the moment of the change on the regulation clock (qaqpa.clock): its statusDate
     * @return false when the application's status does not lead to {@code statusCode} (already there or past it)
     */
    public boolean advanceStatus(String correlationId, String messageState, String statusCode, String statusMessage,
                                 OffsetDateTime changedAt) {
        Set<String> from = TRANSITIONS.get(statusCode);
        if (from == null) {
            throw new IllegalArgumentException("unknown status " + statusCode);
        }
        List<String> earlier = List.copyOf(from);
        String placeholders = String.join(", ", Collections.nCopies(earlier.size(), "?"));
        // updated_at is store time (the system clock, not qaqpa.clock): retention's cut (RetentionClock) compares it
        List<Object> params = new ArrayList<>(List.of(messageState, statusCode, statusMessage,
                OffsetDateTime.now(), changedAt, correlationId));
        params.addAll(earlier);
        return db.update("UPDATE application SET message_state = ?, status_code = ?, status_message = ?, updated_at = ?,"
                + " status_changed_at = ? WHERE correlation_id = ? AND status_code IN (" + placeholders + ")",
                params.toArray()) == 1;
    }

    /**
     * A status notification that changes no status (e.g. the hand-over of an interim answer): only its text, changed
     * at {@code changedAt} on the regulation clock, as in {@link #advanceStatus}.
     */
    public void setStatusMessage(String correlationId, String statusMessage, OffsetDateTime changedAt) {
        // store time, as in advanceStatus
        db.update("UPDATE application SET status_message = ?, updated_at = ?, status_changed_at = ?"
                + " WHERE correlation_id = ?", statusMessage, OffsetDateTime.now(), changedAt, correlationId);
    }

    /**
     * A provider that refused the application ends its delivery (state NOT_DELIVERED), unless it moved on already;
     * changed at {@code changedAt} on the regulation clock, as in {@link #advanceStatus}.
     */
    public boolean stopDelivery(String correlationId, String statusCode, String statusMessage,
                                OffsetDateTime changedAt) {
        // store time, as in advanceStatus
        return db.update("UPDATE application SET message_state = 'NOT_DELIVERED', status_code = ?, status_message = ?,"
                + " updated_at = ?, status_changed_at = ? WHERE correlation_id = ? AND status_code = 'ACCEPTED'",
                statusCode, statusMessage, OffsetDateTime.now(), changedAt, correlationId) == 1;
    }

    /**
     * Records the application's registration number; an application has one.
     *
     * @return false when it already has another
     */
    public boolean setRegistrationNumber(String correlationId, String number) {
        return db.update("UPDATE application SET registration_number = ? WHERE correlation_id = ?"
                + " AND (registration_number IS NULL OR registration_number = ?)", number, correlationId, number) == 1;
    }

    /**
     * A new result (or interim answer) is stored: it has not been handed over yet.
     *
     * @param awaitsHandOver whether an employee of the channel is to hand it over (the route's hand-over step)
     */
    public void setResult(String correlationId, String kind, String resultXml, boolean awaitsHandOver) {
        db.update("UPDATE application SET result_kind = ?, result = ?, result_large = ?, result_handed_over = FALSE,"
                + " result_awaits_hand_over = ? WHERE correlation_id = ?", kind, Bodies.inRow(resultXml),
                Bodies.apart(resultXml), awaitsHandOver, correlationId);
    }

    /**
     * Marks the application's current result as handed over to the consumer, once.
     *
     * @return false when it was handed over already
     */
    public boolean markHandedOver(String correlationId) {
        return db.update("UPDATE application SET result_handed_over = TRUE WHERE correlation_id = ?"
                + " AND result_handed_over = FALSE AND (result IS NOT NULL OR result_large IS NOT NULL)",
                correlationId) == 1;
    }

    private static Application map(ResultSet rs) throws SQLException {
        return new Application(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), Bodies.text(rs, 13), rs.getObject(15, OffsetDateTime.class),
                rs.getObject(16, OffsetDateTime.class), rs.getString(17), rs.getObject(18, OffsetDateTime.class));
    }
}
