package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import kz.qaqpa.gateway.GatewayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hardening25: the byte count put on every connection of the channels' port is let go with the connection. 300
 * connections each fetch the WSDL and close; once the collector has run, no count of theirs is kept (a count that
 * led back to its connection would keep both for ever: one per connection a client ever opened).
 */
class WireBytesTest {
    private static final int CONNECTIONS = 300;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();

    @Test
    void theCountsOfClosedConnectionsAreNotKept() throws Exception {
        URI url = URI.create(gateway.asyncUrl());
        for (int i = 0; i < CONNECTIONS; i++) {
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + url.getRawPath() + "?wsdl HTTP/1.1\r\nHost: qaqpa\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                        .startsWith("HTTP/1.1 200");
            } catch (IOException e) {
                throw new AssertionError("connection " + i, e);
            }
        }
        assertThat(WireBytes.connectionsCounted()).as("counted while open or not yet collected")
                .isGreaterThan(0);
        for (int i = 0; i < 50 && WireBytes.connectionsCounted() > CONNECTIONS / 10; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(WireBytes.connectionsCounted()).as("counts kept after the connections closed")
                .isLessThan(CONNECTIONS / 10);
    }
}
