package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;

/**
 * What the regulation tests read of an application's progress in the real store: its steps as recorded (waiting for
 * the provider mock and the routes to get there), its status and its plan.
 */
final class RegulationProgress {
    private static final Duration LOOK_INTERVAL = Duration.ofMillis(50);
    private static final String OVERDUE = "OVERDUE";
    /** qaqpa.status-text.OVERDUE as shipped: a step's term ran out (the step's id follows in brackets). */
    private static final String OVERDUE_TEXT = "Қызмет көрсету қадамының мерзімі өтті";

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

    /** The step's row of the application's plan. */
    static StepPlans.Planned planned(GatewayHarness gateway, String correlationId, String stepId) {
        return gateway.assembly().stepPlans().of(correlationId).stream().filter(p -> p.stepId().equals(stepId))
                .findFirst().orElseThrow();
    }

    /**
     * A step whose term binds only its own branch ({@code inServiceTerm: false}, BranchOnlyTerms), answered after that
     * term: it is recorded with its due time {@code due} and its later end, and its running out was never told to
     * {@code channel} about the application it sent as {@code messageId}.
     */
    static void recordedLateNotTold(GatewayHarness gateway, String correlationId, ChannelMock channel, String messageId,
                                    String stepId, Instant due, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (steps(gateway, correlationId).stream().noneMatch(st -> st.stepId().equals(stepId))
                && System.nanoTime() < deadline) {
            pause();
        }
        StatusHistory.Step step = steps(gateway, correlationId).stream().filter(st -> st.stepId().equals(stepId))
                .findFirst().orElseThrow();
        assertThat(step.dueAt()).as("%s's own term", stepId).isNotNull();
        assertThat(step.dueAt().toInstant()).as("%s's own term", stepId).isEqualTo(due);
        assertThat(step.endedAt().toInstant()).as("%s came after its term", stepId).isAfter(due);
        assertThat(channel.statuses(messageId)).extracting(ChannelMock.StatusEntry::statusMessage)
                .as("%s's running out is not told", stepId).doesNotContain(OVERDUE_TEXT + " (" + stepId + ")");
    }

    /** Looks for overdue steps as the gateway's timer would at {@code at}, until none is left. */
    static void scanForOverdueSteps(GatewayHarness gateway, Instant at) {
        while (gateway.assembly().overdueSteps().scan(at) > 0) {
            pause();
        }
    }

    /**
     * The steps, planned to end at {@code end} and still open, are not overdue a minute before it; a minute after they
     * are, and {@code channel} is told so once per step about the application it sent as {@code messageId}: OVERDUE in
     * the gateway's own text naming the step (the regulations print no such status: qaqpa.status-text.OVERDUE).
     */
    static void toldOverdueOnceAtItsEnd(GatewayHarness gateway, String correlationId, ChannelMock channel,
                                        String messageId, Instant end, List<String> stepIds, Duration wait) {
        Map<String, Instant> planned = new LinkedHashMap<>();
        Map<String, Instant> expected = new LinkedHashMap<>();
        for (String stepId : stepIds) {
            planned.put(stepId, planned(gateway, correlationId, stepId).dueAt().toInstant());
            expected.put(stepId, end);
        }
        assertThat(planned).as("planned").isEqualTo(expected);
        scanForOverdueSteps(gateway, end.minus(Duration.ofMinutes(1)));
        for (String stepId : stepIds) {
            assertThat(planned(gateway, correlationId, stepId).overdueNotifiedAt())
                    .as("%s a minute before its term ends", stepId).isNull();
        }
        scanForOverdueSteps(gateway, end.plus(Duration.ofMinutes(1)));
        for (String stepId : stepIds) {
            assertThat(planned(gateway, correlationId, stepId).overdueNotifiedAt())
                    .as("%s a minute after its term ends", stepId).isNotNull();
        }
        scanForOverdueSteps(gateway, end.plus(Duration.ofMinutes(2)));
        for (String stepId : stepIds) {
            String told = OVERDUE_TEXT + " (" + stepId + ")";
            long deadline = System.nanoTime() + wait.toNanos();
            while (channel.statuses(messageId).stream().noneMatch(e -> told.equals(e.statusMessage()))
                    && System.nanoTime() < deadline) {
                pause();
            }
            assertThat(channel.statuses(messageId)).filteredOn(e -> told.equals(e.statusMessage()))
                    .as("%s told once", stepId).hasSize(1)
                    .allSatisfy(e -> assertThat(e.statusCode()).isEqualTo(OVERDUE));
        }
    }

    /** The pause between two looks at the store or a mock. */
    static void pause() {
        Pause.sleep(LOOK_INTERVAL);
    }
}
