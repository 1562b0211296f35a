package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AcceptanceTextTest {
    private static final ZoneOffset KAZAKHSTAN = ZoneOffset.ofHours(5);

    /** Two working days from Monday 6 April 2026 end at midnight before Thursday: due on Wednesday, not Thursday. */
    @Test
    void aTermEndingAtMidnightIsShownAsTheEndOfItsLastDay() {
        assertThat(term("алу күнi және уақыты: {term}", "2026-04-09T00:00+05:00"))
                .isEqualTo("алу күнi және уақыты: 08.04.2026 24:00");
        assertThat(term("{term}", "2027-01-01T00:00+05:00"))
                .isEqualTo("31.12.2026 24:00");
    }

    /** A term of minutes ends when it ends; no term planned is a dash. */
    @Test
    void otherEndsAreShownAsTheyAre() {
        assertThat(term("{term}", "2026-04-06T10:30+05:00"))
                .isEqualTo("06.04.2026 10:30");
        assertThat(term("{term}", "2026-04-06T00:01+05:00"))
                .isEqualTo("06.04.2026 00:01");
        assertThat(AcceptanceText.fillTerm("{term}", null, KAZAKHSTAN)).isEqualTo("-");
    }

    /** The text with {term} filled in for a term ending at {@code end}, shown in Kazakhstan's time. */
    private static String term(String text, String end) {
        return AcceptanceText.fillTerm(text, OffsetDateTime.parse(end).toInstant(), KAZAKHSTAN);
    }
}
