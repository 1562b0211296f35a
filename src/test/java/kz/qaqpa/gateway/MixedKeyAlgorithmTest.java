package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.SigningAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;

/**
 * Channels, provider and state systems on RSA keys, the gateway on its GOST key
 * (qaqpa.test-pki.gateway-key-algorithm=GOST): the gateway signs with the algorithm of its own key and verifies
 * whatever its peers send, and the peers verify the gateway's GOST signatures.
 */
class MixedKeyAlgorithmTest {
    private static final String GOST = SigningAlgorithm.GOST_2015_256.signatureUri();
    private static final String RSA = SigningAlgorithm.RSA_SHA256.signatureUri();

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.test-pki.key-algorithm", "RSA").with("qaqpa.test-pki.gateway-key-algorithm", "GOST");

    @Test
    void rsaChannelGetsAGostSignedSyncAnswerAndTheGatewayCallsGbdflWithGost() {
        Document answer = SignedFlows.personLookUp(gateway, "850315401201");

        assertThat(SignedFlows.person(answer).getLastName()).isEqualTo("NURLANOVA");
        X509Certificate signer = EnvelopeVerifier.verify(answer);
        assertThat(signer).isEqualTo(gateway.pki().key("gateway", KeyAlgorithm.GOST).certificate());
        assertThat(SignedFlows.logged(gateway, null, MessageChain.OUT, MessageChain.STATE_CALL)).isNotEmpty()
                .allSatisfy(call -> assertThat(SignedFlows.transportSignatureMethod(call)).isEqualTo(GOST));
        assertThat(SignedFlows.logged(gateway, null, MessageChain.IN, MessageChain.STATE_ANSWER)).isNotEmpty()
                .allSatisfy(reply -> assertThat(SignedFlows.transportSignatureMethod(reply)).isEqualTo(RSA));
    }

    @Test
    void rsaApplicationReachesItsResultThroughAGostSigningGateway() {
        SignedFlows.Submitted s = SignedFlows.referral(gateway, Channel.PORTAL);

        assertThat(DocumentVerifier.verify(s.result())).isEqualTo(gateway.pki().key("employee-zhao", KeyAlgorithm.RSA).certificate());
        assertThat(SignedFlows.logged(gateway, s.correlationId(), MessageChain.IN, null)).isNotEmpty()
                .allSatisfy(r -> assertThat(SignedFlows.transportSignatureMethod(r)).as(r.kind()).isEqualTo(RSA));
        assertThat(SignedFlows.logged(gateway, s.correlationId(), MessageChain.OUT, null)).isNotEmpty()
                .allSatisfy(r -> assertThat(SignedFlows.transportSignatureMethod(r)).as(r.kind()).isEqualTo(GOST));
    }
}
