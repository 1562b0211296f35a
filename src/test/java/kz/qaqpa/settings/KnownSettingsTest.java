package kz.qaqpa.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The keys the gateway knows are its settings only (ops42). The test suite's JVM switches were qaqpa.* names that
 * KnownSettings listed as known, so the production gateway knew test keys and a test switch given to it in production
 * was silently taken for a setting; they are qaqpatest.* now, outside the gateway's namespace.
 */
class KnownSettingsTest {
    private static final List<String> OLD_TEST_SWITCHES = List.of("qaqpa.test.key-algorithm", "qaqpa.stepCoverage",
            "qaqpa.diagrams.update");

    @Test
    void theTestSuitesOldSwitchesAreNoSettingsOfTheGateway() {
        KnownSettings known = KnownSettings.shipped();
        assertThat(known.unknownKeys(OLD_TEST_SWITCHES)).as("warned of as unread").containsExactlyInAnyOrderElementsOf(
                OLD_TEST_SWITCHES);
        assertThat(known.unknownEnvironment(List.of("QAQPA_TEST_KEY_ALGORITHM", "QAQPA_STEPCOVERAGE")))
                .hasSize(2);
    }

    @Test
    void theTestSuitesSwitchesAreOutsideTheGatewaysNamespace() {
        List<String> switches = List.of(KeyAlgorithm.PROPERTY, "qaqpatest.step-coverage", "qaqpatest.diagrams-update");
        assertThat(switches).allMatch(name -> name.startsWith("qaqpatest."));
        assertThat(KnownSettings.shipped().unknownKeys(switches)).as("not qaqpa.*: neither known nor warned of").isEmpty();
        assertThat(KnownSettings.shipped().unknownEnvironment(Map.of("QAQPATEST_KEY_ALGORITHM", "GOST").keySet()))
                .isEmpty();
    }

    @Test
    void aRealSettingIsStillKnown() {
        assertThat(KnownSettings.shipped().unknownKeys(List.of("qaqpa.test-pki.key-algorithm", "qaqpa.http.linger-time")))
                .isEmpty();
    }

    /**
     * regs65: the lists' additive forms are settings (before, each was warned of as unread and ignored); one misspelt
     * is still warned of, with the form meant.
     */
    @Test
    void theAdditiveFormsAreKnownAndAMisspeltOneIsNot() {
        KnownSettings known = KnownSettings.shipped();
        assertThat(known.unknownKeys(List.of("qaqpa.services.extra", "qaqpa.sender.CON.services.extra",
                "qaqpa.sender.MZH_EDU.receives.extra", "qaqpa.routes.extra"))).isEmpty();
        assertThat(known.unknownEnvironment(List.of("QAQPA_SERVICES_EXTRA", "QAQPA_SENDER_CON_SERVICES_EXTRA")))
                .isEmpty();
        assertThat(known.unknownKeys(List.of("qaqpa.services.extras", "qaqpa.sender.CON.service.extra",
                "qaqpa.sender.CON.channels.extra"))).hasSize(3);
        assertThat(known.nearest("qaqpa.services.extras")).contains("qaqpa.services.extra");
    }
}
