package kz.qaqpa.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kz.qaqpa.evidence.MessageLogEvidence.MissingArchive;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.MessageChain;

/**
 * One application's evidence as a zip that verifies without the database: {@code messages/<seq>.xml} (each message
 * byte for byte), {@code certificates/<sha256>.der} (their signers), {@code manifest.properties} with every exported
 * record's logged fields, prevHash and hash and the head's number and hash, and {@code links.txt}: one line for every
 * record from the first exported one to the head, enough to recompute the chain without the other records' messages.
 * A record's line (hash version 2 and later) shows the hashes of the applications it names
 * ({@link ChainRecord#applicationTags}; version 3 with the number of each one's first record), so a record of the
 * exported application that is left out of the export is found, its first records included. With {@code stamp.tsr}
 * the first time-stamp of a record from the application's last one on (its number {@code stamp.seq} in the manifest):
 * the links reach it, so it shows that the application's records existed at its time. {@link ExportCheck} verifies it.
 * A record shared with other applications (a provider's poll and its answer) is withheld: its link only, and of an
 * answer this application's part ({@link SharedRecords}, format /4; before, the whole answer, with every other
 * application it handed out, was in each one's export).
 *
 * <p>Both ways are streamed: the links are read from the store a page at a time and written as they come, and read
 * back a line at a time; only the application's own records are held.
 */
final class ApplicationExport {
    static final String FORMAT = "qaqpa-message-log-export/4";
    static final String MANIFEST = "manifest.properties";
    static final String LINKS = "links.txt";
    static final String STAMP = "stamp.tsr";
    /** A link's application tags when the record names none. */
    static final String NONE = "-";
    private static final int PAGE = 500;
    private static final String[] FIELDS = {"loggedAt", "direction", "kind", "operation", "peer", "sessionId",
            "correlationId", "signerSubject", "signerSerial", "certificateSha256", "messageSha256", "prevHash", "hash",
            "applicationFirsts", "hashVersion"};

    private final MessageChain chain;
    private final ChainStamps stamps;
    private final String correlationId;
    private final List<ChainRecord> records;
    /** Records of the application shared with others, given as their links only ({@link SharedRecords}). */
    private final List<ChainRecord> withheld;
    private final List<Path> archives;
    private final long archivedSeq;
    /** The head the export is cut at: read before the records, so that it holds every one of them (export51). */
    private final MessageChain.Head head;

    private ApplicationExport(MessageChain chain, ChainStamps stamps, String correlationId, List<ChainRecord> all,
                              List<Path> archives, long archivedSeq, MessageChain.Head head) {
        this.chain = chain;
        this.head = head;
        this.stamps = stamps;
        this.correlationId = correlationId;
        SharedRecords.Split split = SharedRecords.split(all);
        this.records = split.whole();
        this.withheld = split.withheld();
        this.archives = archives;
        this.archivedSeq = archivedSeq;
    }

    /**
     * The application's export, or empty when nothing is logged for it. An application whose first record was
     * archived takes its archived records, and the links up to the archived head, from the archive files in
     * {@code archiveDir}, which must hold every record from its first one on.
     *
     * The export is cut at the head as it is before anything else is read: the gateway goes on logging the
     * application's records (callbacks, status changes) while it is exported, and a record committed between the read
     * of the records and a later read of the head was among the links but not among the records, so that the export
     * said of a sound log that a record had been left out (export51). A commit writes its records and moves the head
     * in one transaction, under the head's lock, so every record up to the head read is visible; those after it are
     * left to a later export.
     *
     * @throws MissingArchive when an archive file it needs is not there (the message names it)
     */
    static Optional<ApplicationExport> of(MessageChain chain, ChainStamps stamps, String correlationId,
                                          Path archiveDir) throws IOException {
        MessageChain.Head head = chain.head();
        MessageChain.Head archived = chain.archived();
        OptionalLong first = chain.notedFirst(correlationId);
        List<ChainRecord> records = new ArrayList<>();
        List<Path> files = List.of();
        if (first.isPresent() && first.getAsLong() <= archived.seq()) {
            files = needed(archiveDir, first.getAsLong(), archived.seq(), correlationId);
            for (Path f : files) {
                try (ArchiveFile reader = ArchiveFile.open(f)) {
                    for (long seq = Math.max(reader.first(), first.getAsLong()); seq <= reader.last(); seq++) {
                        if (reader.applicationsOf(seq).contains(correlationId)) {
                            records.add(reader.record(seq).orElseThrow(() -> new MissingArchive("a record of"
                                    + " application " + correlationId + " is missing from " + f + ": verify the log")));
                        }
                    }
                }
            }
        }
        chain.ofApplication(correlationId).stream().filter(r -> r.seq() <= head.seq()).forEach(records::add);
        return records.isEmpty() ? Optional.empty()
                : Optional.of(new ApplicationExport(chain, stamps, correlationId, records, files, archived.seq(), head));
    }

    /** The archive files that hold the records {@code from..to}, in order; all of them, or {@link MissingArchive}. */
    private static List<Path> needed(Path dir, long from, long to, String correlationId) throws IOException {
        List<Path> needed = new ArrayList<>();
        long next = from;
        for (Path f : ArchiveFile.list(dir)) {
            long first = ArchiveFile.namedFirst(f);
            if (first > to || next > to) {
                break;
            }
            try (ArchiveFile reader = ArchiveFile.open(f)) {
                if (reader.last() < next) {
                    continue;
                }
                if (reader.first() > next) {
                    break;
                }
                needed.add(f);
                next = reader.last() + 1;
            } catch (ArchiveFile.Unreadable e) {
                throw new MissingArchive("application " + correlationId + "'s records are archived from record " + from
                        + " on, but archive file " + f + " cannot be read: " + e.getMessage());
            }
        }
        if (next <= to) {
            throw new MissingArchive("application " + correlationId + "'s records are archived from record " + from
                    + " on, but no archive file in " + dir + " holds record " + next + ": put the archive files"
                    + " back there (or name their directory with --archives) and export again");
        }
        return needed;
    }

