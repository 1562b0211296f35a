package kz.qaqpa.regulation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.regulation.calendar.WorkingCalendar;

/**
 * A step's time norm as a route file writes it, in the unit of the regulation's table:
 * {@code 15 minutes} or {@code PT15M}, {@code 2 hours} or {@code PT2H}, {@code 3 calendar-days} or {@code P3D},
 * {@code 5 working-days}, {@code 6 months} (calendar months, seed 003's «6 айға дейін»); a day norm may be followed
 * by {@code from-next-day} (the day the step began is not
 * counted, even where it began at 00:00) and {@code plus-issue-day} (the day of issue is not counted either: one more
 * counted day). Minutes and hours are plain elapsed time; day norms count from the day after their start and end at
 * the end of their last counted day, local time.
 * The rules in full: docs/deadlines.md.
 */
public record Norm(Unit unit, int amount, boolean fromNextDay, boolean plusIssueDay) {
    private static final String FROM_NEXT_DAY = "from-next-day";
    private static final String PLUS_ISSUE_DAY = "plus-issue-day";
    /** Far beyond any regulation's term; keeps a typo from looping through centuries of calendar. */
    private static final int MAX_AMOUNT = 10_000;
    private static final Pattern ISO_SINGLE = Pattern.compile("P(?:T(\\d+)([MH])|(\\d+)D)");
    private static final Pattern WORDS = Pattern.compile("(\\d+) ([a-z-]+)");

    /** The units a regulation's table states a norm in. */
    public enum Unit {
        MINUTES("minutes"), HOURS("hours"), CALENDAR_DAYS("calendar-days"), WORKING_DAYS("working-days"),
        MONTHS("months");

        private final String word;

        Unit(String word) {
            this.word = word;
        }

        /** The unit as a route file writes it. */
        public String word() {
            return word;
        }

        public boolean countsDays() {
            return this == CALENDAR_DAYS || this == WORKING_DAYS || this == MONTHS;
        }

        static Unit of(String word) {
            for (Unit unit : values()) {
                if (unit.word.equals(word) || unit.word.equals(word + "s")) {
                    return unit;
                }
            }
            return null;
        }
    }

