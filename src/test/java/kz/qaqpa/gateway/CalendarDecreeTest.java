package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
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
            Element signed = ChannelClient.sign(AlmatyFamilyRegulationsTest.sample(s6,
                    kz.qaqpa.document.almatyfamily.Channel.PORTAL), gateway.pki().key("citizen-aigerim"));
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
}
