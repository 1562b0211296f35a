package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * attack23: the provider's calls about one application arriving at the same moment over connections of their own (two
 * instances of its system, or a retry sent before the first answer): the same acknowledgement four times, an
 * acceptance and a refusal of the same message, and an interim status racing the result it precedes. Nothing is done
 * twice, nothing is lost, and what is refused is refused with a declared fault.
 */
class ConcurrentProviderCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway();
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /** Four copies of one acceptance at once: each answered, one DELIVERED, the channel told once. */
    @Test
    void theSameAcknowledgementFromFourConnectionsDeliversOnce() throws Exception {
        Submitted s = submit();
        String queued = provider.polled(s.correlationId()).getMessageInfo().getMessageId();
        List<Object> answers = AtOnce.run(4, () -> connection().call(gateway.asyncUrl(),
                PlayedProvider.acknowledgement(queued, "MESSAGE_ACCEPTED", "NOT_RESEND")));
        assertThat(answers).hasSize(4).doesNotContainNull();
        assertThat(provider.application(s.correlationId()).statusCode()).isEqualTo("DELIVERED");
        assertThat(portal().awaitStatus(s.messageId(), "DELIVERED", WAIT)).isPresent();
        Pause.sleep(Duration.ofSeconds(2));
        assertThat(codes(s.messageId())).containsOnlyOnce("DELIVERED");
    }

    /** An acceptance and a refusal (NOT_RESEND) of the same message at once: one of them decides, the other changes nothing. */
    @Test
    void anAcceptanceAndARefusalAtOnceHaveOneOutcome() throws Exception {
        Submitted s = submit();
        String queued = provider.polled(s.correlationId()).getMessageInfo().getMessageId();
        List<String> statuses = List.of("MESSAGE_ACCEPTED", "MESSAGE_NOT_ACCTEPTED", "MESSAGE_ACCEPTED",
                "MESSAGE_NOT_ACCTEPTED");
        int[] next = {0};
        AtOnce.run(4, () -> {
            String status;
            synchronized (next) {
                status = statuses.get(next[0]++);
            }
            return connection().call(gateway.asyncUrl(), PlayedProvider.acknowledgement(queued, status, "NOT_RESEND"));
        });
        String outcome = provider.application(s.correlationId()).statusCode();
        assertThat(outcome).isIn("DELIVERED", "NOT_DELIVERED");
        assertThat(portal().awaitStatus(s.messageId(), outcome, WAIT)).isPresent();
        Pause.sleep(Duration.ofSeconds(2));
        assertThat(codes(s.messageId())).containsOnlyOnce(outcome)
                .doesNotContain("DELIVERED".equals(outcome) ? "NOT_DELIVERED" : "DELIVERED");
    }

    /**
     * An interim status (IN_WORK) and the final result sent at once: the result is kept once and the application ends
     * COMPLETED whatever the order; the status, if it came second, is refused with a declared fault and does not
     * move the closed application back.
     */
    @Test
    void anInterimStatusRacingTheResultNeverReopensTheApplication() throws Exception {
        for (int round = 0; round < 3; round++) {
            String correlationId = provider.delivered(Channel.PORTAL);
            String number = provider.register(correlationId);
            SendMessage status = PlayedProvider.message("NOTIFICATION", correlationId,
                    ShepXml.toElement(PlayedProvider.status(correlationId, "IN_WORK", number)));
            SendMessage result = provider.result(correlationId, provider.refusal(correlationId, number));
            List<SendMessage> both = List.of(status, result);
            int[] next = {0};
            List<java.util.Map.Entry<SendMessage, RawSoap.Response>> answers = AtOnce.run(2, () -> {
                SendMessage mine;
                synchronized (next) {
                    mine = both.get(next[0]++);
                }
                return java.util.Map.entry(mine, provider.post(mine, PlayedProvider.TRANSPORT_KEY));
            });
            for (var answer : answers) {
                RawSoap.Response response = answer.getValue();
                if (answer.getKey() == result) {
                    assertThat(response.status()).as("the result is kept: " + response.text()).isEqualTo(200);
                } else if (response.status() != 200) {
                    assertThat(ShepAnswers.assertFault(gateway, response, ShepAnswers.SEND_MESSAGE_FAULT, "SCE032"))
                            .contains("its result was already delivered");
                }
            }
            assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
            assertThat(portal().awaitResult(correlationId, WAIT)).isPresent();
            Pause.sleep(Duration.ofSeconds(1));
            assertThat(portal().results(correlationId)).as("one result callback").hasSize(1);
        }
    }

    private record Submitted(String messageId, String correlationId) {
    }

    private static Submitted submit() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        String messageId = "concurrent-" + UUID.randomUUID();
        String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample),
                messageId).getCorrelationId();
        return new Submitted(messageId, correlationId);
    }

    /** A client of its own: its own connection to the gateway. */
    private static SignedSoapClient connection() {
        return new SignedSoapClient(gateway.pki().key(PlayedProvider.TRANSPORT_KEY), gateway.gatewayCheck(),
                Duration.ofSeconds(20));
    }

    private static ChannelMock portal() {
        return gateway.mocks().portal();
    }

    private static List<String> codes(String messageId) {
        return portal().statuses(messageId).stream().map(ChannelMock.StatusEntry::statusCode)
                .filter(Set.of("DELIVERED", "NOT_DELIVERED")::contains).toList();
    }
}
