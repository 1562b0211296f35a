package kz.qaqpa.evidence;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/**
 * One application's evidence as a zip that verifies without the database: {@code messages/<seq>.xml} (each message
 * byte for byte), {@code certificates/<sha256>.der} (their signers), {@code manifest.properties} with every exported
 * record's logged fields, prevHash and hash and the head's number and hash, and {@code links.txt}: one line for every
 * record from the first exported one to the head, enough to recompute the chain without the other records' messages.
 * A version-2 record's line shows the hashes of the applications it names ({@link ChainRecord#applicationTags}), so
 * a record of the exported application that is left out of the export is found.
 *
 * <p>Both ways are streamed: the links are read from the store a page at a time and written as they come, and read
 * back a line at a time; only the application's own records are held.
 */
final class ApplicationExport {
    static final String FORMAT = "qaqpa-message-log-export/2";
    private static final String MANIFEST = "manifest.properties";
    private static final String LINKS = "links.txt";
    private static final int PAGE = 500;
    private static final String NONE = "-";
    private static final String[] FIELDS = {"loggedAt", "direction", "kind", "operation", "peer", "sessionId",
            "correlationId", "signerSubject", "signerSerial", "certificateSha256", "messageSha256", "prevHash", "hash",
            "hashVersion"};

    private final MessageChain chain;
    private final String correlationId;
    private final List<ChainRecord> records;

    private ApplicationExport(MessageChain chain, String correlationId, List<ChainRecord> records) {
        this.chain = chain;
        this.correlationId = correlationId;
        this.records = records;
    }

    /** The application's export, or empty when nothing is logged for it. */
    static Optional<ApplicationExport> of(MessageChain chain, String correlationId) {
        List<ChainRecord> records = chain.ofApplication(correlationId);
        return records.isEmpty() ? Optional.empty() : Optional.of(new ApplicationExport(chain, correlationId, records));
    }

