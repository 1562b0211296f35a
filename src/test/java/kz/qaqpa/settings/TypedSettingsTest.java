package kz.qaqpa.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    @ValueSource(strings = {"five", "0", "-5", "soon", "PT0S", "-PT5M", "PT"})
    void aPeriodCamelReadsAsNoTimeIsRefusedNamingItsKey(String period) {
        assertThatThrownBy(() -> TypedSettings.requireReadable(withOutboxInterval(period)))
                .hasMessageContaining("qaqpa.outbox.interval = '" + period + "' is not a period");
    }

    /**
     * review62: Camel reads a timer's period as a java.time.Duration (TimerEndpointConfigurer, DurationConverter), so
     * an ISO-8601 period, the form this file's own durations are written in (qaqpa.mocks.provider.poll-interval =
     * PT10S), is a period to the route timer: PT5M fires every five minutes. TypedSettings reads it with
     * TimeUtils.toMilliSeconds, which gives 0 for it, and refused the start ("is not a period"); before ops61 the
     * gateway started and the timer ran every five minutes. Now read with the timer's own DurationConverter.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT5M, 300000", "PT0.3S, 300", "P1D, 86400000"})
    void anIsoPeriodCamelsTimerTakesIsTaken(String period, long millis) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            TimerEndpoint timer = camel.getEndpoint("timer:outbox?period=" + period, TimerEndpoint.class);
            assertThat(timer.getPeriod()).as("Camel's timer reads " + period).isEqualTo(millis);
        }
        assertThat(Duration.parse(period).toMillis()).isEqualTo(millis);
        assertThatCode(() -> TypedSettings.requireReadable(withOutboxInterval(period))).doesNotThrowAnyException();
    }

    private static Settings withOutboxInterval(String period) {
        return Settings.standalone(Map.of("qaqpa.outbox.interval", period, "qaqpa.mocks.enabled", "false"));
    }
}
