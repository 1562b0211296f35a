package kz.qaqpa.evidence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import kz.qaqpa.store.ChainRecord;

/**
 * Verifies an application's export ({@link ApplicationExport}) with the trusted certificates alone, in every format a
 * gateway has written:
 * <ul>
 * <li>{@code /2}, {@code /3} and {@code /4}: the links are {@code links.txt}, read a line at a time ({@link LinkWalk});
 *     {@code /4} may withhold the records the application shares with others ({@link SharedRecords}): their links
 *     must name the application and another, and a part given of one must hold the application's messages only;</li>
 * <li>{@code /1}, written before hash version 2: all records are of version 1 and the links are in the manifest,
 *     {@code link.<seq>} = the record's content hash, in no order. They are put in order without holding them
 *     ({@link FirstFormatLinks}) and walked the same way, as version-1 lines; such links name no application, so the
 *     verdict says that the export cannot show that none of the application's records is left out, nor where they
 *     begin.</li>
 * </ul>
 * A format it does not know is {@link UnreadableExport}, not a bad export: nothing is known to be wrong with it. The
 * zip is read through {@link ExportEntries}, in bounded memory and time whatever it holds (an auditor verifies a file
 * someone handed them): what breaks its rules is BAD, naming the entry.
 */
final class ExportCheck {
    static final String FORMAT_1 = "qaqpa-message-log-export/1";
    static final String FORMAT_2 = "qaqpa-message-log-export/2";
    static final String FORMAT_3 = "qaqpa-message-log-export/3";
    static final List<String> READABLE = List.of(FORMAT_1, FORMAT_2, FORMAT_3, ApplicationExport.FORMAT);
    /** The manifest's entries without which nothing can be checked. */
    private static final List<String> REQUIRED = List.of("correlationId", "records", "first.prevHash", "head.seq",
            "head.hash");
    /** A record's fields the gateway always logs. */
    private static final List<String> LOGGED = List.of("loggedAt", "direction", "kind", "signerSubject",
            "signerSerial", "certificateSha256", "messageSha256", "prevHash", "hash");

    private ExportCheck() {
    }

    /** An export in a format this verifier does not read (a later version's, or not an export of Qaqpa's). */
    static final class UnreadableExport extends IOException {
        UnreadableExport(String message) {
            super(message);
        }
    }

    /**
     * Verifies an export: every exported record, the links from the first one to the head, that no record of the
     * application was left out (as far as its format and hash versions show), and {@code noted} (may be null): the
     * chain passes through that head.
     *
     * @throws UnreadableExport if the export's format is not one of {@link #READABLE}
     */
    static Verdict verify(Path file, RecordCheck check, NotedHead noted) throws IOException {
        try (ExportEntries zip = ExportEntries.open(file)) {
            if (!zip.has(ApplicationExport.MANIFEST)) {
                return Verdict.bad(0, 0, "the export has no " + ApplicationExport.MANIFEST);
            }
            Optional<String> layout = zip.layoutProblem();
            if (layout.isPresent()) {
                return Verdict.bad(0, 0, layout.get());
            }
            long[] links = {0};
            Properties manifest;
            try {
                manifest = Manifest.read(zip.stream(ApplicationExport.MANIFEST), (seq, hash) -> links[0]++, true);
            } catch (IllegalArgumentException e) {
                return Verdict.bad(0, 0, "its " + ApplicationExport.MANIFEST + " is malformed: " + e.getMessage());
            }
            String format = manifest.getProperty("format");
            if (!READABLE.contains(format)) {
                throw new UnreadableExport(file + (format == null ? " names no export format"
                        : " is in the format " + Verdict.printable(format)) + ", which this verifier does not read (it"
                        + " reads " + String.join(", ", READABLE) + "): verify it with the Qaqpa version that wrote it"
                        + " or a newer one");
            }
            try {
                return verify(zip, manifest, FORMAT_1.equals(format) ? links[0] : -1, check, noted);
            } catch (IllegalArgumentException | DateTimeException e) {
                return Verdict.bad(0, 0, "the export is malformed: " + e.getMessage());
            }
        } catch (ExportEntries.BadEntry e) {
            return Verdict.bad(0, 0, e.getMessage());
        }
    }

