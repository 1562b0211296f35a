package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import kz.qaqpa.regulation.calendar.CalendarFile;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import org.junit.jupiter.api.Test;

/**
 * A step's term extensions as the plan keeps them (step_plan.extension), on the real calendar file: what is stored
 * after each extension, and the due time made again from the step's own due time (the start's replan).
 */
class ExtendedTermTest {
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");
    private static final WorkingCalendar KZ = CalendarFile.load("classpath:calendar/kz-working-days.yaml", ASTANA);
    /** A check «5 жұмыс күнінде» from Friday 20 March 2026 19:30: 26, 27, 30, 31 March, 1 April. */
    private static final Instant PLANNED = endOf("2026-04-01");

    @Test
    void extensionsByDaysOfOneUnitAddUpAndEndWhereTheyEndOneAfterTheOther() {
        ExtendedTerm twice = ExtendedTerm.of(null).by(Norm.parse("3 working-days")).by(Norm.parse("2 working-days"));
        assertThat(twice.stored()).isEqualTo("5 working-days");
        Instant oneAfterTheOther = Norm.parse("2 working-days").dueAfter(Norm.parse("3 working-days")
                .dueAfter(PLANNED, KZ), KZ);
        assertThat(twice.dueFrom(PLANNED, KZ)).isEqualTo(oneAfterTheOther).isEqualTo(endOf("2026-04-08"));
        assertThat(ExtendedTerm.of(twice.stored()).dueFrom(PLANNED, KZ)).isEqualTo(endOf("2026-04-08"));
    }

    /** Extensions by minutes, however many, stay one part: the stored text fits its column (VARCHAR(1000)). */
    @Test
    void extensionsByElapsedTimeAddUp() {
        ExtendedTerm term = ExtendedTerm.of(null);
        for (int i = 0; i < 200; i++) {
            term = term.by(Norm.parse("1 minutes"));
        }
        assertThat(term.stored()).isEqualTo("200 minutes");
        assertThat(term.dueFrom(PLANNED, KZ)).isEqualTo(PLANNED.plus(Duration.ofMinutes(200)));
        assertThat(ExtendedTerm.of(null).by(Norm.parse("2 hours")).by(Norm.parse("3 hours")).stored())
                .isEqualTo("5 hours");
    }

    @Test
    void aNamedLastDayReplacesWhatCameBeforeAndDaysCountOnFromIt() {
        ExtendedTerm term = ExtendedTerm.of("5 working-days").until(LocalDate.parse("2026-04-10"))
                .by(Norm.parse("2 calendar-days"));
        assertThat(term.stored()).isEqualTo("2026-04-10; 2 calendar-days");
        assertThat(ExtendedTerm.of(term.stored()).dueFrom(PLANNED, KZ)).isEqualTo(endOf("2026-04-12"));
    }

    /**
     * Session 33 (leftovers20): extensions of several units, alternating, add up by unit, in the order the units
     * first came, however many (before, each change of unit appended a part: 1,000 alternating extensions stored 1,000
     * parts, far past the column's 1,000 characters). Months add up too: an extension is one term lengthened, by two
     * months in all.
     */
    @Test
    void extensionsOfSeveralUnitsAddUpByUnitWhateverTheirCount() {
        ExtendedTerm term = ExtendedTerm.of(null);
        for (int i = 0; i < 500; i++) {
            term = term.by(Norm.parse("1 calendar-days")).by(Norm.parse("10 minutes"));
        }
        assertThat(term.stored()).isEqualTo("500 calendar-days; 5000 minutes");
        assertThat(term.dueFrom(PLANNED, KZ)).isEqualTo(Norm.parse("500 calendar-days").dueAfter(PLANNED, KZ)
                .plus(Duration.ofMinutes(5000)));
        assertThat(ExtendedTerm.of(null).by(Norm.parse("1 month")).by(Norm.parse("3 calendar-days"))
                .by(Norm.parse("1 month")).stored()).isEqualTo("2 months; 3 calendar-days");
        assertThat(ExtendedTerm.of("2026-04-10; 2 calendar-days").by(Norm.parse("1 hours")).by(Norm.parse("1 calendar-days"))
                .stored()).isEqualTo("2026-04-10; 3 calendar-days; 1 hours");
    }

    /** The bound kept with the extension holds when the term is made again, counted from the step's own start. */
    @Test
    void theBoundKeptWithTheExtensionHoldsWhenTheTermIsMadeAgain() {
        Instant start = LocalDate.parse("2026-03-20").atTime(19, 30).atZone(ASTANA).toInstant();
        ExtendedTerm term = ExtendedTerm.of(null).by(Norm.parse("12 working-days")).atMost(Norm.parse("30 calendar-days"));
        assertThat(term.stored()).isEqualTo("at most 30 calendar-days; 12 working-days");
        assertThat(term.dueFrom(PLANNED, Norm.Start.event(start), KZ)).isEqualTo(endOf("2026-04-17"));
        assertThat(ExtendedTerm.of(term.stored()).by(Norm.parse("3 working-days")).dueFrom(PLANNED, Norm.Start.event(start), KZ))
                .as("capped").isEqualTo(endOf("2026-04-19"));
        assertThat(ExtendedTerm.of(term.stored()).until(LocalDate.parse("2026-04-15")).stored())
                .isEqualTo("at most 30 calendar-days; 2026-04-15");
    }

    @Test
    void noExtensionIsStoredAsNothing() {
        assertThat(ExtendedTerm.of(null).isNone()).isTrue();
        assertThat(ExtendedTerm.of(null).stored()).isNull();
    }

    /** Store V21 marks the plans extended before it: kept whole, whatever extension follows, and never made again. */
    @Test
    void aPlanExtendedBeforeVersion21StaysKept() {
        ExtendedTerm kept = ExtendedTerm.of(ExtendedTerm.KEPT);
        assertThat(kept.kept()).isTrue();
        assertThat(kept.by(Norm.parse("5 working-days")).stored()).isEqualTo(ExtendedTerm.KEPT);
        assertThat(kept.until(LocalDate.parse("2026-04-10")).stored()).isEqualTo(ExtendedTerm.KEPT);
        assertThatThrownBy(() -> kept.dueFrom(PLANNED, KZ)).isInstanceOf(IllegalStateException.class);
    }

    /** 24:00 of that day in Astana. */
    private static Instant endOf(String day) {
        return LocalDate.parse(day).plusDays(1).atStartOfDay(ASTANA).toInstant();
    }
}
