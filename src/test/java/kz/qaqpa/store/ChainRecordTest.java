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
    void version1ContentHashAndLinkAreTheDocumentedEncoding() throws Exception {
        ChainRecord record = new ChainRecord(42, "2026-11-30T13:00:00Z", "IN", "REQUEST", "SendMessage", "PORTAL",
                "session-1", null, "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32), MESSAGE,
                ChainRecord.GENESIS, null, null, 1);

        String contentHash = sha256(encoded(new String[] {"42", "2026-11-30T13:00:00Z", "IN", "REQUEST", "SendMessage",
                "PORTAL", "session-1", null, "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32)}, MESSAGE));

        assertThat(record.contentHash()).isEqualTo(contentHash);
        assertThat(record.withHash().hash())
                .isEqualTo(sha256((ChainRecord.GENESIS + contentHash).getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Version 2: SHA-256 of "2", the seq, the applications' tags (the SHA-256 of each correlationId, sorted,
     * comma-separated) and the detail hash (version 1's encoding without seq and correlationId), each as a 4-byte
     * length and UTF-8 bytes; so an export's link can show a record's applications and number without its message.
     */
    @Test
    void version2ContentHashBindsTheApplicationsApartFromTheDetail() throws Exception {
        ChainRecord record = new ChainRecord(42, "2026-11-30T13:00:00Z", "OUT", "ANSWER", "getMessages", "PROVIDER",
                "session-1", "{b} {a}", "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32), MESSAGE,
                ChainRecord.GENESIS, null, null, 2);

        String detail = sha256(encoded(new String[] {"2026-11-30T13:00:00Z", "OUT", "ANSWER", "getMessages",
                "PROVIDER", "session-1", "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32)}, MESSAGE));
        String a = sha256("{a}".getBytes(StandardCharsets.UTF_8));
        String b = sha256("{b}".getBytes(StandardCharsets.UTF_8));
        String tags = a.compareTo(b) < 0 ? a + "," + b : b + "," + a;
        String contentHash = sha256(encoded(new String[] {"2", "42", tags, detail}, new byte[0]));

        assertThat(record.detailHash()).isEqualTo(detail);
        assertThat(record.applicationTags()).isEqualTo(tags);
        assertThat(record.contentHash()).isEqualTo(contentHash);
        ChainRecord movedToAnotherApplication = new ChainRecord(42, "2026-11-30T13:00:00Z", "OUT", "ANSWER",
                "getMessages", "PROVIDER", "session-1", "{a}", "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32),
                MESSAGE, ChainRecord.GENESIS, null, null, 2);
        assertThat(movedToAnotherApplication.contentHash()).isNotEqualTo(contentHash);
        assertThat(movedToAnotherApplication.detailHash()).isEqualTo(detail);
    }

    /**
     * Version 3: as version 2, each tag followed by ":" and the number of that application's first record (in the
     * order correlation_id names them), so every record of an application says where the application begins.
     */
    @Test
    void version3ContentHashBindsEachApplicationsFirstRecord() throws Exception {
        ChainRecord record = new ChainRecord(42, "2026-11-30T13:00:00Z", "OUT", "ANSWER", "getMessages", "PROVIDER",
                "session-1", "{b} {a}", "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32), MESSAGE,
                ChainRecord.GENESIS, null, "7 42");

        String detail = sha256(encoded(new String[] {"2026-11-30T13:00:00Z", "OUT", "ANSWER", "getMessages",
                "PROVIDER", "session-1", "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32)}, MESSAGE));
        String a = sha256("{a}".getBytes(StandardCharsets.UTF_8)) + ":42";
        String b = sha256("{b}".getBytes(StandardCharsets.UTF_8)) + ":7";
        String tags = a.compareTo(b) < 0 ? a + "," + b : b + "," + a;

        assertThat(record.hashVersion()).isEqualTo(ChainRecord.CURRENT_VERSION).isEqualTo(3);
        assertThat(record.applicationTags()).isEqualTo(tags);
        assertThat(record.contentHash()).isEqualTo(sha256(encoded(new String[] {"3", "42", tags, detail}, new byte[0])));
        assertThat(record.firstRecordOf("{b}")).hasValue(7);
        assertThat(record.firstRecordOf("{a}")).hasValue(42);
        assertThat(record.firstRecordOf("{c}")).isEmpty();
        ChainRecord otherFirst = new ChainRecord(42, "2026-11-30T13:00:00Z", "OUT", "ANSWER", "getMessages",
                "PROVIDER", "session-1", "{b} {a}", "CN=Әлем", "1f", "ab".repeat(32), "cd".repeat(32), MESSAGE,
                ChainRecord.GENESIS, null, "8 42");
        assertThat(otherFirst.contentHash()).isNotEqualTo(record.contentHash());
    }

    private static byte[] encoded(String[] fields, byte[] tail) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String field : fields) {
            if (field == null) {
                out.writeInt(-1);
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
        out.write(tail);
        return bytes.toByteArray();
    }

    @Test
    void everyFieldChangesTheContentHash() {
        ChainRecord record = new ChainRecord(1, "t", "OUT", "ANSWER", "op", "peer", null, "c", "s", "1", "a", "m",
                MESSAGE, ChainRecord.GENESIS, null, "1");
        ChainRecord movedField = new ChainRecord(1, "t", "OUT", "ANSWER", "op", "peer", "c", null, "s", "1", "a", "m",
                MESSAGE, ChainRecord.GENESIS, null, null);
        ChainRecord otherByte = new ChainRecord(1, "t", "OUT", "ANSWER", "op", "peer", null, "c", "s", "1", "a", "m",
                "<x/>".getBytes(StandardCharsets.UTF_8), ChainRecord.GENESIS, null, "1");

        assertThat(movedField.contentHash()).isNotEqualTo(record.contentHash());
        assertThat(otherByte.contentHash()).isNotEqualTo(record.contentHash());
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
