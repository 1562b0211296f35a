package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * review41 row 4 (terms41): a form's submission date is an xs:date (seed 000's «Жіберілген күні / Дата подачи»,
 * xsd/nko-2012-guardianship.xsd submittedOn), whose lexical form may end with a zone; the day is the day as printed,
 * as a result's date is read. Before, '2026-03-19+05:00' and '2026-03-19Z' gave no day, so a result printing that day
 * was compared with the acceptance's day alone.
 */
class ResultRequirementsTest {
    private static final LocalDate THURSDAY = LocalDate.parse("2026-03-19");

    @Test
    void aSubmissionDayWithItsZoneIsTheDayAsPrinted() {
        assertThat(ResultRequirements.localDay("2026-03-19")).contains(THURSDAY);
        assertThat(ResultRequirements.localDay("2026-03-19+05:00")).contains(THURSDAY);
        assertThat(ResultRequirements.localDay("2026-03-19Z")).contains(THURSDAY);
        assertThat(ResultRequirements.localDay("2026-03-19-10:00")).contains(THURSDAY);
        assertThat(ResultRequirements.localDay("2026-03-19T10:00:00")).contains(THURSDAY);
        assertThat(ResultRequirements.localDay("19.03.2026")).isEmpty();
    }
}
