package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import kz.qaqpa.regulation.calendar.CalendarFile;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan made at acceptance from a progress route as Camel builds it from the shared template: a refusal and a
 * result that are alternatives after one check ({@code previous-start}) each count their own term from the same
 * start, and the service term ends with the later of them (src/test/resources/plan-test/branches.yaml).
 */
class RegulationPlanTest {
    private static final String ROUTE = "plan-test-branches";
    /** Monday 2 March 2026, 10:00 in Almaty (+05:00). */
    private static final Instant ACCEPTED = OffsetDateTime.parse("2026-03-02T10:00:00+05:00").toInstant();
    private static DefaultCamelContext context;
    private static RegulationPlan regulationPlan;

    @BeforeAll
    static void loadTheRoute() throws Exception {
        context = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:routes/templates/application-progress.yaml"),
                ResourceHelper.resolveResource(context, "classpath:plan-test/branches.yaml"));
        ZoneId zone = ZoneId.of("Asia/Almaty");
        // no registered service: every route counts in the gateway's zone
        ServiceCalendars calendars = new ServiceCalendars(
                CalendarFile.load("classpath:calendar/kz-working-days.yaml", zone),
                new ServiceRegistry(Map.of(), Map.of()));
        regulationPlan = new RegulationPlan(new Trail(null, null, null, calendars), calendars);
    }

    @AfterAll
    static void close() throws Exception {
        context.close();
    }

    @Test
    void alternativesCountFromTheSameStart() {
        List<StepPlans.Planned> plan = regulationPlan.plan(context, ROUTE, "c-1", ACCEPTED);
        assertThat(plan).extracting(StepPlans.Planned::stepId)
                .containsExactly("action-1", "action-2", "action-3", StepPlans.SERVICE_TERM);
        assertThat(due(plan, "action-1")).isEqualTo("2026-03-02T10:10+05:00");
        // both from the registration's due (10:10 on 2 March: counting from the next day): the refusal ends with
        // 3 March, the result with 4 March (not 5 March, as it would after the refusal's day)
        assertThat(due(plan, "action-2")).isEqualTo("2026-03-04T00:00+05:00");
        assertThat(due(plan, "action-3")).isEqualTo("2026-03-05T00:00+05:00");
        assertThat(due(plan, StepPlans.SERVICE_TERM)).isEqualTo("2026-03-05T00:00+05:00");
    }

    @Test
    void anExtensionMovesBothAlternativesFromTheirNewStart() {
        List<StepPlans.Planned> plan = regulationPlan.plan(context, ROUTE, "c-1", ACCEPTED);
        Instant newDue = OffsetDateTime.parse("2026-03-05T12:00:00+05:00").toInstant();
        List<StepPlans.Planned> moved = regulationPlan.replan(context, ROUTE, "action-1", newDue, plan);
        assertThat(moved).extracting(StepPlans.Planned::stepId)
                .containsExactly("action-1", "action-2", "action-3", StepPlans.SERVICE_TERM);
        assertThat(due(moved, "action-2")).isEqualTo("2026-03-07T00:00+05:00");
        assertThat(due(moved, "action-3")).isEqualTo("2026-03-08T00:00+05:00");
        assertThat(due(moved, StepPlans.SERVICE_TERM)).isEqualTo("2026-03-08T00:00+05:00");
    }

    /**
     * Made again (a decree at start), the plan has the steps it was made with: a step added to the route since the
     * acceptance is not planned, so it moves no term of an application accepted without it.
     */
    @Test
    void aStepAddedToTheRouteSinceTheAcceptanceIsNotPlannedAgain() {
        List<StepPlans.Planned> plan = regulationPlan.plan(context, ROUTE, "c-1", ACCEPTED);
        List<StepPlans.Planned> acceptedWithout = plan.stream().filter(p -> !p.stepId().equals("action-2")).toList();
        List<StepPlans.Planned> again = regulationPlan.planAgain(context, ROUTE, ACCEPTED, acceptedWithout);
        assertThat(again).extracting(StepPlans.Planned::stepId)
                .containsExactly("action-1", "action-3", StepPlans.SERVICE_TERM);
        assertThat(due(again, "action-3")).isEqualTo(due(plan, "action-3"));
    }

    /**
     * reg48a: a route that gives an alternative a term and makes the step after it count from the same start
     * ({@code previous-start}; seed 004's refusal for the documents and the issue). An application accepted before had
     * no such alternative, and its step counted from the due time before it. Made again (a decree, the start's replan),
     * the step keeps that due time rather than moving to the start of the step before: accepted at 23:55, the
     * registration is due at 00:05 on 3 March and the result's two calendar days are 4 and 5 March (due at 00:00 on 6
     * March), not 3 and 4 March counted from the acceptance. Before: due on 5 March, a day earlier than the plan it was
     * accepted with.
     */
    @Test
    void aStepWhoseAlternativeIsNotInThePlanCountsFromTheDueTimeBeforeIt() {
        Instant lateEvening = OffsetDateTime.parse("2026-03-02T23:55:00+05:00").toInstant();
        List<StepPlans.Planned> plan = regulationPlan.plan(context, ROUTE, "c-1", lateEvening);
        assertThat(due(plan, "action-1")).isEqualTo("2026-03-03T00:05+05:00");
        assertThat(due(plan, "action-3")).isEqualTo("2026-03-06T00:00+05:00");
        List<StepPlans.Planned> acceptedWithout = plan.stream().filter(p -> !p.stepId().equals("action-2")).toList();
        List<StepPlans.Planned> again = regulationPlan.planAgain(context, ROUTE, lateEvening, acceptedWithout);
        assertThat(due(again, "action-3")).isEqualTo("2026-03-06T00:00+05:00");
        assertThat(due(again, StepPlans.SERVICE_TERM)).isEqualTo("2026-03-06T00:00+05:00");
    }

    /**
     * reg48d (reg48a's Left): a term extension plans the steps after the extended one again as the acceptance did. In
     * a plan made before the route gave the alternative a term (no action-2), the result counted from the due time
     * before it, and so it does after the registration is extended to 5 March 12:00: its two calendar days are 6 and 7
     * March. Before: it kept its old due time (5 March 00:00, before the registration's new one), as if it counted
     * from the start of an alternative the plan does not have.
     */
    @Test
    void anExtensionMovesAStepWhoseAlternativeIsNotInThePlanFromTheNewDueTime() {
        List<StepPlans.Planned> acceptedWithout = regulationPlan.plan(context, ROUTE, "c-1", ACCEPTED).stream()
                .filter(p -> !p.stepId().equals("action-2")).toList();
        Instant newDue = OffsetDateTime.parse("2026-03-05T12:00:00+05:00").toInstant();
        List<StepPlans.Planned> moved = regulationPlan.replan(context, ROUTE, "action-1", newDue, acceptedWithout);
        assertThat(moved).extracting(StepPlans.Planned::stepId)
                .containsExactly("action-1", "action-3", StepPlans.SERVICE_TERM);
        assertThat(due(moved, "action-3")).isEqualTo("2026-03-08T00:00+05:00");
        assertThat(due(moved, StepPlans.SERVICE_TERM)).isEqualTo("2026-03-08T00:00+05:00");
    }

    /**
     * depth42: a previous step's due time that equals the acceptance's instant is still a due time. Accepted at
     * midnight, the registration extended to the day before (a date extension, made again) is due at that same
     * midnight; the refusal follows it, so its one calendar day is the acceptance's day (due 3 March), not counted from
     * the next day as if it followed the acceptance itself (4 March). Before: the start was told by comparing the
     * instant with the acceptance's, and the refusal was due 4 March.
     */
    @Test
    void aPreviousDueTimeAtTheAcceptancesInstantIsStillADueTime() {
        Instant midnight = OffsetDateTime.parse("2026-03-02T00:00:00+05:00").toInstant();
        List<StepPlans.Planned> rows = regulationPlan.plan(context, ROUTE, "c-1", midnight).stream()
                .map(p -> p.stepId().equals("action-1") ? new StepPlans.Planned(p.correlationId(), p.seq(),
                        p.stepId(), p.norm(), p.dueAt(), null, null, "2026-03-01") : p)
                .toList();
        List<StepPlans.Planned> again = regulationPlan.planAgain(context, ROUTE, midnight, rows);
        assertThat(due(again, "action-1")).isEqualTo("2026-03-02T00:00+05:00");
        assertThat(due(again, "action-2")).isEqualTo("2026-03-03T00:00+05:00");
        assertThat(due(again, "action-3")).isEqualTo("2026-03-04T00:00+05:00");
    }

    private static String due(List<StepPlans.Planned> plan, String stepId) {
        return plan.stream().filter(p -> p.stepId().equals(stepId)).findFirst().orElseThrow().dueAt()
                .atZoneSameInstant(ZoneId.of("Asia/Almaty")).toOffsetDateTime().toString();
    }
}
