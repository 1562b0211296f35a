package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that open connections and hold them cannot take every file descriptor of the gateway's process: each port
 * accepts at most its number of connections at once (the channels' qaqpa.http.max-connections, the monitoring and
 * console ports 64); a connection beyond waits in the kernel's backlog and is served once one closes. Until session 26
 * every connection was accepted (docs/security.md, "Session 26 review").
 */
class ConnectionLimitTest {
    private static final int CHANNEL_CONNECTIONS = 20;
    private static final int MONITORING_CONNECTIONS = 64;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.max-connections", String.valueOf(CHANNEL_CONNECTIONS));

    @Test
    void theChannelsPortServesNoMoreConnectionsAtOnceThanItsLimit() throws IOException {
        assertServedOnlyBelowTheLimit(Integer.parseInt(gateway.property("qaqpa.http.port")), CHANNEL_CONNECTIONS,
                "GET /shep/async?wsdl");
    }

    @Test
    void theMonitoringPortServesNoMoreConnectionsAtOnceThanItsLimit() throws IOException {
        assertServedOnlyBelowTheLimit(Integer.parseInt(gateway.property("qaqpa.monitoring.port")),
                MONITORING_CONNECTIONS, "GET /health");
    }

    /** {@code limit} connections held open: a request on one more waits until they close, then it is answered. */
    private static void assertServedOnlyBelowTheLimit(int port, int limit, String requestLine) throws IOException {
        List<Socket> held = new ArrayList<>();
        try (Socket probe = new Socket()) {
            for (int i = 0; i < limit; i++) {
                held.add(new Socket("127.0.0.1", port));
            }
            Pause.sleep(java.time.Duration.ofMillis(500)); // the server accepts the held ones
            probe.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            probe.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            probe.setSoTimeout(2000);
            InputStream answer = probe.getInputStream();
            assertThatThrownBy(answer::read).as("answered with " + limit + " connections held")
                    .isInstanceOf(SocketTimeoutException.class);

            for (Socket s : held) {
                s.close();
            }
            probe.setSoTimeout(20_000);
            byte[] head = answer.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
