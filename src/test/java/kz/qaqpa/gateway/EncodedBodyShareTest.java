package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * review54b (attack54's BodyHold, MEDIUM-LOW): a client's share of the request budget may be set as low as one message
 * (qaqpa.http.max-buffered-bytes-per-address = qaqpa.max-message-bytes: HttpLimits allows it, application.properties
 * says "at least qaqpa.max-message-bytes"). A gzip-encoded body now holds its compressed bytes and what it inflates
 * to, so a message within the limit whose compressed and inflated sizes together pass the share is refused SCE911
 * ("busy, send again later") on an idle gateway, every time it is sent again; the same bytes sent plain are read (and
 * here refused as the junk they are, SCE001).
 */
class EncodedBodyShareTest {
    private static final int MAX_MESSAGE_BYTES = 65_536;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.max-message-bytes", String.valueOf(MAX_MESSAGE_BYTES))
            .with("qaqpa.http.max-buffered-bytes-per-address", String.valueOf(MAX_MESSAGE_BYTES));

    @Test
    void aMessageWithinTheLimitIsReadGzipEncodedAsPlain() {
        byte[] noise = new byte[30_000];
        new Random(54).nextBytes(noise);
        byte[] inflated = ("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                + Base64.getEncoder().encodeToString(noise) + "</soapenv:Body></soapenv:Envelope>")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] gzip = HostileFramingTest.gzip(inflated);
        assertThat(inflated.length).as("within the message limit").isLessThan(MAX_MESSAGE_BYTES);
        assertThat(inflated.length + gzip.length).as("inflated and compressed together").isGreaterThan(MAX_MESSAGE_BYTES);

        RawSoap.Response plain = RawSoap.post(gateway.asyncUrl(), inflated, Map.of(), false, false);
        assertThat(ShepAnswers.errorCode(gateway, plain, SEND_MESSAGE_FAULT)).as("sent plain: read, not a message")
                .isEqualTo("SCE001");
        for (int attempt = 1; attempt <= 3; attempt++) { // "send again later" never helps
            RawSoap.Response encoded = RawSoap.post(gateway.asyncUrl(), gzip, Map.of("Content-Encoding", "gzip"), false,
                    false);
            assertThat(ShepAnswers.errorCode(gateway, encoded, SEND_MESSAGE_FAULT))
                    .as("sent gzip-encoded (" + gzip.length + " bytes inflating to " + inflated.length + "), attempt "
                            + attempt).isEqualTo("SCE001");
        }
    }
}
