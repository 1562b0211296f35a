package kz.qaqpa.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import kz.qaqpa.trust.RevocationMark;
import kz.qaqpa.trust.RevocationMarks;

/**
 * The marks of the newest revocation answers (V25, {@code revocation_mark}): per CRL scope its cRLNumber and
 * thisUpdate, per certificate its OCSP answer's thisUpdate and producedAt, each until its nextUpdate. Read once per key
 * after a start, written when a mark advances; the retention deletes what is past its nextUpdate.
 */
public final class RevocationMarkTable implements RevocationMarks {
    private final Database db;

    public RevocationMarkTable(Database db) {
        this.db = db;
    }

    @Override
    public Optional<RevocationMark> find(String kind, String key) {
        return db.queryOne("SELECT crl_number, this_update, produced_at, valid_until FROM revocation_mark"
                + " WHERE kind = ? AND subject = ?", RevocationMarkTable::mark, kind, key);
    }

    @Override
    public void keep(String kind, String key, RevocationMark mark) {
        Object[] values = {mark.number() == null ? null : new BigDecimal(mark.number()), time(mark.thisUpdate()),
                time(mark.producedAt()), time(mark.validUntil()), kind, key};
        db.inTransaction(() -> {
            if (db.update("UPDATE revocation_mark SET crl_number = ?, this_update = ?, produced_at = ?, valid_until = ?"
                    + " WHERE kind = ? AND subject = ?", values) == 0) {
                db.update("INSERT INTO revocation_mark (crl_number, this_update, produced_at, valid_until, kind, subject)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", values);
            }
            return null;
        });
    }

    /** Deletes at most {@code limit} marks whose answer's nextUpdate is before {@code cut} (the retention). */
    public int deletePastBefore(OffsetDateTime cut, int limit) {
        return db.update("DELETE FROM revocation_mark WHERE valid_until < ? LIMIT ?", cut, limit);
    }

    private static RevocationMark mark(ResultSet rs) throws SQLException {
        BigDecimal number = rs.getBigDecimal(1);
        OffsetDateTime produced = rs.getObject(3, OffsetDateTime.class);
        return new RevocationMark(number == null ? null : number.toBigIntegerExact(),
                rs.getObject(2, OffsetDateTime.class).toInstant(), produced == null ? null : produced.toInstant(),
                rs.getObject(4, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