    public Norm {
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("a norm's amount must be 1.." + MAX_AMOUNT + ", not " + amount);
        }
        if ((fromNextDay || plusIssueDay) && !unit.countsDays()) {
            throw new IllegalArgumentException(FROM_NEXT_DAY + " and " + PLUS_ISSUE_DAY + " apply to day norms only");
        }
    }

    public static Norm parse(String text) {
        String[] parts = text.trim().split("\\s+");
        int modifiers = parts[0].startsWith("P") ? 1 : 2;
        Norm base = parts[0].startsWith("P") ? iso(parts[0], text) : words(parts, text);
        boolean fromNextDay = false;
        boolean plusIssueDay = false;
        for (int i = modifiers; i < parts.length; i++) {
            if (FROM_NEXT_DAY.equals(parts[i]) && !fromNextDay) {
                fromNextDay = true;
            } else if (PLUS_ISSUE_DAY.equals(parts[i]) && !plusIssueDay) {
                plusIssueDay = true;
            } else {
                throw refused(text);
            }
        }
        try {
            return new Norm(base.unit, base.amount, fromNextDay, plusIssueDay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("norm '" + text + "': " + e.getMessage(), e);
        }
    }

    /** {@code PT15M}, {@code PT2H}, {@code P3D}; any other ISO-8601 duration of whole minutes counts in minutes. */
    private static Norm iso(String duration, String text) {
        Matcher m = ISO_SINGLE.matcher(duration);
        try {
            if (m.matches()) {
                return m.group(3) != null ? new Norm(Unit.CALENDAR_DAYS, Integer.parseInt(m.group(3)), false, false)
                        : new Norm("H".equals(m.group(2)) ? Unit.HOURS : Unit.MINUTES, Integer.parseInt(m.group(1)), false, false);
            }
            Duration d = Duration.parse(duration);
            if (d.toSeconds() % 60 != 0) {
                throw new IllegalArgumentException("not whole minutes");
            }
            return new Norm(Unit.MINUTES, Math.toIntExact(d.toMinutes()), false, false);
        } catch (DateTimeParseException | ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException("norm '" + text + "': " + e.getMessage(), e);
        }
    }

    private static Norm words(String[] parts, String text) {
        Matcher m = parts.length < 2 ? null : WORDS.matcher(parts[0] + " " + parts[1]);
        Unit unit = m != null && m.matches() ? Unit.of(m.group(2)) : null;
        if (unit == null) {
            throw refused(text);
        }
        try {
            return new Norm(unit, Integer.parseInt(m.group(1)), false, false);
        } catch (NumberFormatException e) {
            throw refused(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("norm '" + text + "': " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException refused(String text) {
        return new IllegalArgumentException("norm '" + text + "' is not '<n> minutes|hours|calendar-days|working-days|months"
                + " [" + FROM_NEXT_DAY + "] [" + PLUS_ISSUE_DAY + "]' nor an ISO-8601 duration such as PT15M");
    }

    /**
     * Where a step's norm counts from, told apart by its origin, not by its hour: an {@link #event} (the acceptance, a
     * refusal, an extension's receipt, a step's real start) or the {@link #dueTime} of the step planned before (the
     * chained procedures of a regulation follow one another without a day between them).
     */
    public record Start(Instant at, boolean isDueTime) {
        public static Start event(Instant at) {
            return new Start(at, false);
        }

        public static Start dueTime(Instant at) {
            return new Start(at, true);
        }
    }

    /** When a step that began with the event at {@code event} is due ({@link #dueFrom(Start, WorkingCalendar)}). */
    public Instant dueFrom(Instant event, WorkingCalendar calendar) {
        return dueFrom(Start.event(event), calendar);
    }

    /** When a step that follows one due at {@code previousDue} is due ({@link #dueFrom(Start, WorkingCalendar)}). */
    public Instant dueAfter(Instant previousDue, WorkingCalendar calendar) {
        return dueFrom(Start.dueTime(previousDue), calendar);
    }

    /**
     * When a step that began at {@code start} is due. Minutes and hours: the start plus the elapsed time.
     * Days: the end (24:00 in the calendar's zone) of the last counted day, counting from the day after the start
     * (from the start's own day where the start is a previous step's due time at 00:00: {@link #firstCountedDay});
     * working-day norms count only the calendar's working days. Months count from the same first day and end on the
     * corresponding date of the last month (the general rule on periods: see docs/deadlines.md, "Sources of the
     * rules"), e.g. 20 March + 6 months = 20 September; where that month has no such date, on its last day
     * (31 January + 1 month = 28 February).
     */
    public Instant dueFrom(Start start, WorkingCalendar calendar) {
        if (!unit.countsDays()) {
            return start.at().plus(elapsed());
        }
        LocalDate day = firstCountedDay(start, calendar);
        if (unit == Unit.MONTHS) {
            // the event's day is the one before the first counted; plusMonths gives a shorter month's last day
            LocalDate last = day.minusDays(1).plusMonths(amount);
            return calendar.startOf(last.plusDays(plusIssueDay ? 2 : 1));
        }
        int toCount = amount + (plusIssueDay ? 1 : 0);
        LocalDate giveUp = day.plusYears(toCount + 1L); // a calendar without working days must not hang a step
        for (int counted = 0; day.isBefore(giveUp); day = day.plusDays(1)) {
            if (unit == Unit.CALENDAR_DAYS || calendar.isWorkingDay(day)) {
                counted++;
                if (counted == toCount) {
                    return calendar.startOf(day.plusDays(1));
                }
            }
        }
        throw new IllegalStateException("norm '" + this + "' finds too few working days after " + calendar.dateOf(start.at()));
    }

    /**
     * The first day a day norm counts: the day after the start (a term runs from the day after the event that starts
     * it, unless the text says otherwise: docs/deadlines.md, session 31), even for an event at 00:00:00 (session 41:
     * an application accepted at midnight was accepted on that day); but the start's own day where the start is a
     * previous step's due time at 00:00, which is the end of the day before. {@code from-next-day} never counts the
     * start's day. Months follow the same rule (session 32).
     */
    private LocalDate firstCountedDay(Start start, WorkingCalendar calendar) {
        LocalDate date = calendar.dateOf(start.at());
        boolean endOfTheDayBefore = start.isDueTime() && calendar.startOf(date).equals(start.at());
        boolean nextDay = fromNextDay || !endOfTheDayBefore;
        return nextDay ? date.plusDays(1) : date;
    }

    /** The elapsed time of a minutes or hours norm. */
    public Duration elapsed() {
        return switch (unit) {
            case MINUTES -> Duration.ofMinutes(amount);
            case HOURS -> Duration.ofHours(amount);
            default -> throw new IllegalStateException(this + " counts days, not elapsed time");
        };
    }

    /** The norm as a route file writes it in words: {@code 3 working-days from-next-day}. */
    @Override
    public String toString() {
        return amount + " " + unit.word() + (fromNextDay ? " " + FROM_NEXT_DAY : "") + (plusIssueDay ? " " + PLUS_ISSUE_DAY : "");
    }
}
