package kz.qaqpa.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * When each rule added after messages were logged first ran on this store (V36, review68b 3): the time of the first
 * start of a version that had it, and the first record logged under it. The rules are named by the caller
 * ({@code kz.qaqpa.trust.LaterRules.Rule}); a row is never changed once written.
 */
public final class RulesInForce {
    /** A rule's first start on the store, and the first record logged under it (every record from it on). */
    public record Since(Instant at, long firstSeq) {
    }

    private final Database db;

    public RulesInForce(Database db) {
        this.db = db;
    }

    /**
     * Notes each of {@code rules} the store has no row for as in force from {@code now}, from the record after the
     * chain's head on. The gateway's start calls it before it logs anything.
     */
    public void mark(Collection<String> rules, Instant now) {
        db.inTransaction(() -> {
            Map<String, Since> noted = read();
            long next = new MessageChain(db).head().seq() + 1;
            for (String rule : rules) {
                if (!noted.containsKey(rule)) {
                    db.update("INSERT INTO rules_in_force (rule, since, first_seq) VALUES (?, ?, ?)", rule,
                            now.atOffset(ZoneOffset.UTC), next);
                }
            }
            return null;
        });
    }

    /** Each rule noted, by its name (none on a store no gateway of session 69 or later has started on). */
    public Map<String, Since> read() {
        Map<String, Since> noted = new HashMap<>();
        db.query("SELECT rule, since, first_seq FROM rules_in_force", rs -> Map.entry(rs.getString(1),
                new Since(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getLong(3))))
                .forEach(row -> noted.put(row.getKey(), row.getValue()));
        return noted;
    }
}
