package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;

/**
 * What the regulation tests read of an application's progress in the real store: its steps as recorded (waiting for
 * the provider mock and the routes to get there), its status and its plan.
 */
final class RegulationProgress {
    private static final Duration LOOK_INTERVAL = Duration.ofMillis(50);

    private RegulationProgress() {
    }

    /**
     * Waits until the application has recorded {@code expected}'s number of steps and reached {@code status}, then
     * checks the step ids in order, that every step says what it is, and the status; returns the application for a
     * test's own checks.
     */
    static Applications.Application assertSteps(GatewayHarness gateway, String correlationId, List<String> expected,
                                                String status, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while ((steps(gateway, correlationId).size() < expected.size()
                || !status.equals(application(gateway, correlationId).statusCode())) && System.nanoTime() < deadline) {
            pause();
        }
        List<StatusHistory.Step> steps = steps(gateway, correlationId);
        assertThat(steps).extracting(StatusHistory.Step::stepId).containsExactlyElementsOf(expected);
        assertThat(steps).allSatisfy(step -> assertThat(step.description()).isNotBlank());
        Applications.Application application = application(gateway, correlationId);
        assertThat(application.statusCode()).isEqualTo(status);
        return application;
    }

    static List<StatusHistory.Step> steps(GatewayHarness gateway, String correlationId) {
        return gateway.assembly().statusHistory().of(correlationId);
    }

    static Applications.Application application(GatewayHarness gateway, String correlationId) {
        return gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow();
    }

    /** The application's plan, each step's due time as a local date-time in {@code zone} (null: no due time of its own). */
    static Map<String, String> plannedDues(GatewayHarness gateway, String correlationId, ZoneId zone) {
        Map<String, String> planned = new LinkedHashMap<>();
        for (StepPlans.Planned p : gateway.assembly().stepPlans().of(correlationId)) {
            planned.put(p.stepId(), p.dueAt() == null ? null
                    : p.dueAt().atZoneSameInstant(zone).toLocalDateTime().toString());
        }
        return planned;
    }

    /** The pause between two looks at the store or a mock. */
    static void pause() {
        Pause.sleep(LOOK_INTERVAL);
    }
}
