package kz.qaqpa.evidence;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import kz.qaqpa.store.ChainRecord;

/**
 * The records an export withholds as shared with other applications (format /4, {@link SharedRecords}), as the walk
 * over its links passes them ({@link LinkWalk}): a withheld record's content is not in the export, so its link is all
 * there is to check. It must name the application and another (a version-1 link names none: it is counted as not
 * shown), and the walk must pass every record the manifest names withheld.
 */
final class WithheldLinks {
    private final SortedSet<Long> seqs;
    private final String correlationId;
    private final String tag;
    /** How many the walk passed, and of those how many a version-1 link cannot show to be the application's. */
    private long passed;
    private long unprovable;

    WithheldLinks(SortedSet<Long> seqs, String correlationId) {
        this.seqs = seqs;
        this.correlationId = correlationId;
        this.tag = ChainRecord.applicationTag(correlationId);
    }

    /** The records format /4's manifest names withheld ({@link SharedRecords#WITHHELD}); none in earlier formats. */
    static SortedSet<Long> listed(Properties manifest) {
        SortedSet<Long> withheld = new TreeSet<>();
        String listed = ApplicationExport.FORMAT.equals(manifest.getProperty("format"))
                ? manifest.getProperty(SharedRecords.WITHHELD, "") : "";
        for (String seq : listed.isBlank() ? new String[0] : listed.split(",")) {
            withheld.add(Long.parseLong(seq.trim()));
        }
        return withheld;
    }

    boolean holds(long seq) {
        return seqs.contains(seq);
    }

    /** What is wrong with the link of a withheld record, passed now: it must name the application and another. */
    Optional<String> problem(int version, String tags) {
        passed++;
        if (version == 1) {
            unprovable++;
            return Optional.empty();
        }
        Set<String> named = ChainRecord.tagsOf(tags);
        return named.contains(tag) && named.size() > 1 ? Optional.empty() : Optional.of("it is withheld as shared"
                + " with other applications, but its link names " + (named.contains(tag) ? "no other application"
                : "another application, not " + correlationId));
    }

    /**
     * A record the manifest names withheld that the walk from {@code first} to {@code head} did not pass (one outside
     * that range first); empty when it passed them all.
     */
    OptionalLong unpassed(long first, long head) {
        if (passed == seqs.size()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(seqs.stream().filter(seq -> seq < first || seq > head).findFirst().orElse(seqs.first()));
    }

    /** The verdict's words on what was withheld; empty when nothing was. */
    Optional<String> note() {
        if (seqs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(seqs.size() + " records shared with other applications (a provider's poll and its answer)"
                + " are withheld, their links followed, their content and signatures not in the export"
                + (unprovable == 0 ? "" : " (" + unprovable + " of hash version 1, whose links cannot show that they"
                + " are the application's)") + "; " + SharedRecords.PARTS + " holds the application's part of such an"
                + " answer, which the chain does not bind on its own");
    }
}
