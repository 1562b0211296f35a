package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The budget of request bytes held at once is shared per client address (qaqpa.http.max-buffered-bytes-per-address;
 * replay45's Left, the lead, session 45). Before, one client address that trickled bodies of the size limit took the
 * whole budget before any signature was checked, and another client's large body was refused (SCE911, busy) for as
 * long as it kept them coming.
 */
class BodyBudgetShareTest {
    /** HostileInputTest's timeouts, which its trickle is paced by. */
    private static final Duration READ_TIMEOUT = HostileInputTest.READ_TIMEOUT;
    private static final Duration REQUEST_TIMEOUT = HostileInputTest.REQUEST_TIMEOUT;
    /** The whole budget: three bodies of {@link #LARGE_BODY} fit. */
    private static final long MAX_BUFFERED = 16L * 1024 * 1024;
    /** One address's share: two bodies of {@link #LARGE_BODY} fit, a third does not. */
    private static final long PER_ADDRESS = 10L * 1024 * 1024;
    private static final int LARGE_BODY = 5_000_000;
    /** Other loopback addresses than 127.0.0.1, whose connections the embedded mocks use. */
    private static final String HOLDER = "127.0.0.2";
    private static final String ASKER = "127.0.0.3";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.read-timeout", READ_TIMEOUT.toString())
            .with("qaqpa.http.request-timeout", REQUEST_TIMEOUT.toString())
            .with("qaqpa.http.max-buffered-bytes", String.valueOf(MAX_BUFFERED))
            .with("qaqpa.http.max-buffered-bytes-per-address", String.valueOf(PER_ADDRESS));

    /**
     * {@link #HOLDER} declares three bodies of almost the size limit and trickles them: two fit its share, the third
     * is refused at once (SCE911), the two are cut at the request timeout (SCE001). Meanwhile {@link #ASKER}'s body of
     * the same size is read whole and judged (a broken envelope: SCE001), not refused as busy, as it was when the
     * holder's three took 15 of the 16 MB.
     */
    @Test
    void oneAddressTricklingLargeBodiesLeavesTheBudgetToOthers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<RawSoap.Streamed>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(pool.submit(() -> RawSoap.streamFrom(HOLDER, gateway.asyncUrl(),
                        List.of("Content-Length: " + LARGE_BODY), HostileInputTest::trickle,
                        REQUEST_TIMEOUT.multipliedBy(3))));
            }
            Thread.sleep(READ_TIMEOUT.toMillis() / 2); // all three connected and their bytes reserved

            RawSoap.Streamed asked = RawSoap.streamFrom(ASKER, gateway.asyncUrl(),
                    List.of("Content-Length: " + LARGE_BODY), BodyBudgetShareTest::brokenEnvelope,
                    REQUEST_TIMEOUT.multipliedBy(3));
            assertThat(asked.answer()).as("an answer to " + ASKER).isNotNull();
            assertThat(ShepAnswers.errorCode(gateway, asked.answer(), SEND_MESSAGE_FAULT))
                    .as(ASKER + "'s body, while " + HOLDER + " trickles three").isEqualTo("SCE001");

            List<String> codes = new ArrayList<>();
            for (Future<RawSoap.Streamed> sender : held) {
                RawSoap.Streamed answer = sender.get();
                assertThat(answer.answer()).isNotNull();
                codes.add(ShepAnswers.errorCode(gateway, answer.answer(), SEND_MESSAGE_FAULT));
            }
            assertThat(codes).as(HOLDER + "'s three bodies").containsExactlyInAnyOrder("SCE911", "SCE001", "SCE001");
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #LARGE_BODY} bytes at once: an envelope whose comment never ends. */
    private static void brokenEnvelope(OutputStream out) throws IOException {
        byte[] body = new byte[LARGE_BODY];
        Arrays.fill(body, (byte) 'x');
        byte[] start = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><!--"
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, body, 0, start.length);
        out.write(body);
        out.flush();
    }
}
