package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sender a message names, read for its line for a worker thread (quota49). */
class ClaimedSenderTest {
    private static String read(String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return ClaimedSender.in(bytes, bytes.length);
    }

    @Test
    void theFirstSenderIdInTheBodyWithAnyPrefix() {
        assertThat(read("<s:Envelope xmlns:s='x'><s:Header><senderId>HEADER</senderId></s:Header><s:Body>"
                + "<m:sendMessage><request><requestInfo><messageId>1</messageId><sender><ns3:senderId> PORTAL "
                + "</ns3:senderId><password>p</password></sender></requestInfo></request></m:sendMessage>"
                + "</s:Body></s:Envelope>")).isEqualTo("PORTAL");
        assertThat(read("<Envelope><Body><a><senderId xmlns=''>CON</senderId></a></Body></Envelope>"))
                .isEqualTo("CON");
    }

    /** Not a parse: a name in a comment or CDATA section is read (the authenticated sender must then be it). */
    @Test
    void aNameInACommentIsReadToo() {
        assertThat(read("<Envelope><Body><!-- <senderId>A</senderId> --><senderId>B</senderId></Body>"))
                .isEqualTo("A");
    }

    @Test
    void noneWhereNoneIsPlainlyThere() {
        assertThat(read("<Envelope><Body><sender><x:otherSenderId>A</x:otherSenderId></sender></Body></Envelope>"))
                .isNull();
        assertThat(read("<Envelope><Body><senderId>B C</senderId></Body>")).isNull();
        assertThat(read("<Envelope><Body><senderId>" + "A".repeat(65) + "</senderId></Body></Envelope>")).isNull();
        assertThat(read("<Envelope><Body><senderId/></Body></Envelope>")).isNull();
        assertThat(read("<senderId>A</senderId>")).as("outside a Body").isNull();
        assertThat(read("<Envelope><Body>" + " ".repeat(ClaimedSender.SCANNED) + "<senderId>A</senderId></Body>"))
                .as("beyond the bytes scanned").isNull();
    }

    /**
     * attack55: a gzip- or deflate-encoded body's name is read from what its first bytes inflate to; of a body whose
     * name lies beyond the compressed bytes read (stored, not compressed: as many bytes as it holds), none.
     */
    @Test
    void anEncodedBodysNameIsReadFromWhatItInflatesTo() throws java.io.IOException {
        byte[] xml = "<Envelope><Body><senderId>CON</senderId></Body></Envelope>".getBytes(StandardCharsets.UTF_8);
        assertThat(encoded(xml, "gzip")).isEqualTo("CON");
        assertThat(encoded(xml, "deflate")).isEqualTo("CON");
        assertThat(ClaimedSender.in(xml, xml.length, "identity")).isEqualTo("CON");
        assertThat(ClaimedSender.in(xml, xml.length, "gzip")).as("not gzip").isNull();
        byte[] far = ("<Envelope><Body>" + "<a/>".repeat(ClaimedSender.ENCODED_SCANNED) + "<senderId>CON</senderId>"
                + "</Body></Envelope>").getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
        java.util.zip.Deflater none = new java.util.zip.Deflater(java.util.zip.Deflater.NO_COMPRESSION);
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(stored, none)) {
            out.write(far);
        }
        assertThat(ClaimedSender.in(stored.toByteArray(), stored.size(), "deflate")).isNull();
    }

    private static String encoded(byte[] xml, String coding) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = coding.equals("gzip") ? new java.util.zip.GZIPOutputStream(bytes)
                : new java.util.zip.DeflaterOutputStream(bytes)) {
            out.write(xml);
        }
        return ClaimedSender.in(bytes.toByteArray(), bytes.size(), coding);
    }

    /**
     * review49 (HIGH): the scan runs on the I/O thread before anything is checked, so it must be linear in the bytes.
     * Before, a byte of a tag's name included '<' and a tag that did not match moved the scan on by one byte: 64 KiB of
     * '<' took some 2·10^9 steps, seconds of the port's only I/O thread for one unauthenticated request. Not a speed
     * measurement: a hundred such bodies took over a minute before and take microseconds now; the bound only stops a hang.
     */
    @Test
    void aBodyOfTagOpeningsIsScannedOnceOver() {
        byte[] opens = new byte[ClaimedSender.SCANNED];
        Arrays.fill(opens, (byte) '<');
        byte[] longNames = ("<Body>" + ("<" + "a".repeat(200)).repeat(ClaimedSender.SCANNED / 201))
                .getBytes(StandardCharsets.US_ASCII);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 100; i++) {
                assertThat(ClaimedSender.in(opens, opens.length)).isNull();
                assertThat(ClaimedSender.in(longNames, longNames.length)).isNull();
            }
        });
    }
}
