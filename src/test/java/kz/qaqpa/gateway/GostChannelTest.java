package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.UUID;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SigningAlgorithm;
import kz.qaqpa.trust.SubjectIdentity;
import kz.qaqpa.trust.WsNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The whole test НУЦ on GOST R 34.10-2015 keys (qaqpa.test-pki.key-algorithm=GOST): channels, provider, state systems
 * and the gateway itself sign with GOST R 34.10-2015 / 34.11-2015 under the Kazakh PKI's URIs, and certificates, CRLs
 * and OCSP answers are GOST-signed. A representative end-to-end set, so CI proves GOST without running every channel
 * test twice (the whole suite runs on GOST keys with {@code mvn verify -Dqaqpatest.key-algorithm=GOST}).
 */
class GostChannelTest {
    private static final String GOST = SigningAlgorithm.GOST_2015_256.signatureUri();

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.test-pki.key-algorithm", "GOST");

    @Test
    void syncLookUpWithGbdflIsSignedWithGostEveryWay() {
        Document answer = SignedFlows.personLookUp(gateway, "850315401201");

        assertThat(SignedFlows.person(answer).getLastName()).isEqualTo("NURLANOVA");
        X509Certificate signer = EnvelopeVerifier.verify(answer);
        assertThat(signer).isEqualTo(gateway.pki().key("gateway").certificate());
        assertThat(signer.getSigAlgName()).isEqualTo(KeyAlgorithm.GOST.signatureAlgorithm());
        // the gateway's call to ГБД ФЛ and its answer, as the message log kept them
        assertThat(SignedFlows.logged(gateway, null, MessageChain.OUT, MessageChain.STATE_CALL)).isNotEmpty()
                .allSatisfy(call -> assertThat(SignedFlows.transportSignatureMethod(call)).isEqualTo(GOST));
        assertThat(SignedFlows.logged(gateway, null, MessageChain.IN, MessageChain.STATE_ANSWER)).isNotEmpty()
                .allSatisfy(reply -> assertThat(SignedFlows.transportSignatureMethod(reply)).isEqualTo(GOST));
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void applicationOnEveryChannelReachesTheProvidersGostSignedResult(Channel channel) {
        SignedFlows.Submitted s = SignedFlows.referral(gateway, channel);

        X509Certificate employee = DocumentVerifier.verify(s.result());
        assertThat(SubjectIdentity.of(employee).iin()).isEqualTo("750618409005");
        assertThat(employee).isEqualTo(gateway.pki().key("employee-zhao").certificate());
        assertThat(resultSignatureMethod(s.result())).isEqualTo(GOST);
        // every message of the application in and out: channel, provider office and gateway all signed with GOST
        assertThat(SignedFlows.logged(gateway, s.correlationId())).extracting(ChainRecord::kind)
                .contains(MessageChain.REQUEST, MessageChain.CALLBACK);
        assertThat(SignedFlows.logged(gateway, s.correlationId()))
                .allSatisfy(r -> assertThat(SignedFlows.transportSignatureMethod(r)).as(r.kind()).isEqualTo(GOST));
    }

    @Test
    void aTamperedGostTransportSignatureIsRefused() {
        String messageId = "tampered-" + UUID.randomUUID();
        Document envelope = RawSoap.signed(portalApplication(messageId), gateway.pki().key("portal"));
        Element messageIdElement = (Element) envelope.getElementsByTagNameNS("*", "messageId").item(0);
        messageIdElement.setTextContent(messageId + "x");

        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope), ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId + "x");
    }

    @Test
    void aTamperedGostDocumentSignatureIsRefused() {
        String messageId = "tampered-document-" + UUID.randomUUID();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        Element phone = (Element) signed.getElementsByTagNameNS("*", "phone").item(0);
        phone.setTextContent(phone.getTextContent() + "0");
        Document envelope = RawSoap.signed(gateway.client(Channel.PORTAL).request(signed, messageId), gateway.pki().key("portal"));

        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope), ShepAnswers.SEND_MESSAGE_FAULT, "SCE016");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    @Test
    void aRevokedGostCertificateIsRefused() {
        String messageId = "revoked-" + UUID.randomUUID();
        KeyMaterial revokedPortal = gateway.pki().issueRevoked("portal");
        assertThat(revokedPortal.algorithm()).isEqualTo(SigningAlgorithm.GOST_2015_256);
        Document envelope = RawSoap.signed(portalApplication(messageId), revokedPortal);

        assertThat(ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope), ShepAnswers.SEND_MESSAGE_FAULT,
                "SCE005")).containsIgnoringCase("revoked");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    private static SendMessage portalApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }

    private static String resultSignatureMethod(Element result) {
        Element signature = (Element) result.getElementsByTagNameNS(WsNames.DS, "SignatureMethod").item(0);
        return signature.getAttribute("Algorithm");
    }
}
