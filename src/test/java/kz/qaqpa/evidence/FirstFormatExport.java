package kz.qaqpa.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

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
        List<ChainRecord> records = chain.ofApplication(correlationId);
        MessageChain.Head head = chain.head();
        Properties manifest = new Properties();
        manifest.setProperty("format", "qaqpa-message-log-export/1");
        manifest.setProperty("correlationId", correlationId);
        manifest.setProperty("exportedAt", java.time.Instant.now().toString());
        manifest.setProperty("head.seq", String.valueOf(head.seq()));
        manifest.setProperty("head.hash", head.hash());
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
        for (ChainRecord r : chain.page(records.get(0).seq() - 1, Integer.MAX_VALUE)) {
            if (r.seq() <= head.seq()) {
                manifest.setProperty("link." + r.seq(), r.contentHash());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            manifest.store(text, "Qaqpa message log export of application " + correlationId);
            put(zip, "manifest.properties", text.toByteArray());
            for (ChainRecord r : records) {
                put(zip, "messages/" + r.seq() + ".xml", r.message());
            }
            for (Map.Entry<String, byte[]> c : certificates.entrySet()) {
                put(zip, "certificates/" + c.getKey() + ".der", c.getValue());
            }
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
