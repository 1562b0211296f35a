package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.TimeOrderedIds;
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
    private static final String PROVIDER = "EASTANA";
    private static final int ROUNDS = 300;

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

    /**
     * Session 27 (attack9): two polls of one provider at the same moment (a provider polling from two threads, or
     * twice in a row) each hand out a message at most once between them. Each poll marked what it handed out with the
     * time of the poll, to the millisecond, and read back what bore that time: a second poll in the same millisecond
     * marked nothing and read back the first one's messages, so both handed them out. Here the store of the running
     * gateway is polled directly, two threads released together, each round one message of a service of its own.
     */
    @Test
    void twoPollsAtOnceNeverHandOutTheSameMessageTwice() throws Exception {
        ProviderQueue queue = gateway.assembly().providerQueue();
        String service = "race-" + UUID.randomUUID();
        java.util.concurrent.ExecutorService polls = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String messageId = TimeOrderedIds.next().toString();
                queue.enqueue(new ProviderQueue.Queued(messageId, "{" + messageId + "}", service, PROVIDER,
                        "<application/>", ProviderQueue.ON_DELIVERY, "REQUEST"));
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Callable<Integer> poll = () -> {
                    together.await();
                    return queue.offer(service, PROVIDER, 100, Long.MAX_VALUE, 0, REDELIVERY).size();
                };
                var first = polls.submit(poll);
                var second = polls.submit(poll);
                assertThat(first.get() + second.get()).as("round %d: times the message was handed out", round)
                        .isEqualTo(1);
                queue.markState(messageId, ProviderQueue.DELIVERED);
            }
        } finally {
            polls.shutdownNow();
        }
    }

    private static String submit() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).submit(gateway.signed(sample),
                "redelivery-" + UUID.randomUUID()).getCorrelationId();
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
