package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A callback recipient that takes the call and answers nothing until the call's timeout holds up no other
 * recipient: while the portal's first callback hangs, ЦОН IS (an observer of the service) gets every status of the
 * application, in order. Before, every pass of the outbox waited for its slowest call, so ЦОН IS got one status per
 * timeout.
 */
class HangingRecipientTest {
    /** Long, so that what must happen while the portal's call hangs has time on a loaded machine. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void aRecipientThatHangsHoldsUpNoOther() throws Exception {
        try (HangingPeer portal = new HangingPeer();
             GatewayHarness gateway = new GatewayHarness(dataDir)
                     .with("qaqpa.sender.PORTAL.callback", portal.url())
                     .with("qaqpa.http.client-timeout", CALL_TIMEOUT.toString())
                     // one entry per pass: the portal's waiting entries fill each batch, as a portal with more
                     // applications owed than a batch does
                     .with("qaqpa.outbox.batch", "1").start()) {
            try {
                // a refusal: the portal's final result with no offer to consent to first (para 8.10)
                SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
                gateway.client(Channel.PORTAL).submit(gateway.signed(sample), "hanging-portal-1");
                assertThat(portal.awaitFirstCall(Duration.ofSeconds(30))).as("the portal's first callback arrived").isTrue();
                long hangingSince = System.nanoTime();

                ChannelMock con = gateway.mocks().con();
                assertThat(con.awaitStatus("hanging-portal-1", "COMPLETED", CALL_TIMEOUT.dividedBy(2)))
                        .as("ЦОН IS has every status within half the time the portal's call hangs").isPresent();
                assertThat(Duration.ofNanos(System.nanoTime() - hangingSince)).isLessThan(CALL_TIMEOUT.dividedBy(2));
                assertThat(con.statuses("hanging-portal-1").stream().map(ChannelMock.StatusEntry::statusCode).toList())
                        .containsSubsequence("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "COMPLETED");
                assertThat(portal.calls()).as("the portal's next callbacks wait until its first is answered").isEqualTo(1);
            } finally {
                portal.close();
            }
        }
    }
}
