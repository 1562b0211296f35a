package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.SignedForms;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SignedContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * A signed application document is accepted through one system (docs/security.md, "Session 31 review", replay17):
 * another system granted the service and channel that sends a copy, as sent or signed again, is refused SCE026 and
 * nothing of it is stored; the system that made the first application may send the form again under a new messageId,
 * a new application as before. Real HTTP, real test-PKI signatures, the real store.
 */
class SignedApplicationOnceTest {
    /** CON may send the portal's channel too: another system holding a captured portal form. */
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.sender.CON.channels", "CON,PORTAL");

    /** What a system does with its own applicants' forms is its own: sent again, a new application; a retry, the first. */
    @Test
    void theSystemThatSubmittedAFormMaySendItAgain() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        String first = "first-" + UUID.randomUUID();
        byte[] firstEnvelope = portalEnvelope(signed, first);
        String correlationId = ShepAnswers.assertAccepted(gateway, post(firstEnvelope), first);

        String again = "again-" + UUID.randomUUID();
        assertThat(ShepAnswers.assertAccepted(gateway, post(portalEnvelope(signed, again)), again))
                .isNotEqualTo(correlationId);
        assertThat(ShepAnswers.assertAccepted(gateway, post(firstEnvelope), first)).isEqualTo(correlationId);
        assertOwner(signed, "PORTAL", correlationId);
    }

    /**
     * Another system with the same signed form learns that it was submitted, which it cannot be kept from, but not
     * which application it made nor through whom.
     */
    @Test
    void anotherSenderIsRefusedWithoutTheFirstApplicationsId() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-012");
        Element signed = gateway.signed(sample);
        String first = "portal-" + UUID.randomUUID();
        String correlationId = ShepAnswers.assertAccepted(gateway, post(portalEnvelope(signed, first)), first);

        String captured = "captured-" + UUID.randomUUID();
        String text = ShepAnswers.assertFault(gateway, post(conEnvelope(signed, captured)), SEND_MESSAGE_FAULT, "SCE026");
        assertThat(text).doesNotContain(correlationId, first, "PORTAL");
        assertNothingStored("CON", captured);
        assertOwner(signed, "PORTAL", correlationId);
    }

    /**
     * The same form signed again by the applicant says the same: the same document. Signed with the applicant's GOST
     * key, whose signatures are randomised, so the second signature value differs from the first (an RSA signature of
     * the same form with the same key would not); another system sending it is refused all the same.
     */
    @Test
    void theSameFormSignedAgainIsTheSameDocument() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-050");
        Application form = sample.build();
        KeyMaterial gost = gateway.pki().key(sample.signerAlias(), KeyAlgorithm.GOST);
        Element signed = ChannelClient.sign(form, gost);
        Element signedAgain = ChannelClient.sign(form, gost);
        assertThat(signatureValue(signedAgain)).isNotEqualTo(signatureValue(signed));

        String first = "signed-" + UUID.randomUUID();
        String correlationId = ShepAnswers.assertAccepted(gateway, post(portalEnvelope(signed, first)), first);
        String resigned = "resigned-" + UUID.randomUUID();
        ShepAnswers.assertFault(gateway, post(conEnvelope(signedAgain, resigned)), SEND_MESSAGE_FAULT, "SCE026");
        assertNothingStored("CON", resigned);
        assertOwner(signed, "PORTAL", correlationId);
    }

    /**
     * Copies from two systems arriving at the same moment: the applications are all of one system, every copy of the
     * other is SCE026, none fails otherwise (the store's key decides the race).
     */
    @Test
    void copiesFromTwoSystemsAtOnceAreAcceptedFromOneOnly() throws Exception {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-012", "MBU-050");
        Element signed = gateway.signed(sample);
        int copies = 6;
        List<String> senders = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            String sender = i % 2 == 0 ? "PORTAL" : "CON";
            senders.add(sender);
            messageIds.add("at-once-" + i + "-" + UUID.randomUUID());
            envelopes.add(sender.equals("PORTAL") ? portalEnvelope(signed, messageIds.get(i))
                    : conEnvelope(signed, messageIds.get(i)));
        }
        AtomicInteger next = new AtomicInteger();
        List<Map.Entry<Integer, RawSoap.Response>> answers = AtOnce.run(copies, () -> {
            int i = next.getAndIncrement();
            return Map.entry(i, post(envelopes.get(i)));
        });

        SignedForms.Owner owner = gateway.assembly().signedForms()
                .owner(ChannelClient.SERVICE_ID, SignedContent.sha256(signed)).orElseThrow();
        for (Map.Entry<Integer, RawSoap.Response> copy : answers) {
            int i = copy.getKey();
            RawSoap.Response answer = copy.getValue();
            if (senders.get(i).equals(owner.senderId())) {
                ShepAnswers.assertAccepted(gateway, answer, messageIds.get(i));
            } else {
                ShepAnswers.assertFault(gateway, answer, SEND_MESSAGE_FAULT, "SCE026");
                assertNothingStored(senders.get(i), messageIds.get(i));
            }
        }
        assertThat(gateway.assembly().applications().byCorrelationId(owner.correlationId())).isPresent();
    }

    /** The store keeps the first system's claim: a later claim of another system changes nothing. */
    @Test
    void theFirstClaimStands() {
        SignedForms forms = gateway.assembly().signedForms();
        String digest = "d".repeat(64);
        forms.claim("STORE_ONLY_SERVICE", digest, "PORTAL", "{first}");
        forms.claim("STORE_ONLY_SERVICE", digest, "CON", "{second}");
        assertThat(forms.owner("STORE_ONLY_SERVICE", digest)).hasValue(new SignedForms.Owner("PORTAL", "{first}"));
        assertThat(forms.owner("OTHER_SERVICE", digest)).isEmpty();
    }

    private static void assertNothingStored(String senderId, String messageId) {
        ShepAnswers.assertNotStored(gateway, senderId, messageId);
        assertThat(gateway.assembly().messageLog().find(senderId, messageId)).as("message log").isEmpty();
    }

    /** The document's digest is owned by {@code senderId}, whose application {@code correlationId} is queued. */
    private static void assertOwner(Element signed, String senderId, String correlationId) {
        assertThat(gateway.assembly().signedForms().owner(ChannelClient.SERVICE_ID, SignedContent.sha256(signed)))
                .hasValue(new SignedForms.Owner(senderId, correlationId));
        assertThat(gateway.assembly().providerQueue().application(correlationId)).isPresent();
    }

    private static String signatureValue(Element signed) {
        return signed.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "SignatureValue").item(0)
                .getTextContent();
    }

    private static byte[] portalEnvelope(Element signed, String messageId) {
        return SecureXml.serialize(RawSoap.signed(gateway.client(Channel.PORTAL).request(signed, messageId),
                gateway.pki().key("portal")));
    }

    private static byte[] conEnvelope(Element signed, String messageId) {
        return SecureXml.serialize(RawSoap.signed(gateway.client(Channel.CON).request(signed, messageId),
                gateway.pki().key("con")));
    }

    private static RawSoap.Response post(byte[] envelope) {
        return RawSoap.post(gateway.asyncUrl(), envelope);
    }
}
