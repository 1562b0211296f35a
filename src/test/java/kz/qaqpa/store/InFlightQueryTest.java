package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 31 (inflight17): what the start's in-flight check reads of the real store (store V19). It finds the
 * applications not yet final and the results still to be handed over at the channel's desk, and only those: a
 * portal result (COMPLETED for good), an issued one and a refused one are left out. A result stored before V19 is
 * listed as not known until the start settles it. HSQLDB's own plan shows each part of the query looks index
 * application_in_flight up instead of reading every application, as the query the check ran before did.
 */
class InFlightQueryTest {
    @RegisterExtension
    final FreshStore store = new FreshStore();

    @Test
    void theApplicationsNotYetFinalAndTheResultsAwaitingAHandOverAreListedAndNoOthers() {
        Applications applications = storedFinalAndNot();

        assertThat(applications.inFlight()).extracting(a -> a.example() + " " + a.awaits()).containsExactlyInAnyOrder(
                "a-accepted RESULT", "a-slip RESULT", "a-at-office HAND_OVER", "a-before-v19 HAND_OVER_UNKNOWN");

        applications.settleHandOver("S", "ZHAO", false);
        assertThat(applications.inFlight()).extracting(Applications.InFlight::example)
                .containsExactlyInAnyOrder("a-accepted", "a-slip", "a-at-office");
    }

    /**
     * Session 32 (console18): the operator console's page reads the same rows, by correlationId after the one given,
     * at most the limit, of one service if asked, each with its first planned step not yet ended.
     */
    @Test
    void theConsolesPageListsTheSameApplicationsByCorrelationIdWithTheirNextStep() {
        Applications applications = storedFinalAndNot();
        StepPlans plans = new StepPlans(store.db());
        OffsetDateTime due = OffsetDateTime.parse("2026-12-03T10:00:00+05:00");
        plans.insert(new StepPlans.Planned("a-accepted", 1, "con-process-3", "PT1M", due.minusDays(1), due, null));
        plans.insert(new StepPlans.Planned("a-accepted", 2, "con-action-3", "PT1M", due, null, null));
        plans.insert(new StepPlans.Planned("a-accepted", 3, StepPlans.SERVICE_TERM, "P5D", due.plusDays(5), null, null));

        Applications.InFlightPage all = applications.inFlightPage(null, "", 10);
        assertThat(all.total()).isEqualTo(4);
        assertThat(all.applications()).extracting(Applications.Listed::correlationId)
                .containsExactly("a-accepted", "a-at-office", "a-before-v19", "a-slip");
        Applications.Listed accepted = all.applications().get(0);
        assertThat(accepted.nextStepId()).isEqualTo("con-action-3");
        assertThat(accepted.nextDueAt()).isEqualTo(due);
        assertThat(all.applications().get(1).nextStepId()).as("nothing planned").isNull();

        assertThat(applications.inFlightPage("S", "a-accepted", 1).applications())
                .extracting(Applications.Listed::correlationId).containsExactly("a-at-office");
        assertThat(applications.inFlightPage("other", "", 10)).isEqualTo(new Applications.InFlightPage(List.of(), 0));
        String firstPage = Applications.IN_FLIGHT_LISTED.replaceFirst("\\?", "''").replace("LIMIT ?", "LIMIT 10")
                .replace("?", "NULL");
        assertThat(accessesOfApplication(plan(firstPage)))
                .hasSize(3).allMatch(access -> access.equals("access=INDEX PRED"));
    }

    @Test
    void theCheckLooksTheApplicationsInFlightUpInTheIndexInsteadOfReadingEveryApplication() {
        List<String> plan = plan(Applications.IN_FLIGHT);
        assertThat(accessesOfApplication(plan)).as(String.join("\n", plan)).hasSize(3)
                .allMatch(access -> access.equals("access=INDEX PRED"));
        assertThat(String.join("\n", plan)).contains("index=APPLICATION_IN_FLIGHT");

        // the query before V19 (NOT IN the final statuses) read every application: the assertion tells them apart
        assertThat(accessesOfApplication(plan("SELECT service_id, COUNT(*) FROM application WHERE status_code"
                + " NOT IN (" + Applications.FINISHED_STATUSES + ") GROUP BY service_id"))).containsExactly("access=FULL SCAN");
    }

    /**
     * Applications not yet final (accepted, an interim answer), results awaiting a hand-over (at the office, one stored
     * before V19, not known), and final ones (a portal result, an issued one, a refused one).
     */
    private Applications storedFinalAndNot() {
        Applications applications = new Applications(store.db());
        insert(applications, "a-accepted", "CON", "ACCEPTED", null);
        insert(applications, "a-slip", "CON", "IN_QUEUE", true);
        insert(applications, "a-at-office", "CON", "COMPLETED", true);
        insert(applications, "a-portal", "PORTAL", "COMPLETED", false);
        insert(applications, "a-issued", "CON", "ISSUED", true);
        insert(applications, "a-refused", "CON", "NOT_DELIVERED", null);
        insert(applications, "a-before-v19", "ZHAO", "COMPLETED", null);
        store.db().update("UPDATE application SET result_awaits_hand_over = NULL WHERE correlation_id = 'a-before-v19'");
        return applications;
    }

    private List<String> plan(String query) {
        return store.db().query("EXPLAIN PLAN FOR " + query, rs -> rs.getString(1)).stream()
                .flatMap(text -> text.lines()).map(String::trim).toList();
    }

    /** How HSQLDB reaches table APPLICATION in each place of the plan (the line after each table=APPLICATION). */
    static List<String> accessesOfApplication(List<String> plan) {
        return java.util.stream.IntStream.range(0, plan.size()).filter(i -> plan.get(i).equals("table=APPLICATION"))
                .mapToObj(i -> plan.subList(i, plan.size()).stream().filter(l -> l.startsWith("access="))
                        .findFirst().orElse("none")).toList();
    }

    private static void insert(Applications applications, String id, String channel, String status,
                               Boolean awaitsHandOver) {
        OffsetDateTime now = OffsetDateTime.now();
        applications.insert(new Applications.Application(id, "S", channel, channel, "m-" + id, "850315401201", null,
                "DELIVERED", status, "text", null, null, null, now, now));
        if (awaitsHandOver != null) {
            applications.setResult(id, "referral", "<referral/>", awaitsHandOver);
        }
    }
}
