package kz.qaqpa.regulation.calendar;

import java.time.LocalDate;

/** A government day transfer: {@code dayOff} (a weekday) becomes a day off, {@code workingDay} (a weekend day) a working day. */
public record Transfer(LocalDate dayOff, LocalDate workingDay) {
}
