package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import kz.qaqpa.Main;
import kz.qaqpa.mocks.pki.PkiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start the gateway refuses (a setting, a key, a file) is told on one line that names what to fix, and the JVM
 * exits; before, the message was the head of a stack trace ({@code Exception in thread "main"}, 30 lines of frames)
 * and the JVM lingered on Camel's threads.
 */
class StartRefusalTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedStartPrintsOneLineNamingWhatToFixAndExits() {
        Path missing = dir.resolve("no-such-key.p12");
        GatewayProcess gateway = new GatewayProcess(dir.resolve("gateway"))
                .with("qaqpa.http.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.test-pki.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.operator.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.monitoring.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.mocks.enabled", "false")
                .with("qaqpa.keystore.path", missing.toString());

        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start");

        String log = gateway.logTail();
        assertThat(log).contains(Main.CANNOT_START + "cannot read PKCS#12 key store " + missing)
                .doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    /**
     * review40b: a setting written in a form it does not parse (a duration as "15min", a boolean as "yes") was a
     * stack trace naming no setting ("Text cannot be parsed to a Duration"), and a boolean other than true read as
     * false, silently. Now the start is refused on one line naming the key, its value and the form expected.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "qaqpa.health.timeout, 15min, is not an ISO-8601 duration",
            "qaqpa.test-pki.enabled, yes, is neither true nor false",
            "qaqpa.operator.port, 80a, is not a whole number",
            // terms41: was a DateTimeException's stack trace (KazakhstanZoneRules)
            "qaqpa.time-zone, Asia/Almat, is not a time-zone id this JDK knows"})
    void aSettingThatDoesNotParseIsRefusedByName(String key, String value, String expected) {
        GatewayProcess gateway = new GatewayProcess(dir.resolve("gateway"))
                .with("qaqpa.http.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.test-pki.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.operator.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.monitoring.port", String.valueOf(PkiServer.freePort()))
                .with(key, value);

        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start");

        assertThat(gateway.logTail()).contains(Main.CANNOT_START).contains(key + " = '" + value + "' " + expected)
                .doesNotContain("\tat ").doesNotContain("Exception in thread");
    }
}
