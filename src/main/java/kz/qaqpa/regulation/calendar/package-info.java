/**
 * The working-day calendar the regulations' terms count on: each year's holidays and transferred days from the
 * calendar files ({@link kz.qaqpa.regulation.calendar.CalendarFile}), read into {@link
 * kz.qaqpa.regulation.calendar.WorkingCalendar}, in Kazakhstan's zones.
 */
package kz.qaqpa.regulation.calendar;
