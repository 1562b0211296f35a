package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.PlayedProvider.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.common.MessageStatusInfo;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 46 (status46): a status's statusDate («Дата изменения статуса», MessageStatusInfo) is the moment the status
 * changed on the gateway's regulation clock (qaqpa.clock), in the callback the channel is pushed and in the
 * getMessageStatus answer alike, over real signed HTTP. The clock stands (fixed) months before the machine's, so a
 * date taken from the system clock is told apart from it; the test moves it between the events. Before: the callback
 * was dated by the system clock, and getMessageStatus by the row's store time after the first change.
 */
class StatusDateTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The regulation's clock at each test's start: a Monday morning, months before any day this test runs on. */
    private static final Instant ACCEPTED_AT = OffsetDateTime.parse("2026-04-06T10:00:00+05:00").toInstant();

    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway()
            .with("qaqpa.clock", "fixed 2026-04-06T10:00:00+05:00");
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /**
     * The provider mock's first poll runs when the mocks start, whatever its interval: paused, it cannot take an
     * application before the test does (tests45's Left on {@link PlayedProvider#gateway()}).
     */
    @BeforeAll
    static void providerMockAway() {
        gateway.mocks().provider().orElseThrow().pause();
    }

    @BeforeEach
    void clockAtTheAcceptance() {
        gateway.assembly().clock().set(ACCEPTED_AT);
    }

    /**
     * ACCEPTED, DELIVERED and REGISTERED, each after the clock moved on: the channel is told each with the moment it
     * changed, and getMessageStatus answers the current one's. Before: every callback carried the system's time, and
     * getMessageStatus the system's time once the provider acknowledged.
     */
    @Test
    void eachStatusIsDatedWhenItChangedOnTheRegulationClock() {
        String correlationId = provider.submitted(Channel.PORTAL, "status46-");
        String messageId = provider.application(correlationId).messageId();
        assertToldAndAnswered(messageId, "ACCEPTED", ACCEPTED_AT);

        Instant delivered = moveClock(Duration.ofHours(26));
        provider.acknowledge(provider.polled(correlationId).getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED",
                "NOT_RESEND");
        assertToldAndAnswered(messageId, "DELIVERED", delivered);

        Instant registered = moveClock(Duration.ofHours(3));
        provider.register(correlationId);
        assertToldAndAnswered(messageId, "REGISTERED", registered);
        assertThat(told(messageId, "ACCEPTED").statusDate()).as("an earlier status keeps its date")
                .isEqualTo(ACCEPTED_AT);
    }

    /**
     * A REGISTERED that arrives after IN_WORK leaves the status IN_WORK: the channel is told the registration at the
     * moment it arrived, then IN_WORK again with IN_WORK's own date, which getMessageStatus still answers.
     */
    @Test
    void aLateReportRetellsTheCurrentStatusWithItsOwnDate() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String messageId = provider.application(correlationId).messageId();
        Instant inWork = moveClock(Duration.ofHours(2));
        provider.accepted(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", null))));
        assertToldAndAnswered(messageId, "IN_WORK", inWork);

        Instant late = moveClock(Duration.ofHours(5));
        provider.register(correlationId);
        ChannelMock portal = gateway.mocks().portal();
        assertThat(portal.awaitStatus(messageId, "REGISTERED", WAIT)).hasValueSatisfying(e ->
                assertThat(e.statusDate()).isEqualTo(late));
        assertThat(portal.awaitStatuses(messageId, e -> "IN_WORK".equals(e.statusCode()), 2, WAIT)).hasSize(2)
                .allSatisfy(e -> assertThat(e.statusDate()).as("IN_WORK, told again").isEqualTo(inWork));
        assertThat(answered(messageId).getStatusCode()).isEqualTo("IN_WORK");
        assertThat(answered(messageId).getStatusDate().toGregorianCalendar().toInstant()).isEqualTo(inWork);
    }

    /** A provider's refusal for good (NOT_RESEND) is NOT_DELIVERED at the clock's moment of the refusal. */
    @Test
    void aRefusedDeliveryIsDatedOnTheRegulationClock() {
        String correlationId = provider.submitted(Channel.PORTAL, "status46-refused-");
        String messageId = provider.application(correlationId).messageId();
        Instant refused = moveClock(Duration.ofMinutes(40));
        provider.acknowledge(provider.polled(correlationId).getMessageInfo().getMessageId(), "MESSAGE_NOT_ACCTEPTED",
                "NOT_RESEND");
        assertToldAndAnswered(messageId, "NOT_DELIVERED", refused);
    }

    /**
     * A step past its due time is told (OVERDUE) dated at that due time, when it went overdue on the regulation
     * clock, whenever the watcher sees it; the application's own status and its date stay as they were.
     */
    @Test
    void anOverdueStepIsDatedAtItsDueTime() {
        String correlationId = provider.submitted(Channel.PORTAL, "status46-overdue-");
        String messageId = provider.application(correlationId).messageId();
        StepPlans.Planned first = gateway.assembly().stepPlans().of(correlationId).stream()
                .filter(p -> p.endedAt() == null && p.dueAt() != null).findFirst().orElseThrow();
        Instant due = first.dueAt().toInstant();

        RegulationProgress.scanForOverdueSteps(gateway, due.plus(Duration.ofHours(7)));
        String text = "(" + first.stepId() + ")";
        ChannelMock portal = gateway.mocks().portal();
        assertThat(portal.awaitStatuses(messageId, e -> "OVERDUE".equals(e.statusCode())
                && e.statusMessage().endsWith(text), 1, WAIT)).singleElement()
                .satisfies(e -> assertThat(e.statusDate()).isEqualTo(due));
        assertThat(portal.statuses(messageId)).filteredOn(e -> "ACCEPTED".equals(e.statusCode())).singleElement()
                .satisfies(e -> assertThat(e.statusDate()).isEqualTo(ACCEPTED_AT));
        assertThat(answered(messageId).getStatusCode()).isEqualTo("ACCEPTED");
        assertThat(answered(messageId).getStatusDate().toGregorianCalendar().toInstant()).isEqualTo(ACCEPTED_AT);
    }

    /**
     * interop47: a status's date is written in its service's zone, here the gateway's (qaqpa.time-zone, Asia/Almaty:
     * UTC+6 until 01.03.2024): an application accepted on 14.06.2023 at 23:30 +05:00 is told and answered as
     * 15.06.2023 00:30 +06:00, where a Mangystau one is written +05:00
     * ({@code MangystauRegulationsTest#theDatesWrittenAboutAMangystauApplicationAreInItsZone}). Before: the JVM's zone.
     */
    @Test
    void aStatusBefore2024IsWrittenInTheServicesZone() {
        Instant accepted = OffsetDateTime.parse("2023-06-14T23:30:00+05:00").toInstant();
        gateway.assembly().clock().set(accepted);
        String correlationId = provider.submitted(Channel.PORTAL, "interop47-");
        String messageId = provider.application(correlationId).messageId();
        assertToldAndAnswered(messageId, "ACCEPTED", accepted);
        java.time.ZoneOffset almaty = java.time.ZoneOffset.ofHours(6);
        assertThat(told(messageId, "ACCEPTED").statusDateOffset()).as("the callback's statusDate").isEqualTo(almaty);
        assertThat(ChannelMock.offset(answered(messageId).getStatusDate())).as("getMessageStatus's statusDate")
                .isEqualTo(almaty);
    }

    // ------------------------------------------------------------------ helpers

    /** Moves the regulation clock on by {@code by}; the moment it now reads. */
    private static Instant moveClock(Duration by) {
        gateway.assembly().clock().advance(by);
        return gateway.assembly().clock().instant();
    }

    /** The portal was told {@code statusCode} dated {@code at}, and getMessageStatus answers it with that date. */
    private static void assertToldAndAnswered(String messageId, String statusCode, Instant at) {
        Instant toldAt = told(messageId, statusCode).statusDate();
        MessageStatusInfo answer = answered(messageId);
        assertThat(answer.getStatusCode()).isEqualTo(statusCode);
        assertThat(answer.getStatusDate().toGregorianCalendar().toInstant())
                .as("getMessageStatus's statusDate for %s", statusCode).isEqualTo(at);
        assertThat(toldAt).as("the %s callback's statusDate", statusCode).isEqualTo(at);
    }

    private static ChannelMock.StatusEntry told(String messageId, String statusCode) {
        return gateway.mocks().portal().awaitStatus(messageId, statusCode, WAIT)
                .orElseThrow(() -> new AssertionError("the portal was not told " + statusCode));
    }

    private static MessageStatusInfo answered(String messageId) {
        return gateway.client(Channel.PORTAL).status(messageId).getStatus();
    }
}
