package kz.qaqpa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock that times regulation steps and their due times (qaqpa.clock): empty = the system clock;
 * {@code 2026-03-20T19:30:00+05:00} = starts at that instant when the gateway starts and runs on;
 * {@code fixed 2026-03-20T19:30:00+05:00} = stands still at that instant. Tests move it with
 * {@link #advance(Duration)} or {@link #set(Instant)} to see what a late provider or a holiday does to a deadline.
 */
public final class GatewayClock extends Clock {
    private static final String FIXED = "fixed ";
    private final Clock base;
    private final AtomicReference<Duration> offset;

    private GatewayClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    static GatewayClock fromSetting(String value) {
        Clock system = Clock.systemUTC();
        if (value == null || value.isBlank()) {
            return new GatewayClock(system, new AtomicReference<>(Duration.ZERO));
        }
        String text = value.trim();
        boolean fixed = text.startsWith(FIXED);
        Instant start;
        try {
            start = OffsetDateTime.parse(fixed ? text.substring(FIXED.length()).trim() : text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("qaqpa.clock '" + value + "' is not empty, an ISO-8601 date-time with"
                    + " offset, or 'fixed <date-time>'", e);
        }
        Clock base = fixed ? Clock.fixed(start, ZoneOffset.UTC) : system;
        return new GatewayClock(base, new AtomicReference<>(fixed ? Duration.ZERO : Duration.between(system.instant(), start)));
    }

    /** Moves the clock forward (or back, for a negative amount). */
    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /** Makes the clock read {@code now} at this moment; it keeps running (or standing) from there. */
    public void set(Instant now) {
        offset.set(Duration.between(base.instant(), now));
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    /** The same clock seen in another zone; moving either moves both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new GatewayClock(base.withZone(zone), offset);
    }
}
