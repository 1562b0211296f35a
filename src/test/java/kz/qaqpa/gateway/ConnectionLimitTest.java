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
 * every connection was accepted (docs/security.md, "Session 26 review"). Since session 27 one address has at most
 * its share of them (qaqpa.http.max-connections-per-address; the monitoring and console ports 16).
 */
class ConnectionLimitTest {
    private static final int CHANNEL_CONNECTIONS = 20;
    private static final int MONITORING_CONNECTIONS = 64;
    private static final int CHANNEL_CONNECTIONS_PER_ADDRESS = 8;
    private static final int MONITORING_CONNECTIONS_PER_ADDRESS = 16;
    /**
     * Other addresses of this host (all of 127.0.0.0/8 is loopback): the client that holds connections, and the one
     * that asks. Not 127.0.0.1, whose connections (the embedded provider mocks' polls) count as well.
     */
    private static final String HOLDER = "127.0.0.2";
    private static final String ASKER = "127.0.0.3";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.max-connections", String.valueOf(CHANNEL_CONNECTIONS))
            .with("qaqpa.http.max-connections-per-address", String.valueOf(CHANNEL_CONNECTIONS_PER_ADDRESS));

    @Test
    void theChannelsPortServesNoMoreConnectionsAtOnceThanItsLimit() throws IOException {
        assertServedOnlyBelowTheLimit(Integer.parseInt(gateway.property("qaqpa.http.port")), CHANNEL_CONNECTIONS,
                CHANNEL_CONNECTIONS_PER_ADDRESS, "GET /shep/async?wsdl");
    }

    @Test
    void theMonitoringPortServesNoMoreConnectionsAtOnceThanItsLimit() throws IOException {
        assertServedOnlyBelowTheLimit(Integer.parseInt(gateway.property("qaqpa.monitoring.port")),
                MONITORING_CONNECTIONS, MONITORING_CONNECTIONS_PER_ADDRESS, "GET /health");
    }

    /**
     * Session 27 (attack9): one client address that opens as many connections as the port takes and holds them keeps
     * no other client out. Before, the port's whole limit went to it and every other client waited in the backlog
     * until the idle timeout (60 s) closed them. Now an address has at most its share open
     * (qaqpa.http.max-connections-per-address, the monitoring and console ports 16 each); one more from it is closed
     * unanswered at once, and another address is served.
     */
    @Test
    void oneAddressHoldingConnectionsKeepsNoOtherClientOut() throws IOException {
        assertAnotherAddressIsServed(Integer.parseInt(gateway.property("qaqpa.http.port")), CHANNEL_CONNECTIONS,
                CHANNEL_CONNECTIONS_PER_ADDRESS, "GET /shep/async?wsdl");
    }

    @Test
    void oneAddressHoldingMonitoringConnectionsKeepsNoScraperOut() throws IOException {
        assertAnotherAddressIsServed(Integer.parseInt(gateway.property("qaqpa.monitoring.port")),
                MONITORING_CONNECTIONS, MONITORING_CONNECTIONS_PER_ADDRESS, "GET /health");
    }

    /**
     * {@link #HOLDER} opens {@code limit} connections (the port's whole limit) and holds them: its connections beyond
     * {@code perAddress} are closed without an answer, the others are served, and a request from {@link #ASKER} is
     * answered at once.
     */
    private static void assertAnotherAddressIsServed(int port, int limit, int perAddress, String requestLine)
            throws IOException {
        List<Socket> held = new ArrayList<>();
        try (Socket other = new Socket()) {
            other.bind(new java.net.InetSocketAddress(ASKER, 0));
            for (int i = 0; i < limit; i++) {
                Socket s = new Socket();
                s.bind(new java.net.InetSocketAddress(HOLDER, 0));
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                held.add(s);
            }
            Pause.sleep(java.time.Duration.ofMillis(500)); // the server accepts (or closes) the held ones
            other.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            other.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // answered, not kept in the backlog until the idle timeout (60 s): a loaded machine's first WSDL may take
            // seconds to build (session 52: was 2 s)
            other.setSoTimeout(20_000);
            byte[] head = other.getInputStream().readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).as("another address, with " + limit
                    + " connections held by " + HOLDER).isEqualTo("HTTP/1.1 200");

            // Which of the held connections were admitted is the I/O threads' order of accepting, not the order
            // of connecting (two threads accept): so every held one is asked, on a kept-alive connection so that
            // no answered one closes and lets a later one in.
            int answered = 0;
            int closed = 0;
            for (Socket s : held) {
                String answer = askKeepingAlive(s, requestLine);
                if (answer.equals("HTTP/1.1 200")) {
                    answered++;
                } else {
                    assertThat(answer).as("a connection of " + HOLDER + " beyond " + perAddress).isEmpty();
                    closed++;
                }
            }
            assertThat(answered).as(HOLDER + "'s connections answered").isEqualTo(perAddress);
            assertThat(closed).as(HOLDER + "'s connections closed unanswered").isEqualTo(limit - perAddress);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * The first 12 bytes of the answer to {@code requestLine} on a connection kept alive, or "" when the server had
     * closed it (an orderly close or a reset, seen when writing or reading).
     */
    private static String askKeepingAlive(Socket socket, String requestLine) throws IOException {
        socket.setSoTimeout(5000);
        try {
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    /**
     * {@code limit} connections held open (from as many addresses as their per-address limit needs): a request on one
     * more waits until they close, then it is answered.
     */
    private static void assertServedOnlyBelowTheLimit(int port, int limit, int perAddress, String requestLine)
            throws IOException {
        List<Socket> held = new ArrayList<>();
        try (Socket probe = new Socket()) {
            probe.bind(new java.net.InetSocketAddress(ASKER, 0));
            for (int i = 0; i < limit; i++) {
                Socket s = new Socket();
                s.bind(new java.net.InetSocketAddress("127.0.0." + (10 + i / perAddress), 0));
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                held.add(s);
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
