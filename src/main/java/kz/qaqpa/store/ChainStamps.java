package kz.qaqpa.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Time-stamps of the message chain: each an RFC 3161 token over the hash of record {@code seq}, with the time the
 * authority signed it (as the token says; kept beside it for reading without parsing the token).
 */
public final class ChainStamps {
    private final Database db;

    public ChainStamps(Database db) {
        this.db = db;
    }

    public record Stamp(long seq, String hash, String stampedAt, byte[] token) {
    }

    public void add(Stamp stamp) {
        db.update("INSERT INTO message_chain_stamp (seq, hash, stamped_at, token) VALUES (?, ?, ?, ?)", stamp.seq(),
                stamp.hash(), stamp.stampedAt(), stamp.token());
    }

    /** The stamp of the newest record stamped, or empty. */
    public Optional<Stamp> latest() {
        return db.queryOne("SELECT seq, hash, stamped_at, token FROM message_chain_stamp ORDER BY seq DESC LIMIT 1",
                ChainStamps::map);
    }

    /** The first stamp of a record from {@code seq} on: the one that shows that record existed earliest. */
    public Optional<Stamp> firstFrom(long seq) {
        return db.queryOne("SELECT seq, hash, stamped_at, token FROM message_chain_stamp WHERE seq >= ? ORDER BY seq"
                + " LIMIT 1", ChainStamps::map, seq);
    }

    /** Up to {@code limit} stamps of records after {@code afterSeq}, oldest first. */
    public List<Stamp> page(long afterSeq, int limit) {
        return db.query("SELECT seq, hash, stamped_at, token FROM message_chain_stamp WHERE seq > ? ORDER BY seq LIMIT ?",
                ChainStamps::map, afterSeq, limit);
    }

    /**
     * The last record after {@code afterSeq} stamped before {@code before}, or {@code afterSeq}: the authority's time
     * shows that it and every record before it existed then, whatever their own times say. The stamps' times follow
     * their records' order (HeadStamping keeps no older one), so the first stamp at or after {@code before} ends it.
     */
    public long lastStampedBefore(long afterSeq, Instant before) {
        long last = afterSeq;
        while (true) {
            List<Timed> page = db.query("SELECT seq, stamped_at FROM message_chain_stamp WHERE seq > ? ORDER BY seq"
                    + " LIMIT ?", rs -> new Timed(rs.getLong(1), Instant.parse(rs.getString(2))), last, TIMES_PAGE);
            for (Timed stamp : page) {
                if (!stamp.at().isBefore(before)) {
                    return last;
                }
                last = stamp.seq();
            }
            if (page.size() < TIMES_PAGE) {
                return last;
            }
        }
    }

    /** Stamps' times read at a time: no tokens, so a page is small. */
    private static final int TIMES_PAGE = 1000;

    private record Timed(long seq, Instant at) {
    }

    private static Stamp map(ResultSet rs) throws SQLException {
        return new Stamp(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4));
    }
}
