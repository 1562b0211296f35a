package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GatewayClockTest {
    private static final Instant FRIDAY_EVENING = Instant.parse("2026-03-20T14:30:00Z"); // 19:30 in Astana

    @Test
    void emptyIsTheSystemClock() {
        Instant before = Instant.now();
        Instant read = GatewayClock.fromSetting("").instant();
        assertThat(read).isBetween(before, Instant.now());
        assertThat(GatewayClock.fromSetting(null).instant()).isAfterOrEqualTo(before);
    }

    @Test
    void aDateTimeStartsTheClockThereAndItRunsOn() throws InterruptedException {
        GatewayClock clock = GatewayClock.fromSetting("2026-03-20T19:30:00+05:00");
        Instant first = clock.instant();
        assertThat(Duration.between(FRIDAY_EVENING, first).abs()).isLessThan(Duration.ofSeconds(5));
        Thread.sleep(20);
        assertThat(clock.instant()).isAfter(first);
    }

    @Test
    void aFixedClockStandsStillUntilMoved() {
        GatewayClock clock = GatewayClock.fromSetting("fixed 2026-03-20T19:30:00+05:00");
        assertThat(clock.instant()).isEqualTo(FRIDAY_EVENING);
        clock.advance(Duration.ofDays(4));
        assertThat(clock.instant()).isEqualTo(FRIDAY_EVENING.plus(Duration.ofDays(4)));
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(clock.withZone(java.time.ZoneId.of("Asia/Almaty")).instant()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void anUnreadableSettingFailsAtStart() {
        assertThatThrownBy(() -> GatewayClock.fromSetting("next friday")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qaqpa.clock 'next friday'");
    }
}
