package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
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

    public void updateStatus(String correlationId, String messageState, String statusCode, String statusMessage) {
        db.update("UPDATE application SET message_state = ?, status_code = ?, status_message = ?, updated_at = ?"
                + " WHERE correlation_id = ?", messageState, statusCode, statusMessage, OffsetDateTime.now(), correlationId);
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
