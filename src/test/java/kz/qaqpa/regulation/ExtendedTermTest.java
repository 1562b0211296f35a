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
        Instant oneAfterTheOther = Norm.parse("2 working-days").dueFrom(Norm.parse("3 working-days")
                .dueFrom(PLANNED, KZ), KZ);
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

    @Test
    void unitsThatDoNotAddUpAreKeptInOrder() {
        ExtendedTerm term = ExtendedTerm.of(null).by(Norm.parse("1 month")).by(Norm.parse("1 month"))
                .by(Norm.parse("3 calendar-days"));
        assertThat(term.stored()).isEqualTo("1 months; 1 months; 3 calendar-days");
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
