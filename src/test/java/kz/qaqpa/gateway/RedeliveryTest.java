package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.MessageChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 26: a message handed to the provider by getMessages and not acknowledged is offered again only once
 * qaqpa.provider.redelivery-after has passed (ours, a queue's visibility timeout), not at every poll: each poll's
 * answer is signed and logged whole, so an unacknowledged application grew the log by its size at every poll. It is
 * still offered until acknowledged, with the same messageId; the gateway's log line of each redelivery names the
 * application and how many times it went out, and the metrics count the redeliveries. Over real signed HTTP, the provider played by the test.
 */
class RedeliveryTest {
    /** Long enough that the polls meant to fall within it do so on a loaded machine. */
    private static final Duration REDELIVERY = Duration.ofSeconds(8);

    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway()
            .with("qaqpa.provider.redelivery-after", REDELIVERY.toString());
    private static final PlayedProvider provider = new PlayedProvider(gateway);

    @Test
    void anUnacknowledgedMessageIsOfferedAgainOnlyAfterTheDelay() {
        try (LogLines log = new LogLines()) {
            String correlationId = submit();
            Instant firstOffer = Instant.now();
            String messageId = provider.polled(correlationId).getMessageInfo().getMessageId();
            List<String> withinDelay = correlationIds(provider.poll(100));
            withinDelay.addAll(correlationIds(provider.poll(100)));
            assertThat(Instant.now()).as("the polls within the delay").isBefore(firstOffer.plus(REDELIVERY));
            assertThat(withinDelay).as("offered again within the delay").doesNotContain(correlationId);

            Pause.sleep(Duration.between(Instant.now(), firstOffer.plus(REDELIVERY)));
            assertThat(redelivered(correlationId).getMessageInfo().getMessageId()).isEqualTo(messageId);
            assertThat(pollAnswersCarrying(correlationId)).as("getMessages answers logged with the application")
                    .isEqualTo(2);
            assertThat(log.containing(correlationId)).anySatisfy(line -> assertThat(line)
                    .contains("redelivered: offered 2 times without an acknowledgement"));
            assertThat(RawSoap.get("http://127.0.0.1:" + gateway.property("qaqpa.monitoring.port") + "/metrics").text())
                    .contains("qaqpa_provider_redeliveries_total{service=\"" + PlayedProvider.SERVICE + "\"} 1.0");

            provider.acknowledge(messageId, "MESSAGE_ACCEPTED", "NOT_RESEND");
            assertThat(provider.application(correlationId).statusCode()).isEqualTo("DELIVERED");
        }
    }

    private static String submit() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).submit(ChannelClient.sign(sample.build(), gateway.pki()
                .key(sample.signerAlias())), "redelivery-" + UUID.randomUUID()).getCorrelationId();
    }

    /** The message as a poll hands it out again once its delay has passed (polling until then, at most 10 s more). */
    private static AsyncMessage redelivered(String correlationId) {
        Instant until = Instant.now().plusSeconds(10);
        while (true) {
            var again = provider.poll(100).stream()
                    .filter(m -> m.getMessageInfo().getCorrelationId().equals(correlationId)).findFirst();
            if (again.isPresent() || Instant.now().isAfter(until)) {
                return again.orElseThrow(() -> new AssertionError("not offered again after the delay"));
            }
            Pause.sleep(Duration.ofMillis(200));
        }
    }

    private static List<String> correlationIds(List<AsyncMessage> messages) {
        return new java.util.ArrayList<>(messages.stream().map(m -> m.getMessageInfo().getCorrelationId()).toList());
    }

    private static long pollAnswersCarrying(String correlationId) {
        return gateway.assembly().messageChain().ofApplication(correlationId).stream()
                .filter(r -> "getMessages".equals(r.operation()) && MessageChain.ANSWER.equals(r.kind())).count();
    }
}
