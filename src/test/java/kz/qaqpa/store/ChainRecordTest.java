package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A record's hashes follow the encoding its javadoc defines (each field as a 4-byte big-endian length and its UTF-8
 * bytes, -1 for none, then the message; the link over the two hex hashes), computed here independently of the
 * production code: chains written by earlier versions must keep verifying, and an outside verifier can rely on it.
 */
class ChainRecordTest {
    private static final byte[] MESSAGE = "<soap:Envelope>қазақша</soap:Envelope>".getBytes(StandardCharsets.UTF_8);

    @Test
    void contentHashAndLinkAreTheDocumentedEncoding() throws Exception {
        ChainRecord record = new ChainRecord(42, "2026-11-30T13:00:00Z", "IN", "REQUEST", "SendMessage", "PORTAL",
                "session-1", null, "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32), MESSAGE,
                ChainRecord.GENESIS, null);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String field : new String[] {"42", "2026-11-30T13:00:00Z", "IN", "REQUEST", "SendMessage", "PORTAL",
                "session-1", null, "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32)}) {
            if (field == null) {
                out.writeInt(-1);
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
        out.write(MESSAGE);
        String contentHash = sha256(bytes.toByteArray());

        assertThat(record.contentHash()).isEqualTo(contentHash);
        assertThat(record.withHash().hash())
                .isEqualTo(sha256((ChainRecord.GENESIS + contentHash).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void everyFieldChangesTheContentHash() {
        ChainRecord record = new ChainRecord(1, "t", "OUT", "ANSWER", "op", "peer", null, "c", "s", "1", "a", "m",
                MESSAGE, ChainRecord.GENESIS, null);
        ChainRecord movedField = new ChainRecord(1, "t", "OUT", "ANSWER", "op", "peer", "c", null, "s", "1", "a", "m",
                MESSAGE, ChainRecord.GENESIS, null);
        ChainRecord otherByte = new ChainRecord(1, "t", "OUT", "ANSWER", "op", "peer", null, "c", "s", "1", "a", "m",
                "<x/>".getBytes(StandardCharsets.UTF_8), ChainRecord.GENESIS, null);

        assertThat(movedField.contentHash()).isNotEqualTo(record.contentHash());
        assertThat(otherByte.contentHash()).isNotEqualTo(record.contentHash());
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
