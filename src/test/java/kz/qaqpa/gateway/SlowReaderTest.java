package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import kz.qaqpa.http.SlowReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 29 (ports13): clients of the ШЭП channels' port that ask for a large answer and never read it. The
 * answer is written on a worker thread, which waited for the client for as long as the connection lived; as many
 * such clients as worker threads stopped the port. With qaqpa.http.write-timeout a write that makes no progress that
 * long closes the connection and frees the thread; a client that reads slowly but steadily gets its whole answer.
 * The large answers come from the benchmark's echo (/bench/echo, switched on here), the same Undertow/CXF stack.
 */
class SlowReaderTest {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    private static final int WORKER_THREADS = 2;
    /** Far more than the kernel holds for a connection on the loopback (4 MB sent, a small window received). */
    private static final int LARGE_ANSWER_BYTES = 12 * 1024 * 1024;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.bench.echo-enabled", "true")
            .with("qaqpa.http.worker-threads", String.valueOf(WORKER_THREADS))
            .with("qaqpa.http.write-timeout", WRITE_TIMEOUT.toString())
            .with("qaqpa.max-message-bytes", String.valueOf(2 * LARGE_ANSWER_BYTES))
            // the start asks a client's share to hold one encoded message of that size, compressed and inflated
            .with("qaqpa.http.max-buffered-bytes-per-address", String.valueOf(4 * LARGE_ANSWER_BYTES));

    /**
     * One client per worker thread asks for a large echo and never reads it: once their writes have not moved for the
     * write timeout their connections are closed, and a small echo is answered. Before, it waited for the idle
     * timeout (60 s) at least.
     */
    @Test
    void clientsThatStopReadingALargeAnswerHoldNoWorker() throws IOException {
        try (SlowReaders.Stalled stalled = new SlowReaders.Stalled()) {
            for (int i = 0; i < WORKER_THREADS; i++) {
                stalled.add(ask(echoOf(LARGE_ANSWER_BYTES))); // and never read
            }
            for (Socket socket : stalled.sockets()) {
                awaitAnswerBegun(socket); // a 12 MB request is read and echoed first, slowly under load
            }
            sleep(WRITE_TIMEOUT.dividedBy(2)); // their echoes written until the buffers are full
            Instant asked = Instant.now();
            RawSoap.Response small = RawSoap.post(echoUrl(), echoOf(100));
            assertThat(small.status()).isEqualTo(200);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(WRITE_TIMEOUT.plusSeconds(8));
            sleep(WRITE_TIMEOUT); // the other stalled write's timeout too, before any reading moves it on
            stalled.assertCutOff(LARGE_ANSWER_BYTES);
        }
    }

    /** A client reading a large echo at about 1.6 MB/s, for several write timeouts, gets all of it. */
    @Test
    void aSlowButReadingClientGetsTheWholeAnswer() throws Exception {
        Instant asked = Instant.now();
        try (Socket socket = ask(echoOf(LARGE_ANSWER_BYTES))) {
            socket.setSoTimeout(10_000);
            long read = SlowReaders.readSlowly(socket.getInputStream());
            assertThat(Duration.between(asked, Instant.now())).as("the reading lasted several write timeouts")
                    .isGreaterThan(WRITE_TIMEOUT.multipliedBy(2));
            assertThat(read).as("the head and the whole echo").isGreaterThan(LARGE_ANSWER_BYTES);
        }
    }

    /**
     * attack47 (perf46's NextRequestOnIoThread: a connection's next request is made ready on its I/O thread, the
     * port's only one): three echoes pipelined in one write on a kept-alive connection whose client then half-closes
     * it (no more requests) and reads nothing for a while, the middle answer larger than the window it offers (its
     * write waits for the client), the third request's bytes left in the connection's buffer meanwhile. Another
     * client's echo is answered while they wait, and the three are then read whole, in order, the connection ended
     * after the third: whichever thread makes the connection ready, no answer may change.
     */
    @Test
    void pipelinedEchoesOnAHalfClosedConnectionAreAnsweredInOrderWhileAnotherClientIsServed() throws Exception {
        String[] marks = {"1".repeat(100), "2".repeat(4 * SlowReaders.WINDOW_BYTES), "3".repeat(100)};
        java.io.ByteArrayOutputStream pipelined = new java.io.ByteArrayOutputStream();
        for (String mark : marks) {
            pipelined.writeBytes(request(echoWith(mark), false));
        }
        URI url = URI.create(echoUrl());
        try (Socket socket = SlowReaders.ask(url.getHost(), url.getPort(), pipelined.toByteArray())) {
            socket.shutdownOutput();
            awaitAnswerBegun(socket);
            assertThat(RawSoap.post(echoUrl(), echoOf(100)).status()).as("another client, meanwhile").isEqualTo(200);
            socket.setSoTimeout(30_000);
            // the large echo comes chunked: its chunks' sizes taken out, the marks are read whole
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("\r\n[0-9a-f]+\r\n", "");
            assertThat(answers.split("HTTP/1.1 200 ", -1)).as("three answers, then the end").hasSize(4);
            int first = answers.indexOf(marks[0]);
            int second = answers.indexOf(marks[1]);
            assertThat(first).as("the first answer").isNotNegative();
            assertThat(second).as("the second after it, whole").isGreaterThan(first);
            assertThat(answers.indexOf(marks[2])).as("the third after the second").isGreaterThan(second);
        }
    }

