package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.http.SlowReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 29 review (attack14): the channels' port no longer has Undertow's IDLE_TIMEOUT (ports13 took CXF's off);
 * what it bounded must still end. More clients than worker threads each stall a connection in another way: half a
 * head, no request at all, a kept-alive connection left idle after its answer, a body trickled slower than the
 * request timeout allows; each connection is closed within its own timeout, and a client asking meanwhile is served.
 */
class StalledClientsTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    /** The longest of them, and room for a loaded machine's scheduling. */
    private static final Duration CLOSED_WITHIN = REQUEST_TIMEOUT.plusSeconds(10);
    private static final int WORKER_THREADS = 2;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.worker-threads", String.valueOf(WORKER_THREADS))
            .with("qaqpa.http.read-timeout", READ_TIMEOUT.toString())
            .with("qaqpa.http.request-timeout", REQUEST_TIMEOUT.toString())
            .with("qaqpa.http.idle-timeout", IDLE_TIMEOUT.toString());

    @Test
    void everyStalledConnectionIsClosedAndOthersAreServed() throws Exception {
        URI url = URI.create(gateway.syncUrl());
        String head = "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\n";
        String wsdl = "GET " + url.getPath() + "?wsdl HTTP/1.1\r\nHost: " + url.getHost() + "\r\n\r\n";
        List<Socket> stalled = new ArrayList<>();
        Instant opened = Instant.now();
        try {
            for (int i = 0; i <= WORKER_THREADS; i++) {
                stalled.add(SlowReaders.ask(url.getHost(), url.getPort(), head.getBytes(StandardCharsets.US_ASCII)));
                stalled.add(SlowReaders.ask(url.getHost(), url.getPort(), new byte[0]));
                stalled.add(SlowReaders.ask(url.getHost(), url.getPort(), wsdl.getBytes(StandardCharsets.US_ASCII)));
                stalled.add(SlowReaders.ask(url.getHost(), url.getPort(), (head
                        + "Content-Type: text/xml; charset=UTF-8\r\nContent-Length: 1000\r\n\r\n<")
                        .getBytes(StandardCharsets.US_ASCII)));
            }
            Thread trickler = new Thread(() -> trickle(stalled), "trickler");
            trickler.start();
            assertThat(RawSoap.get(gateway.syncUrl() + "?wsdl").status()).isEqualTo(200);
            for (Socket socket : stalled) {
                socket.setSoTimeout(Math.toIntExact(CLOSED_WITHIN.toMillis()));
                SlowReaders.readAll(socket.getInputStream()); // a socket timeout here: never closed
            }
            assertThat(Duration.between(opened, Instant.now())).isLessThan(CLOSED_WITHIN);
            trickler.join();
            assertThat(RawSoap.get(gateway.syncUrl() + "?wsdl").status()).isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** A byte of each trickled body (every fourth connection) at half the read timeout, until they are closed. */
    private static void trickle(List<Socket> sockets) {
        Instant end = Instant.now().plus(CLOSED_WITHIN);
        while (Instant.now().isBefore(end)) {
            boolean open = false;
            for (int i = 3; i < sockets.size(); i += 4) {
                try {
                    OutputStream out = sockets.get(i).getOutputStream();
                    out.write(' ');
                    out.flush();
                    open = true;
                } catch (IOException e) {
                    // closed by the gateway: what the test waits for
                }
            }
            if (!open) {
                return;
            }
            try {
                Thread.sleep(READ_TIMEOUT.dividedBy(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
