package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.trust.SignaturePolicy;
import org.junit.jupiter.api.Test;

/** The algorithm allow-list of application.properties is what the verifiers' default policy says, and it is configurable. */
class SignaturePolicySettingsTest {

    @Test
    void theShippedConfigurationIsTheDefaultPolicy() {
        SignaturePolicy configured = SignaturePolicy.configured(Settings.standalone(Map.of()));
        SignaturePolicy defaults = SignaturePolicy.DEFAULT;

        assertThat(configured).isEqualTo(defaults);
        assertThat(configured.minRsaKeyBits()).isEqualTo(2048);
    }

    @Test
    void eachListIsASetting() {
        Map<String, String> overrides = Map.of("qaqpa.trust.allowed-digest-algorithms", "http://www.w3.org/2000/09/xmldsig#sha1",
                "qaqpa.trust.min-rsa-key-bits", "1024");
        SignaturePolicy configured = SignaturePolicy.configured(Settings.standalone(overrides));

        assertThat(configured.digestAlgorithms()).containsExactly("http://www.w3.org/2000/09/xmldsig#sha1");
        assertThat(configured.minRsaKeyBits()).isEqualTo(1024);
    }
}
