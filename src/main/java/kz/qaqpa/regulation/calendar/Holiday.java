package kz.qaqpa.regulation.calendar;

import java.time.LocalDate;
import java.time.MonthDay;

/**
 * A public holiday on a fixed date, in force from year {@code from} to {@code until} (inclusive; null = open).
 * {@code moves}: a holiday that falls on a day off moves to the next working day; 7 January does not.
 *
 * @param unconfirmed why the row rests on a single informal source, or null
 */
public record Holiday(MonthDay date, String name, Integer from, Integer until, boolean moves, String unconfirmed) {

    public boolean inForce(int year) {
        return (from == null || year >= from) && (until == null || year <= until) && date.isValidYear(year);
    }

    public LocalDate in(int year) {
        return date.atYear(year);
    }
}