    /** Writes the zip to {@code out} (closed at the end), the links up to the head as it is now. */
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
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            manifest.store(text, "Qaqpa message log export of application " + correlationId);
            put(zip, MANIFEST, text.toByteArray());
            for (ChainRecord r : records) {
                put(zip, "messages/" + r.seq() + ".xml", r.message());
            }
            for (String sha : certificates) {
                put(zip, "certificates/" + sha + ".der", chain.certificate(sha).orElseThrow());
            }
            zip.putNextEntry(new ZipEntry(LINKS));
            Writer links = new OutputStreamWriter(zip, StandardCharsets.US_ASCII);
            writeLinks(links, records.get(0).seq(), head.seq());
            links.flush();
            zip.closeEntry();
        }
    }

    /** One line per record {@code from..to}: {@code seq 1 contentHash}, or {@code seq 2 tags|- detailHash}. */
    private void writeLinks(Writer links, long from, long to) throws IOException {
        for (List<ChainRecord> page = chain.page(from - 1, PAGE); !page.isEmpty(); page = chain.page(
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

    /**
     * Verifies an export with the trusted certificates alone: every exported record, the links from the first one to
     * the head, that no record of the application (version 2) was left out, and {@code noted} (may be null): the
     * chain passes through that head.
     */
    static Verdict verify(Path file, RecordCheck check, NotedHead noted) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Properties manifest = new Properties();
            byte[] manifestBytes = entry(zip, MANIFEST);
            if (manifestBytes == null) {
                return Verdict.bad(0, 0, "the export has no " + MANIFEST);
            }
            manifest.load(new java.io.ByteArrayInputStream(manifestBytes));
            if (!FORMAT.equals(manifest.getProperty("format"))) {
                return Verdict.bad(0, 0, "not a " + FORMAT + " export");
            }
            if (manifest.getProperty("records", "").isBlank() || zip.getEntry(LINKS) == null) {
                return Verdict.bad(0, 0, "the export lists no records or has no " + LINKS);
            }
            TreeMap<Long, ChainRecord> records = new TreeMap<>();
            for (String seq : manifest.getProperty("records").split(",")) {
                Optional<ChainRecord> r = record(manifest, Long.parseLong(seq.trim()), zip);
                if (r.isEmpty()) {
                    return Verdict.bad(0, Long.parseLong(seq.trim()), "its message or fields are missing from the export");
                }
                records.put(r.get().seq(), r.get());
            }
            Optional<String> stranger = notOfTheApplication(records, manifest.getProperty("correlationId"));
            if (stranger.isPresent()) {
                return Verdict.bad(0, records.firstKey(), stranger.get());
            }
            Map<String, byte[]> certificates = new HashMap<>();
            for (ChainRecord r : records.values()) {
                byte[] der = r.certificateSha256() == null ? null
                        : entry(zip, "certificates/" + r.certificateSha256() + ".der");
                if (der != null) {
                    certificates.put(r.certificateSha256(), der);
                }
            }
            try (InputStream in = zip.getInputStream(zip.getEntry(LINKS))) {
                return new LinkWalk(records, certificates, manifest, check, noted).walk(
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)));
            }
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

    /** The walk over links.txt from the first exported record to the head. */
    private static final class LinkWalk {
        private final TreeMap<Long, ChainRecord> records;
        private final Map<String, byte[]> certificates;
        private final RecordCheck check;
        private final NotedHead noted;
        private final String correlationId;
        private final String tag;
        private final long headSeq;
        private final String headHash;
        private String prevHash;
        private long checked;
        private long unprovable;
        private boolean passed;

        LinkWalk(TreeMap<Long, ChainRecord> records, Map<String, byte[]> certificates, Properties manifest,
                 RecordCheck check, NotedHead noted) {
            this.records = records;
            this.certificates = certificates;
            this.check = check;
            this.noted = noted;
            this.correlationId = manifest.getProperty("correlationId");
            this.tag = ChainRecord.applicationTag(correlationId);
            this.headSeq = Long.parseLong(manifest.getProperty("head.seq"));
            this.headHash = manifest.getProperty("head.hash");
            this.prevHash = manifest.getProperty("first.prevHash");
        }

        Verdict walk(BufferedReader links) throws IOException {
            long seq = records.firstKey();
            int version = 1;
            for (String line = links.readLine(); line != null; line = links.readLine(), seq++) {
                String[] link = line.split(" ");
                if (link.length < 3 || !link[0].equals(String.valueOf(seq)) || !link[1].matches("[12]")
                        || link.length != (link[1].equals("1") ? 3 : 4)) {
                    return Verdict.bad(checked, seq, "its link is missing or malformed: '" + line + "'");
                }
                int linkVersion = Integer.parseInt(link[1]);
                if (linkVersion < version) {
                    return Verdict.bad(checked, seq, "its hash version " + linkVersion + " cannot follow version "
                            + version + ": versions only grow");
                }
                version = linkVersion;
                String contentHash = version == 1 ? link[2]
                        : ChainRecord.contentHash(seq, link[2].equals(NONE) ? null : link[2], link[3]);
                Optional<String> problem = problem(seq, version, version == 1 ? null : link[2], contentHash);
                if (problem.isPresent()) {
                    return Verdict.bad(checked, seq, problem.get());
                }
                prevHash = ChainRecord.link(prevHash, contentHash);
                ChainRecord r = records.get(seq);
                if (r != null && !r.hash().equals(prevHash)) {
                    return Verdict.bad(checked, seq, "its hash is not the chain's hash at this place");
                }
                if (noted != null && noted.contradictedBy(seq, prevHash)) {
                    return Verdict.bad(checked, seq, "the chain's hash here is " + prevHash + ", not the noted "
                            + noted.hash() + ": the chain was rewritten at or before it and re-hashed");
                }
                passed |= noted != null && noted.passedBy(seq, prevHash);
            }
            return end(seq - 1);
        }

        private Optional<String> problem(long seq, int version, String tags, String contentHash) {
            ChainRecord r = records.get(seq);
            if (r == null) {
                if (tags != null && List.of(tags.split(",")).contains(tag)) {
                    return Optional.of("it is a record of application " + correlationId
                            + " but is not in the export: it was left out");
                }
                unprovable += version == 1 ? 1 : 0;
                return Optional.empty();
            }
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
            return check.problem(r, certificates.get(r.certificateSha256()));
        }

        private Verdict end(long last) {
            if (last != headSeq) {
                return Verdict.bad(checked, last + 1, "its link is missing: the export does not reach the head "
                        + headSeq);
            }
            if (records.lastKey() > headSeq) {
                return Verdict.bad(checked, records.lastKey(), "it lies beyond the export's head " + headSeq);
            }
            if (!prevHash.equals(headHash)) {
                return Verdict.bad(checked, headSeq, "the links do not lead to the head hash " + headHash);
            }
            if (noted != null && !passed) {
                return Verdict.bad(checked, noted.seq(), noted.notFound(records.firstKey(), headSeq));
            }
            List<String> notes = new ArrayList<>();
            notes.add("no record of application " + correlationId + " is left out"
                    + (unprovable == 0 ? "" : " of those of hash version 2 (" + unprovable
                    + " records of version 1 name no application)"));
            if (noted != null) {
                notes.add("the chain passes through the noted head " + noted);
            }
            return Verdict.good(checked, headSeq, headHash, String.join("; ", notes));
        }

    }

    private static Optional<ChainRecord> record(Properties m, long seq, ZipFile zip) throws IOException {
        String p = "record." + seq + ".";
        byte[] message = entry(zip, "messages/" + seq + ".xml");
        if (message == null || m.getProperty(p + "hash") == null || m.getProperty(p + "prevHash") == null
                || !m.getProperty(p + "hashVersion", "").matches("[12]")) {
            return Optional.empty();
        }
        return Optional.of(new ChainRecord(seq, m.getProperty(p + "loggedAt"), m.getProperty(p + "direction"),
                m.getProperty(p + "kind"), m.getProperty(p + "operation"), m.getProperty(p + "peer"),
                m.getProperty(p + "sessionId"), m.getProperty(p + "correlationId"), m.getProperty(p + "signerSubject"),
                m.getProperty(p + "signerSerial"), m.getProperty(p + "certificateSha256"),
                m.getProperty(p + "messageSha256"), message, m.getProperty(p + "prevHash"), m.getProperty(p + "hash"),
                Integer.parseInt(m.getProperty(p + "hashVersion"))));
    }

    private static String[] fields(ChainRecord r) {
        return new String[] {r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(), r.sessionId(),
                r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(), r.messageSha256(),
                r.prevHash(), r.hash(), String.valueOf(r.hashVersion())};
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] entry(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
