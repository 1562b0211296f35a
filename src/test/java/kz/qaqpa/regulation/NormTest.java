package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import kz.qaqpa.regulation.calendar.CalendarFile;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Due times on the real calendar file; times are Astana local time (Asia/Almaty). */
class NormTest {
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");
    private static final WorkingCalendar KZ = CalendarFile.load("classpath:calendar/kz-working-days.yaml", ASTANA);
    /** Friday 20 Mar 2026, after hours; Nauryz takes Sat 21 to Wed 25 Mar (two days moved off the weekend). */
    private static final Instant FRIDAY_EVENING_BEFORE_NAURYZ = at("2026-03-20T19:30");

    @Test
    void minutesAndHoursArePlainElapsedTimeWhateverTheDay() {
        Instant saturdayNight = at("2026-11-28T23:55");
        assertThat(Norm.parse("PT15M").dueFrom(saturdayNight, KZ)).isEqualTo(at("2026-11-29T00:10"));
        assertThat(Norm.parse("15 minutes").dueFrom(saturdayNight, KZ)).isEqualTo(at("2026-11-29T00:10"));
        assertThat(Norm.parse("PT2H").dueFrom(saturdayNight, KZ)).isEqualTo(at("2026-11-29T01:55"));
        assertThat(Norm.parse("2 hours").dueFrom(saturdayNight, KZ)).isEqualTo(at("2026-11-29T01:55"));
    }

    /** Table 2 action 6 as the route file wrote it before units: unchanged due time. */
    @Test
    void theIsoFormWithFromNextDayKeepsItsMeaning() {
        Instant acceptedLateInTheDay = Instant.parse("2026-11-25T12:30:00Z"); // 17:30 in Astana
        assertThat(Norm.parse("P3D from-next-day").dueFrom(acceptedLateInTheDay, KZ))
                .isEqualTo(Instant.parse("2026-11-28T19:00:00Z")); // end of 28 Nov, Astana time
    }

    @Test
    void workingDaysSkipTheHolidaysThatCalendarDaysCount() {
        assertThat(Norm.parse("3 calendar-days from-next-day").dueFrom(FRIDAY_EVENING_BEFORE_NAURYZ, KZ))
                .isEqualTo(endOf("2026-03-23"));
        assertThat(Norm.parse("3 working-days from-next-day").dueFrom(FRIDAY_EVENING_BEFORE_NAURYZ, KZ))
                .isEqualTo(endOf("2026-03-30")); // Thu 26, Fri 27, Mon 30
    }

    /**
     * A term runs from the day after the event that starts it (session 31): the texts' «N жұмыс күні» (seed 000's
     * «5 жұмыс күнінде») say nothing of the start, and Kazakh practice counts a period from the next day; the day of
     * acceptance is not counted, however early or late in it the application came.
     */
    @Test
    void aTermRunsFromTheDayAfterItsStart() {
        assertThat(Norm.parse("3 working-days").dueFrom(FRIDAY_EVENING_BEFORE_NAURYZ, KZ))
                .isEqualTo(endOf("2026-03-30")); // Thu 26, Fri 27, Mon 30
        assertThat(Norm.parse("1 calendar-days").dueFrom(FRIDAY_EVENING_BEFORE_NAURYZ, KZ))
                .isEqualTo(endOf("2026-03-21"));
        assertThat(Norm.parse("5 working-days").dueFrom(at("2026-11-30T09:00"), KZ))
                .isEqualTo(endOf("2026-12-07")); // Tue 1 (no holiday since 2022) to Fri 4, Mon 7 Dec
    }

    /**
     * A term planned from the due time of the one before (00:00, the end of that day) counts the day it starts: the
     * regulation's procedures follow one another without a day between them. {@code from-next-day} still skips it.
     */
    @Test
    void aTermPlannedFromTheEndOfTheDayBeforeCountsItsFirstDay() {
        Instant endOfThursday = endOf("2026-03-26"); // Fri 27 Mar 00:00
        assertThat(Norm.parse("3 working-days").dueAfter(endOfThursday, KZ))
                .isEqualTo(endOf("2026-03-31")); // Fri 27, Mon 30, Tue 31
        assertThat(Norm.parse("3 working-days from-next-day").dueAfter(endOfThursday, KZ))
                .isEqualTo(endOf("2026-04-01"));
    }

