package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Applications (one per accepted REQUEST) with their current state, status and result. */
public final class Applications {
    private final Database db;

    public Applications(Database db) {
        this.db = db;
    }

    public record Application(String correlationId, String serviceId, String channel, String senderId, String messageId,
                              String applicantIin, String childIin, String messageState, String statusCode,
                              String statusMessage, String registrationNumber, String resultKind, String result,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    private static final String COLUMNS = "correlation_id, service_id, channel, sender_id, message_id, applicant_iin,"
            + " child_iin, message_state, status_code, status_message, registration_number, result_kind, result,"
            + " created_at, updated_at";

    public void insert(Application a) {
        db.update("INSERT INTO application (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.correlationId(), a.serviceId(), a.channel(), a.senderId(), a.messageId(), a.applicantIin(),
                a.childIin(), a.messageState(), a.statusCode(), a.statusMessage(), a.registrationNumber(),
                a.resultKind(), a.result(), a.createdAt(), a.updatedAt());
    }

    public Optional<Application> byCorrelationId(String correlationId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM application WHERE correlation_id = ?", Applications::map,
                correlationId);
    }

    public Optional<Application> byMessage(String senderId, String messageId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM application WHERE sender_id = ? AND message_id = ?",
                Applications::map, senderId, messageId);
    }

    /** An application's statuses in the only order they may follow each other. */
    public static final List<String> STATUS_ORDER = List.of("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "COMPLETED");

    /**
     * Moves the application forward to {@code statusCode}; never backwards, never twice to COMPLETED. Atomic: of two
     * concurrent changes only the one that still finds an earlier status applies.
     *
     * @return false when the application's status is already at or past {@code statusCode}
     */
    public boolean advanceStatus(String correlationId, String messageState, String statusCode, String statusMessage) {
        int rank = STATUS_ORDER.indexOf(statusCode);
        if (rank < 0) {
            throw new IllegalArgumentException("unknown status " + statusCode);
        }
        List<String> earlier = STATUS_ORDER.subList(0, rank);
        if (earlier.isEmpty()) {
            return false;
        }
        String placeholders = String.join(", ", java.util.Collections.nCopies(earlier.size(), "?"));
        List<Object> params = new java.util.ArrayList<>(List.of(messageState, statusCode, statusMessage,
                OffsetDateTime.now(), correlationId));
        params.addAll(earlier);
        return db.update("UPDATE application SET message_state = ?, status_code = ?, status_message = ?, updated_at = ?"
                + " WHERE correlation_id = ? AND status_code IN (" + placeholders + ")", params.toArray()) == 1;
    }

    /** A provider that refused the application ends its delivery (state NOT_DELIVERED), unless it moved on already. */
    public boolean stopDelivery(String correlationId, String statusCode, String statusMessage) {
        return db.update("UPDATE application SET message_state = 'NOT_DELIVERED', status_code = ?, status_message = ?,"
                + " updated_at = ? WHERE correlation_id = ? AND status_code = 'ACCEPTED'", statusCode, statusMessage,
                OffsetDateTime.now(), correlationId) == 1;
    }

    public void setRegistrationNumber(String correlationId, String number) {
        db.update("UPDATE application SET registration_number = ? WHERE correlation_id = ?", number, correlationId);
    }

    public void setResult(String correlationId, String kind, String resultXml) {
        db.update("UPDATE application SET result_kind = ?, result = ? WHERE correlation_id = ?", kind, resultXml,
                correlationId);
    }

    private static Application map(ResultSet rs) throws SQLException {
        return new Application(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getObject(14, OffsetDateTime.class),
                rs.getObject(15, OffsetDateTime.class));
    }
}
