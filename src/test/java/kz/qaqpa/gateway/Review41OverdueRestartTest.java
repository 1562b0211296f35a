package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of session 41 (review41): OVERDUE is told once per step, across a restart of the gateway on the same store
 * (the start's CalendarReplan makes every open plan again and may reset a step's mark where its due time moves).
 * Seed 000 S1 on the portal, its department silent (the office mock off): Table 1 action 8, «5 жұмыс күнінде»,
 * portal-condition-3 due 2 April 2026 00:00 for an application of Friday 20 March 19:30. No test of the suite restarts
 * between two overdue passes. Passes on main: added for coverage.
 */
class Review41OverdueRestartTest {
    private static final Instant AFTER_THE_TERM = OffsetDateTime.parse("2026-04-03T10:00:00+05:00").toInstant();
    @TempDir
    Path dataDir;

    @Test
    void anOverdueStepIsToldOnceAcrossARestart() {
        GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.clock", "fixed 2026-03-20T19:30:00+05:00")
                .with("qaqpa.mocks.provider-offices.enabled", "false").with("qaqpa.overdue.interval", "3600000")
                .start();
        String correlationId;
        List<String> told;
        try {
            GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "PORTAL");
            correlationId = gateway.client("PORTAL", "portal-secret", "portal").submit(sample.serviceId(),
                    sample.signed(gateway.pki()), sample.messageId()).getCorrelationId();
            gateway.assembly().clock().set(AFTER_THE_TERM);
            int first = gateway.assembly().overdueSteps().scan(AFTER_THE_TERM);
            told = told(gateway, correlationId);
            assertThat(told).hasSize(first).contains("portal-condition-3");
        } finally {
            gateway.stop();
        }
        gateway.start();
        try {
            assertThat(told(gateway, correlationId)).as("the marks survive the start's replan").isEqualTo(told);
            gateway.assembly().clock().set(AFTER_THE_TERM);
            assertThat(gateway.assembly().overdueSteps().scan(AFTER_THE_TERM)).as("nothing told again").isZero();
            assertThat(gateway.assembly().overdueSteps().scan(AFTER_THE_TERM.plusSeconds(86_400 * 30))).isZero();
        } finally {
            gateway.stop();
        }
    }

    private static List<String> told(GatewayHarness gateway, String correlationId) {
        return gateway.assembly().stepPlans().of(correlationId).stream().filter(p -> p.overdueNotifiedAt() != null)
                .map(StepPlans.Planned::stepId).toList();
    }
}
