package kz.qaqpa.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.Sha256;

/**
 * An export in format {@code qaqpa-message-log-export/1}, written as the gateway wrote it before hash version 2
 * (ApplicationExport at commit 648dd06^): the records' fields and every link from the first record to the head in
 * the manifest ({@code link.<seq>} = the record's content hash), the messages and certificates beside it. Operators
 * may have archived such exports; the verifier of today must still read them.
 */
final class FirstFormatExport {
    private static final String[] FIELDS = {"loggedAt", "direction", "kind", "operation", "peer", "sessionId",
            "correlationId", "signerSubject", "signerSerial", "certificateSha256", "messageSha256", "prevHash", "hash"};

    private FirstFormatExport() {
    }

    static byte[] write(MessageChain chain, String correlationId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(chain, correlationId, 0, bytes);
        return bytes.toByteArray();
    }

    /**
     * The export to {@code to}, as if {@code later} more records had been logged after the head (their links only,
     * made up); the links are written after the other entries, from the head down: in no order, as Properties.store
     * wrote them, and without holding them.
     */
    static void write(MessageChain chain, String correlationId, long later, OutputStream to) throws IOException {
        List<ChainRecord> records = chain.ofApplication(correlationId);
        MessageChain.Head head = chain.head();
        String headHash = head.hash();
        for (long seq = head.seq() + 1; seq <= head.seq() + later; seq++) {
            headHash = ChainRecord.link(headHash, laterContentHash(seq));
        }
        Properties manifest = new Properties();
        manifest.setProperty("format", "qaqpa-message-log-export/1");
        manifest.setProperty("correlationId", correlationId);
        manifest.setProperty("exportedAt", java.time.Instant.now().toString());
        manifest.setProperty("head.seq", String.valueOf(head.seq() + later));
        manifest.setProperty("head.hash", headHash);
        manifest.setProperty("first.prevHash", records.get(0).prevHash());
        List<String> seqs = new ArrayList<>();
        Map<String, byte[]> certificates = new HashMap<>();
        for (ChainRecord r : records) {
            seqs.add(String.valueOf(r.seq()));
            String[] values = {r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(), r.sessionId(),
                    r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(), r.messageSha256(),
                    r.prevHash(), r.hash()};
            for (int i = 0; i < FIELDS.length; i++) {
                if (values[i] != null) {
                    manifest.setProperty("record." + r.seq() + "." + FIELDS[i], values[i]);
                }
            }
            certificates.computeIfAbsent(r.certificateSha256(), sha -> chain.certificate(sha).orElseThrow());
        }
        manifest.setProperty("records", String.join(",", seqs));
        List<String> links = new ArrayList<>();
        for (ChainRecord r : chain.page(records.get(0).seq() - 1, Integer.MAX_VALUE)) {
            if (r.seq() <= head.seq()) {
                links.add("link." + r.seq() + "=" + r.contentHash() + "\n");
            }
        }
        try (ZipOutputStream zip = new ZipOutputStream(to)) {
            zip.putNextEntry(new ZipEntry("manifest.properties"));
            manifest.store(zip, "Qaqpa message log export of application " + correlationId);
            Writer text = new OutputStreamWriter(zip, StandardCharsets.ISO_8859_1);
            for (long seq = head.seq() + later; seq > head.seq(); seq--) {
                text.write("link." + seq + "=" + laterContentHash(seq) + "\n");
            }
            for (int i = links.size() - 1; i >= 0; i--) {
                text.write(links.get(i));
            }
            text.flush();
            zip.closeEntry();
            for (ChainRecord r : records) {
                put(zip, "messages/" + r.seq() + ".xml", r.message());
            }
            for (Map.Entry<String, byte[]> c : certificates.entrySet()) {
                put(zip, "certificates/" + c.getKey() + ".der", c.getValue());
            }
        }
    }

    /** A made-up later record's content hash. */
    private static String laterContentHash(long seq) {
        return Sha256.hex(("later record " + seq).getBytes(StandardCharsets.US_ASCII));
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
