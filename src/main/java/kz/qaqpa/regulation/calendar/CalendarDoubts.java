package kz.qaqpa.regulation.calendar;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
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
    /** {@link WorkingCalendar#doubts}' lines begin with their year. */
    private static final Pattern YEAR_LED = Pattern.compile("^(\\d{4}): ");
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

    /**
     * What a term counted from {@code start} to {@code due} rests on that the file leaves unconfirmed, one line each as
     * the console marks the term (ops63: the operator saw the doubts on health only, not on the application they bear
     * on): "rests on unconfirmed 2027 calendar data: no transfer order …". Empty when the term's days are confirmed.
     */
    public List<String> ofTerm(Instant start, Instant due) {
        return calendar.doubts(calendar.dateOf(start), calendar.dateOf(due)).stream()
                .map(doubt -> YEAR_LED.matcher(doubt).replaceFirst("rests on unconfirmed $1 calendar data: ")).toList();
    }

    /** What the console asks of a term: {@link #ofTerm}. */
    @FunctionalInterface
    public interface OfTerm {
        List<String> of(Instant start, Instant due);
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
