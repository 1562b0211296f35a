package kz.qaqpa.regulation.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which days are working days in Kazakhstan, from the data of {@link CalendarFile}: weekends, holidays in force
 * that year (one falling on a day off moves to the next working day, cascading), 7 January and Kurban Ait day 1
 * (never moved), the day transfers and the rare holiday a decree placed elsewhere. For a year the data does not list, weekends and fixed-date holidays still
 * apply but Kurban Ait and transfers are unknown: counted as working days, with a warning in the log.
 */
public final class WorkingCalendar {
    private static final Logger LOG = LoggerFactory.getLogger(WorkingCalendar.class);
    private static final String KURBAN_AIT = "Kurban Ait, day 1";
    private final ZoneId zone;
    private final Set<DayOfWeek> weekend;
    private final List<Holiday> holidays;
    private final Map<Integer, CalendarYear> years = new HashMap<>();
    private final Set<LocalDate> transferDaysOff = new HashSet<>();
    private final Set<LocalDate> transferWorkingDays = new HashSet<>();
    private final Map<Integer, Map<LocalDate, String>> holidaysByYear = new ConcurrentHashMap<>();
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    /** @param zone where the regulations' days begin and end (qaqpa.time-zone; another regulation's: {@link #inZone}) */
    public WorkingCalendar(ZoneId zone, Set<DayOfWeek> weekend, List<Holiday> holidays, Collection<CalendarYear> years) {
        this.zone = zone;
        this.weekend = Set.copyOf(weekend);
        this.holidays = holidays.stream().sorted(Comparator.comparing(Holiday::date)).toList();
        for (CalendarYear y : years) {
            this.years.put(y.year(), y);
            y.transfers().forEach(t -> {
                transferDaysOff.add(t.dayOff());
                transferWorkingDays.add(t.workingDay());
            });
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The same working days seen in another zone (a regulation whose days begin and end elsewhere: seed 001's
     * Mangystau, Aqtau time, before 01.03.2024); this calendar itself when the zone is its own.
     */
    public WorkingCalendar inZone(ZoneId other) {
        return other.equals(zone) ? this : new WorkingCalendar(other, weekend, holidays, years.values());
    }

    public boolean isWorkingDay(LocalDate day) {
        return dayOff(day).isEmpty();
    }

    /** Why {@code day} is not a working day (a holiday's name, "transfer", the weekday), or empty on a working day. */
    public Optional<String> dayOff(LocalDate day) {
        warnIfUncertain(day.getYear());
        String holiday = holidaysOf(day.getYear()).get(day);
        if (holiday == null && day.getDayOfYear() <= 7) {
            holiday = holidaysOf(day.getYear() - 1).get(day); // a December holiday moved into January
        }
        if (holiday != null) {
            return Optional.of(holiday);
        }
        if (transferDaysOff.contains(day)) {
            return Optional.of("transfer (day off)");
        }
        return weekendOff(day) ? Optional.of(day.getDayOfWeek().toString()) : Optional.empty();
    }

    /**
     * What the data leaves in doubt for the years {@code from} to {@code to}, one line each: a year with no data
     * (Kurban Ait and day transfers unknown), a year marked unconfirmed (its note, Kurban Ait's with it), and each
     * unconfirmed holiday row that bears on the year: in force in it, or, for a row with an end, ended before it
     * (its note is then about the end). The days are counted as the data says all the same (docs/deadlines.md,
     * "Where the calendar is not yet known").
     */
    public List<String> doubts(int from, int to) {
        return doubts(LocalDate.of(from, 1, 1), LocalDate.of(to, 12, 31));
    }

    /**
     * What the data leaves in doubt for the days {@code from} to {@code to} (a term's): each year's doubts as
     * {@link #doubts(int, int)} says them, its unconfirmed holiday rows only where their day lies between the two.
     */
    public List<String> doubts(LocalDate from, LocalDate to) {
        List<String> doubts = new ArrayList<>();
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            CalendarYear data = years.get(year);
            if (data == null) {
                doubts.add(year + ": no data, Kurban Ait and day transfers unknown (counted as working days)");
            } else if (data.unconfirmed() != null) {
                doubts.add(year + ": " + data.unconfirmed());
            }
            for (Holiday h : holidays) {
                if (h.in(year).isBefore(from) || h.in(year).isAfter(to)) {
                    continue;
                }
                if (h.unconfirmed() != null && h.until() == null && h.inForce(year)) {
                    doubts.add(year + ": holiday " + h.in(year) + " " + h.name() + ": " + h.unconfirmed());
                } else if (h.unconfirmed() != null && h.until() != null && year > h.until()) {
                    doubts.add(year + ": no holiday on " + h.in(year) + " (" + h.name() + " until " + h.until()
                            + "): " + h.unconfirmed());
                }
            }
        }
        return doubts;
    }

    /** The regulation's local date of an instant. */
    public LocalDate dateOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The instant a local day begins (00:00 in the calendar's zone). */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    private boolean weekendOff(LocalDate day) {
        return weekend.contains(day.getDayOfWeek()) && !transferWorkingDays.contains(day);
    }

    private boolean dayOffBeforeHolidays(LocalDate day) {
        return weekendOff(day) || transferDaysOff.contains(day);
    }

    private Map<LocalDate, String> holidaysOf(int year) {
        return holidaysByYear.computeIfAbsent(year, this::placeHolidays);
    }

    /**
     * The year's holidays and never-moved days off by the date they are taken on. Days off that never move are
     * placed first; a holiday on a day off (a weekend, a never-moved day off, or another holiday's own date)
     * takes the first later day that is none of these, in date order, so moves cascade (Nauryz 2026).
     */
    private Map<LocalDate, String> placeHolidays(int year) {
        CalendarYear data = years.get(year);
        Map<LocalDate, String> taken = neverMoved(year, data);
        List<Holiday> moving = holidays.stream().filter(h -> h.inForce(year) && h.moves()).toList();
        List<Holiday> toMove = placeOnOwnDates(moving, year, taken);
        Set<LocalDate> ownDates = moving.stream().map(h -> h.in(year)).collect(Collectors.toSet());
        toMove.forEach(h -> move(h, year, data, taken, ownDates));
        return Map.copyOf(taken);
    }

    /** The days off that never move, the year's Kurban Ait among them. */
    private Map<LocalDate, String> neverMoved(int year, CalendarYear data) {
        Map<LocalDate, String> taken = new HashMap<>();
        holidays.stream().filter(h -> h.inForce(year) && !h.moves()).forEach(h -> taken.put(h.in(year), h.name()));
        if (data != null) {
            taken.merge(data.kurbanAit(), KURBAN_AIT, (a, b) -> a + "; " + b);
        }
        return taken;
    }

    /** Places each holiday whose own date is a working day there; the others, to be moved, in date order. */
    private List<Holiday> placeOnOwnDates(List<Holiday> moving, int year, Map<LocalDate, String> taken) {
        List<Holiday> toMove = new ArrayList<>();
        for (Holiday h : moving) {
            LocalDate day = h.in(year);
            if (dayOffBeforeHolidays(day) || taken.containsKey(day)) {
                toMove.add(h);
            } else {
                taken.put(day, h.name());
            }
        }
        return toMove;
    }

    /** To the day a decree names, or else the first later day that is no day off and no holiday's own date. */
    private void move(Holiday h, int year, CalendarYear data, Map<LocalDate, String> taken, Set<LocalDate> ownDates) {
        LocalDate decreed = data == null ? null : data.holidayMoves().get(h.in(year));
        if (decreed != null) {
            taken.put(decreed, h.name() + " (moved by decree from " + h.in(year) + ")");
            return;
        }
        LocalDate day = h.in(year).plusDays(1);
        while (dayOffBeforeHolidays(day) || taken.containsKey(day) || ownDates.contains(day)) {
            day = day.plusDays(1);
        }
        taken.put(day, h.name() + " (moved from " + h.in(year) + ")");
    }

    private void warnIfUncertain(int year) {
        if (warned.contains(year)) {
            return;
        }
        CalendarYear data = years.get(year);
        if (data == null && warned.add(year)) {
            LOG.warn("working-day calendar has no data for {}: weekends and fixed-date holidays apply,"
                    + " Kurban Ait and day transfers are unknown and counted as working days", year);
        } else if (data != null && data.unconfirmed() != null && warned.add(year)) {
            LOG.warn("working-day calendar for {} is unconfirmed: {}", year, data.unconfirmed());
        }
    }
}
