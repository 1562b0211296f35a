package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SecureXml;
import kz.qaqpa.trust.SignedContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * One application per signed application document (docs/security.md, "Session 31 review", replay17): the applicant's
 * signed form sent again under a new messageId, by the same system or another granted the service, is SCE026 and
 * nothing of it is stored; a repeat of the same messageId is answered as before. Real HTTP, real test-PKI signatures,
 * the real store.
 */
class SignedApplicationOnceTest {
    /** CON may send the portal's channel too: another system holding a captured portal form. */
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.sender.CON.channels", "CON,PORTAL");

    @Test
    void theSameSignedFormUnderANewMessageIdIsRefusedNamingTheFirstApplication() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
        String first = "first-" + UUID.randomUUID();
        byte[] firstEnvelope = portalEnvelope(signed, first);
        String correlationId = ShepAnswers.assertAccepted(gateway, post(firstEnvelope), first);

        String again = "again-" + UUID.randomUUID();
        String text = ShepAnswers.assertFault(gateway, post(portalEnvelope(signed, again)), SEND_MESSAGE_FAULT, "SCE026");
        assertThat(text).contains(correlationId, first);
        assertNothingStored("PORTAL", again);
        assertOneApplication(signed, correlationId);

        // the first messageId repeated is still a retry: the first answer, nothing stored twice
        assertThat(ShepAnswers.assertAccepted(gateway, post(firstEnvelope), first)).isEqualTo(correlationId);
        assertOneApplication(signed, correlationId);
    }

    /**
     * Another system with the same signed form learns that it was submitted, which it cannot be kept from, but not
     * which application it made nor through whom.
     */
    @Test
    void anotherSenderIsRefusedWithoutTheFirstApplicationsId() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-012");
        Element signed = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
        String first = "portal-" + UUID.randomUUID();
        String correlationId = ShepAnswers.assertAccepted(gateway, post(portalEnvelope(signed, first)), first);

        String captured = "captured-" + UUID.randomUUID();
        byte[] fromCon = SecureXml.serialize(RawSoap.signed(gateway.client(Channel.CON).request(signed, captured),
                gateway.pki().key("con")));
        String text = ShepAnswers.assertFault(gateway, post(fromCon), SEND_MESSAGE_FAULT, "SCE026");
        assertThat(text).doesNotContain(correlationId, first, "PORTAL");
        assertNothingStored("CON", captured);
        assertOneApplication(signed, correlationId);
    }

    /**
     * The same form signed again by the applicant says the same: the same application. Signed with the applicant's GOST
     * key, whose signatures are randomised, so the second signature value differs from the first (an RSA signature of
     * the same form with the same key would not). A new application is a new form (here a minute later).
     */
    @Test
    void theSameFormSignedAgainIsTheSameApplicationAndANewFormIsANewOne() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-050");
        Application form = sample.build();
        KeyMaterial gost = gateway.pki().key(sample.signerAlias(), KeyAlgorithm.GOST);
        Element signed = ChannelClient.sign(form, gost);
        Element signedAgain = ChannelClient.sign(form, gost);
        assertThat(signatureValue(signedAgain)).isNotEqualTo(signatureValue(signed));

        String first = "signed-" + UUID.randomUUID();
        String correlationId = ShepAnswers.assertAccepted(gateway, post(portalEnvelope(signed, first)), first);
        String resigned = "resigned-" + UUID.randomUUID();
        ShepAnswers.assertFault(gateway, post(portalEnvelope(signedAgain, resigned)), SEND_MESSAGE_FAULT, "SCE026");
        assertNothingStored("PORTAL", resigned);
        assertOneApplication(signed, correlationId);

        form.setSubmittedAt(kz.qaqpa.mocks.soap.DataElements.dateTime(OffsetDateTime.now().plusMinutes(1).toInstant()));
        String next = "next-" + UUID.randomUUID();
        String nextId = ShepAnswers.assertAccepted(gateway, post(portalEnvelope(ChannelClient.sign(form, gost), next)),
                next);
        assertThat(nextId).isNotEqualTo(correlationId);
    }

    /** Copies under their own messageIds arriving at the same moment: exactly one application, the rest SCE026. */
    @Test
    void copiesArrivingAtOnceMakeExactlyOneApplication() throws Exception {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-012", "MBU-050");
        Element signed = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
        int copies = 6;
        List<String> messageIds = new ArrayList<>();
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            messageIds.add("at-once-" + i + "-" + UUID.randomUUID());
            envelopes.add(portalEnvelope(signed, messageIds.get(i)));
        }
        AtomicInteger next = new AtomicInteger();
        List<RawSoap.Response> answers = AtOnce.run(copies, () -> {
            int i = next.getAndIncrement();
            return post(envelopes.get(i));
        });

        List<String> accepted = new ArrayList<>();
        for (RawSoap.Response answer : answers) {
            if (answer.status() == 200) {
                accepted.add(answer.text());
            } else {
                ShepAnswers.assertFault(gateway, answer, SEND_MESSAGE_FAULT, "SCE026");
            }
        }
        assertThat(accepted).hasSize(1);
        String correlationId = gateway.assembly().applications()
                .bySignedDocument(ChannelClient.SERVICE_ID, SignedContent.sha256(signed)).orElseThrow().correlationId();
        long stored = messageIds.stream().filter(m -> gateway.assembly().applications().byMessage("PORTAL", m)
                .isPresent()).count();
        assertThat(stored).isEqualTo(1);
        assertOneApplication(signed, correlationId);
    }

    /** The store itself keeps the rule: a second application of the same service and digest fails on its key. */
    @Test
    void theStoreRefusesASecondApplicationOfTheSameDocument() {
        Applications applications = gateway.assembly().applications();
        String digest = "d".repeat(64);
        OffsetDateTime now = OffsetDateTime.now();
        applications.insert(row("{" + UUID.randomUUID() + "}", now), digest);
        assertThatThrownBy(() -> applications.insert(row("{" + UUID.randomUUID() + "}", now), digest))
                .isInstanceOf(Database.StoreException.class)
                .hasCauseInstanceOf(SQLIntegrityConstraintViolationException.class);
        // applications from before the rule have no digest, and any number of them may
        applications.insert(row("{" + UUID.randomUUID() + "}", now), null);
        applications.insert(row("{" + UUID.randomUUID() + "}", now), null);
    }

    private static Applications.Application row(String correlationId, OffsetDateTime now) {
        return new Applications.Application(correlationId, "STORE_ONLY_SERVICE", "PORTAL", "PORTAL",
                "m-" + correlationId, "850315401201", null, "ON_DELIVERY", "ACCEPTED", "accepted", null, null, null,
                now, now);
    }

    private static void assertNothingStored(String senderId, String messageId) {
        ShepAnswers.assertNotStored(gateway, senderId, messageId);
        assertThat(gateway.assembly().messageLog().find(senderId, messageId)).as("message log").isEmpty();
    }

    /** The document's digest names exactly the one application, which is queued for its provider. */
    private static void assertOneApplication(Element signed, String correlationId) {
        assertThat(gateway.assembly().applications().bySignedDocument(ChannelClient.SERVICE_ID,
                SignedContent.sha256(signed))).hasValueSatisfying(a -> assertThat(a.correlationId())
                .isEqualTo(correlationId));
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

    private static RawSoap.Response post(byte[] envelope) {
        return RawSoap.post(gateway.asyncUrl(), envelope);
    }
}
