package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import kz.qaqpa.MachineUptime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retention timer's time against a stepped system clock (RetentionTest covers the step ahead and back with a
 * whole gateway). Here on the real store with a window of a second, so that real time can pass it.
 */
class RetentionClockTest {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final Duration STEP = Duration.ofHours(1);
    /** The real time a case may take between two readings of a clock that also moves with it. */
    private static final Duration REAL_TIME = Duration.ofSeconds(5);

    @RegisterExtension
    final FreshStore store = new FreshStore();

    /**
     * A system clock stepped back (a false NTP source) and then put right again: the retention follows it back, and
     * once it is right again deletes on time. Before, its time kept the step's lag until a restart, so every row was
     * kept longer than its window by the step (an hour here: the entry was still there).
     */
    @Test
    void aClockSteppedBackAndPutRightLeavesNoLag() throws InterruptedException {
        MessageLog log = MessageLogs.of(store.db());
        SteppedClock clock = new SteppedClock();
        Retention retention = new Retention(log, new ProviderQueue(store.db()), new Outbox(store.db()),
                new RevocationMarkTable(store.db()),
                new Retention.Windows(WINDOW, WINDOW, WINDOW, null, WINDOW), 100, 10, RetentionClock.of(store.db(), clock),
                (table, rows) -> { });
        log.record("PORTAL", "put-right", "sendMessage", "SERVICE", "digest", "reply");

        clock.step(STEP.negated());
        retention.purge();
        assertThat(log.find("PORTAL", "put-right")).as("kept while the clock is behind").isPresent();
        clock.step(STEP);
        Thread.sleep(WINDOW.multipliedBy(2).toMillis());
        retention.purge();

        assertThat(log.find("PORTAL", "put-right")).as("deleted once past its window on the clock put right").isEmpty();
    }

    /**
     * A gateway started (or restarted) while the system clock is stepped ahead: its first run counts no further than
     * the last run's time plus the time the machine has been up since (the same boot here: milliseconds), not from the
     * stepped clock. Before, the start's time was the clock's and the entry went at the first run, an hour early.
     */
    @Test
    void aGatewayStartedWhileTheClockIsAheadDeletesNothingEarly() {
        MessageLog log = MessageLogs.of(store.db());
        SteppedClock clock = new SteppedClock();
        log.record("PORTAL", "restarted", "sendMessage", "SERVICE", "digest", "reply");
        retention(clock, STEP).purge();

        clock.step(STEP.multipliedBy(2));
        retention(clock, STEP).purge();

        assertThat(log.find("PORTAL", "restarted")).as("kept: the restart's clock is ahead").isPresent();
    }

    /**
     * Restarted after a reboot with the clock two hours ahead of the last run: the machine is known to have run only
     * since its boot, so with half an hour since the boot the entry (an hour's window) is kept, and with three hours
     * since the boot the clock is taken and the entry goes.
     */
    @Test
    void afterARebootOnlyTheTimeSinceTheBootIsKnownToHaveElapsed() {
        MessageLog log = MessageLogs.of(store.db());
        SteppedClock clock = new SteppedClock();
        log.record("PORTAL", "rebooted", "sendMessage", "SERVICE", "digest", "reply");
        RetentionLastRun lastRun = new RetentionLastRun(store.db());
        lastRun.note(new RetentionLastRun.Noted(clock.instant(),
                Optional.of(new MachineUptime.Reading("the boot before", Duration.ofDays(3)))));
        clock.step(STEP.multipliedBy(2));

        afterBoot(clock, Duration.ofMinutes(30)).purge();
        assertThat(log.find("PORTAL", "rebooted")).as("up half an hour: kept").isPresent();
        lastRun.note(new RetentionLastRun.Noted(clock.instant().minus(STEP.multipliedBy(2)),
                Optional.of(new MachineUptime.Reading("the boot before", Duration.ofDays(3)))));
        afterBoot(clock, Duration.ofHours(3)).purge();
        assertThat(log.find("PORTAL", "rebooted")).as("up three hours: the clock is taken").isEmpty();
    }

    /**
     * After a reboot the machine's time off is not known, so the retention's time starts behind the clock (three days
     * here); it then gains on the clock a quarter of the time elapsed, and is on it again once the lag is made up.
     * Before, the lag stayed for good and every reboot added its own: rows were kept past their window by all of them.
     */
    @Test
    void theTimeAMachineWasOffIsCaughtUpAtAQuarterOfTheTimeElapsed() {
        SteppedClock clock = new SteppedClock();
        new RetentionLastRun(store.db()).note(new RetentionLastRun.Noted(clock.instant(),
                Optional.of(new MachineUptime.Reading("the boot before", Duration.ofDays(3)))));
        clock.step(Duration.ofDays(3));
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        RetentionClock time = new RetentionClock(clock, new RetentionLastRun(store.db()),
                () -> Optional.of(new MachineUptime.Reading("this boot", Duration.ZERO)), nanos::get);
        assertThat(lag(time, clock)).as("just rebooted").isBetween(Duration.ofDays(3), Duration.ofDays(3).plus(REAL_TIME));

        clock.step(Duration.ofDays(4));
        nanos.addAndGet(Duration.ofDays(4).toNanos());
        assertThat(lag(time, clock)).as("four days on: a day made up")
                .isBetween(Duration.ofDays(2), Duration.ofDays(2).plus(REAL_TIME));

        clock.step(Duration.ofDays(8));
        nanos.addAndGet(Duration.ofDays(8).toNanos());
        assertThat(lag(time, clock)).as("twelve days on: on the clock again").isBetween(Duration.ZERO, REAL_TIME);
    }

    /** How far the retention's time is behind the clock (the test's clock also moves with real time, by milliseconds). */
    private static Duration lag(RetentionClock time, SteppedClock clock) {
        return Duration.between(time.now(), clock.instant());
    }

    /** A step ahead is followed only as fast as time passes: the entry outlives the step. */
    @Test
    void aClockSteppedAheadDeletesNothingEarly() {
        MessageLog log = MessageLogs.of(store.db());
        SteppedClock clock = new SteppedClock();
        Retention retention = new Retention(log, new ProviderQueue(store.db()), new Outbox(store.db()),
                new RevocationMarkTable(store.db()),
                new Retention.Windows(STEP, STEP, STEP, null, STEP), 100, 10, RetentionClock.of(store.db(), clock),
                (table, rows) -> { });
        log.record("PORTAL", "ahead", "sendMessage", "SERVICE", "digest", "reply");

        clock.step(STEP.multipliedBy(2));
        retention.purge();

        assertThat(log.find("PORTAL", "ahead")).isPresent();
    }

    private Retention retention(SteppedClock clock, Duration window) {
        return new Retention(MessageLogs.of(store.db()), new ProviderQueue(store.db()), new Outbox(store.db()),
                new RevocationMarkTable(store.db()),
                new Retention.Windows(window, window, window, null, window), 100, 10, RetentionClock.of(store.db(), clock),
                (table, rows) -> { });
    }

    private Retention afterBoot(SteppedClock clock, Duration sinceBoot) {
        RetentionClock time = new RetentionClock(clock, new RetentionLastRun(store.db()),
                () -> Optional.of(new MachineUptime.Reading("this boot", sinceBoot)));
        return new Retention(MessageLogs.of(store.db()), new ProviderQueue(store.db()), new Outbox(store.db()),
                new RevocationMarkTable(store.db()),
                new Retention.Windows(STEP, STEP, STEP, null, STEP), 100, 10, time, (table, rows) -> { });
    }
}