    /**
     * Writes the zip to {@code out}, the links up to the export's head, and closes it once the zip is whole. On a
     * failure {@code out} is left as it is: a zip closed then would end with its directory of what was written so far
     * and look complete.
     */
    void writeTo(OutputStream out) throws IOException {
        Properties manifest = manifest(head);
        Optional<ChainStamps.Stamp> stamp = stampAfterTheLastRecord(head);
        stamp.ifPresent(s -> manifest.setProperty("stamp.seq", String.valueOf(s.seq())));
        ZipOutputStream zip = new ZipOutputStream(out);
        writeEntries(zip, manifest, head);
        if (stamp.isPresent()) {
            put(zip, STAMP, stamp.get().token());
        }
        zip.close();
    }

    /** The manifest: the export's head, the records given whole with their fields, and those withheld. */
    private Properties manifest(MessageChain.Head head) {
        Properties manifest = new Properties();
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("correlationId", correlationId);
        manifest.setProperty("exportedAt", Instant.now().toString());
        manifest.setProperty("head.seq", String.valueOf(head.seq()));
        manifest.setProperty("head.hash", head.hash());
        manifest.setProperty("first.prevHash", records.get(0).prevHash());
        for (ChainRecord r : records) {
            putFields(manifest, r);
        }
        manifest.setProperty("records", seqs(records));
        if (!withheld.isEmpty()) {
            manifest.setProperty(SharedRecords.WITHHELD, seqs(withheld));
            manifest.setProperty(SharedRecords.WITHHELD_NOTE, SharedRecords.NOTE);
        }
        return manifest;
    }

    private static String seqs(List<ChainRecord> records) {
        return String.join(",", records.stream().map(r -> String.valueOf(r.seq())).toList());
    }

    /** The first time-stamp from the application's last record on, a withheld one included, up to the head. */
    private Optional<ChainStamps.Stamp> stampAfterTheLastRecord(MessageChain.Head head) {
        long last = Math.max(records.get(records.size() - 1).seq(),
                withheld.isEmpty() ? 0 : withheld.get(withheld.size() - 1).seq());
        return stamps.firstFrom(last).filter(s -> s.seq() <= head.seq());
    }

    private void writeEntries(ZipOutputStream zip, Properties manifest, MessageChain.Head head) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        manifest.store(text, "Qaqpa message log export of application " + correlationId);
        put(zip, MANIFEST, text.toByteArray());
        for (ChainRecord r : records) {
            put(zip, ExportEntries.messageName(r.seq()), r.message());
        }
        for (ChainRecord r : withheld) {
            Optional<byte[]> part = SharedRecords.part(r, correlationId);
            if (part.isPresent()) {
                put(zip, ExportEntries.partName(r.seq()), part.get());
            }
        }
        Set<String> certificates = new LinkedHashSet<>();
        records.forEach(r -> certificates.add(r.certificateSha256()));
        for (String sha : certificates) {
            put(zip, ExportEntries.certificateName(sha), chain.certificate(sha).orElseThrow(() -> new IOException(
                    "the signer certificate " + sha + " of its records is not in the store (log_certificate):"
                    + " the log was changed; verify the whole log")));
        }
        zip.putNextEntry(new ZipEntry(LINKS));
        Writer links = new OutputStreamWriter(zip, StandardCharsets.US_ASCII);
        writeLinks(links, records.get(0).seq(), head.seq());
        links.flush();
        zip.closeEntry();
    }

    /**
     * One line per record {@code from..to}: {@code seq 1 contentHash}, or {@code seq 2|3 tags|- detailHash}; the
     * archived ones from their files, one record at a time, then the store's.
     */
    private void writeLinks(Writer links, long from, long to) throws IOException {
        for (Path f : archives) {
            try (ArchiveFile reader = ArchiveFile.open(f)) {
                for (long seq = Math.max(reader.first(), from); seq <= reader.last(); seq++) {
                    long at = seq;
                    writeLink(links, reader.record(seq).orElseThrow(() -> new MissingArchive("record " + at
                            + " is missing from " + f + ": verify the log")));
                }
            }
        }
        for (List<ChainRecord> page = chain.boundedPage(Math.max(from - 1, archivedSeq), PAGE); !page.isEmpty();
             page = chain.boundedPage(
                page.get(page.size() - 1).seq(), PAGE)) {
            for (ChainRecord r : page) {
                if (r.seq() > to) {
                    return;
                }
                writeLink(links, r);
            }
        }
    }

    private static void writeLink(Writer links, ChainRecord r) throws IOException {
        links.write(r.seq() + " " + r.hashVersion() + " " + (r.hashVersion() == 1 ? r.contentHash()
                : Optional.ofNullable(r.applicationTags()).orElse(NONE) + " " + r.detailHash()) + "\n");
    }

    /** The record's logged fields as {@code record.<seq>.<field>}, as {@link ExportCheck#record} reads them. */
    static void putFields(Properties properties, ChainRecord r) {
        String[] values = fields(r);
        for (int i = 0; i < FIELDS.length; i++) {
            if (values[i] != null) {
                properties.setProperty("record." + r.seq() + "." + FIELDS[i], values[i]);
            }
        }
    }

    private static String[] fields(ChainRecord r) {
        return new String[] {r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(), r.sessionId(),
                r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(), r.messageSha256(),
                r.prevHash(), r.hash(), r.applicationFirsts(), String.valueOf(r.hashVersion())};
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
