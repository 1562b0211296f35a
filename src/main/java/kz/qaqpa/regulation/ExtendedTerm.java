package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import kz.qaqpa.regulation.calendar.WorkingCalendar;

/**
 * How the term of a planned step was extended ({@link TermExtension}), as {@code step_plan.extension} keeps it: the
 * extensions in order, each applied to the due time before it, starting from the due time the step's own norm gives.
 * An extension is a {@link Norm} (the provider's {@code extraDays}, counted from the due time before it) or a date
 * (the provider's {@code newDueDate}, the new last day, which replaces whatever came before it). Stored as text, the
 * parts separated by {@code "; "}: {@code 15 calendar-days}, {@code 2026-05-03; 5 working-days}. Extensions by a norm
 * add up by unit (session 33): after the last named day there is at most one part of each unit (and modifiers), in
 * the order the units first came, so the text stays short however many extensions come, whatever their units
 * ({@code 3 calendar-days} then {@code 30 minutes} then {@code 2 calendar-days} is {@code 5 calendar-days; 30 minutes}:
 * one term lengthened by five days and thirty minutes in all; ours: the texts extend a term by days only).
 *
 * <p>{@code at most 6 months}, first where it is, is the longest term the regulation allows the step, counted from
 * where its own norm counts (the route's {@code termExtensionMaximum}, kept when the extension came): made again
 * under another calendar, the extended term ends there at the latest (session 33; {@link #dueFrom(Instant, Instant,
 * WorkingCalendar)}).
 *
 * <p>{@code kept} marks the plans extended before store version 21, when the extension was not data: such a plan is
 * kept whole, as it was then (docs/deadlines.md).
 */
public final class ExtendedTerm {
    /** The mark of the plans extended before the extension was kept as data (store V21). */
    public static final String KEPT = "kept";
    private static final String SEPARATOR = "; ";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String BOUND = "at most ";
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

    /** This extension followed by a new last day, which makes every earlier part but the bound irrelevant. */
    public ExtendedTerm until(LocalDate lastDay) {
        if (kept()) {
            return this;
        }
        List<String> next = new ArrayList<>(parts.stream().filter(ExtendedTerm::isBound).toList());
        next.add(lastDay.toString());
        return new ExtendedTerm(next);
    }

    /** This extension with {@code maximum} as the longest term the step may have, from where its norm counts. */
    public ExtendedTerm atMost(Norm maximum) {
        if (kept()) {
            return this;
        }
        List<String> next = new ArrayList<>(List.of(BOUND + maximum));
        parts.stream().filter(part -> !isBound(part)).forEach(next::add);
        return new ExtendedTerm(next);
    }

    /**
     * This extension with {@code maximum} as its bound where it kept none: an extension stored before session 33
     * (store V21-V22) has no bound of its own and takes the route's, as a new one would (session 34). A kept plan,
     * no extension, or no maximum: unchanged.
     */
    public ExtendedTerm boundedBy(Norm maximum) {
        return maximum == null || isNone() || kept() || bound().isPresent() ? this : atMost(maximum);
    }

    /** The longest term the step may have, from where its own norm counts, where the extension kept one. */
    public java.util.Optional<Norm> bound() {
        return parts.stream().filter(ExtendedTerm::isBound).findFirst()
                .map(part -> Norm.parse(part.substring(BOUND.length())));
    }

    /**
     * This extension followed by {@code norm}: added to the part of its unit and modifiers after the last named day,
     * or a part of its own after them where there is none (the stored text stays short whatever the count).
     */
    public ExtendedTerm by(Norm norm) {
        if (kept()) {
            return this;
        }
        List<String> next = new ArrayList<>(parts);
        for (int i = next.size() - 1; i >= 0 && !isDate(next.get(i)) && !isBound(next.get(i)); i--) {
            Norm part = Norm.parse(next.get(i));
            if (sameKind(part, norm)) {
                next.set(i, new Norm(norm.unit(), part.amount() + norm.amount(), norm.fromNextDay(),
                        norm.plusIssueDay()).toString());
                return new ExtendedTerm(next);
            }
        }
        next.add(norm.toString());
        return new ExtendedTerm(next);
    }

    /** The extended due time, from the due time {@code planned} the step's own norm gives. */
    public Instant dueFrom(Instant planned, WorkingCalendar calendar) {
        if (kept()) {
            throw new IllegalStateException("a plan extended before store version 21 is kept, not made again");
        }
        Instant due = planned;
        for (String part : parts.stream().filter(part -> !isBound(part)).toList()) {
            due = isDate(part) ? calendar.startOf(LocalDate.parse(part).plusDays(1))
                    : Norm.parse(part).dueAfter(due, calendar);
        }
        return due;
    }

    /**
     * The extended due time, from the due time {@code planned} the step's own norm gives, no later than the bound
     * counted from {@code start}, where the step's own norm counts from: seed 003 Table 3 action 6's
     * «Орындау мерзімі» is «15 тен 30 күн күнтізбелік күнге дейін (жекелеген жағдайларда 6 айға дейін)», a term of
     * the action that is never longer than six months, whatever a calendar decree does to the days an extension counts.
     */
    public Instant dueFrom(Instant planned, Norm.Start start, WorkingCalendar calendar) {
        Instant due = dueFrom(planned, calendar);
        return bound().map(norm -> norm.dueFrom(start, calendar)).filter(due::isAfter).orElse(due);
    }

    public boolean isNone() {
        return parts.isEmpty();
    }

    /** Parts of one unit with the same modifiers add up. */
    private static boolean sameKind(Norm a, Norm b) {
        return a.unit() == b.unit() && a.fromNextDay() == b.fromNextDay() && a.plusIssueDay() == b.plusIssueDay();
    }

    private static boolean isBound(String part) {
        return part.startsWith(BOUND);
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
