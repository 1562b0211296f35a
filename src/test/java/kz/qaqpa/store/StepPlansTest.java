package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ending planned steps, on the real store: a recorded step ends every planned step before it (a provider may skip
 * reporting one), and the service term ends once no step with a due time is open any more; a step that waits on
 * the consumer (no due time) does not keep the term open.
 */
class StepPlansTest {
    private static final OffsetDateTime ACCEPTED = OffsetDateTime.parse("2026-11-30T10:00:00+05:00");
    private static final OffsetDateTime RECORDED = ACCEPTED.plusHours(2);

    @RegisterExtension
    final FreshStore store = new FreshStore();
    private StepPlans plans;

    @BeforeEach
    void open() {
        plans = new StepPlans(store.db());
        plan("app-1");
        plan("app-2");
    }

    /** Two steps with due times, one that waits on the consumer's arrival, then the service term. */
    private void plan(String correlationId) {
        plans.insert(new StepPlans.Planned(correlationId, 1, "action-1", "п. 9", ACCEPTED.plusDays(1), null, null));
        plans.insert(new StepPlans.Planned(correlationId, 2, "action-2", "п. 9", ACCEPTED.plusDays(3), null, null));
        plans.insert(new StepPlans.Planned(correlationId, 3, "arrival", "п. 10", null, null, null));
        plans.insert(new StepPlans.Planned(correlationId, 4, StepPlans.SERVICE_TERM, "п. 4", ACCEPTED.plusDays(5),
                null, null));
    }

    @Test
    void aRecordedStepEndsItselfAndTheStepsBeforeItButNotTheTermWhileADueStepIsOpen() {
        end("app-1", "action-1");

        assertThat(ended("app-1")).containsExactlyInAnyOrderEntriesOf(Map.of("action-1", true, "action-2", false,
                "arrival", false, StepPlans.SERVICE_TERM, false));
    }

    @Test
    void theTermEndsWithTheLastStepThatHasADueTimeEvenWhenAStepBeforeItWasSkipped() {
        end("app-1", "action-2");

        assertThat(ended("app-1")).containsExactlyInAnyOrderEntriesOf(Map.of("action-1", true, "action-2", true,
                "arrival", false, StepPlans.SERVICE_TERM, true));
        assertThat(plans.of("app-1")).filteredOn(p -> p.endedAt() != null)
                .allSatisfy(p -> assertThat(p.endedAt().toInstant()).isEqualTo(RECORDED.toInstant()));
        assertThat(ended("app-2")).as("another application's plan").doesNotContainValue(true);
    }

    @Test
    void anEndedStepIsNotOpenAnyMore() {
        end("app-1", "action-2");

        assertThat(plans.open("app-1", "action-1")).isEmpty();
        assertThat(plans.open("app-1", "arrival")).isPresent();
    }

    /**
     * A due time moved (a decree at start) but still past keeps the "told overdue" mark: the channel is not told
     * again; moved into the future, the mark goes, since the step may become overdue again.
     */
    @Test
    void aStepMovedButStillOverdueIsNotToldAgain() {
        OffsetDateTime now = ACCEPTED.plusDays(10);
        StepPlans.Planned action1 = plans.open("app-1", "action-1").orElseThrow();
        assertThat(plans.markNotified("app-1", action1.seq(), now)).isTrue();

        plans.reschedule("app-1", action1.seq(), ACCEPTED.plusDays(2), now);
        assertThat(plans.newlyOverdue(now, 10)).extracting(StepPlans.Planned::correlationId, StepPlans.Planned::stepId)
                .doesNotContain(org.assertj.core.groups.Tuple.tuple("app-1", "action-1"));

        plans.reschedule("app-1", action1.seq(), now.plusDays(1), now);
        assertThat(plans.newlyOverdue(now.plusDays(2), 10))
                .extracting(StepPlans.Planned::correlationId, StepPlans.Planned::stepId)
                .contains(org.assertj.core.groups.Tuple.tuple("app-1", "action-1"));
    }

    /**
     * race26: the overdue pass reads its steps, then tells them one by one. A step whose term was extended past the
     * pass's time after the pass read it is not marked told (it is not overdue), so it is told when its new due time
     * passes. Before: the pass marked it told, and it was never told when the extended term ran out.
     */
    @Test
    void aStepExtendedAfterThePassReadItIsNotMarkedTold() {
        OffsetDateTime now = ACCEPTED.plusDays(2);
        StepPlans.Planned action1 = readByThePass(now, "app-1", "action-1");

        plans.reschedule("app-1", action1.seq(), now.plusDays(1), now);
        assertThat(plans.markNotified("app-1", action1.seq(), now)).as("told though extended").isFalse();

        assertThat(readByThePass(now.plusDays(2), "app-1", "action-1").dueAt()).isEqualTo(now.plusDays(1));
    }

    /** race26: a step an event ended after the overdue pass read it is not marked told (the channel is not told). */
    @Test
    void aStepEndedAfterThePassReadItIsNotMarkedTold() {
        OffsetDateTime now = ACCEPTED.plusDays(2);
        StepPlans.Planned action1 = readByThePass(now, "app-1", "action-1");

        end("app-1", "action-1");
        assertThat(plans.markNotified("app-1", action1.seq(), now)).isFalse();
        assertThat(plans.markNotified("app-2", action1.seq(), now)).as("another application's, still open").isTrue();
    }

    /** The step as the overdue pass at {@code now} reads it among the newly overdue ones. */
    private StepPlans.Planned readByThePass(OffsetDateTime now, String correlationId, String stepId) {
        return plans.newlyOverdue(now, 10).stream()
                .filter(p -> p.correlationId().equals(correlationId) && p.stepId().equals(stepId)).findFirst()
                .orElseThrow();
    }

    private void end(String correlationId, String stepId) {
        store.db().inTransaction(() -> {
            plans.end(plans.open(correlationId, stepId).orElseThrow(), RECORDED);
            return null;
        });
    }

    private Map<String, Boolean> ended(String correlationId) {
        return plans.of(correlationId).stream()
                .collect(Collectors.toMap(StepPlans.Planned::stepId, p -> p.endedAt() != null));
    }
}
