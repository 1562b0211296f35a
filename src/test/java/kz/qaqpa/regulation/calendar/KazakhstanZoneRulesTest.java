package kz.qaqpa.regulation.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import org.junit.jupiter.api.Test;

/**
 * review41 row 6: the gateway's days are qaqpa.time-zone's days as the JDK's tzdata gives them; a JDK older than
 * tzdata 2024a still gives Asia/Almaty +06:00 after 01.03.2024. The rules are passed in, so the refusal is shown
 * without such a JDK; this JDK's own rules pass.
 */
class KazakhstanZoneRulesTest {
    /** Asia/Almaty as tzdata before 2024a gives it after 01.03.2024. */
    private static final ZoneRules BEFORE_2024A = ZoneRules.of(ZoneOffset.ofHours(6));

    @Test
    void aKazakhstanZoneStillAtUtcPlusSixIsRefusedNamingTheTzdataVersion() {
        assertThatThrownBy(() -> KazakhstanZoneRules.require(ZoneId.of("Asia/Almaty"), BEFORE_2024A, "2023c"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("qaqpa.time-zone = 'Asia/Almaty' gives +06:00 on 2024-03-02 in this JDK's time-zone rules"
                        + " (tzdata 2023c), but Kazakhstan keeps UTC+5 since 2024-03-01 (tzdata 2024a): update the JDK"
                        + " or its tzdata (the JDK's TZUpdater)");
        assertThatThrownBy(() -> KazakhstanZoneRules.require(ZoneId.of("Asia/Qostanay"), BEFORE_2024A, "2023c"))
                .hasMessageContaining("'Asia/Qostanay' gives +06:00");
    }

    @Test
    void thisJdksRulesAndZonesThatAreNotKazakhstansPass() {
        assertThat(KazakhstanZoneRules.require("Asia/Almaty")).isEqualTo(ZoneId.of("Asia/Almaty"));
        assertThat(KazakhstanZoneRules.require("Asia/Aqtau")).isEqualTo(ZoneId.of("Asia/Aqtau"));
        assertThat(KazakhstanZoneRules.tzdataVersion(ZoneId.of("Asia/Almaty"))).matches("\\d{4}[a-z]");
        // a fixed offset, or another country's zone, is the operator's choice: not checked
        assertThatCode(() -> KazakhstanZoneRules.require(ZoneId.of("+06:00"), BEFORE_2024A, "2023c"))
                .doesNotThrowAnyException();
        assertThatCode(() -> KazakhstanZoneRules.require(ZoneId.of("Asia/Tashkent"), BEFORE_2024A, "2023c"))
                .doesNotThrowAnyException();
        assertThat(KazakhstanZoneRules.require("+06:00")).isEqualTo(ZoneOffset.ofHours(6));
    }

    @Test
    void anUnknownZoneIdIsRefusedByName() {
        assertThatThrownBy(() -> KazakhstanZoneRules.require("Asia/Almat")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("qaqpa.time-zone = 'Asia/Almat' is not a time-zone id this JDK knows");
    }
}
