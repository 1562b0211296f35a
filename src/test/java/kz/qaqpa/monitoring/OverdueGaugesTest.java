package kz.qaqpa.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.regulation.OverdueTally;
import kz.qaqpa.store.FreshStore;
import kz.qaqpa.store.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * reg50: the two scopes of qaqpa_steps_overdue show one read of the overdue tally per scrape. Before, each gauge read
 * the tally itself, so every /metrics scrape ran the store's statement twice (and the two series could come from two
 * moments). The tally here counts its reads and answers differently each time, as a store with steps running out would.
 */
class OverdueGaugesTest {
    @RegisterExtension
    final FreshStore store = new FreshStore();

    @Test
    void aScrapeReadsTheTallyOnceAndShowsBothScopesOfThatRead() {
        GatewayMetrics metrics = new GatewayMetrics(Set.of(), new Outbox(store.db()));
        AtomicInteger reads = new AtomicInteger();
        metrics.watchOverdue(() -> {
            int n = reads.incrementAndGet();
            return new OverdueTally.Counts(10L * n, n);
        }, Map.of("service", OverdueTally.Counts::service, "branch", OverdueTally.Counts::branch));

        String first = metrics.scrape();
        assertThat(reads).as("reads in the first scrape").hasValue(1);
        assertThat(first).contains("qaqpa_steps_overdue{scope=\"service\"} 10.0", "qaqpa_steps_overdue{scope=\"branch\"} 1.0");

        String second = metrics.scrape();
        assertThat(reads).as("one more read in the second scrape, none kept from the first").hasValue(2);
        assertThat(second).contains("qaqpa_steps_overdue{scope=\"service\"} 20.0", "qaqpa_steps_overdue{scope=\"branch\"} 2.0");

        // outside a scrape (a meter read directly) nothing is kept: each read asks the store
        assertThat(metrics.registry().get("qaqpa.steps.overdue").tag("scope", "branch").gauge().value()).isEqualTo(3.0);
        assertThat(metrics.registry().get("qaqpa.steps.overdue").tag("scope", "service").gauge().value()).isEqualTo(40.0);
        assertThat(reads).hasValue(4);
        metrics.close();
    }
}