    /**
     * An event at 00:00:00 (an application accepted at midnight, review41) happened on that day: its term counts from
     * the next day, as one a second later does. Only a previous step's due time at 00:00 is the end of the day before.
     */
    @Test
    void anEventAtMidnightCountsFromTheNextDay() {
        Instant mondayMidnight = at("2026-04-13T00:00");
        assertThat(Norm.parse("3 working-days").dueFrom(mondayMidnight, KZ))
                .as("Tue 14, Wed 15, Thu 16").isEqualTo(endOf("2026-04-16"));
        assertThat(Norm.parse("3 working-days").dueFrom(mondayMidnight.plusSeconds(1), KZ)).isEqualTo(endOf("2026-04-16"));
        assertThat(Norm.parse("1 month").dueFrom(mondayMidnight, KZ)).isEqualTo(endOf("2026-05-13"));
        assertThat(Norm.parse("3 working-days").dueFrom(Norm.Start.dueTime(mondayMidnight), KZ))
                .as("the end of Sunday: Mon 13 - Wed 15").isEqualTo(endOf("2026-04-15"));
    }

    /**
     * Months follow the rule days follow (session 32): the general rule on periods starts a period on the day after the
     * event and ends a period of months on the corresponding date of its last month, or that month's last day where it
     * has no such date (docs/deadlines.md, "Sources of the rules": the article numbers once cited were the Russian Code's). Seed 003's «6 айға дейін» from Friday 20 March runs to 20 September inclusive.
     */
    @Test
    void monthsEndOnTheCorrespondingDateOfTheLastMonth() {
        assertThat(Norm.parse("6 months").dueFrom(FRIDAY_EVENING_BEFORE_NAURYZ, KZ)).isEqualTo(endOf("2026-09-20"));
        assertThat(Norm.parse("1 month").dueFrom(at("2026-01-31T10:00"), KZ)).isEqualTo(endOf("2026-02-28"));
        assertThat(Norm.parse("1 month").dueFrom(at("2026-01-30T10:00"), KZ)).isEqualTo(endOf("2026-02-28"));
        assertThat(Norm.parse("1 month").dueFrom(at("2028-01-31T10:00"), KZ)).isEqualTo(endOf("2028-02-29"));
        // planned from the end of 31 March (1 April 00:00): 31 March is the event's day, as for days
        assertThat(Norm.parse("1 month").dueAfter(endOf("2026-03-31"), KZ)).isEqualTo(endOf("2026-04-30"));
        assertThat(Norm.parse("1 month from-next-day").dueAfter(endOf("2026-03-31"), KZ)).isEqualTo(endOf("2026-05-01"));
        assertThat(Norm.parse("1 month plus-issue-day").dueFrom(at("2026-03-20T10:00"), KZ)).isEqualTo(endOf("2026-04-21"));
    }

    /** The ЦОН's "3 days, the day of acceptance and the day of issue not counted" (Table 2). */
    @Test
    void neitherTheDayOfAcceptanceNorTheDayOfIssueIsCounted() {
        assertThat(Norm.parse("3 working-days from-next-day plus-issue-day").dueFrom(FRIDAY_EVENING_BEFORE_NAURYZ, KZ))
                .isEqualTo(endOf("2026-03-31")); // Thu 26, Fri 27, Mon 30, and Tue 31 to issue
    }

    @Test
    void aStepStartedOnADayOffCountsFromTheNextWorkingDay() {
        Instant nauryzSaturday = at("2026-03-21T10:00");
        assertThat(Norm.parse("1 working-days").dueFrom(nauryzSaturday, KZ)).isEqualTo(endOf("2026-03-26"));
        assertThat(Norm.parse("1 working-day from-next-day").dueFrom(nauryzSaturday, KZ)).isEqualTo(endOf("2026-03-26"));
    }

