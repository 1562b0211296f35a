package kz.qaqpa.evidence;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.store.ChainRecord;

/**
 * The walk over an export's links from its first record to the head ({@link ExportCheck}): recomputes every hash,
 * checks each exported record at its place, finds a record of the application that is left out (its link names the
 * application), and at the end where the application's records begin (hash version 3: every record binds the
 * number of the application's first record, which must be the export's first record of it).
 */
final class LinkWalk {
    /** The links, one line at a time ({@code seq 1 contentHash} or {@code seq 2|3 tags|- detailHash}); null at the end. */
    interface Links {
        String next() throws IOException;
    }

    /** A time-stamp of the chain at record {@code seq} ({@link ApplicationExport#STAMP}). */
    record Stamp(long seq, byte[] token) {
        /**
         * The time the token states, when it is a good stamp of the value it states; empty when not. Known before the
         * walk reaches {@code seq}: the walk holds that value against the chain's hash there, and a good verdict needs
         * them to match, so what is judged at this time is judged at a stamp the verdict shows.
         */
        Optional<Instant> statedTime(TrustSetup.TrustedCertificates trusted) {
            try {
                return Optional.of(TimeStampTokens.check(token, TimeStampTokens.statedValue(token), trusted).time());
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // the walk names it at its record
            }
        }
    }

    private final TreeMap<Long, ChainRecord> records;
    /** Records of the application shared with others, whose links alone are given ({@link SharedRecords}). */
    private final WithheldLinks withheld;
    private final ExportEntries entries;
    private final RecordCheck check;
    private final NotedHead noted;
    private final boolean firstFormat;
    private final String correlationId;
    private final String tag;
    private final long headSeq;
    private final String headHash;
    private String prevHash;
    /** The hash version of the last link followed: versions only grow along the chain. */
    private int version = 1;
    private long checked;
    private long unprovable;
    private boolean passed;
    private final Stamp stamp;
    private TimeStampTokens.Checked stamped;

    /**
     * @param records     the exported records without their messages, which are read from {@code entries} one at a
     *                    time as each is checked
     * @param withheld    the records withheld as shared with other applications (format /4)
     * @param firstFormat the export is in format /1, whose links name no application
     * @param stamp       the export's time-stamp, or null
     */
    LinkWalk(TreeMap<Long, ChainRecord> records, java.util.SortedSet<Long> withheld, ExportEntries entries,
             Properties manifest, RecordCheck check, NotedHead noted, boolean firstFormat, Stamp stamp) {
        this.stamp = stamp;
        this.records = records;
        this.entries = entries;
        this.check = check.arrivingBy(Arrivals.inExport(records, entries, stamp, check.trusted()));
        this.noted = noted;
        this.firstFormat = firstFormat;
        this.correlationId = manifest.getProperty("correlationId");
        this.tag = ChainRecord.applicationTag(correlationId);
        this.withheld = new WithheldLinks(withheld, correlationId);
        this.headSeq = Long.parseLong(manifest.getProperty("head.seq"));
        this.headHash = manifest.getProperty("head.hash");
        this.prevHash = manifest.getProperty("first.prevHash");
    }

    Verdict walk(Links links) throws IOException {
        long seq = records.firstKey();
        for (String line = links.next(); line != null; line = links.next(), seq++) {
            Optional<String> problem = follow(seq, line);
            if (problem.isPresent()) {
                return Verdict.bad(checked, seq, problem.get());
            }
        }
        return end(seq - 1);
    }

    /** Follows the link of record {@code seq} (moving {@link #prevHash} on): what is wrong at it, or empty. */
    private Optional<String> follow(long seq, String line) throws IOException {
        if (seq > headSeq) { // read no further than the manifest's head
            return Optional.of("its link lies beyond the export's head " + headSeq);
        }
        String[] link = line.split(" ");
        Optional<String> malformed = linkProblem(seq, line, link);
        if (malformed.isPresent()) {
            return malformed;
        }
        version = Integer.parseInt(link[1]);
        String tags = version == 1 || link[2].equals(ApplicationExport.NONE) ? null : link[2];
        String contentHash = version == 1 ? link[2] : ChainRecord.contentHash(version, seq, tags, link[3]);
        Optional<String> problem = problem(seq, version, tags, contentHash);
        if (problem.isPresent()) {
            return problem;
        }
        prevHash = ChainRecord.link(prevHash, contentHash);
        return hashProblem(seq);
    }

