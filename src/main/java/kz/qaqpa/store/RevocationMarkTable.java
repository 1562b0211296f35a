package kz.qaqpa.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.trust.RevocationMark;
import kz.qaqpa.trust.RevocationMarks;

/**
 * The marks of the newest revocation answers (V25, {@code revocation_mark}): per CRL scope its cRLNumber and
 * thisUpdate, per certificate its OCSP answer's thisUpdate and producedAt, each until its nextUpdate. Read once per key
 * after a start, written when a mark advances, never replaced by an older one; the retention deletes what is past its
 * nextUpdate.
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

    /**
     * trust27: monotonic, whatever order writers come in (the trust package writes outside any lock of its own): the
     * row is replaced only by a mark no older than it ({@code RevocationMark}'s order: where both carry a cRLNumber, a
     * lower one; else an earlier thisUpdate, or producedAt where both have one), and a first row is inserted only where
     * none is; a writer that lost that race tries the replacement again.
     */
    @Override
    public void keep(String kind, String key, RevocationMark mark) {
        if (replaceUnlessNewer(kind, key, mark) > 0) {
            return;
        }
        try {
            db.update("INSERT INTO revocation_mark (crl_number, this_update, produced_at, valid_until, kind, subject)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", number(mark), time(mark.thisUpdate()), time(mark.producedAt()),
                    time(mark.validUntil()), kind, key);
        } catch (Database.StoreException e) {
            if (!(e.getCause() instanceof SQLIntegrityConstraintViolationException)) {
                throw e;
            }
            replaceUnlessNewer(kind, key, mark); // the key's row came meanwhile (or was there, newer)
        }
    }

    /** Replaces the key's row with {@code mark} unless the row's mark is newer; how many rows it replaced. */
    private int replaceUnlessNewer(String kind, String key, RevocationMark mark) {
        List<Object> values = new ArrayList<>(List.of(kind, key, time(mark.thisUpdate())));
        String times = "this_update > ?";
        if (mark.producedAt() != null) {
            times += " OR COALESCE(produced_at > ?, FALSE)";
            values.add(time(mark.producedAt()));
        }
        String newer = "(" + times + ")";
        if (mark.number() != null) {
            newer = "CASE WHEN crl_number IS NULL THEN " + newer + " ELSE crl_number > ? END";
            values.add(number(mark));
        }
        List<Object> params = new ArrayList<>(Arrays.asList(number(mark), time(mark.thisUpdate()),
                time(mark.producedAt()), time(mark.validUntil())));
        params.addAll(values);
        return db.update("UPDATE revocation_mark SET crl_number = ?, this_update = ?, produced_at = ?, valid_until = ?"
                + " WHERE kind = ? AND subject = ? AND NOT (" + newer + ")", params.toArray());
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

    private static BigDecimal number(RevocationMark mark) {
        return mark.number() == null ? null : new BigDecimal(mark.number());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
