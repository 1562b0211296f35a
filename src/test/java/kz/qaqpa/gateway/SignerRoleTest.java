package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.PkiSubject;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.KeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * A signer signs in the role the НУЦ issued his certificate for (its extended key usages, {@code SignerRole}; ours,
 * the regulations say only that the applicant signs with his EDS and the employee with his): an organisation's
 * employee's certificate does not sign as a citizen though its ИИН is the applicant's, and a certificate issued to an
 * individual does not sign for an organisation though its subject names the organisation's БИН. A certificate naming
 * neither usage is left to the other checks. Real signed HTTP to a running gateway; the provider is played by the test.
 */
class SignerRoleTest {
    private static final String ORGANISATION_EMPLOYEE = PkiSubject.ORGANISATION + ".5";
    /** ISMAILOVA ZHANAR, the provider's employee (employee-zhao), here applying as a mother. */
    private static final String EMPLOYEE_IIN = "750618409005";
    /** SERIKBAYEVA GAUHAR (citizen-gauhar), the applicant's wife in the seed 000 samples. */
    private static final String MOTHER_IIN = "820505401080";

    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway();
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /**
     * The employee's certificate names her ИИН, so it matched her own application on the portal and was taken as
     * the citizen's signature. Refused (SCE020, nothing stored); the same subject's certificate without the НУЦ's
     * usages is not judged by them and is accepted.
     */
    @Test
    void anOrganisationsCertificateDoesNotSignAnApplicationAsTheCitizen() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).family(EMPLOYEE_IIN, "ISMAILOVA", "ZHANAR",
                "210908615601", "ISMAILOVA", "ARUZHAN", LocalDate.of(2021, 9, 8));
        assertThat(assertRefused(sample, Channel.PORTAL, "portal", gateway.pki().key("employee-zhao")))
                .contains(PkiSubject.ORGANISATION);

        String messageId = "no-usages-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, provider.post(request(sample, Channel.PORTAL,
                gateway.pki().issueWithExtendedKeyUsages("employee-zhao"), messageId), "portal"), messageId);
    }

    /** The ЦОН's operator signs as its employee: his name on a certificate issued to an individual does not. */
    @Test
    void anIndividualsCertificateDoesNotSignAsTheOperatorAtCon() {
        KeyMaterial personal = gateway.pki().issueWithExtendedKeyUsages("operator-con", PkiSubject.INDIVIDUAL);
        assertThat(assertRefused(SampleApplication.on(Channel.CON), Channel.CON, "con", personal))
                .contains(PkiSubject.INDIVIDUAL);
    }

    /**
     * The result is signed by the provider's employee: a certificate issued to an individual, though it names the
     * employee and the provider's БИН, is refused (SCE020) and the application stays open; her employee's
     * certificate then completes it.
     */
    @Test
    void anIndividualsCertificateDoesNotSignTheProvidersResult() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        Element refusal = ShepXml.toElement(provider.refusal(correlationId, number));
        DocumentSigner.sign(refusal, gateway.pki().issueWithExtendedKeyUsages("employee-zhao", PkiSubject.INDIVIDUAL));
        assertThat(ShepAnswers.assertFault(gateway, provider.post(provider.message("RESPONSE", correlationId, refusal),
                "eastana"), SEND_MESSAGE_FAULT, "SCE020")).contains(PkiSubject.INDIVIDUAL);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");

        provider.accepted(provider.result(correlationId, provider.refusal(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /**
     * The consumer consents to the offered place himself: a certificate of an organisation's employee naming the
     * applicant's ИИН is refused (SCE020) and the offer stands; her own certificate then consents.
     */
    @Test
    void anOrganisationsCertificateDoesNotConsentForTheConsumer() {
        String correlationId = provider.offered(Channel.PORTAL);
        KeyMaterial employees = gateway.pki().issueWithExtendedKeyUsages("citizen-aigerim",
                PkiSubject.ORGANISATION, ORGANISATION_EMPLOYEE);
        assertThat(ShepAnswers.assertFault(gateway, provider.post(consent(correlationId, employees), "portal"),
                SEND_MESSAGE_FAULT, "SCE020")).contains(PkiSubject.ORGANISATION);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");

        SendMessage own = consent(correlationId, gateway.pki().key("citizen-aigerim"));
        ShepAnswers.assertAccepted(gateway, provider.post(own, "portal"), own.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /**
     * The other spouse co-signs the application herself (seed 000): her co-signature made with a certificate of an
     * organisation's employee naming her ИИН is refused (SCE020), nothing stored.
     */
    @Test
    void anOrganisationsCertificateDoesNotCoSignAsTheSpouse() {
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.PROPERTY, "PORTAL").coSignerKey(
                MOTHER_IIN, gateway.pki().issueWithExtendedKeyUsages("citizen-gauhar", PkiSubject.ORGANISATION,
                        ORGANISATION_EMPLOYEE));
        SendMessage request = AsyncMessages.sendMessage("REQUEST", sample.messageId(), null, sample.serviceId(),
                "PORTAL", "portal-secret", sample.signed(gateway.pki()));
        assertThat(ShepAnswers.assertFault(gateway, provider.post(request, "portal"), SEND_MESSAGE_FAULT, "SCE020"))
                .contains(PkiSubject.ORGANISATION);
        ShepAnswers.assertNotStored(gateway, "PORTAL", sample.messageId());
    }

    /**
     * A channel's system authenticates with the organisation's certificate: one the НУЦ issued to an individual is
     * not the system, whatever БИН its subject names (SCE003, the answer of any wrong credential).
     */
    @Test
    void anIndividualsCertificateIsNotTheChannelsSystem() {
        String messageId = "individual-transport-" + UUID.randomUUID();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        SendMessage request = request(sample, Channel.PORTAL, gateway.pki().key(sample.signerAlias()), messageId);
        KeyMaterial individual = gateway.pki().issueWithExtendedKeyUsages("portal", PkiSubject.INDIVIDUAL);
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(request, individual)),
                SEND_MESSAGE_FAULT, "SCE003");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * A system's certificate renewed by the НУЦ (a new key, the same БИН: about once a year) is that system from the
     * day it is issued, with nothing configured anew, and the certificate it replaces stays the system's while it is
     * valid (docs/production.md, "Renewing certificates"; a revoked or not yet valid one: AttackTest): the portal's and
     * the provider's alike.
     */
    @Test
    void aRenewedSystemCertificateIsTheSameSystem() {
        KeyMaterial renewedPortal = gateway.pki().issueWithExtendedKeyUsages("portal", PkiSubject.ORGANISATION);
        KeyMaterial renewedProvider = gateway.pki().issueWithExtendedKeyUsages("eastana", PkiSubject.ORGANISATION);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        String messageId = "renewed-" + UUID.randomUUID();
        String correlationId = ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(
                request(sample, Channel.PORTAL, gateway.pki().key(sample.signerAlias()), messageId), renewedPortal)),
                messageId);
        provider.acknowledge(provider.polled(correlationId).getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED",
                "NOT_RESEND");

        String number = "ЖАО-2026-" + correlationId.substring(1, 7);
        SendMessage registered = provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(PlayedProvider.status(correlationId, "REGISTERED", number)));
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(registered, renewedProvider)),
                registered.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);
        // the certificates they replace, still valid, are still theirs
        assertThat(provider.delivered(Channel.PORTAL)).isNotBlank();
    }

    private static SendMessage request(SampleApplication sample, Channel channel, KeyMaterial signer, String messageId) {
        return gateway.client(channel).request(GatewayHarness.signed(sample, signer), messageId);
    }

    /** Signed by {@code signer}, sent by the channel's system: refused with SCE020, nothing stored; the errorMessage. */
    private static String assertRefused(SampleApplication sample, Channel channel, String system, KeyMaterial signer) {
        String messageId = "role-" + UUID.randomUUID();
        String text = ShepAnswers.assertFault(gateway, provider.post(request(sample, channel, signer, messageId), system),
                SEND_MESSAGE_FAULT, "SCE020");
        ShepAnswers.assertNotStored(gateway, channel.name(), messageId);
        return text;
    }

    /** The consumer's consent to MBU-012, signed now by {@code signer}, as the portal's UPDATE. */
    private static SendMessage consent(String correlationId, KeyMaterial signer) {
        return PlayedProvider.channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                PlayedProvider.consent(correlationId, true, Instant.now(), signer));
    }
}
