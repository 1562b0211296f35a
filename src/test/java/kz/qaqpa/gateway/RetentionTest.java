package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.Retention;
import kz.qaqpa.store.SteppedClock;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention's purge in the running gateway, over real signed HTTP: rows past their window go, what is still
 * needed stays (queue entries still offered, callbacks still owed, recent replay entries, the applications and their
 * records), the metrics count what went, a repeated messageId gets its first answer inside the window and is refused
 * as stale after it, and a purge running while applications flow loses none of them. The purge runs at a chosen
 * instant, a window after the rows it should take (the timer runs it at the system's time, the one the store and the
 * message-date check use).
 */
class RetentionTest {
    private static final Duration WINDOW = Duration.ofDays(7);
    /** How long a message dated at the edge of the message-date window has to be accepted as new. */
    private static final Duration TIME_TO_ACCEPT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * ЦОН IS (the observer of every status) never answers, so what is owed to it stays open; messages the provider
     * polled before the purge are polled again at once after it.
     */
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce()
            .with("qaqpa.sender.CON.callback", "http://localhost:" + PkiServer.freePort() + "/callback")
            .with("qaqpa.retention.provider-queue", WINDOW.toString())
            .with("qaqpa.retention.outbox-delivered", WINDOW.toString());
    private static final PlayedProvider provider = new PlayedProvider(gateway);
    /** Every application sent to {@link #gateway}: what is owed to ЦОН IS about them stays open. */
    private static final java.util.Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @TempDir
    Path flowingDir;

