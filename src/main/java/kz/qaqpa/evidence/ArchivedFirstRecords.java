package kz.qaqpa.evidence;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import kz.qaqpa.store.ChainRecord;

/**
 * Along the walk over the archive files ({@link ArchiveCheck}): each record of hash version 3 binds, for every
 * application it names, the application's first record: the one remembered from the walk, or, for an application not
 * met lately, a record before it that names the application (looked up in its file), or itself when it opens the
 * application. At most {@code remembered} applications are remembered (those met lately).
 */
final class ArchivedFirstRecords {
    /** How many applications' first records the gateway's verification remembers along the walk. */
    static final int REMEMBERED = 10_000;
    private final ArchiveDirectory archives;
    private final Map<String, Long> firsts;

    ArchivedFirstRecords(ArchiveDirectory archives, int remembered) {
        this.archives = archives;
        this.firsts = Caffeine.newBuilder().maximumSize(remembered).executor(Runnable::run)
                .<String, Long>build().asMap();
    }

    /** What is wrong with the record's bindings of its applications' first records, or empty. */
    Optional<String> problem(ChainRecord r) {
        for (String id : new LinkedHashSet<>(ChainRecord.applications(r.correlationId()))) {
            Long known = firsts.get(id);
            if (r.hashVersion() < 3) {
                firsts.putIfAbsent(id, r.seq());
                continue;
            }
            OptionalLong bound = r.firstRecordOf(id);
            if (bound.isEmpty()) {
                return Optional.of("it is of hash version 3 but does not bind the first record of application " + id);
            }
            long b = bound.getAsLong();
            if (known != null && b != known) {
                return Optional.of("it binds record " + b + " as the first record of application " + id
                        + ", but record " + known + " is the first to name it");
            }
            if (known == null && b > r.seq()) {
                return Optional.of("it binds record " + b + ", after it, as the first record of application " + id);
            }
            if (known == null && b < r.seq() && !archives.applicationsOf(b).contains(id)) {
                return Optional.of("it binds record " + b + " as the first record of application " + id
                        + ", but that record does not name it");
            }
            firsts.put(id, b);
        }
        return Optional.empty();
    }
}
