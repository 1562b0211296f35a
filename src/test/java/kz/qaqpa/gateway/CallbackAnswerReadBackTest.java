package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attack65 (attack64's Left): the recipients' answers to callbacks that acknowledged a call are remembered (attack64,
 * {@code ReplayMemory.rememberAnswer}) and read back from the message log at a start, as the answered polls are
 * ({@link ReplayReadBackTest}). The portal answers with a session of its own, so no answer names its callback; its
 * signed answer to one status callback, captured on a plain-http path, is replayed within
 * qaqpa.message-date.max-skew for another application's status after a restart. Before: the replay acknowledged that
 * status (the memory was empty after the start), a status marked delivered that never arrived.
 */
class CallbackAnswerReadBackTest {
    /** Enough calls to see a callback retried rather than the next one sent. */
    private static final int CALLS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;
    static CallbackProxy portal;

    @BeforeAll
    static void start() throws Exception {
        GatewayHarness harness = new GatewayHarness(dataDir).with("qaqpa.outbox.first-retry-pause", "PT0.1S");
        portal = CallbackProxy.recording(harness, "portal");
        gateway = harness.with("qaqpa.sender.PORTAL.callback", portal.url()).start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void anAnswerThatAcknowledgedACallbackBeforeARestartAcknowledgesNoOtherAfterIt() {
        byte[] captured = SecureXml.serialize(EnvelopeSigner.sign(CallbackAnswersTest.statusAnswer(),
                gateway.pki().key("portal")));
        String before = "answer-before-restart-" + UUID.randomUUID();
        portal.answerWith(captured, CallbackAnswersTest.statusCallbackAbout(before));
        submit(before);
        assertThat(distinctStatusesSent(before)).as("the first status acknowledged by the answer, the second refused it"
                + " as a replay (attack64, live)").isEqualTo(2);
        portal.passOn();
        assertThat(gateway.mocks().portal().awaitStatus(before, "COMPLETED", WAIT)).as("once the portal answers")
                .isPresent();

        gateway.stop();
        gateway.start();

        String after = "answer-after-restart-" + UUID.randomUUID();
        portal.answerWith(captured, CallbackAnswersTest.statusCallbackAbout(after));
        submit(after);
        int statuses = distinctStatusesSent(after);
        portal.passOn();
        assertThat(statuses).as("the first status after the restart sent again and again: the captured answer"
                + " acknowledged a callback already").isEqualTo(1);
        assertThat(gateway.mocks().portal().awaitStatus(after, "COMPLETED", WAIT)).as("once the portal answers")
                .isPresent();
    }

    /** A portal application as {@code messageId}, a reasoned refusal: five statuses. */
    private static void submit(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        gateway.client(Channel.PORTAL).submit(gateway.signed(sample), messageId);
    }

    /**
     * How many distinct status callbacks about {@code messageId} were sent, once at least {@link #CALLS} of them (or
     * {@link #WAIT}) and a moment more have passed: a status taken is followed at once by the next.
     */
    private static int distinctStatusesSent(String messageId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (statusCallbacks(messageId).size() < CALLS && System.nanoTime() < deadline) {
            Pause.sleep(Duration.ofMillis(50));
        }
        Pause.sleep(Duration.ofSeconds(1));
        List<String> sent = statusCallbacks(messageId);
        assertThat(sent).as("status callbacks about " + messageId).hasSizeGreaterThanOrEqualTo(CALLS);
        return (int) sent.stream().map(CallbackAnswersTest::notificationId).distinct().count();
    }

    private static List<String> statusCallbacks(String messageId) {
        return portal.received().stream().filter(CallbackAnswersTest.statusCallbackAbout(messageId))
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
