package kz.qaqpa.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our outgoing calls against a peer (a callback recipient, a state system) that answers badly on purpose, over a raw
 * socket: the call's timeout bounds the whole call, and an answer over the limit is cut off, not read to its end.
 * Before this, a peer that sent a byte every few seconds held the caller without limit, and an endless chunked
 * answer was read on and on when the call closed it.
 */
class HostilePeerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * The times below are the calls': HttpCalls' first use in a JVM loads and starts its HTTP client (5 s on a loaded
     * machine, before any call's timeout runs), which ran the first case past its bound when the class ran alone.
     */
    @BeforeAll
    static void httpCallsLoaded() throws IllegalAccessException {
        MethodHandles.lookup().ensureInitialized(HttpCalls.class);
    }

    @Test
    void anAnswerTrickledByteByByteEndsTheCallAtItsTimeout() throws Exception {
        try (Peer peer = new Peer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(500); // never silent for as long as the timeout
            }
        })) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> HttpCalls.post(peer.uri(), new byte[] {'<', 'a', '/', '>'}, TIMEOUT, 1_000_000))
                    .isInstanceOf(IOException.class).hasMessageContaining("no complete answer").hasMessageContaining("PT2S");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void anEndlessAnswerIsCutOffAtTheLimit() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Peer peer = new Peer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
                sent.addAndGet(0x4000);
            }
        })) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> HttpCalls.post(peer.uri(), new byte[] {'<', 'a', '/', '>'}, Duration.ofSeconds(30), 100_000))
                    .isInstanceOf(IOException.class).hasMessageContaining("larger than 100000 bytes");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            Thread.sleep(500);
            long after = sent.get();
            Thread.sleep(500);
            assertThat(sent.get()).as("the peer can send no more once the call gave up").isLessThan(after + 10 * 0x4000);
            assertThat(after).isLessThan(64L * 1024 * 1024);
        }
    }

    /**
     * attack61, held: a peer answering with a head that never ends, as one header line without end or as header lines
     * without end, is cut off at HttpCore's limits (a line of 8 KB, 100 header lines), long before the call's timeout,
     * having been read only so far; one sending informational (1xx) heads without end holds the call no longer than
     * its timeout.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"endless-header-line", "endless-header-lines",
            "endless-informational-heads"})
    void anAnswersHeadWithoutEndEndsTheCall(String how) throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Peer peer = new Peer(out -> {
            out.write(("endless-informational-heads".equals(how) ? "" : "HTTP/1.1 200 OK\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] piece = switch (how) {
                case "endless-header-line" -> ("X-Long: " + "x".repeat(0x4000)).getBytes(StandardCharsets.US_ASCII);
                case "endless-header-lines" -> "X-Many: x\r\n".getBytes(StandardCharsets.US_ASCII);
                default -> "HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            };
            while (true) {
                out.write(piece);
                out.flush();
                sent.addAndGet(piece.length);
                if (how.startsWith("endless-informational")) {
                    Thread.sleep(50);
                }
            }
        })) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> HttpCalls.post(peer.uri(), new byte[] {'<', 'a', '/', '>'}, TIMEOUT, 100_000))
                    .isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(3));
            Thread.sleep(500);
            long after = sent.get();
            Thread.sleep(500);
            assertThat(sent.get()).as("the peer can send no more once the call gave up").isLessThan(after + 1_000_000);
            assertThat(after).as("what the peer got to send").isLessThan(64L * 1024 * 1024);
        }
    }

    /**
     * attack61, held: a peer answering with a redirect (a callback address moved, or an attacker's answer sending the
     * gateway's signed call to another address) is not followed: the call is that answer, its status with no body,
     * which SignedSoapClient takes for no answer (retried); the address it names is never called.
     */
    @Test
    void aRedirectIsNotFollowed() throws Exception {
        AtomicLong called = new AtomicLong();
        try (Peer elsewhere = new Peer(out -> called.incrementAndGet());
             Peer peer = new Peer(out -> out.write(("HTTP/1.1 307 Temporary Redirect\r\nLocation: " + elsewhere.uri()
                     + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)))) {
            HttpCalls.Answer answer = HttpCalls.post(peer.uri(), new byte[] {'<', 'a', '/', '>'}, TIMEOUT, 100_000);
            assertThat(answer.status()).isEqualTo(307);
            assertThat(answer.body()).isEmpty();
            Thread.sleep(500);
            assertThat(called.get()).as("calls at the address the redirect named").isZero();
        }
    }

    /** Answers every connection with what {@code answer} writes, after reading the request's head. */
    private static final class Peer implements AutoCloseable {
        interface Answer {
            void write(OutputStream out) throws Exception;
        }

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor;

        Peer(Answer answer) throws IOException {
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread t = new Thread(() -> serve(socket, answer), "hostile-peer");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hostile-peer-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void serve(Socket socket, Answer answer) {
            try (socket) {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                in.read(buffer); // the small request arrives in one piece
                answer.write(socket.getOutputStream());
            } catch (Exception e) {
                // the caller gave up and closed: what this test wants
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/callback");
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
