package kz.qaqpa.evidence;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import kz.qaqpa.store.ChainRecord;

/**
 * Along the walk over the archive files ({@link ArchiveCheck}): each record of hash version 3 binds, for every
 * application it names, the number of the application's first record ({@link ChainRecord#firstRecordOf}), which must
 * be the first record of the chain that names the application. The walk remembers at most {@code remembered}
 * applications (those met lately), so memory does not grow with the log, and for each what it knows of the first:
 * <ul>
 * <li>bound: a version-3 record bound it, and every later record of the application must bind the same (the gateway
 *     binds all of an application's records to one record);</li>
 * <li>noted: a record of an earlier version named the application, so its first record is at or before that one.</li>
 * </ul>
 * An application not remembered either opens at the record met or was forgotten: its first record is at or before
 * that record. A binding is accepted when it is the bound record, or, where only "at or before" is known, when it is
 * that record or an earlier one naming the application (looked up in its file); anything else is named: a record
 * after one known to name the application, a record that does not name it, another than the one bound before.
 *
 * <p>The true first record is at or before every record naming its application, so it is always accepted: forgetting
 * raises no false alarm (it did until session 38: an application forgotten, then named by a record of an earlier
 * version, had that record taken as its first, and the version-3 record binding the true first was called bad).
 * Nothing forgotten, the rule is exact: the remembered record is then the first, no earlier record names the
 * application, and only it is accepted.
 *
 * <p>What it cannot check after forgetting (ours): that a binding naming an earlier record of the application, at
 * or before the one it knows, is the application's first and not a later record of its own (its second, say). The
 * walk read that first record but no longer holds it; finding it again would read the files back for every
 * application met again. That is safe because such a binding is in the record's hash: binding a later first
 * record means hashing the chain again from that record on and sealing its archive files again with the gateway's
 * key, and where the seals and the log's heads are time-stamped those name a re-hashed chain on their own
 * ({@link ArchiveSeal}, {@link StampCheck}); the binding must still name the application, lie at or before every
 * record of it the walk remembers, and agree with every binding of it the walk meets while it is remembered.
 */
final class ArchivedFirstRecords {
    /** How many applications' first records the gateway's verification remembers along the walk. */
    static final int REMEMBERED = 10_000;
    private final ArchiveDirectory archives;
    private final Map<String, First> firsts;

    /** What the walk knows of an application's first record: the record bound, or one it is at or before. */
    private record First(long seq, boolean bound) {
    }

    ArchivedFirstRecords(ArchiveDirectory archives, int remembered) {
        this.archives = archives;
        this.firsts = Caffeine.newBuilder().maximumSize(remembered).executor(Runnable::run)
                .<String, First>build().asMap();
    }

    /** What is wrong with the record's bindings of its applications' first records, or empty. */
    Optional<String> problem(ChainRecord r) {
        return new LinkedHashSet<>(ChainRecord.applications(r.correlationId())).stream()
                .map(id -> problem(r, id)).flatMap(Optional::stream).findFirst();
    }

    /** Notes the application met (an earlier version binds no first record), or checks the record's binding. */
    private Optional<String> problem(ChainRecord r, String id) {
        if (r.hashVersion() < 3) {
            firsts.putIfAbsent(id, new First(r.seq(), false));
            return Optional.empty();
        }
        OptionalLong bound = r.firstRecordOf(id);
        if (bound.isEmpty()) {
            return Optional.of("it is of hash version 3 but does not bind the first record of application " + id);
        }
        long b = bound.getAsLong();
        First known = firsts.get(id);
        Optional<String> problem = known != null && known.bound() ? otherThanBound(id, b, known.seq())
                : notAtOrBefore(r, id, b, known == null ? r.seq() : known.seq());
        if (problem.isEmpty()) {
            firsts.put(id, new First(b, true));
        }
        return problem;
    }

    private static Optional<String> otherThanBound(String id, long b, long boundBefore) {
        return b == boundBefore ? Optional.empty() : Optional.of("it binds record " + b + " as the first record of"
                + " application " + id + ", but the application's records before it bind record " + boundBefore);
    }

    /** Why {@code b} is not {@code atOrBefore} (a record naming the application) or an earlier one naming it. */
    private Optional<String> notAtOrBefore(ChainRecord r, String id, long b, long atOrBefore) {
        if (b > atOrBefore) {
            return Optional.of(atOrBefore == r.seq()
                    ? "it binds record " + b + ", after it, as the first record of application " + id
                    : "it binds record " + b + " as the first record of application " + id + ", but record "
                    + atOrBefore + ", before it, names it");
        }
        if (b < atOrBefore && !archives.applicationsOf(b).contains(id)) {
            return Optional.of("it binds record " + b + " as the first record of application " + id
                    + ", but that record does not name it");
        }
        return Optional.empty();
    }
}
