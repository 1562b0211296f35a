package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 33 (leftovers20): the operator console's pages of overdue steps and stopped callbacks read the real store a
 * page at a time, by key, through store V22's indexes: HSQLDB's own plan names step_plan_overdue and outbox_stopped
 * (before V22 the overdue page read step_plan_open from its first column, every open step of every application in
 * flight, and the stopped page the whole outbox), and the pages read after a key list what follows it, ties on the
 * time told apart by application and seq, or id.
 */
class ConsolePagesQueryTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-03T10:00:00+05:00");
    @RegisterExtension
    final FreshStore store = new FreshStore();

    @Test
    void theOverduePageReadsItsIndexFromTheKeyInDueOrder() {
        StepPlans plans = new StepPlans(store.db());
        plans.insert(new StepPlans.Planned("b", 1, "s1", "PT1M", NOW.minusHours(2), null, null));
        plans.insert(new StepPlans.Planned("a", 2, "s2", "PT1M", NOW.minusHours(1), null, null));
        plans.insert(new StepPlans.Planned("a", 1, "s1", "PT1M", NOW.minusHours(1), null, NOW));
        plans.insert(new StepPlans.Planned("c", 1, "s1", "PT1M", NOW.minusHours(1), null, null));
        plans.insert(new StepPlans.Planned("d", 1, "s1", "PT1M", NOW.minusHours(3), NOW, null));
        plans.insert(new StepPlans.Planned("e", 1, "s1", "PT1M", NOW.plusHours(1), null, null));

        assertThat(plans.overdue(NOW, StepPlans.OverdueKey.FIRST, 10)).extracting(p -> p.correlationId() + p.seq())
                .containsExactly("b1", "a1", "a2", "c1");
        assertThat(plans.overdue(NOW, new StepPlans.OverdueKey(NOW.minusHours(1), "a", 1), 10))
                .extracting(p -> p.correlationId() + p.seq()).containsExactly("a2", "c1");
        assertThat(plans.overdue(NOW, new StepPlans.OverdueKey(NOW.minusHours(1), "a", 2), 1))
                .extracting(p -> p.correlationId() + p.seq()).containsExactly("c1");
        assertThat(plans.overdueCount(NOW)).isEqualTo(4);

        String plan = plan(StepPlans.OVERDUE_PAGE.replace("LIMIT ?", "LIMIT 10").replace("seq > ?", "seq > 0")
                .replace("correlation_id > ?", "correlation_id > ''").replace("correlation_id = ?", "correlation_id = ''")
                .replace("?", "TIMESTAMP '2026-12-03 10:00:00+05:00'"));
        assertThat(plan).contains("index=STEP_PLAN_OVERDUE");
        // read in the index's order and stopped at the limit: without it HSQLDB read and sorted every overdue step
        // after the key (the first page at 40,000 overdue steps took about a second; the final read of session 33)
        assertThat(plan).as("the page's order read from the index").contains("uses index");
    }

    @Test
    void theStoppedPageReadsItsIndexFromTheKeyInTheOrderTheyStopped() {
        Outbox outbox = new Outbox(store.db());
        for (String application : List.of("a", "b", "c")) {
            outbox.add(application, "PORTAL", "http://portal/callback", "<notification/>");
        }
        List<Outbox.Pending> entries = outbox.due(10, java.util.Set.of(), java.time.Duration.ofHours(1));
        entries.forEach(entry -> outbox.stop(entry, "refused"));
        List<Outbox.Stopped> all = outbox.stopped(Outbox.StoppedKey.FIRST, 10);
        assertThat(all).extracting(Outbox.Stopped::correlationId).containsExactlyInAnyOrder("a", "b", "c");
        Outbox.Stopped first = all.get(0);
        assertThat(outbox.stopped(new Outbox.StoppedKey(first.stoppedAt(), first.id()), 10)).isEqualTo(all.subList(1, 3));
        assertThat(outbox.stopped(Outbox.StoppedKey.FIRST, 1)).containsExactly(first);

        String plan = plan(Outbox.STOPPED_PAGE.replace("LIMIT ?", "LIMIT 10").replace("id > ?", "id > 0")
                .replace("?", "TIMESTAMP '1970-01-01 00:00:00+00:00'"));
        assertThat(plan).contains("index=OUTBOX_STOPPED");
        assertThat(plan).as("the page's order read from the index").contains("uses index");
    }

    /**
     * Session 34 (leftovers22): each page's {@code total} is counted in the same index as the page reads (HSQLDB's
     * plan), the overdue steps' from the key's start to the time asked, the stopped calls' among the undelivered
     * ones, the applications in flight (all, or one service's) in application_in_flight for each of the three kinds
     * of row: no count reads a whole table. Checked by hand first: the plans were already so, no index added (no V23).
     */
    @Test
    void thePagesTotalsAreCountedInTheirIndexes() {
        String overdue = plan(StepPlans.OVERDUE_COUNT.replace("?", "TIMESTAMP '2026-12-03 10:00:00+05:00'"));
        assertThat(overdue).contains("index=STEP_PLAN_OVERDUE", "end condition").doesNotContain("FULL SCAN");
        assertThat(plan(Outbox.STOPPED_COUNT)).contains("index=OUTBOX_STOPPED").doesNotContain("FULL SCAN");
        for (String inFlight : List.of(Applications.IN_FLIGHT_COUNT,
                Applications.IN_FLIGHT_COUNT + " WHERE a.service_id = 'S'")) {
            List<String> accesses = InFlightQueryTest.accessesOfApplication(
                    plan(inFlight).lines().map(String::trim).toList());
            assertThat(accesses).as(inFlight).hasSize(3).containsOnly("access=INDEX PRED");
            assertThat(plan(inFlight)).contains("index=APPLICATION_IN_FLIGHT");
        }
        // the assertion tells a scan apart: a count of the stopped calls without the undelivered condition reads all
        assertThat(plan("SELECT COUNT(*) FROM outbox WHERE stopped_at IS NOT NULL")).contains("FULL SCAN");
    }

    private String plan(String query) {
        return String.join("\n", store.db().query("EXPLAIN PLAN FOR " + query, rs -> rs.getString(1)));
    }
}
