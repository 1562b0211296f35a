package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session 29 review (attack14, fix14): a sync service is a state system asked only with its request document
 * ({@code qaqpa.service.<id>.request-element}). A sync service configured without it, with a value that is not
 * {namespace}localName, or one the gateway asks itself configured with another request, is refused at start, the
 * message naming the setting. Before: the gateway started, and a look-up of a fourth system was not checked.
 * Session 30 (fix15): the same for the key its look-ups ask by ({@code qaqpa.service.<id>.asked-key}), and for a
 * request element no schema of {@code qaqpa.documents.schemas} declares. Before: the gateway started, a fourth
 * system's answers about another key were passed on, and look-ups without their schema went unvalidated.
 */
class StateSystemSettingsTest {
    private static final String PERSON_REQUEST = "{http://qaqpa.kz/registry/person/v1}personRequest";
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GBDFL_PERSON_REPLICA | | is missing",
            "GBDFL_PERSON_REPLICA | personRequest | must name the request document as {namespace}localName",
            "GBDFL_PERSON_REPLICA | '{http://qaqpa.kz/registry/person/v1}' | must name the request document",
            "GBDFL_PERSON | {http://qaqpa.kz/registry/person/v1}personRequst | but the gateway asks GBDFL_PERSON with"})
    void aSyncServiceWithoutItsRequestIsRefusedAtStart(String serviceId, String element, String why) {
        String key = "qaqpa.service." + serviceId + ".request-element";
        IssuedTestPki.copyInto(dataDir); // suite53: a start refused before anyone calls needs no PKI of its own
        try (GatewayHarness refused = StateSystems.replica(new GatewayHarness(dataDir), serviceId)) {
            if (element != null) {
                refused.with(key, element);
            }
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining(key).hasMessageContaining(why);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GBDFL_PERSON_REPLICA | | is missing",
            "GBDFL_PERSON_REPLICA | '' | must name the asked key's field",
            "GBDFL_PERSON_REPLICA | iin/ | must name the asked key's field",
            "GBDFL_PERSON_REPLICA | iin/iin/iin | must name the asked key's field",
            "GBDFL_PERSON_REPLICA | 'i n' | must name the asked key's field",
            "GBDFL_PERSON | number | but the gateway asks GBDFL_PERSON by another field",
            "GBDFL_PERSON | iin/bin | but the gateway asks GBDFL_PERSON by another field"})
    void aSyncServiceWithoutTheKeyItAsksByIsRefusedAtStart(String serviceId, String key, String why) {
        String setting = "qaqpa.service." + serviceId + ".asked-key";
        IssuedTestPki.copyInto(dataDir); // suite53: a start refused before anyone calls needs no PKI of its own
        try (GatewayHarness refused = StateSystems.replica(new GatewayHarness(dataDir), serviceId)
                .with("qaqpa.service." + serviceId + ".request-element", PERSON_REQUEST)) {
            if (key != null) {
                refused.with(setting, key);
            }
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining(setting).hasMessageContaining(why);
        }
    }

    /**
     * person.xsd left out of qaqpa.documents.schemas: ГБД ФЛ's look-ups would reach it, and its answers the sender,
     * unvalidated (the payload's {@code data} is a lax wildcard). The start is refused naming both settings.
     */
    @Test
    void aSyncServiceWhoseRequestNoSchemaDeclaresIsRefusedAtStart() {
        IssuedTestPki.copyInto(dataDir); // suite53: a start refused before anyone calls needs no PKI of its own
        try (GatewayHarness refused = new GatewayHarness(dataDir)) {
            String schemas = Arrays.stream(refused.settings().get("qaqpa.documents.schemas").split(","))
                    .map(String::trim).filter(file -> !file.equals("xsd/person.xsd")).collect(Collectors.joining(","));
            refused.with("qaqpa.documents.schemas", schemas);
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining("qaqpa.service.GBDFL_PERSON.request-element")
                    .hasMessageContaining("no schema of qaqpa.documents.schemas declares");
        }
    }
}
