package kz.qaqpa.regulation.calendar;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator is told of the working-day calendar the gateway counts on (regs62): the doubts of the years a
 * term begun today can reach (an estimated Kurban Ait, a year whose transfer order is not known, a holiday whose law
 * is not verified), on health's {@code calendar} part and in one warning at start. The gateway counts those days as
 * the file says all the same: an application is never refused for the calendar, and a term computed on an estimate
 * moves at the next start once the file is corrected (docs/deadlines.md, "Where the calendar is not yet known").
 */
public final class CalendarDoubts {
    private static final Logger LOG = LoggerFactory.getLogger(CalendarDoubts.class);
    /** A term begun today ends within the next year: the longest, seed 003's bound, is six months. */
    private static final int YEARS_AHEAD = 1;
    private final WorkingCalendar calendar;
    private final String location;
    private final Clock clock;

    /**
     * @param location where the calendar was read (qaqpa.calendar), named so the operator knows what to correct
     * @param clock    the regulation's clock (qaqpa.clock): its year is where terms begin
     */
    public CalendarDoubts(WorkingCalendar calendar, String location, Clock clock) {
        this.calendar = calendar;
        this.location = location;
        this.clock = clock;
    }

    /** One line for the operator: the file, the years, and what in them is not confirmed, with how to correct it. */
    public String detail() {
        return detail(read());
    }

    /** A warning at start while something of these years is not confirmed. */
    public void warnAtStart() {
        Reading reading = read();
        if (!reading.doubts().isEmpty()) {
            LOG.warn("working-day calendar {}", detail(reading));
        }
    }

    /** This year's (in the calendar's zone) and the next's doubts, read once for a line. */
    private Reading read() {
        int year = calendar.dateOf(clock.instant()).getYear();
        return new Reading(year, calendar.doubts(year, year + YEARS_AHEAD));
    }

    private String detail(Reading reading) {
        String years = reading.year() + "-" + (reading.year() + YEARS_AHEAD);
        if (reading.doubts().isEmpty()) {
            return location + ": " + years + " confirmed";
        }
        return location + ": " + years + " counted as the file says, but unconfirmed: "
                + String.join("; ", reading.doubts())
                + ". Correct the file (qaqpa.calendar) and restart: running terms follow (docs/deadlines.md)";
    }

    private record Reading(int year, List<String> doubts) {
    }
}