    /** Why the link's line is not one of record {@code seq} in a hash version at least the one before it. */
    private Optional<String> linkProblem(long seq, String line, String[] link) {
        if (link.length < 3 || !link[0].equals(String.valueOf(seq))
                || !link[1].matches("[1-" + ChainRecord.CURRENT_VERSION + "]")
                || link.length != (link[1].equals("1") ? 3 : 4)) {
            return Optional.of("its link is missing or malformed: '" + line + "'");
        }
        int linkVersion = Integer.parseInt(link[1]);
        if (linkVersion < version) {
            return Optional.of("its hash version " + linkVersion + " cannot follow version " + version
                    + ": versions only grow");
        }
        return Optional.empty();
    }

    /** The chain's hash at record {@code seq} held against the exported record, the noted head and the stamp. */
    private Optional<String> hashProblem(long seq) {
        ChainRecord r = records.get(seq);
        if (r != null && !r.hash().equals(prevHash)) {
            return Optional.of("its hash is not the chain's hash at this place");
        }
        if (noted != null && noted.contradictedBy(seq, prevHash)) {
            return Optional.of("the chain's hash here is " + prevHash + ", not the noted " + noted.hash()
                    + ": the chain was rewritten at or before it and re-hashed");
        }
        passed |= noted != null && noted.passedBy(seq, prevHash);
        if (stamp != null && stamp.seq() == seq) {
            try {
                stamped = TimeStampTokens.check(stamp.token(), HexFormat.of().parseHex(prevHash), check.trusted());
            } catch (IllegalArgumentException e) {
                return Optional.of("its time-stamp does not verify: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private Optional<String> problem(long seq, int version, String tags, String contentHash) throws IOException {
        ChainRecord listed = records.get(seq);
        if (listed == null && withheld.holds(seq)) {
            return withheld.problem(version, tags);
        }
        if (listed == null) {
            if (ChainRecord.tagsOf(tags).contains(tag)) {
                return Optional.of("it is a record of application " + correlationId
                        + " but is not in the export: it was left out");
            }
            unprovable += version == 1 ? 1 : 0;
            return Optional.empty();
        }
        ChainRecord r = listed.withMessage(entries.message(seq)); // its content hash covers its message
        if (r.hashVersion() != version) {
            return Optional.of("its hash version " + r.hashVersion() + " is not its link's " + version);
        }
        if (!r.prevHash().equals(prevHash)) {
            return Optional.of("its prevHash is not the hash of the record before it");
        }
        if (!r.contentHash().equals(contentHash)) {
            return Optional.of("its content does not match its link: the record was changed");
        }
        checked++;
        return check.problem(r, entries.certificate(r.certificateSha256()));
    }

    private Verdict end(long last) {
        if (last != headSeq) {
            return Verdict.bad(checked, last + 1, "its link is missing: the export does not reach the head "
                    + headSeq);
        }
        if (records.lastKey() > headSeq) {
            return Verdict.bad(checked, records.lastKey(), "it lies beyond the export's head " + headSeq);
        }
        OptionalLong unpassed = withheld.unpassed(records.firstKey(), headSeq);
        if (unpassed.isPresent()) {
            return Verdict.bad(checked, unpassed.getAsLong(),
                    "the manifest names it withheld, but the links do not pass it");
        }
        if (!prevHash.equals(headHash)) {
            return Verdict.bad(checked, headSeq, "the links do not lead to the head hash " + headHash);
        }
        if (noted != null && !passed) {
            return Verdict.bad(checked, noted.seq(), noted.notFound(records.firstKey(), headSeq, NotedHead.PAST_THE_EXPORT));
        }
        if (stamp != null && stamped == null) {
            return Verdict.bad(checked, stamp.seq(), "the export's time-stamp names it, but its links do not reach it");
        }
        Optional<Verdict> early = stampBeforeItsRecords();
        if (early.isPresent()) {
            return early.get();
        }
        long begins = records.values().stream().filter(this::namesTheApplication).mapToLong(ChainRecord::seq)
                .min().orElse(records.firstKey());
        Optional<Verdict> cut = beginning(begins);
        if (cut.isPresent()) {
            return cut.get();
        }
        return Verdict.good(checked, headSeq, headHash, String.join("; ", notes(begins)));
    }

    /**
     * The application's first record as its records of hash version 3 bind it must be {@code begins}, the export's
     * first record naming the application: an earlier one was left out with its links (an editor's cut that keeps
     * the rest of the chain consistent).
     */
    private Optional<Verdict> beginning(long begins) {
        for (ChainRecord r : records.values()) {
            if (r.hashVersion() < 3 || !namesTheApplication(r)) {
                continue;
            }
            OptionalLong first = r.firstRecordOf(correlationId);
            if (first.isEmpty()) {
                return Optional.of(Verdict.bad(checked, r.seq(), "it is of hash version " + r.hashVersion()
                        + " but does not bind the first record of application " + correlationId));
            }
            if (first.getAsLong() < begins) {
                return Optional.of(Verdict.bad(checked, first.getAsLong(), "it is the first record of application "
                        + correlationId + " (as record " + r.seq() + " binds) but is not in the export: the"
                        + " application's records from it to before record " + begins + " were left out, with their"
                        + " links"));
            }
            if (first.getAsLong() > begins) {
                return Optional.of(Verdict.bad(checked, begins, "it names application " + correlationId
                        + ", but record " + r.seq() + " binds the application's first record as "
                        + first.getAsLong() + ", after it"));
            }
        }
        return Optional.empty();
    }

    /**
     * The export's time-stamp dated before the last exported record it covers was logged (beyond the clock skew allowed
     * a signer): the authority's clock was wrong then, and "its records existed at" that time would be false.
     */
    private Optional<Verdict> stampBeforeItsRecords() {
        if (stamped == null) {
            return Optional.empty();
        }
        ChainRecord covered = records.floorEntry(stamp.seq()).getValue();
        Instant logged;
        try {
            logged = Instant.parse(covered.loggedAt());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // its hash covers the text as it is; no time to hold the stamp against
        }
        if (!stamped.predates(logged, check.trusted().policy().clockSkew())) {
            return Optional.empty();
        }
        return Optional.of(Verdict.bad(checked, stamp.seq(), "its time-stamp (" + stamped.time() + ") is before record "
                + covered.seq() + " was logged (" + logged + "): the authority's clock was wrong then, so the stamp"
                + " shows nothing"));
    }

    /** What the verification showed, or could not show, beyond the records and the head. */
    private List<String> notes(long begins) {
        List<String> notes = new ArrayList<>();
        if (firstFormat) {
            notes.add("format " + ExportCheck.FORMAT_1 + " (written before hash version 2) cannot show that no record"
                    + " of application " + correlationId + " is left out, nor where its records begin: verify the"
                    + " whole log for that");
        } else {
            notes.add("no record of application " + correlationId + " is left out" + (unprovable == 0 ? ""
                    : " of those of hash version 2 or 3 (" + unprovable + " records of version 1 name no application)"));
            boolean bound = records.values().stream().anyMatch(r -> r.hashVersion() >= 3 && namesTheApplication(r));
            notes.add(bound ? "its records begin at record " + begins + " (as its records of hash version 3 bind)"
                    : "where its records begin cannot be shown: they are of hash version 1 or 2, which do not bind it"
                    + " (verify the whole log for that)");
        }
        withheld.note().ifPresent(notes::add);
        if (noted != null) {
            notes.add("the chain passes through the noted head " + noted);
        }
        if (stamped != null) {
            notes.add((stamp.seq() >= records.lastKey() ? "its records existed at " : "records " + records.firstKey()
                    + " to " + stamp.seq() + " existed at ") + stamped.time() + " (time-stamp of record " + stamp.seq()
                    + " by " + stamped.authority().getSubjectX500Principal().getName() + ")");
        }
        notes.addAll(check.notes());
        return notes;
    }

    private boolean namesTheApplication(ChainRecord r) {
        return ChainRecord.applications(r.correlationId()).contains(correlationId);
    }
}