    @Test
    void rowsPastTheirWindowGoAndWhatIsStillNeededStays() {
        String waiting = submitted(portalApplication("waiting-" + UUID.randomUUID()));
        String completed = provider.completed(Channel.PORTAL);
        sent.add(completed);
        String consent = acknowledgedConsent();
        awaitDeliveredToAllButCon();
        Instant cut = between();
        SendMessage recentMessage = portalApplication("recent-" + UUID.randomUUID());
        String recent = submitted(recentMessage);
        awaitDeliveredToAllButCon();
        List<Long> recentCallbacks = ids(gateway.assembly().outbox().forApplication(recent));
        int completedSteps = gateway.assembly().statusHistory().of(completed).size();
        provider.acknowledge(consent, "MESSAGE_ACCEPTED", "NOT_RESEND");

        Retention.Purged purged = gateway.assembly().retention().purge(cut.plus(WINDOW));

        assertThat(purged.messageLog()).isPositive();
        assertThat(purged.providerQueue()).as("the acknowledged consent").isEqualTo(1);
        assertThat(purged.outboxDelivered()).isPositive();
        assertThat(RawSoap.get("http://127.0.0.1:" + gateway.property("qaqpa.monitoring.port") + "/metrics").text())
                .contains("qaqpa_retention_deleted_total{table=\"message_log\"}",
                        "qaqpa_retention_deleted_total{table=\"provider_queue\"}",
                        "qaqpa_retention_deleted_total{table=\"outbox_delivered\"}");
        // delivered before the cut: gone; owed to ЦОН IS, or delivered after the cut: kept, in order
        for (String old : List.of(waiting, completed)) {
            assertThat(gateway.assembly().outbox().forApplication(old)).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.targetSender()).isEqualTo("CON"));
        }
        assertThat(ids(gateway.assembly().outbox().forApplication(recent))).isEqualTo(recentCallbacks);
        // a late acknowledgement of the consent was answered before; now it names no message
        assertThatThrownBy(() -> provider.acknowledge(consent, "MESSAGE_ACCEPTED", "NOT_RESEND"))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
        // still offered, whatever their age: the provider gets them and goes on
        assertThat(provider.poll(100)).extracting(m -> m.getMessageInfo().getCorrelationId())
                .contains(waiting, recent);
        provider.acknowledge(provider.polled(waiting).getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED",
                "NOT_RESEND");
        assertThat(provider.application(waiting).statusCode()).isEqualTo("DELIVERED");
        // the recent message's repeat is answered from the log
        assertThat(ShepAnswers.assertAccepted(gateway, post(RawSoap.signed(recentMessage, gateway.pki().key("portal"))),
                recentMessage.getRequest().getMessageInfo().getMessageId())).isEqualTo(recent);
        // the citizens' records are not the retention's
        assertThat(provider.application(completed).statusCode()).isEqualTo("COMPLETED");
        assertThat(gateway.assembly().statusHistory().of(completed)).hasSize(completedSteps);
    }

    /**
     * The message date is the last moment the message may be accepted as new ({@link #TIME_TO_ACCEPT} to spare): a
     * repeat after that is stale, answered from the log while its entry is kept, refused with SCE018 once it is gone,
     * and never taken as a new application.
     */
    @Test
    void aRepeatInsideTheWindowGetsItsFirstAnswerAndAfterItIsRefusedAsStale() {
        Duration skew = gateway.settings().duration("qaqpa.message-date.max-skew");
        String messageId = "replayed-" + UUID.randomUUID();
        SendMessage message = portalApplication(messageId);
        Instant dated = Instant.now().minus(skew).plus(TIME_TO_ACCEPT);
        message.getRequest().getMessageInfo().setMessageDate(SoapEnvelopes.dateTime(dated));
        byte[] envelope = SecureXml.serialize(RawSoap.signed(message, gateway.pki().key("portal")));
        String correlationId = ShepAnswers.assertAccepted(gateway, post(envelope), messageId);
        sent.add(correlationId);
        Pause.sleep(Duration.between(Instant.now(), dated.plus(skew).plusSeconds(1)));

        assertThat(ShepAnswers.assertAccepted(gateway, post(envelope), messageId))
                .as("stale, but a repeat inside the window").isEqualTo(correlationId);
        gateway.assembly().retention().purge(Instant.now().plus(WINDOW));
        ShepAnswers.assertFault(gateway, post(envelope), SEND_MESSAGE_FAULT, "SCE018");
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(correlationId));
    }

    /**
     * A purge deleting every closed row as soon as it is closed (far harsher than any window) runs over and over
     * while applications go through intake, the provider mock's round trip and the callbacks: each gets every status
     * in order and its result, and nothing is left owed.
     */
    @Test
    void aPurgeRunningWhileApplicationsFlowLosesNothing() throws Exception {
        try (GatewayHarness flowing = new GatewayHarness(flowingDir).start()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger deleted = new AtomicInteger();
            Retention retention = flowing.assembly().retention();
            Thread purging = new Thread(() -> {
                while (!stop.get()) {
                    deleted.addAndGet(retention.purge(Instant.now().plus(Duration.ofDays(30))).total());
                    Pause.sleep(Duration.ofMillis(50));
                }
            });
            purging.start();
            List<String> messageIds = new ArrayList<>();
            List<String> correlationIds = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    // a refusal: the portal's final result with no offer to consent to first (para 8.10)
                    SampleApplication sample = SampleApplication.on(Channel.PORTAL)
                            .withoutAttachment("BIRTH_CERTIFICATE");
                    String messageId = "flowing-" + i + "-" + UUID.randomUUID();
                    messageIds.add(messageId);
                    correlationIds.add(flowing.client(Channel.PORTAL).submit(flowing.signed(sample),
                            messageId).getCorrelationId());
                }
                for (int i = 0; i < messageIds.size(); i++) {
                    assertThat(flowing.mocks().portal().awaitResult(correlationIds.get(i), WAIT)).isPresent();
                    // COMPLETED follows the result it tells of (reg52)
                    assertThat(flowing.mocks().portal().awaitStatus(messageIds.get(i), "COMPLETED", WAIT)).isPresent();
                    assertThat(flowing.mocks().portal().statuses(messageIds.get(i)))
                            .extracting(ChannelMock.StatusEntry::statusCode)
                            .containsSubsequence("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "COMPLETED");
                    assertThat(flowing.mocks().con().awaitStatus(messageIds.get(i), "COMPLETED", WAIT)).isPresent();
                }
                await("nothing left owed", () -> flowing.assembly().outbox().backlog() == 0);
            } finally {
                stop.set(true);
                purging.join();
            }
            assertThat(deleted.get()).as("the purge took rows while they flowed").isPositive();
            assertThat(flowing.assembly().outbox().stoppedCount()).isZero();
        }
    }

    /**
     * The system clock is stepped 8 days ahead (a false NTP source) while the retention's timer runs, then back. The
     * retention (its own clock here, which the test steps: the store's times and the message-date check stay on the
     * system's) must not take the message log entries of messages still fresh by their date: before, it deleted them
     * all, and once the clock was back the same signed message sent again was taken as new (a replay let in, the
     * application stored twice). The retention's time now runs no faster than the time elapsed between its runs.
     */
    @Test
    void aClockSteppedAheadAndBackLetsNoRepeatInAsNew() {
        String messageId = "stepped-" + UUID.randomUUID();
        byte[] envelope = SecureXml.serialize(RawSoap.signed(portalApplication(messageId), gateway.pki().key("portal")));
        String correlationId = ShepAnswers.assertAccepted(gateway, post(envelope), messageId);
        sent.add(correlationId);
        SteppedClock clock = new SteppedClock();
        Retention retention = new Retention(gateway.assembly().messageLog(), gateway.assembly().providerQueue(),
                gateway.assembly().outbox(), gateway.assembly().revocationMarks(),
                new Retention.Windows(WINDOW, WINDOW, WINDOW, null, WINDOW), 100, 10,
                gateway.assembly().retentionClock(clock), (table, rows) -> { });

        clock.step(WINDOW.plusDays(1));
        retention.purge();
        clock.step(WINDOW.plusDays(1).negated());

        assertThat(ShepAnswers.assertAccepted(gateway, post(envelope), messageId))
                .as("the repeat gets the first answer").isEqualTo(correlationId);
    }

    /** A replay window a fresh repeat could outlast: the gateway does not start, and says which setting to fix. */
    @Test
    void aReplayWindowShorterThanTwiceTheMessageDateSkewIsRefusedAtStart() {
        try (GatewayHarness refused = new GatewayHarness(flowingDir).with("qaqpa.retention.message-log", "PT29M")) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining("qaqpa.retention.message-log (PT29M) must be at least twice"
                            + " qaqpa.message-date.max-skew (PT15M)");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static SendMessage portalApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }

    private static String submitted(SendMessage message) {
        String correlationId = ShepAnswers.assertAccepted(gateway, post(RawSoap.signed(message,
                gateway.pki().key("portal"))), message.getRequest().getMessageInfo().getMessageId());
        sent.add(correlationId);
        return correlationId;
    }

    /** An application offered a place, the consumer's consent to it, fetched and acknowledged by the provider. */
    private static String acknowledgedConsent() {
        String correlationId = provider.offered(Channel.PORTAL);
        sent.add(correlationId);
        provider.consentSent(correlationId, Instant.now());
        AsyncMessage queued = provider.polled(correlationId);
        provider.acknowledge(queued.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
        return queued.getMessageInfo().getMessageId();
    }

    /** Every callback owed is delivered but those to ЦОН IS, which never answers. */
    private static void awaitDeliveredToAllButCon() {
        Outbox outbox = gateway.assembly().outbox();
        await("callbacks delivered but to CON", () -> outbox.backlog() == sent.stream()
                .flatMap(correlationId -> outbox.forApplication(correlationId).stream())
                .filter(p -> p.targetSender().equals("CON")).count());
    }

    /** An instant after every row written so far and before every row written next. */
    private static Instant between() {
        Pause.sleep(Duration.ofMillis(5));
        Instant cut = Instant.now();
        Pause.sleep(Duration.ofMillis(5));
        return cut;
    }

    private static List<Long> ids(List<Outbox.Pending> entries) {
        return entries.stream().map(Outbox.Pending::id).toList();
    }

    private static RawSoap.Response post(org.w3c.dom.Document envelope) {
        return RawSoap.post(gateway.asyncUrl(), envelope);
    }

    private static RawSoap.Response post(byte[] envelope) {
        return RawSoap.post(gateway.asyncUrl(), envelope);
    }

    private static void await(String what, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            RegulationProgress.pause();
        }
    }
}