    /**
     * attack47: as {@link #clientsThatStopReadingALargeAnswerHoldNoWorker}, but each stalled client pipelined a small
     * echo after its large one and keeps its connection alive: the second request waits in the connection's buffer
     * behind a write that cannot move. Another client is answered, and each stalled connection is cut off after the
     * write timeout (its pipelined request never answered) rather than made ready for it.
     */
    @Test
    void aPipelinedRequestBehindALargeAnswerNobodyReadsHoldsNothing() throws IOException {
        URI url = URI.create(echoUrl());
        try (SlowReaders.Stalled stalled = new SlowReaders.Stalled()) {
            for (int i = 0; i < WORKER_THREADS; i++) {
                java.io.ByteArrayOutputStream pipelined = new java.io.ByteArrayOutputStream();
                pipelined.writeBytes(request(echoOf(LARGE_ANSWER_BYTES), false));
                pipelined.writeBytes(request(echoOf(100), false));
                stalled.add(SlowReaders.ask(url.getHost(), url.getPort(), pipelined.toByteArray()));
            }
            for (Socket socket : stalled.sockets()) {
                awaitAnswerBegun(socket);
            }
            sleep(WRITE_TIMEOUT.dividedBy(2));
            Instant asked = Instant.now();
            assertThat(RawSoap.post(echoUrl(), echoOf(100)).status()).isEqualTo(200);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(WRITE_TIMEOUT.plusSeconds(8));
            sleep(WRITE_TIMEOUT);
            stalled.assertCutOff(LARGE_ANSWER_BYTES);
        }
    }

    /**
     * Waits until the answer's first bytes reached the client's buffer, without reading them: from then the gateway's
     * worker writes until the buffers are full and its write stalls. Without this wait a gateway slowed by load was
     * still reading the large requests when the small one came, answered it at once, and the stalled clients then
     * read their whole answers before any write had stalled (the test failed once so at load average 10).
     */
    private static void awaitAnswerBegun(Socket socket) throws IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (socket.getInputStream().available() == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no answer began within 60 s");
            }
            sleep(Duration.ofMillis(50));
        }
    }

    /** Sends a POST of {@code body} to the echo over a socket that offers a small window, and returns it unread. */
    private static Socket ask(byte[] body) throws IOException {
        URI url = URI.create(echoUrl());
        return SlowReaders.ask(url.getHost(), url.getPort(), request(body, true));
    }

    /** A POST of {@code body} to the echo as on the wire, asking to close the connection after it or not. */
    private static byte[] request(byte[] body, boolean close) {
        URI url = URI.create(echoUrl());
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.writeBytes(("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\n"
                + "Content-Type: text/xml; charset=UTF-8\r\nSOAPAction: \"\"\r\n" + (close ? "Connection: close\r\n" : "")
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        return request.toByteArray();
    }

    private static String echoUrl() {
        return gateway.syncUrl().replace("/shep/sync", "/bench/echo");
    }

    /** A sync SendMessage of about {@code bytes} bytes (the echo returns any envelope as it came). */
    private static byte[] echoOf(int bytes) {
        return echoWith("8".repeat(bytes));
    }

    /** A sync SendMessage carrying {@code mark} where its ИИН was (the echo returns it as it came). */
    private static byte[] echoWith(String mark) {
        String envelope = new String(RawSoap.request("unsigned-sync-SendMessage.xml"), StandardCharsets.UTF_8);
        return envelope.replace("<p:iin>850315401201</p:iin>", "<p:iin>" + mark + "</p:iin>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
