package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kz.qaqpa.regulation.calendar.WorkingCalendar;

/**
 * How the term of a planned step was extended ({@link TermExtension}), as {@code step_plan.extension} keeps it: the
 * extensions in order, each applied to the due time before it, starting from the due time the step's own norm gives.
 * An extension is a {@link Norm} (the provider's {@code extraDays}, counted from the due time before it) or a date
 * (the provider's {@code newDueDate}, the new last day, which replaces whatever came before it). Stored as text, the
 * parts separated by {@code "; "}: {@code 15 calendar-days}, {@code 2026-05-03; 5 working-days}.
 *
 * <p>{@code kept} marks the plans extended before store version 21, when the extension was not data: such a plan is
 * kept whole, as it was then (docs/deadlines.md).
 */
public final class ExtendedTerm {
    /** Units whose extensions one after the other end where one of their sum ends (the stored text stays short). */
    private static final Set<Norm.Unit> ADDING_UP = EnumSet.of(Norm.Unit.MINUTES, Norm.Unit.HOURS,
            Norm.Unit.CALENDAR_DAYS, Norm.Unit.WORKING_DAYS);
    /** The mark of the plans extended before the extension was kept as data (store V21). */
    public static final String KEPT = "kept";
    private static final String SEPARATOR = "; ";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ExtendedTerm NONE = new ExtendedTerm(List.of());
    private final List<String> parts;

    private ExtendedTerm(List<String> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The extension as stored; none for null. */
    public static ExtendedTerm of(String stored) {
        return stored == null || stored.isBlank() ? NONE : new ExtendedTerm(Arrays.asList(stored.split(SEPARATOR)));
    }

    public boolean kept() {
        return parts.contains(KEPT);
    }

    /** This extension followed by a new last day, which makes every earlier part irrelevant. */
    public ExtendedTerm until(LocalDate lastDay) {
        return kept() ? this : new ExtendedTerm(List.of(lastDay.toString()));
    }

    /**
     * This extension followed by {@code norm}. Minutes and hours add up, and so do day norms without modifiers ({@code N} then {@code M} days of
     * one unit end where {@code N + M} do, each term ending a day), which keeps the text short; months do not (31 Jan +
     * 1 month + 1 month is 28 March, + 2 months 31 March).
     */
    public ExtendedTerm by(Norm norm) {
        if (kept()) {
            return this;
        }
        List<String> next = new ArrayList<>(parts);
        Norm last = next.isEmpty() || isDate(next.get(next.size() - 1)) ? null : Norm.parse(next.get(next.size() - 1));
        if (last != null && addsUp(last, norm)) {
            next.set(next.size() - 1, new Norm(norm.unit(), last.amount() + norm.amount(), false, false).toString());
        } else {
            next.add(norm.toString());
        }
        return new ExtendedTerm(next);
    }

    /** The extended due time, from the due time {@code planned} the step's own norm gives. */
    public Instant dueFrom(Instant planned, WorkingCalendar calendar) {
        if (kept()) {
            throw new IllegalStateException("a plan extended before store version 21 is kept, not made again");
        }
        Instant due = planned;
        for (String part : parts) {
            due = isDate(part) ? calendar.startOf(LocalDate.parse(part).plusDays(1))
                    : Norm.parse(part).dueFrom(due, calendar);
        }
        return due;
    }

    public boolean isNone() {
        return parts.isEmpty();
    }

    /** Elapsed time adds up exactly, and so do day norms without modifiers; months do not. */
    private static boolean addsUp(Norm a, Norm b) {
        return a.unit() == b.unit() && ADDING_UP.contains(a.unit())
                && !a.fromNextDay() && !a.plusIssueDay() && !b.fromNextDay() && !b.plusIssueDay();
    }

    private static boolean isDate(String part) {
        return DATE.matcher(part).matches();
    }

    /** The stored form; null for none. */
    public String stored() {
        return parts.isEmpty() ? null : String.join(SEPARATOR, parts);
    }

    @Override
    public String toString() {
        return parts.isEmpty() ? "(none)" : String.join(SEPARATOR, parts);
    }
}
