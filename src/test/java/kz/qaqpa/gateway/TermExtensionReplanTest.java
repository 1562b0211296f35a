package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.nkoguardianship.StatusNotification;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Term extensions kept as data in the plan (session 32, docs/deadlines.md "A calendar or norm changed while applications
 * are in flight"), over the real channel and store, across restarts of the gateway: seed 000 S1 on the portal, whose
 * provider (the district education department, MZH_EDU; its office mock off, the test reports as it) may extend its
 * check «5 жұмыс күнінде» (Table 1 action 8; App. 3/4 «қызмет көрсету мерзімі ұзартылғанда»), in working days.
 */
class TermExtensionReplanTest {
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");
    private static final String GUARDIANSHIP_ROUTE = "nko-2012-guardianship-certificate.yaml";
    /** Seed 000 S1's provider's check on the portal (condition 3, Table 1 action 8), the step extended. */
    private static final String DECISION = "portal-condition-3";
    @TempDir
    Path dataDir;
    @TempDir
    Path calendarDir;
    @TempDir
    Path routesDir;

    /**
     * A term extension is data (session 32): the start's replan makes an extended step again by its extension, not by
     * its history step's name. A route that calls the extension's step otherwise than "{@code <step>-extension}" (the
     * id is free text, the progress template's {@code termExtension}): seed 000 S1 on the portal, its provider's check
     * «5 жұмыс күнінде» ending with 1 April, extended to 10 April, keeps the new term across a restart. Before, the
     * replan knew an extension only by that suffix and made the plan again from the norms, undoing it (1 April again).
     */
    @Test
    void anExtensionWhoseStepIsNamedOtherwiseKeepsItsTermAcrossARestart() throws IOException {
        Path routeFile = routesDir.resolve(GUARDIANSHIP_ROUTE);
        String shipped = Files.readString(Path.of("routes", GUARDIANSHIP_ROUTE));
        String renamed = shipped.replace("{name: termExtension, value: \"portal-condition-3-extension\"}",
                "{name: termExtension, value: \"portal-condition-3-longer\"}");
        assertThat(renamed).isNotEqualTo(shipped);
        copyRouteFiles();
        Files.writeString(routeFile, renamed);
        GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.clock", "fixed 2026-03-20T19:30:00+05:00")
                .with("qaqpa.mocks.provider-offices.enabled", "false").with("camel.main.routes-include-pattern",
                        "classpath:routes/templates/*.yaml,file:" + routesDir + "/*.yaml").start();
        String correlationId;
        try {
            correlationId = submitGuardianship(gateway);
            assertThat(planned(gateway, correlationId)).containsEntry(DECISION, "2026-04-02T00:00");
            extend(gateway, correlationId, "2026-04-10", null);
            assertThat(gateway.assembly().statusHistory().of(correlationId)).extracting(StatusHistory.Step::stepId)
                    .contains("portal-condition-3-longer");
            assertThat(planned(gateway, correlationId)).containsEntry(DECISION, "2026-04-11T00:00");
        } finally {
            gateway.stop();
        }
        gateway.start();
        try {
            assertThat(planned(gateway, correlationId)).containsEntry(DECISION, "2026-04-11T00:00")
                    .containsEntry(StepPlans.SERVICE_TERM, "2026-04-11T00:00");
        } finally {
            gateway.stop();
        }
    }

    /**
     * An extended term follows a decree by its extension's own norm (session 32): seed 000 S1 on the portal, accepted
     * Friday 20 March 2026 at 19:30, the provider's check due 2 April 00:00 (26, 27, 30, 31 March, 1 April). One
     * application is extended by 5 working days (extraDays, the route's unit): 2, 3, 6, 7, 8 April, due 9 April 00:00;
     * another to a named last day, 10 April. A transfer order (Mon 30 March off, Sat 11 April worked) is loaded at the
     * next start: the first's check ends with 2 April and its 5 days run 3, 6, 7, 8, 9 April (due 10 April 00:00), its
     * service term with it; the named day does not move. Before, an extended plan was skipped whole (due 9 April kept).
     */
    @Test
    void anExtendedTermFollowsADecreeByItsExtensionsOwnNorm() throws IOException {
        DecreedCalendar calendar = DecreedCalendar.copiedTo(calendarDir);
        GatewayHarness gateway = calendar.gateway(dataDir).start();
        String byDays;
        String byDate;
        try {
            byDays = submitGuardianship(gateway);
            byDate = submitGuardianship(gateway);
            extend(gateway, byDays, null, 5);
            extend(gateway, byDate, "2026-04-10", null);
            assertThat(planned(gateway, byDays)).containsEntry(DECISION, "2026-04-09T00:00")
                    .containsEntry(StepPlans.SERVICE_TERM, "2026-04-09T00:00");
            assertThat(planned(gateway, byDate)).containsEntry(DECISION, "2026-04-11T00:00");
        } finally {
            gateway.stop();
        }

        calendar.decree();
        gateway.start();
        try {
            assertThat(planned(gateway, byDays)).containsEntry(DECISION, "2026-04-10T00:00")
                    .containsEntry(StepPlans.SERVICE_TERM, "2026-04-10T00:00");
            assertThat(planned(gateway, byDate)).containsEntry(DECISION, "2026-04-11T00:00")
                    .containsEntry(StepPlans.SERVICE_TERM, "2026-04-11T00:00");
        } finally {
            gateway.stop();
        }
    }

    /**
     * Session 33 (leftovers20): a decree makes no extended term longer than the text allows. The route's bound
     * (termExtensionMaximum, 30 calendar days from where the check's term counts: accepted Friday 20 March, the last
     * day 19 April) is kept with the extension and holds at the replan as at the extension: the bound is the longest
     * term the regulation gives the action (seed 003 Table 3 action 6, «... (жекелеген жағдайларда 6 айға дейін)»),
     * and no text lets a decree stretch it. The check, due 2 April 00:00, is extended by 12 working days: 2-17 April,
     * due 18 April 00:00, within the bound. A decree then makes Monday 13 April a day off (Saturday 2 May worked): the
     * 12 days run to Monday 20 April, past the bound, and the term ends with the bound, 19 April (due 20 April 00:00),
     * the service term with it. Before, the replan made it 21 April 00:00, two days past what the route allows.
     */
    @Test
    void aDecreeMakesNoExtendedTermLongerThanItsBound() throws IOException {
        DecreedCalendar.copiedTo(calendarDir).acrossADecree(dataDir, "2026-04-13", "2026-05-02", gateway -> {
            String extended = submitGuardianship(gateway);
            extend(gateway, extended, null, 12);
            assertThat(planned(gateway, extended)).containsEntry(DECISION, "2026-04-18T00:00");
            return extended;
        }, (gateway, extended) -> assertThat(planned(gateway, extended)).containsEntry(DECISION, "2026-04-20T00:00")
                .containsEntry(StepPlans.SERVICE_TERM, "2026-04-20T00:00"));
    }

    /**
     * Session 34 (leftovers22): an extension stored before session 33 kept no bound (store V21-V22 wrote only the
     * extensions: {@code 12 working-days}); the replan takes the route's bound for it, the same rule as for a new one.
     * The case of {@link #aDecreeMakesNoExtendedTermLongerThanItsBound}, the stored extension written back as session 32
     * wrote it: after the decree the check ends with the bound, 19 April (due 20 April 00:00), the service term with
     * it. Before, the old extension had no bound and the replan made it 21 April 00:00.
     */
    @Test
    void anExtensionStoredWithoutItsBoundIsHeldToTheRoutesBound() throws IOException {
        DecreedCalendar.copiedTo(calendarDir).acrossADecree(dataDir, "2026-04-13", "2026-05-02", gateway -> {
            String extended = submitGuardianship(gateway);
            extend(gateway, extended, null, 12);
            StepPlans plans = gateway.assembly().stepPlans();
            StepPlans.Planned check = plans.open(extended, DECISION).orElseThrow();
            assertThat(check.extension()).isEqualTo("at most 30 calendar-days; 12 working-days");
            plans.extend(extended, check.seq(), "12 working-days");
            return extended;
        }, (gateway, extended) -> assertThat(planned(gateway, extended)).containsEntry(DECISION, "2026-04-20T00:00")
                .containsEntry(StepPlans.SERVICE_TERM, "2026-04-20T00:00"));
    }

    private static String submitGuardianship(GatewayHarness gateway) {
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "PORTAL");
        return gateway.client("PORTAL", "portal-secret", "portal").submit(sample.serviceId(),
                sample.signed(gateway.pki()), sample.messageId()).getCorrelationId();
    }

    /** The department (MZH_EDU, its office paused) extends the provider's check to {@code lastDay} or by {@code days}. */
    private static void extend(GatewayHarness gateway, String correlationId, String lastDay, Integer days) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(correlationId);
        n.setStatus("TERM_EXTENDED");
        StatusNotification.Extension e = new StatusNotification.Extension();
        if (lastDay != null) {
            e.setNewDueDate(DataElements.date(LocalDate.parse(lastDay)));
        } else {
            e.setExtraDays(BigInteger.valueOf(days));
        }
        e.setReason("The guardianship file is requested from the oblast archive");
        n.setExtension(e);
        n.setChangedAt(DataElements.dateTime(Instant.now()));
        gateway.client("MZH_EDU", "mzh-edu-secret", "mzh-edu").send(AsyncMessages.sendMessage("NOTIFICATION",
                UUID.randomUUID().toString(), correlationId, GuardianshipSample.serviceId(GuardianshipSample.Form
                        .GUARDIANSHIP), "MZH_EDU", "mzh-edu-secret", ShepXml.toElement(n)));
    }

    private void copyRouteFiles() throws IOException {
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, routesDir.resolve(file.getFileName()));
            }
        }
    }

    /** The application's plan, each step's due time in Astana (null: no due time of its own). */
    private static Map<String, String> planned(GatewayHarness gateway, String correlationId) {
        return RegulationProgress.plannedDues(gateway, correlationId, ASTANA);
    }
}
