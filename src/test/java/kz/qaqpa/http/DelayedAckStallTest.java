package kz.qaqpa.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Small SOAP-sized calls between our HTTP client ({@link HttpCalls}) and our JDK HTTP servers ({@link JdkHttpServers})
 * over a kept-alive connection come back without the 40 ms that Nagle's algorithm and a delayed ACK add when a side
 * writes headers and body apart. With either side stalling (HttpURLConnection as the client, or the server without
 * sun.net.httpserver.nodelay) every call takes 40+ ms.
 */
class DelayedAckStallTest {
    private static final int CALLS = 25;

    @Test
    void smallCallsOnAKeptAliveConnectionDoNotWaitForDelayedAcks() throws Exception {
        HttpServer server = JdkHttpServers.create(new InetSocketAddress("127.0.0.1", 0), 50);
        byte[] answer = "<ok/>".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            long[] millis = new long[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                HttpCalls.Answer got = HttpCalls.post(uri, answer, Duration.ofSeconds(10), 1024, "Content-Type", "text/xml");
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                assertThat(got.status()).isEqualTo(200);
                assertThat(got.body()).isEqualTo(answer);
            }
            Arrays.sort(millis);
            // stalled, every call takes 40+ ms; otherwise well under a millisecond on an idle machine
            assertThat(millis[CALLS / 2]).as("median call time in ms, all: " + Arrays.toString(millis)).isLessThan(20);
        } finally {
            server.stop(0);
        }
    }
}