    /** @param firstFormatLinks how many links a format /1 manifest holds; negative for a later format */
    private static Verdict verify(ExportEntries zip, Properties manifest, long firstFormatLinks, RecordCheck check,
                                  NotedHead noted) throws IOException {
        boolean firstFormat = firstFormatLinks >= 0;
        Optional<Verdict> incomplete = incomplete(zip, manifest, firstFormat);
        if (incomplete.isPresent()) {
            return incomplete.get();
        }
        TreeMap<Long, ChainRecord> records = new TreeMap<>();
        Optional<Verdict> unlisted = readRecords(zip, manifest, firstFormat, records);
        if (unlisted.isPresent()) {
            return unlisted.get();
        }
        Optional<String> stranger = notOfTheApplication(records, manifest.getProperty("correlationId"));
        if (stranger.isPresent()) {
            return Verdict.bad(0, records.firstKey(), stranger.get());
        }
        java.util.SortedSet<Long> withheld = WithheldLinks.listed(manifest);
        Optional<Verdict> badWithheld = withheldProblem(zip, manifest, records, withheld);
        if (badWithheld.isPresent()) {
            return badWithheld.get();
        }
        String stampSeq = manifest.getProperty("stamp.seq");
        byte[] token = stampSeq == null ? null : zip.stamp();
        if (stampSeq != null && token == null) {
            return Verdict.bad(0, 0, "its " + ApplicationExport.MANIFEST + " names a time-stamp of record " + stampSeq
                    + ", but the export has no " + ApplicationExport.STAMP);
        }
        LinkWalk walk = new LinkWalk(records, withheld, zip, manifest, check, noted, firstFormat,
                token == null ? null : new LinkWalk.Stamp(Long.parseLong(stampSeq.trim()), token));
        return walkLinks(walk, zip, records.firstKey(), manifest, firstFormatLinks);
    }

    /** The manifest lacks a key every export has, or a later format's export lacks its links. */
    private static Optional<Verdict> incomplete(ExportEntries zip, Properties manifest, boolean firstFormat) {
        Optional<String> missing = REQUIRED.stream().filter(key -> manifest.getProperty(key, "").isBlank()).findFirst();
        if (missing.isPresent()) {
            return Optional.of(Verdict.bad(0, 0, "its " + ApplicationExport.MANIFEST + " has no " + missing.get()));
        }
        if (!firstFormat && !zip.has(ApplicationExport.LINKS)) {
            return Optional.of(Verdict.bad(0, 0, "the export has no " + ApplicationExport.LINKS));
        }
        return Optional.empty();
    }

    /** Puts the manifest's records into {@code records}; a verdict when one is missing or listed twice. */
    private static Optional<Verdict> readRecords(ExportEntries zip, Properties manifest, boolean firstFormat,
                                                 TreeMap<Long, ChainRecord> records) {
        for (String listed : manifest.getProperty("records").split(",")) {
            long seq = Long.parseLong(listed.trim());
            Optional<ChainRecord> r = record(manifest, seq, zip, firstFormat);
            if (r.isEmpty()) {
                return Optional.of(Verdict.bad(0, seq, "its message or fields are missing from the export"));
            }
            if (records.put(seq, r.get()) != null) {
                return Optional.of(Verdict.bad(0, seq, "the manifest's list of records names it twice"));
            }
        }
        return Optional.empty();
    }

