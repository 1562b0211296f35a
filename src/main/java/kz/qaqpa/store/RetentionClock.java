package kz.qaqpa.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import kz.qaqpa.MachineUptime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time the retention counts its windows from: the system clock's, but ahead of what can be known to have elapsed
 * by at most a quarter of that time. A clock stepped ahead (a false NTP source) would otherwise delete the message log entries of messages still
 * fresh by their date, and their repeats would be taken as new. Its bound is the start's plus the time elapsed since
 * (a monotonic count); the start's is the clock's, but no further ahead than the last run's bound (kept in the store)
 * plus the time the machine has run since (its uptime in the same boot; after a reboot, the time since it). A clock
 * stepped back is followed, and once put right again counts as before (no lag is kept); one ahead of the bound is
 * followed only slowly ({@link #CATCH_UP_SHARE}), so rows then go later than their window, or early by a small share of
 * the step's own duration.
 */
public final class RetentionClock {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionClock.class);
    /** Beyond what NTP's slewing moves a clock between two runs: a step, which the log names. */
    private static final Duration STEP_WORTH_A_WARNING = Duration.ofMinutes(1);
    /**
     * While the clock is ahead of the bound, the bound gains on it a quarter of the time elapsed (ours). Without it the
     * time a machine was off (unknown after a reboot) stayed a lag for good, adding up over reboots, and rows, personal
     * data included, were kept past their window by it: a weekend off is caught up in eight days. A false step ahead
     * deletes at most a quarter of its own duration early: minutes for a step put right within the hour, far inside
     * the windows (days), and nothing younger than the message-date check's freshness is ever near a window's end.
     */
    private static final long CATCH_UP_SHARE = 4;
    private final Clock clock;
    private final RetentionLastRun lastRun;
    private final Supplier<Optional<MachineUptime.Reading>> machine;
    private final LongSupplier nanos;
    /** The bound at the last reading, and System.nanoTime() then. */
    private Instant base;
    private long baseNanos;
    /** How far the clock was ahead of the bound when last read: a step is logged once, when it comes. */
    private Duration ahead;

    /** The system's clock (the one the store's times and the message-date check use) with the machine's uptime. */
    public static RetentionClock of(Database db, Clock clock) {
        return new RetentionClock(clock, new RetentionLastRun(db), MachineUptime::now);
    }

    public RetentionClock(Clock clock, RetentionLastRun lastRun, Supplier<Optional<MachineUptime.Reading>> machine) {
        this(clock, lastRun, machine, System::nanoTime);
    }

    /** @param nanos a monotonic count of nanoseconds (System.nanoTime, or a test's) */
    RetentionClock(Clock clock, RetentionLastRun lastRun, Supplier<Optional<MachineUptime.Reading>> machine,
                   LongSupplier nanos) {
        this.clock = clock;
        this.lastRun = lastRun;
        this.machine = machine;
        this.nanos = nanos;
        Instant wall = clock.instant();
        this.baseNanos = nanos.getAsLong();
        this.base = lastRun.read()
                .map(run -> run.bound().plus(MachineUptime.knownElapsed(run.machine(), machine.get())))
                .filter(bound -> bound.isBefore(wall)).orElse(wall);
        this.ahead = Duration.between(base, wall);
        if (ahead.compareTo(STEP_WORTH_A_WARNING) > 0) {
            LOG.warn("retention: the system clock ({}) is ahead of the last run's time plus the time the machine is"
                    + " known to have run since ({}): counted from the latter, as the clock was stepped ahead or the"
                    + " machine was off; rows are kept longer by the difference, caught up at a quarter of the time"
                    + " elapsed", wall, base);
        }
    }

    /** The time a run counts from; its bound is noted for the next start. */
    public synchronized Instant now() {
        Instant wall = clock.instant();
        long readAt = nanos.getAsLong();
        long elapsed = readAt - baseNanos;
        Instant steady = base.plusNanos(elapsed);
        Instant caughtUp = steady.plusNanos(elapsed / CATCH_UP_SHARE);
        Instant bound = !wall.isAfter(steady) ? steady : wall.isBefore(caughtUp) ? wall : caughtUp;
        base = bound;
        baseNanos = readAt;
        Duration nowAhead = Duration.between(bound, wall);
        if (nowAhead.compareTo(ahead.plus(STEP_WORTH_A_WARNING)) > 0) {
            LOG.warn("retention: the system clock ({}) is ahead of the time elapsed since the start ({}): counted"
                    + " from the elapsed time, as the clock was stepped", wall, bound);
        }
        ahead = nowAhead.isNegative() ? Duration.ZERO : nowAhead;
        lastRun.note(new RetentionLastRun.Noted(bound, machine.get()));
        return wall.isAfter(bound) ? bound : wall;
    }
}
