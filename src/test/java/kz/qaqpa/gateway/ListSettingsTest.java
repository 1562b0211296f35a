package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.person.PersonRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session 30 review (fix15): a list setting written with no item (an empty value, or only commas) means none where
 * an operator can mean none, and is refused at start naming the key where "none" would read as the setting left
 * out (a provider's localities: every locality; a signer's ИИНs: any employee) or leave the gateway unable to work (no
 * service, no algorithm); one rule, {@code Settings.list(key, Empty)}. Before: every list read an empty value as
 * absent, and the gateway started (session 29 refused it for result-signer-locality-results only).
 */
class ListSettingsTest {
    @TempDir
    Path dataDir;

    @Test
    void theRule() {
        assertThat(Settings.single("k", null, Settings.Empty.REFUSED)).isNull();
        assertThat(Settings.single("k", " v ", Settings.Empty.REFUSED)).isEqualTo("v");
        assertThat(Settings.single("k", " ", Settings.Empty.NONE)).isNull();
        assertThatThrownBy(() -> Settings.single("k", " ", Settings.Empty.REFUSED))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("k is written empty");
        assertThat(Settings.list("k", null, Settings.Empty.REFUSED)).isEmpty();
        assertThat(Settings.list("k", " a, ,b ,", Settings.Empty.REFUSED)).containsExactly("a", "b");
        for (String empty : new String[] {"", " ", " , ,"}) {
            assertThat(Settings.list("k", empty, Settings.Empty.NONE)).isEmpty();
            assertThatThrownBy(() -> Settings.list("k", empty, Settings.Empty.REFUSED))
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("k is written with no item");
        }
    }

    /**
     * A list (written with no item) or a single setting (written empty) where "none" would read as the setting left
     * out or leave the gateway unable to work refuses the start naming the key. Session 31 (answers17): the single
     * ones are a signer's БИН (the service's, a locality's, a provider's own); before, written empty it read as left
     * out and the gateway started: the service's results were all refused (no organisation signs), or a provider's
     * were taken signed by the service's organisation in place of its own. Session 32 (console18): a status text
     * (the gateway's, a service's, a channel's); before, the gateway's written empty was sent to the channels as an
     * empty text, a service's or a channel's silently gave way to the next text.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "qaqpa.sender.MANGYSTAU_KARAKIYAK_EDU.localities | '' | written with no item",
            "qaqpa.service.ASTANA_KINDERGARTEN_2012.result-signer-iins | ' , ' | written with no item",
            "qaqpa.trust.allowed-digest-algorithms | '' | written with no item",
            "qaqpa.services | ',' | written with no item",
            "qaqpa.service.ASTANA_KINDERGARTEN_2012.result-signer-bin | '' | written with no item",
            "qaqpa.service.ALMATY_2015_GUARDIANSHIP.locality.751110000.result-signer-bin | ' ' | written with no item",
            "qaqpa.sender.MANGYSTAU_KARAKIYAK_EDU.result-signer-bin | '' | written empty",
            "qaqpa.status-text.OVERDUE | '' | written empty",
            "qaqpa.service.MANGYSTAU_PRESCHOOL_QUEUE_2012.status-text.DELIVERED | ' ' | written empty",
            "qaqpa.service.ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON.status-text.DELIVERED.PORTAL | '' | written empty"})
    void anEmptyValueThatWouldReadAsLeftOutOrCannotWorkIsRefusedAtStart(String key, String value, String written) {
        IssuedTestPki.copyInto(dataDir); // suite53: a start refused before anyone calls needs no PKI of its own
        try (GatewayHarness refused = new GatewayHarness(dataDir).with(key, value)) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining(key + " is " + written);
        }
    }

    /**
     * Session 62 (signers61's Left): a signer's БИН or ИИН, or a sender's БИН, is an identification number with a check
     * digit. Before, a typo (here each number's last digit changed, or a digit dropped) started the gateway, and every
     * result of the service was then refused (no employee of a БИН nobody has), or a sender's calls were refused as
     * signed by another organisation: now the start is refused naming the key and the number.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "qaqpa.service.ASTANA_KINDERGARTEN_2012.result-signer-bin | 120440001205 | 120440001205",
            "qaqpa.service.ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON.result-signer-bin | 990540001228, 99054000370 | 99054000370",
            "qaqpa.service.MANGYSTAU_PRESCHOOL_QUEUE_2012.result-signer-iins | 790312402001,840916301102 | 840916301102",
            "qaqpa.service.ALMATY_2015_GUARDIANSHIP.locality.751110000.result-signer-bin | 990340004563 | 990340004563",
            "qaqpa.sender.MANGYSTAU_KARAKIYAK_EDU.result-signer-bin | 07044000120 | 07044000120",
            "qaqpa.sender.CON.bin | 12O440001204 | 12O440001204",
            // review62b: the state system's own, whose every answer must be signed by it
            "qaqpa.adapter.GBDFL_PERSON.bin | 050740006608 | 050740006608"})
    void anIdentificationNumberWithAWrongCheckDigitIsRefusedAtStart(String key, String value, String wrong) {
        IssuedTestPki.copyInto(dataDir);
        try (GatewayHarness refused = new GatewayHarness(dataDir).with(key, value)) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining(key).hasMessageContaining(wrong + " is no БИН or ИИН");
        }
    }

    /**
     * review62 (LOW): a locality's signer was read as a list (the service's rule since session 61) while the catalogue
     * prints it as one БИН ("990340004562,990540003707" as one string): now a list there is refused at start.
     */
    @Test
    void aLocalitysSignerNamingTwoOrganisationsIsRefusedAtStart() {
        String key = "qaqpa.service.ALMATY_2015_GUARDIANSHIP.locality.751110000.result-signer-bin";
        IssuedTestPki.copyInto(dataDir);
        try (GatewayHarness refused = new GatewayHarness(dataDir).with(key, "990340004562, 990540003707")) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start")
                    .rootCause().hasMessageContaining(key + " names 2 БИНs");
        }
    }

    /** ЦОН's grants written empty: it may ask no service, its look-up refused as not granted (SCE008). */
    @Test
    void anEmptyListThatCanMeanNoneMeansNone() {
        try (GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.sender.CON.services", " , ").start()) {
            PersonRequest request = new PersonRequest();
            request.setIin("850315401201");
            RawSoap.Response answer = RawSoap.post(gateway.syncUrl(), RawSoap.signed(SyncMessages.sendMessage(
                    UUID.randomUUID().toString(), "GBDFL_PERSON", null, "CON", "con-secret",
                    ShepXml.toElement(request)), gateway.pki().key("con")));
            ShepAnswers.assertFault(gateway, answer, ShepAnswers.SYNC_FAULT, "SCE008");
        }
    }
}