    /**
     * A withheld record also given whole, a part of a record not withheld, or a part holding anything but the
     * application's messages. That a withheld record is the application's and another's is its link's to show.
     */
    private static Optional<Verdict> withheldProblem(ExportEntries zip, Properties manifest,
                                                     TreeMap<Long, ChainRecord> records,
                                                     java.util.SortedSet<Long> withheld) throws IOException {
        for (long seq : withheld) {
            if (records.containsKey(seq)) {
                return Optional.of(Verdict.bad(0, seq, "the manifest names it both given and withheld"));
            }
        }
        for (long seq : zip.parts()) {
            if (!withheld.contains(seq)) {
                return Optional.of(Verdict.bad(0, seq, "the export holds a part of it, but it is not withheld"));
            }
            Optional<String> problem = SharedRecords.partProblem(zip.part(seq), seq, manifest.getProperty("correlationId"));
            if (problem.isPresent()) {
                return Optional.of(Verdict.bad(0, seq, problem.get()));
            }
        }
        return Optional.empty();
    }

    /** The walk over the links: format /1's from its manifest, a later format's from its links entry. */
    private static Verdict walkLinks(LinkWalk walk, ExportEntries zip, long first, Properties manifest,
                                     long firstFormatLinks) throws IOException {
        if (firstFormatLinks >= 0) {
            try (FirstFormatLinks links = FirstFormatLinks.of(zip, first,
                    Long.parseLong(manifest.getProperty("head.seq")), firstFormatLinks)) {
                return walk.walk(links);
            }
        }
        try (InputStream in = zip.stream(ApplicationExport.LINKS)) {
            return walk.walk(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))::readLine);
        }
    }

    /** Every exported record must name the application, or (hash version 1) share a session with one that does. */
    private static Optional<String> notOfTheApplication(TreeMap<Long, ChainRecord> records, String correlationId) {
        Set<String> sessions = new HashSet<>();
        records.values().stream().filter(r -> ChainRecord.applications(r.correlationId()).contains(correlationId))
                .forEach(r -> sessions.add(r.sessionId()));
        return records.values().stream()
                .filter(r -> !ChainRecord.applications(r.correlationId()).contains(correlationId)
                        && (r.hashVersion() > 1 || r.sessionId() == null || !sessions.contains(r.sessionId())))
                .findFirst().map(r -> "record " + r.seq() + " is not a record of application " + correlationId);
    }

    /**
     * A record from the manifest, its message left in the export until the record is checked ({@link LinkWalk});
     * empty when the export has no message for it or its fields lack what the gateway always logs.
     */
    private static Optional<ChainRecord> record(Properties m, long seq, ExportEntries zip, boolean firstFormat) {
        return zip.has(ExportEntries.messageName(seq)) ? fields(m, seq, firstFormat) : Optional.empty();
    }

    /**
     * A record's logged fields as {@code record.<seq>.<field>} (an export's manifest, an archive file's
     * {@link ArchiveFile} record entry), without its message; empty when they lack what the gateway always logs.
     */
    static Optional<ChainRecord> fields(Properties m, long seq, boolean firstFormat) {
        String p = "record." + seq + ".";
        String version = firstFormat ? "1" : m.getProperty(p + "hashVersion", "");
        if (LOGGED.stream().anyMatch(field -> m.getProperty(p + field) == null)
                || !version.matches("[1-" + ChainRecord.CURRENT_VERSION + "]")) {
            return Optional.empty();
        }
        return Optional.of(new ChainRecord(seq, m.getProperty(p + "loggedAt"), m.getProperty(p + "direction"),
                m.getProperty(p + "kind"), m.getProperty(p + "operation"), m.getProperty(p + "peer"),
                m.getProperty(p + "sessionId"), m.getProperty(p + "correlationId"), m.getProperty(p + "signerSubject"),
                m.getProperty(p + "signerSerial"), m.getProperty(p + "certificateSha256"),
                m.getProperty(p + "messageSha256"), null, m.getProperty(p + "prevHash"), m.getProperty(p + "hash"),
                m.getProperty(p + "applicationFirsts"), Integer.parseInt(version)));
    }
}
