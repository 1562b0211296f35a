package kz.qaqpa.store;

import java.util.Optional;

/**
 * Which system a signed application document was first submitted through, by service and digest (V20): the first
 * application made of it claims it, in the transaction that stores the application.
 */
public final class SignedForms {
    private final Database db;

    public SignedForms(Database db) {
        this.db = db;
    }

    /** The owner of a signed document and the first application it made. */
    public record Owner(String senderId, String correlationId) {
    }

    /**
     * Claims the document for {@code senderId} unless a system already has; a claim racing another's uncommitted
     * one waits for it and then fails on the primary key at this statement (the loser then reads the winner's row).
     *
     * @return true when this claim made the row (the sender owns the document; nothing to read back), false when a
     *         claim had been made before (read its owner)
     */
    public boolean claim(String serviceId, String digest, String senderId, String correlationId) {
        return db.update("INSERT INTO signed_form (service_id, document_digest, sender_id, correlation_id)"
                        + " SELECT ?, ?, ?, ? FROM (VALUES (0)) WHERE NOT EXISTS (SELECT 1 FROM signed_form"
                        + " WHERE service_id = ? AND document_digest = ?)",
                serviceId, digest, senderId, correlationId, serviceId, digest) == 1;
    }

    public Optional<Owner> owner(String serviceId, String digest) {
        return db.queryOne("SELECT sender_id, correlation_id FROM signed_form WHERE service_id = ?"
                + " AND document_digest = ?", rs -> new Owner(rs.getString(1), rs.getString(2)), serviceId, digest);
    }
}
