package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * A decree loaded while a term runs (session 31, docs/deadlines.md): the texts count «N жұмыс күні» and the decree
 * decides which days are working, so the running term follows it. Seed 004 S6 on the portal, accepted on Friday
 * 20 March 2026 at 19:30 (the clock fixed), its provider's office off so the application stays in flight: the head's
 * «1 жұмыс күні» (Thu 26 March), the specialist's «8 жұмыс күнi» (27 March - 7 April) and the issue's «1 жұмыс күнi»
 * (8 April) are planned. The gateway stops, a transfer order is added to the calendar file (Mon 30 March a day off,
 * Sat 11 April worked) and the gateway starts on the same store: the specialist's term and the issue move a day later,
 * the steps before the decree's day keep theirs. Before, the plan kept the old calendar's due times.
 */
class CalendarDecreeTest {
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");
    @TempDir
    Path dataDir;
    @TempDir
    Path calendarDir;

    @Test
    void aTransferDecreedWhileATermRunsMovesItAtTheNextStart() throws IOException {
        DecreedCalendar calendar = DecreedCalendar.copiedTo(calendarDir);
        GatewayHarness gateway = calendar.gateway(dataDir).start();
        String correlationId;
        try {
            AlmatyFamilyRegulationsTest.Service s6 = AlmatyFamilyRegulationsTest.S6;
            Element signed = gateway.signed(AlmatyFamilyRegulationsTest.sample(s6,
                    kz.qaqpa.document.almatyfamily.Channel.PORTAL), "citizen-aigerim");
            correlationId = gateway.client(Channel.PORTAL).send(AsyncMessages.sendMessage("REQUEST", "PORTAL-"
                    + UUID.randomUUID(), null, s6.id(), "PORTAL", "portal-secret", signed)).getCorrelationId();
            assertThat(RegulationProgress.plannedDues(gateway, correlationId, ASTANA)).containsAllEntriesOf(Map.of(
                    "provider-action-2", "2026-03-27T00:00", "provider-action-3-examined", "2026-04-08T00:00",
                    "provider-action-4", "2026-04-09T00:00", StepPlans.SERVICE_TERM, "2026-04-09T00:00"));
        } finally {
            gateway.stop();
        }

        calendar.decree();
        gateway.start();
        try {
            assertThat(RegulationProgress.plannedDues(gateway, correlationId, ASTANA)).containsAllEntriesOf(Map.of(
                    "provider-action-1", "2026-03-20T19:45", "provider-action-2", "2026-03-27T00:00",
                    "provider-action-3-examined", "2026-04-09T00:00", "provider-action-4", "2026-04-10T00:00",
                    StepPlans.SERVICE_TERM, "2026-04-10T00:00"));
        } finally {
            gateway.stop();
        }
    }

    /**
     * terms41 (review41 row 1): seed 000's refusal hand-over (Table 2 action 9, «бір жұмыс күні ішінде» from the
     * department's return reaching the Centre) stays planned after the refusal, and the start's replan makes it again
     * from the refusal, not from the acceptance. Seed 000 S1 at the Centre without the akimat's decision, the
     * department's office mock returning it on Friday 20 March 2026 in the evening: one working day is Thu 26 March
     * (after Nauryz 23-25), due 27 March 00:00. A decree then makes Thu 26 a day off (Sat 28 worked): at the next start
     * the hand-over is due with Fri 27 (28 March 00:00). Before, the refusal closed the whole plan: no due time at all.
     */
    @Test
    void aRefusalsHandOverIsPlannedFromTheRefusalAndFollowsADecree() throws IOException {
        DecreedCalendar calendar = DecreedCalendar.copiedTo(calendarDir);
        GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.clock", "2026-03-20T19:30:00+05:00")
                .with("qaqpa.calendar", calendarDir.resolve("kz-working-days.yaml").toString())
                .with("qaqpa.overdue.interval", "3600000").start();
        String correlationId;
        try {
            GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "CON")
                    .withoutAttachment("AKIM_DECISION");
            correlationId = gateway.client("CON", "con-secret", "con").submit(sample.serviceId(),
                    sample.signed(gateway.pki()), sample.messageId()).getCorrelationId();
            gateway.mocks().con().awaitResult(correlationId, "refusal", Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no refusal for " + correlationId));
            assertThat(RegulationProgress.plannedDues(gateway, correlationId, ASTANA))
                    .containsEntry("con-action-9", "2026-03-27T00:00");
        } finally {
            gateway.stop();
        }

        calendar.decree("2026-03-26", "2026-03-28");
        gateway.start();
        try {
            assertThat(RegulationProgress.plannedDues(gateway, correlationId, ASTANA))
                    .as("one working day from the refusal, Thu 26 now off").containsEntry("con-action-9", "2026-03-28T00:00");
        } finally {
            gateway.stop();
        }
    }
}
