package kz.qaqpa.regulation.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The data file loads, and a malformed row fails loudly with its place in the file. */
class CalendarFileTest {
    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
    private static final String VALID = """
            weekend: [SATURDAY, SUNDAY]
            holidays:
              - {date: "01-01", name: New Year}
            years:
              2025:
                kurban-ait: {date: 2025-06-06}
                transfers:
                  - {day-off: 2025-01-03, working-day: 2025-01-05}
            """;

    @Test
    void theShippedFileLoadsEveryRow() {
        WorkingCalendar kz = CalendarFile.load("classpath:calendar/kz-working-days.yaml", ALMATY);
        assertThat(kz.zone()).isEqualTo(ALMATY);
        assertThat(WorkingCalendarTest.hasKurbanAit(kz, 2012)).isTrue();
        assertThat(WorkingCalendarTest.hasKurbanAit(kz, 2027)).isTrue();
        assertThat(WorkingCalendarTest.hasKurbanAit(kz, 2028)).isFalse();
    }

    @Test
    void aFileOnDiskLoadsToo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("calendar.yaml"), VALID);
        WorkingCalendar calendar = CalendarFile.load(file.toString(), ALMATY);
        assertThat(calendar.isWorkingDay(LocalDate.parse("2025-01-05"))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2025-01-03"))).isFalse();
    }

    @Test
    void aMissingFileFails() {
        assertThatThrownBy(() -> CalendarFile.load("classpath:calendar/no-such.yaml", ALMATY))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no-such.yaml");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{date: \"01-01\", name: New Year}|{date: \"13-45\", name: New Year}|holidays[0]",
            "{date: \"01-01\", name: New Year}|{date: \"01-01\", name: New Year, colour: red}|unknown key 'colour'",
            "{date: \"01-01\", name: New Year}|{date: \"01-01\"}|'name' is missing",
            "{date: \"01-01\", name: New Year}|{date: \"01-01\", name: X, from: 2022, until: 2021}|'from' 2022 is after 'until' 2021",
            "{date: \"01-01\", name: New Year}|{date: \"01-01\", name: X, moves: sometimes}|must be true or false",
            "kurban-ait: {date: 2025-06-06}|kurban-ait: {date: 2024-06-16}|years.2025.kurban-ait: date 2024-06-16 is not in 2025",
            "kurban-ait: {date: 2025-06-06}|kurban-ait: {date: 2025-06-31}|years.2025.kurban-ait",
            "working-day: 2025-01-05|working-day: 2025-01-06|years.2025.transfers[0]: working-day 2025-01-06 is not a weekend day",
            "day-off: 2025-01-03|day-off: 2025-01-04|day-off 2025-01-04 is already a weekend day",
            "weekend: [SATURDAY, SUNDAY]|weekend: [SATURDAY, SUNDAE]|weekend",
            "    transfers:|    transfer-days:|unknown key 'transfer-days'",
    })
    void aMalformedRowFailsNamingIt(String valid, String malformed, String message) {
        assertThat(VALID).contains(valid);
        String yaml = VALID.replace(valid, malformed);
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(CalendarFile.BadRow.class)
                .hasMessageContaining("working-day calendar test.yaml").hasMessageContaining(message);
    }

    @Test
    void aYearWithoutItsTransfersListFails() {
        String yaml = VALID.substring(0, VALID.indexOf("    transfers:"));
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(CalendarFile.BadRow.class)
                .hasMessageContaining("years.2025: 'transfers' is missing");
    }

    @Test
    void textThatIsNotYamlFails() {
        assertThatThrownBy(() -> parse("holidays: [unclosed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML");
    }

    private static WorkingCalendar parse(String yaml) {
        return CalendarFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", ALMATY);
    }
}
