package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Refusal;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.DocumentSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Large messages every way at once, in a gateway whose heap is bounded (its own JVM, {@link ProcessWorld}): several
 * channels' clients send applications near qaqpa.max-message-bytes while several provider connections poll them and
 * answer each with a result of the same size, which the outbox then brings to the channel. Every application is
 * acknowledged, delivered and answered, the gateway never runs out of memory nor fails (SCE909), and it still
 * answers afterwards with its message log intact.
 *
 * <p>The heap, 384 MB, is three quarters of the product's bound of 512 MB (issue 8): of 256, 320 and 384 MB the
 * least it passes at since session 24's reductions (before them it ran out of heap at 384 MB too). The aim was half,
 * 256 MB, leaving the other half to the benchmark's small messages (some 250 MB live at 32 clients,
 * docs/performance.md); it is not met yet: at 256 MB the four applications' intake runs out of heap (each held as
 * received, as a DOM, and as the queue's text, bytes and String, at once; the schema validation buffers the large
 * field), at 320 MB the results' commit (each stored as text beside its DOM). docs/security.md, Session 24 review.
 */
class LargeMessagesSmallHeapTest {
    private static final String HEAP = "384m";
    private static final int CLIENTS = 4;
    private static final int PROVIDERS = 3;
    /** Filler of each application's indentation and of each result's reason: the envelopes stay within the limit. */
    private static final int LARGE = 4_500_000;
    /** What a provider asks for (the contract's default): the answer holds what fits the message limit, here one. */
    private static final int POLL_AMOUNT = 10;
    /**
     * This test bounds memory, not time: a large result takes the gateway seconds of CPU, and on a
     * machine loaded by other builds (load average 15-20 on 2 cores) a provider's call took over 30 s, twice.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(150);
    private static final Duration IDLE_POLL_PAUSE = Duration.ofMillis(100);
    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(90);

    /** Kept after a failure: attempt-1/gateway/gateway.log is the gateway's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void largeApplicationsPollsAndResultsAtOnceFitASmallHeap() throws Exception {
        try (ProcessWorld world = ProcessWorld.start(dir, false, gateway -> gateway.heap(HEAP))) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            Set<String> answered = ConcurrentHashMap.newKeySet();
            ExecutorService providers = Executors.newFixedThreadPool(PROVIDERS);
            List<Future<?>> polling = new ArrayList<>();
            Set<String> claimed = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < PROVIDERS; i++) {
                polling.add(providers.submit(() -> answerAll(world, claimed, answered, deadline)));
            }
            List<String[]> sent = AtOnce.run(CLIENTS, () -> submitLarge(world));
            providers.shutdown();
            for (Future<?> provider : polling) {
                provider.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }

            assertThat(sent).extracting(s -> s[1]).doesNotContainNull().doesNotHaveDuplicates();
            assertThat(answered).as("applications answered by the providers")
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(s -> s[1]).toList());
            for (String[] s : sent) {
                assertResultDelivered(world, s[0], s[1], deadline);
            }
            assertThat(world.gateway.log()).as("the gateway's log").doesNotContain("OutOfMemoryError")
                    .doesNotContain("SCE909").doesNotContainPattern("session \\S+ failed");
            assertThat(submitSmall(world)).as("a small application after them").isNotBlank();
            assertThat(RawSoap.getWith(world.gateway.operatorUrl() + "/message-log/verify",
                    world.gateway.consoleAuthorization()).text()).startsWith("OK");
        }
    }

    /** A portal application of {@link #LARGE} characters more, signed and sent; its messageId and correlationId. */
    private static String[] submitLarge(ProcessWorld world) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        var application = sample.build();
        String messageId = "large-" + UUID.randomUUID();
        Element signed = LargeAttachments.signedIndented(application, LARGE, world.pki.key(sample.signerAlias()));
        return new String[] {messageId, world.client(Channel.PORTAL).submit(signed, messageId).getCorrelationId()};
    }

    private static String submitSmall(ProcessWorld world) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return world.client(Channel.PORTAL).submit(world.signed(sample), "small-" + UUID.randomUUID())
                .getCorrelationId();
    }

    /**
     * One provider connection: polls until {@link #CLIENTS} applications are answered; the first connection to see
     * an application acknowledges, registers and answers it with a large refusal, the others meanwhile poll it again
     * (it stays queued until acknowledged), as large as it is.
     */
    private static Void answerAll(ProcessWorld world, Set<String> claimed, Set<String> answered, long deadline) {
        SignedSoapClient provider = new SignedSoapClient(world.pki.key(PlayedProvider.TRANSPORT_KEY),
                world.gatewayCheck(), PROVIDER_TIMEOUT);
        String url = world.gateway.asyncUrl();
        while (answered.size() < CLIENTS) {
            assertThat(System.nanoTime()).as("all answered in time").isLessThan(deadline);
            List<AsyncMessage> polled = PlayedProvider.messages(provider.call(url,
                    PlayedProvider.pollRequest(POLL_AMOUNT)));
            String correlationId = polled.isEmpty() ? null : polled.get(0).getMessageInfo().getCorrelationId();
            if (correlationId == null || !claimed.add(correlationId)) {
                Pause.sleep(IDLE_POLL_PAUSE);
                continue;
            }
            provider.call(url, PlayedProvider.acknowledgement(polled.get(0).getMessageInfo().getMessageId(),
                    "MESSAGE_ACCEPTED", "NOT_RESEND"));
            String number = "ЖАО-2026-" + correlationId.substring(1, 7);
            provider.call(url, PlayedProvider.message("NOTIFICATION", correlationId,
                    ShepXml.toElement(PlayedProvider.status(correlationId, "REGISTERED", number))));
            provider.call(url, PlayedProvider.message("RESPONSE", correlationId, largeRefusal(world, correlationId, number)));
            answered.add(correlationId);
        }
        return null;
    }

    /**
     * A refusal whose reasons have {@link #LARGE} characters together, signed by the provider's employee: each reason
     * within its type's 4,000 characters (seed 002's reasons since session 25).
     */
    private static Element largeRefusal(ProcessWorld world, String correlationId, String number) {
        Refusal refusal = new Refusal();
        refusal.setHeader(PlayedProvider.header(correlationId, number, CHILD_IIN));
        refusal.setReasonCode("OTHER");
        for (int left = LARGE; left > 0; left -= REASON_CHARS) {
            refusal.getReason().add("r".repeat(Math.min(left, REASON_CHARS)));
        }
        Element signed = ShepXml.toElement(refusal);
        DocumentSigner.sign(signed, world.pki.key(PlayedProvider.EMPLOYEE_KEY));
        return signed;
    }

    /** The longest reason seed 002's refusal takes (xsd LongText). */
    private static final int REASON_CHARS = 4_000;

    /** Every sample portal application is about the same child. */
    private static final String CHILD_IIN = SampleApplication.on(Channel.PORTAL).build().getChild().getIin();

    /** The channel was told the application was delivered and completed, and got its large refusal. */
    private static void assertResultDelivered(ProcessWorld world, String messageId, String correlationId, long deadline) {
        var portal = world.mocks.portal();
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Element result = portal.awaitResult(correlationId, "refusal", left).orElseThrow(() ->
                new AssertionError("no refusal of " + correlationId + " reached the portal; gateway log:\n"
                        + world.gateway.logTail()));
        assertThat(result.getTextContent().chars().filter(c -> c == 'r').count()).as("the reasons, whole")
                .isGreaterThanOrEqualTo(LARGE);
        assertThat(portal.awaitStatus(messageId, "COMPLETED", Duration.ofSeconds(5))).isPresent();
        assertThat(portal.statuses(messageId)).extracting(s -> s.statusCode()).contains("DELIVERED");
    }
}
