package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
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

    /**
     * regs62: the year's end, an application of seed 004 S6 on the portal accepted on Mon 28 December 2026 at 18:00,
     * whose terms run into 2027, a year the shipped file marks unconfirmed (no transfer order known, Kurban Ait an
     * estimate, 15 March a holiday by a law not verified). The gateway counts it as the file says (the head's day 29
     * December; the specialist's 8 working days 30, 31 December, 5, 6, 8, 11, 12, 13 January past New Year, its
     * move to Mon 4 January and Christmas; the issue 14 January) and tells the operator what is not confirmed: health's
     * calendar part (UP, reported, not judged) names the file, the years and each doubt. The operator corrects the file
     * qaqpa.calendar names (the order published: Fri 8 January off, Sat 16 January worked, the marks dropped) and
     * restarts: the part says the years are confirmed and the running term follows (the specialist's days 30, 31, 5, 6,
     * 11-14 January, the issue 15 January). Before, the doubts were only a log line the first time a day of 2027 was
     * counted, and health named no calendar.
     */
    @Test
    void theOperatorIsToldWhatTheCalendarLeavesUnconfirmedAndCorrectsItInTheFile() throws Exception {
        DecreedCalendar calendar = DecreedCalendar.copiedTo(calendarDir);
        GatewayHarness gateway = calendar.gateway(dataDir).with("qaqpa.clock", "fixed 2026-12-28T18:00:00+05:00").start();
        String correlationId;
        try {
            AlmatyFamilyRegulationsTest.Service s6 = AlmatyFamilyRegulationsTest.S6;
            Element signed = gateway.signed(AlmatyFamilyRegulationsTest.sample(s6,
                    kz.qaqpa.document.almatyfamily.Channel.PORTAL), "citizen-aigerim");
            correlationId = gateway.client(Channel.PORTAL).send(AsyncMessages.sendMessage("REQUEST", "PORTAL-"
                    + UUID.randomUUID(), null, s6.id(), "PORTAL", "portal-secret", signed)).getCorrelationId();
            assertThat(RegulationProgress.plannedDues(gateway, correlationId, ASTANA)).containsAllEntriesOf(Map.of(
                    "provider-action-2", "2026-12-30T00:00", "provider-action-3-examined", "2027-01-14T00:00",
                    "provider-action-4", "2027-01-15T00:00", StepPlans.SERVICE_TERM, "2027-01-15T00:00"));
            assertThat(calendarPart(gateway)).startsWith("{\"status\":\"UP\",\"detail\":\"" + calendar.file()
                            + ": 2026-2027 counted as the file says, but unconfirmed: ")
                    .contains("2027: no transfer order for 2027 known yet; Kurban Ait estimate",
                            "2027: holiday 2027-03-15 Constitution Day", "Correct the file (qaqpa.calendar) and restart");
            // ops63: the application's page marks the due times that rest on them, and only those
            Map<String, List<String>> doubts = planDoubts(gateway, correlationId);
            assertThat(doubts.get("provider-action-3-examined")).as("the specialist's 8 working days into 2027")
                    .containsExactly("rests on unconfirmed 2027 calendar data: no transfer order for 2027 known yet;"
                            + " Kurban Ait estimate; ДУМК has not published it");
            assertThat(doubts.get(StepPlans.SERVICE_TERM)).as("the service term")
                    .isEqualTo(doubts.get("provider-action-3-examined"));
            assertThat(doubts.get("provider-action-2")).as("the head's working day, 29 December 2026").isEmpty();
            assertThat(doubts.get("provider-action-1")).as("a minutes norm").isEmpty();
        } finally {
            gateway.stop();
        }

        calendar.confirm2027("2027-01-08", "2027-01-16");
        gateway.start();
        try {
            assertThat(calendarPart(gateway)).isEqualTo("{\"status\":\"UP\",\"detail\":\"" + calendar.file()
                    + ": 2026-2027 confirmed\"}");
            assertThat(planDoubts(gateway, correlationId).values()).as("no mark once the file is confirmed")
                    .allSatisfy(marks -> assertThat(marks).isEmpty());
            assertThat(RegulationProgress.plannedDues(gateway, correlationId, ASTANA)).containsAllEntriesOf(Map.of(
                    "provider-action-2", "2026-12-30T00:00", "provider-action-3-examined", "2027-01-15T00:00",
                    "provider-action-4", "2027-01-16T00:00", StepPlans.SERVICE_TERM, "2027-01-16T00:00"));
        } finally {
            gateway.stop();
        }
    }

    /** The console's page of the application: each planned step's {@code calendarDoubt} marks, by its id. */
    private static Map<String, List<String>> planDoubts(GatewayHarness gateway, String correlationId)
            throws IOException, InterruptedException {
        java.net.http.HttpResponse<byte[]> page = java.net.http.HttpClient.newHttpClient().send(gateway.consoleRequest(
                "/applications/" + correlationId.replaceAll("[{}]", "")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(page.statusCode()).as("the application's page").isEqualTo(200);
        Element plan = kz.qaqpa.xml.Dom.childElement(kz.qaqpa.xml.SecureXml.parse(page.body()).getDocumentElement(),
                "plan");
        Map<String, List<String>> doubts = new java.util.LinkedHashMap<>();
        org.w3c.dom.NodeList steps = plan.getElementsByTagName("step");
        for (int i = 0; i < steps.getLength(); i++) {
            Element step = (Element) steps.item(i);
            List<String> marks = new java.util.ArrayList<>();
            org.w3c.dom.NodeList found = step.getElementsByTagName("calendarDoubt");
            for (int j = 0; j < found.getLength(); j++) {
                marks.add(found.item(j).getTextContent());
            }
            doubts.put(step.getAttribute("id"), marks);
        }
        return doubts;
    }

    /** Health's calendar part as the console's /health reports it (with its detail). */
    private static String calendarPart(GatewayHarness gateway) throws IOException, InterruptedException {
        String body = java.net.http.HttpClient.newHttpClient().send(gateway.consoleRequest("/health").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher part = java.util.regex.Pattern.compile("\"calendar\":(\\{[^}]*})").matcher(body);
        assertThat(part.find()).as("a calendar part in " + body).isTrue();
        return part.group(1);
    }
}
