package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Documents a channel sends about an accepted application (the consumer's consent, the quality questionnaire). */
public final class ApplicationDocuments {
    private final Database db;

    public ApplicationDocuments(Database db) {
        this.db = db;
    }

    public record Received(String correlationId, String kind, OffsetDateTime receivedAt, String document) {
    }

    private static final String COLUMNS = "correlation_id, kind, received_at, document, document_large";

    public void add(Received d) {
        db.update("INSERT INTO application_document (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", d.correlationId(),
                d.kind(), d.receivedAt(), Bodies.inRow(d.document()), Bodies.apart(d.document()));
    }

    public List<Received> of(String correlationId) {
        return db.query("SELECT " + COLUMNS + " FROM application_document"
                + " WHERE correlation_id = ? ORDER BY id", ApplicationDocuments::map, correlationId);
    }

    /** The newest document of this kind, e.g. the consent the referral must follow. */
    public Optional<Received> latest(String correlationId, String kind) {
        return db.queryOne("SELECT " + COLUMNS + " FROM application_document"
                + " WHERE correlation_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", ApplicationDocuments::map,
                correlationId, kind);
    }

    private static Received map(ResultSet rs) throws SQLException {
        return new Received(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                Bodies.text(rs, 4));
    }
}
