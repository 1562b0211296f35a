package kz.qaqpa.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
 *
 * <p>Both ways are streamed: the links are read from the store a page at a time and written as they come, and read
 * back a line at a time; only the application's own records are held.
 */
final class ApplicationExport {
    static final String FORMAT = "qaqpa-message-log-export/3";
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

    private ApplicationExport(MessageChain chain, ChainStamps stamps, String correlationId, List<ChainRecord> records) {
        this.chain = chain;
        this.stamps = stamps;
        this.correlationId = correlationId;
        this.records = records;
    }

    /** The application's export, or empty when nothing is logged for it. */
    static Optional<ApplicationExport> of(MessageChain chain, ChainStamps stamps, String correlationId) {
        List<ChainRecord> records = chain.ofApplication(correlationId);
        return records.isEmpty() ? Optional.empty()
                : Optional.of(new ApplicationExport(chain, stamps, correlationId, records));
    }

    /**
     * Writes the zip to {@code out}, the links up to the head as it is now, and closes it once the zip is whole. On a
     * failure {@code out} is left as it is: a zip closed then would end with its directory of what was written so far
     * and look complete.
     */
    void writeTo(OutputStream out) throws IOException {
        MessageChain.Head head = chain.head();
        Properties manifest = new Properties();
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("correlationId", correlationId);
        manifest.setProperty("exportedAt", Instant.now().toString());
        manifest.setProperty("head.seq", String.valueOf(head.seq()));
        manifest.setProperty("head.hash", head.hash());
        manifest.setProperty("first.prevHash", records.get(0).prevHash());
        List<String> seqs = new ArrayList<>();
        Set<String> certificates = new LinkedHashSet<>();
        for (ChainRecord r : records) {
            seqs.add(String.valueOf(r.seq()));
            String[] values = fields(r);
            for (int i = 0; i < FIELDS.length; i++) {
                if (values[i] != null) {
                    manifest.setProperty("record." + r.seq() + "." + FIELDS[i], values[i]);
                }
            }
            certificates.add(r.certificateSha256());
        }
        manifest.setProperty("records", String.join(",", seqs));
        Optional<ChainStamps.Stamp> stamp = stamps.firstFrom(records.get(records.size() - 1).seq())
                .filter(s -> s.seq() <= head.seq());
        stamp.ifPresent(s -> manifest.setProperty("stamp.seq", String.valueOf(s.seq())));
        ZipOutputStream zip = new ZipOutputStream(out);
        writeEntries(zip, manifest, certificates, head);
        if (stamp.isPresent()) {
            put(zip, STAMP, stamp.get().token());
        }
        zip.close();
    }

    private void writeEntries(ZipOutputStream zip, Properties manifest, Set<String> certificates,
                              MessageChain.Head head) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        manifest.store(text, "Qaqpa message log export of application " + correlationId);
        put(zip, MANIFEST, text.toByteArray());
        for (ChainRecord r : records) {
            put(zip, "messages/" + r.seq() + ".xml", r.message());
        }
        for (String sha : certificates) {
            put(zip, "certificates/" + sha + ".der", chain.certificate(sha).orElseThrow(() -> new IOException(
                    "the signer certificate " + sha + " of its records is not in the store (log_certificate):"
                    + " the log was changed; verify the whole log")));
        }
        zip.putNextEntry(new ZipEntry(LINKS));
        Writer links = new OutputStreamWriter(zip, StandardCharsets.US_ASCII);
        writeLinks(links, records.get(0).seq(), head.seq());
        links.flush();
        zip.closeEntry();
    }

    /** One line per record {@code from..to}: {@code seq 1 contentHash}, or {@code seq 2|3 tags|- detailHash}. */
    private void writeLinks(Writer links, long from, long to) throws IOException {
        for (List<ChainRecord> page = chain.boundedPage(from - 1, PAGE); !page.isEmpty(); page = chain.boundedPage(
                page.get(page.size() - 1).seq(), PAGE)) {
            for (ChainRecord r : page) {
                if (r.seq() > to) {
                    return;
                }
                links.write(r.seq() + " " + r.hashVersion() + " " + (r.hashVersion() == 1 ? r.contentHash()
                        : Optional.ofNullable(r.applicationTags()).orElse(NONE) + " " + r.detailHash()) + "\n");
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
