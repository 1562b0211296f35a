package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AcceptanceTextTest {
    private final AcceptanceText texts = new AcceptanceText(ZoneOffset.ofHours(5));

    /** Two working days from Monday 6 April 2026 end at midnight before Thursday: due on Wednesday, not Thursday. */
    @Test
    void aTermEndingAtMidnightIsShownAsTheEndOfItsLastDay() {
        assertThat(texts.fillTerm("алу күнi және уақыты: {term}",
                OffsetDateTime.parse("2026-04-09T00:00+05:00").toInstant()))
                .isEqualTo("алу күнi және уақыты: 08.04.2026 24:00");
        assertThat(texts.fillTerm("{term}", OffsetDateTime.parse("2027-01-01T00:00+05:00").toInstant()))
                .isEqualTo("31.12.2026 24:00");
    }

    /** A term of minutes ends when it ends; no term planned is a dash. */
    @Test
    void otherEndsAreShownAsTheyAre() {
        assertThat(texts.fillTerm("{term}", OffsetDateTime.parse("2026-04-06T10:30+05:00").toInstant()))
                .isEqualTo("06.04.2026 10:30");
        assertThat(texts.fillTerm("{term}", OffsetDateTime.parse("2026-04-06T00:01+05:00").toInstant()))
                .isEqualTo("06.04.2026 00:01");
        assertThat(texts.fillTerm("{term}", null)).isEqualTo("-");
    }
}
