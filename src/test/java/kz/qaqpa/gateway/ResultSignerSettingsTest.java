package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session 28 review (attack12): {@code qaqpa.service.<id>.result-signer-locality-results} names the results a
 * locality's signer signs (seed 004 S2: the district's akim signs the order, the head the refusals). A name the
 * service's routes do not take (misspelt), or the setting on a service no locality signs for, is refused at start
 * and the message names the setting. Before: the gateway started, and the result meant (S2's order) was signed by
 * the head as any other, the akim's signature refused. Session 29: the setting written with no result (empty, or
 * only commas) is refused the same way. Before: it was taken as absent, the locality's signer signing every result.
 * Session 30 (fix15): that refusal is every such list's (Settings.list, ListSettingsTest), worded alike.
 */
class ResultSignerSettingsTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ALMATY_2015_GUARDIANSHIP | guardianshipOrdr | names [guardianshipOrdr], not results of the service",
            "ALMATY_2015_GUARDIANSHIP_CERTIFICATES | reasonedRefusal | no locality signs the service's results",
            "ALMATY_2015_GUARDIANSHIP | '' | is written with no item",
            "ALMATY_2015_GUARDIANSHIP | ' , ' | is written with no item"})
    void aLocalityResultTheSettingCannotMeanIsRefusedAtStart(String serviceId, String results, String why) {
        String key = "qaqpa.service." + serviceId + ".result-signer-locality-results";
        IssuedTestPki.copyInto(dataDir); // suite53: a start refused before anyone calls needs no PKI of its own
        try (GatewayHarness refused = new GatewayHarness(dataDir).with(key, results)) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining(key).hasMessageContaining(why);
        }
    }
}