    /** Across New Year 2025: 1-2 Jan holidays, Fri 3 Jan off by transfer, Sun 5 Jan a working day instead. */
    @Test
    void workingDaysAcrossTheYearBoundaryAndATransfer() {
        assertThat(Norm.parse("3 working-days from-next-day").dueFrom(at("2024-12-30T10:00"), KZ))
                .isEqualTo(endOf("2025-01-06")); // Tue 31 Dec, Sun 5 Jan, Mon 6 Jan
    }

    /** Kurban Ait Sun 16 Jun 2024 and Christmas Sat 7 Jan 2017 are not moved: the Monday after counts. */
    @Test
    void kurbanAitAndChristmasOnAWeekendDoNotDelayADeadline() {
        assertThat(Norm.parse("1 working-days from-next-day").dueFrom(at("2024-06-14T12:00"), KZ)).isEqualTo(endOf("2024-06-17"));
        assertThat(Norm.parse("1 working-days from-next-day").dueFrom(at("2017-01-06T12:00"), KZ)).isEqualTo(endOf("2017-01-09"));
    }

    /** 7 May is a working day in 2012 and a holiday from 2013 (Mon 7 May 2012 vs Tue 7 May 2013). */
    @Test
    void theHolidaysOfTheStartYearApply() {
        assertThat(Norm.parse("1 working-days from-next-day").dueFrom(at("2012-05-04T12:00"), KZ)).isEqualTo(endOf("2012-05-07"));
        assertThat(Norm.parse("1 working-days from-next-day").dueFrom(at("2013-05-06T12:00"), KZ)).isEqualTo(endOf("2013-05-08"));
    }

    @Test
    void aNormReportsItsUnitAndAmountInTheRouteSyntax() {
        Norm con = Norm.parse("3 working-days from-next-day plus-issue-day");
        assertThat(con.unit()).isEqualTo(Norm.Unit.WORKING_DAYS);
        assertThat(con.amount()).isEqualTo(3);
        assertThat(con).hasToString("3 working-days from-next-day plus-issue-day");
        assertThat(Norm.parse(con.toString())).isEqualTo(con);
        assertThat(Norm.parse("PT10M")).isEqualTo(new Norm(Norm.Unit.MINUTES, 10, false, false)).hasToString("10 minutes");
        assertThat(Norm.parse("PT1H30M")).isEqualTo(new Norm(Norm.Unit.MINUTES, 90, false, false));
        assertThat(Norm.parse("PT2H").unit()).isEqualTo(Norm.Unit.HOURS);
        assertThat(Norm.parse("P3D from-next-day")).isEqualTo(new Norm(Norm.Unit.CALENDAR_DAYS, 3, true, false));
    }

    @Test
    void aCalendarWithoutWorkingDaysFailsInsteadOfHanging() {
        WorkingCalendar allWeekend = new WorkingCalendar(ASTANA, java.util.EnumSet.allOf(java.time.DayOfWeek.class),
                java.util.List.of(), java.util.List.of());
        assertThatThrownBy(() -> Norm.parse("1 working-days").dueFrom(FRIDAY_EVENING_BEFORE_NAURYZ, allWeekend))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("finds too few working days");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 working days", "P3D from-yesterday", "PT15M from-next-day", "2 hours plus-issue-day",
            "0 working-days", "PT30S", "3 working-days from-next-day from-next-day", "working-days", "", "3 fortnights"})
    void aNormInAnotherFormIsRefused(String text) {
        assertThatThrownBy(() -> Norm.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("norm '" + text + "'");
    }

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ASTANA).toInstant();
    }

    /** 24:00 of that day in Astana. */
    private static Instant endOf(String day) {
        return LocalDate.parse(day).plusDays(1).atStartOfDay(ASTANA).toInstant();
    }
}
