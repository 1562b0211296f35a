package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * review61b: the start's early read of a route timer's period (ops61) takes what Camel takes and refuses what Camel
 * would read as 0, a timer that fires once. Before, a pattern of ours refused 1d, which Camel reads as a day.
 */
class TypedSettingsTest {
    @ParameterizedTest
    @ValueSource(strings = {"300", "5s", "1m30s", "1d", "2h"})
    void aPeriodCamelTakesIsTaken(String period) {
        assertThatCode(() -> TypedSettings.requireReadable(withOutboxInterval(period))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"five", "0", "-5", "soon"})
    void aPeriodCamelReadsAsNoTimeIsRefusedNamingItsKey(String period) {
        assertThatThrownBy(() -> TypedSettings.requireReadable(withOutboxInterval(period)))
                .hasMessageContaining("qaqpa.outbox.interval = '" + period + "' is not a period");
    }

    private static Settings withOutboxInterval(String period) {
        return Settings.standalone(Map.of("qaqpa.outbox.interval", period, "qaqpa.mocks.enabled", "false"));
    }
}
