package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class NormTest {
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");

    @Test
    void aPlainDurationCountsFromTheStart() {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(Norm.parse("PT15M").dueFrom(start, ASTANA)).isEqualTo(Instant.parse("2026-11-25T10:15:00Z"));
    }

    /** Table 2 action 6: "3 days; the day of acceptance and the day of issue are not counted". */
    @Test
    void fromNextDayDoesNotCountTheDayTheStepBegan() {
        Instant acceptedLateInTheDay = Instant.parse("2026-11-25T12:30:00Z"); // 17:30 in Astana
        assertThat(Norm.parse("P3D from-next-day").dueFrom(acceptedLateInTheDay, ASTANA))
                .isEqualTo(Instant.parse("2026-11-28T19:00:00Z")); // end of 28 Nov, Astana time
    }

    @Test
    void aNormInAnotherFormIsRefused() {
        assertThatThrownBy(() -> Norm.parse("3 working days")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Norm.parse("P3D from-yesterday")).isInstanceOf(IllegalArgumentException.class);
    }
}
