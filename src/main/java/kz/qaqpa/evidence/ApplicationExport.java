package kz.qaqpa.evidence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/**
 * One application's evidence as a zip that verifies without the database: {@code messages/<seq>.xml} (each message
 * byte for byte), {@code certificates/<sha256>.der} (their signers) and {@code manifest.properties} with every
 * record's logged fields, prevHash and hash, and the links that show the records are in the chain: the content
 * hash of every record from the first exported one to the head (the other records' messages stay out), and the
 * head's number and hash. Verifying recomputes the chain from the first record's prevHash to the head; the head
 * hash is then what to compare with the one the operator noted (the whole-log verification prints it).
 */
final class ApplicationExport {
    static final String FORMAT = "qaqpa-message-log-export/1";
    private static final String MANIFEST = "manifest.properties";
    private static final String[] FIELDS = {"loggedAt", "direction", "kind", "operation", "peer", "sessionId",
            "correlationId", "signerSubject", "signerSerial", "certificateSha256", "messageSha256", "prevHash", "hash"};

    private ApplicationExport() {
    }

    /** The export as zip bytes, or empty when nothing is logged for the application. */
    static Optional<byte[]> write(MessageChain chain, String correlationId) throws IOException {
        List<ChainRecord> records = chain.ofApplication(correlationId);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        MessageChain.Head head = chain.head();
        Properties manifest = new Properties();
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("correlationId", correlationId);
        manifest.setProperty("exportedAt", Instant.now().toString());
        manifest.setProperty("head.seq", String.valueOf(head.seq()));
        manifest.setProperty("head.hash", head.hash());
        manifest.setProperty("first.prevHash", records.get(0).prevHash());
        List<String> seqs = new ArrayList<>();
        Map<String, byte[]> certificates = new HashMap<>();
        for (ChainRecord r : records) {
            seqs.add(String.valueOf(r.seq()));
            String[] values = fields(r);
            for (int i = 0; i < FIELDS.length; i++) {
                if (values[i] != null) {
                    manifest.setProperty("record." + r.seq() + "." + FIELDS[i], values[i]);
                }
            }
            certificates.computeIfAbsent(r.certificateSha256(), sha -> chain.certificate(sha).orElseThrow());
        }
        manifest.setProperty("records", String.join(",", seqs));
        long after = records.get(0).seq() - 1;
        for (List<ChainRecord> page = chain.page(after, 500); !page.isEmpty() && page.get(0).seq() <= head.seq();
             page = chain.page(page.get(page.size() - 1).seq(), 500)) {
            for (ChainRecord r : page) {
                if (r.seq() <= head.seq()) {
                    manifest.setProperty("link." + r.seq(), r.contentHash());
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            manifest.store(text, "Qaqpa message log export of application " + correlationId);
            put(zip, MANIFEST, text.toByteArray());
            for (ChainRecord r : records) {
                put(zip, "messages/" + r.seq() + ".xml", r.message());
            }
            for (Map.Entry<String, byte[]> c : certificates.entrySet()) {
                put(zip, "certificates/" + c.getKey() + ".der", c.getValue());
            }
        }
        return Optional.of(bytes.toByteArray());
    }

    /** Verifies an export with the trusted certificates alone; {@code expectedHead} (may be null) must match its head. */
    static Verdict verify(Path file, RecordCheck check, String expectedHead) throws IOException {
        Map<String, byte[]> entries = read(file);
        if (!entries.containsKey(MANIFEST)) {
            return Verdict.bad(0, 0, "the export has no " + MANIFEST);
        }
        Properties manifest = new Properties();
        manifest.load(new ByteArrayInputStream(entries.get(MANIFEST)));
        if (!FORMAT.equals(manifest.getProperty("format"))) {
            return Verdict.bad(0, 0, "not a " + FORMAT + " export");
        }
        TreeMap<Long, ChainRecord> records = new TreeMap<>();
        if (manifest.getProperty("records", "").isBlank()) {
            return Verdict.bad(0, 0, "the export lists no records");
        }
        for (String seq : manifest.getProperty("records").split(",")) {
            Optional<ChainRecord> r = record(manifest, Long.parseLong(seq.trim()), entries);
            if (r.isEmpty()) {
                return Verdict.bad(0, Long.parseLong(seq.trim()), "its message or fields are missing from the export");
            }
            records.put(r.get().seq(), r.get());
        }
        long headSeq = Long.parseLong(manifest.getProperty("head.seq"));
        String headHash = manifest.getProperty("head.hash");
        String prevHash = manifest.getProperty("first.prevHash");
        long checked = 0;
        for (long seq = records.firstKey(); seq <= headSeq; seq++) {
            String link = manifest.getProperty("link." + seq);
            ChainRecord r = records.get(seq);
            if (link == null) {
                return Verdict.bad(checked, seq, "its link is missing: the export does not reach the head");
            }
            if (r != null) {
                if (!r.prevHash().equals(prevHash)) {
                    return Verdict.bad(checked, seq, "its prevHash is not the hash of the record before it");
                }
                if (!r.contentHash().equals(link)) {
                    return Verdict.bad(checked, seq, "its content does not match its link: the record was changed");
                }
                Optional<String> problem = check.problem(r, entries.get("certificates/" + r.certificateSha256() + ".der"));
                if (problem.isPresent()) {
                    return Verdict.bad(checked, seq, problem.get());
                }
                checked++;
            }
            prevHash = ChainRecord.link(prevHash, link);
            if (r != null && !r.hash().equals(prevHash)) {
                return Verdict.bad(checked, seq, "its hash is not the chain's hash at this place");
            }
        }
        if (!prevHash.equals(headHash)) {
            return Verdict.bad(checked, headSeq, "the links do not lead to the head hash " + headHash);
        }
        if (expectedHead != null && !expectedHead.equalsIgnoreCase(headHash)) {
            return Verdict.bad(checked, headSeq, "the export's head hash " + headHash + " is not the expected "
                    + expectedHead);
        }
        return Verdict.good(checked, headSeq, headHash);
    }

    private static Optional<ChainRecord> record(Properties m, long seq, Map<String, byte[]> entries) {
        String p = "record." + seq + ".";
        byte[] message = entries.get("messages/" + seq + ".xml");
        if (message == null || m.getProperty(p + "hash") == null || m.getProperty(p + "prevHash") == null) {
            return Optional.empty();
        }
        return Optional.of(new ChainRecord(seq, m.getProperty(p + "loggedAt"), m.getProperty(p + "direction"),
                m.getProperty(p + "kind"), m.getProperty(p + "operation"), m.getProperty(p + "peer"),
                m.getProperty(p + "sessionId"), m.getProperty(p + "correlationId"), m.getProperty(p + "signerSubject"),
                m.getProperty(p + "signerSerial"), m.getProperty(p + "certificateSha256"),
                m.getProperty(p + "messageSha256"), message, m.getProperty(p + "prevHash"), m.getProperty(p + "hash")));
    }

    private static String[] fields(ChainRecord r) {
        return new String[] {r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(), r.sessionId(),
                r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(), r.messageSha256(),
                r.prevHash(), r.hash()};
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static Map<String, byte[]> read(Path file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }
}
