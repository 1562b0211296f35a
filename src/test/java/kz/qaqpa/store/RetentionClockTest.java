package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retention timer's time against a stepped system clock (RetentionTest covers the step ahead and back with a
 * whole gateway). Here on the real store with a window of a second, so that real time can pass it.
 */
class RetentionClockTest {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final Duration STEP = Duration.ofHours(1);

    @RegisterExtension
    final FreshStore store = new FreshStore();

    /**
     * A system clock stepped back (a false NTP source) and then put right again: the retention follows it back, and
     * once it is right again deletes on time. Before, its time kept the step's lag until a restart, so every row was
     * kept longer than its window by the step (an hour here: the entry was still there).
     */
    @Test
    void aClockSteppedBackAndPutRightLeavesNoLag() throws InterruptedException {
        MessageLog log = new MessageLog(store.db());
        SteppedClock clock = new SteppedClock();
        Retention retention = new Retention(log, new ProviderQueue(store.db()), new Outbox(store.db()),
                new Retention.Windows(WINDOW, WINDOW, WINDOW, null, WINDOW), 100, 10, clock, (table, rows) -> { });
        log.record("PORTAL", "put-right", "sendMessage", "SERVICE", "digest", "reply");

        clock.step(STEP.negated());
        retention.purge();
        assertThat(log.find("PORTAL", "put-right")).as("kept while the clock is behind").isPresent();
        clock.step(STEP);
        Thread.sleep(WINDOW.multipliedBy(2).toMillis());
        retention.purge();

        assertThat(log.find("PORTAL", "put-right")).as("deleted once past its window on the clock put right").isEmpty();
    }

    /** A step ahead is followed only as fast as time passes: the entry outlives the step. */
    @Test
    void aClockSteppedAheadDeletesNothingEarly() {
        MessageLog log = new MessageLog(store.db());
        SteppedClock clock = new SteppedClock();
        Retention retention = new Retention(log, new ProviderQueue(store.db()), new Outbox(store.db()),
                new Retention.Windows(STEP, STEP, STEP, null, STEP), 100, 10, clock, (table, rows) -> { });
        log.record("PORTAL", "ahead", "sendMessage", "SERVICE", "digest", "reply");

        clock.step(STEP.multipliedBy(2));
        retention.purge();

        assertThat(log.find("PORTAL", "ahead")).isPresent();
    }
}
