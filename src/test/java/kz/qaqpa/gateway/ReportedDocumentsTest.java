package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.GetMessagesResponse;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Consent;
import kz.qaqpa.document.kindergarten.PersonName;
import kz.qaqpa.document.kindergarten.Refusal;
import kz.qaqpa.document.kindergarten.ResultHeader;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.mocks.provider.DeliveryNotifications;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.mocks.walkthrough.SampleQuestionnaire;
import kz.qaqpa.store.Applications;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The documents a provider reports (statusNotification, result) and a channel sends (hand-over, questionnaire) about
 * an accepted application: only the service's own documents, valid against its schema, naming this application and
 * its registration number. The test plays the provider (the mock polls only hourly here) and sends real signed
 * messages over HTTP; each refusal is a signed fault with its code, the application stays as it was and nothing of
 * the message is kept, and the right document afterwards still goes through.
 */
class ReportedDocumentsTest {
    private static final String SERVICE = ChannelClient.SERVICE_ID;
    private static final String SERVICE_NS = "http://qaqpa.kz/services/kindergarten/v1";
    private static final String FOREIGN_NS = "urn:example:another-service";
    private static final String EMPLOYEE_IIN = "750618409005";
    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;
    static SignedSoapClient provider;

    @BeforeAll
    static void start() {
        gateway = new GatewayHarness(dataDir).with("qaqpa.mocks.provider.poll-interval", "PT1H").start();
        provider = new SignedSoapClient(gateway.pki().key("eastana"), gateway.gatewayCheck(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    // ------------------------------------------------------------------ the provider's documents

    /** A refusal in another namespace, with the right fields and a valid employee's signature, completes nothing. */
    @Test
    void aResultInAForeignNamespaceIsRefused() {
        String correlationId = delivered();
        String number = register(correlationId);
        Element foreign = signed(foreignNamespace(ShepXml.toElement(refusal(correlationId, number))));
        refused(providerMessage("RESPONSE", correlationId, foreign), "SCE001", correlationId);

        providerAccepted(providerMessage("RESPONSE", correlationId, signed(ShepXml.toElement(refusal(correlationId, number)))));
        assertThat(application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    @Test
    void aStatusInAForeignNamespaceIsRefused() {
        String correlationId = delivered();
        Element foreign = foreignNamespace(ShepXml.toElement(status(correlationId, "REGISTERED", "ЖАО-2026-000001")));
        refused(providerMessage("NOTIFICATION", correlationId, foreign), "SCE001", correlationId);
        register(correlationId);
    }

    /** RegistrationNumber has maxLength 64 (the column too): a longer one is a schema violation, not SCE909. */
    @Test
    void anOversizedRegistrationNumberIsASchemaViolation() {
        String correlationId = delivered();
        Element status = ShepXml.toElement(status(correlationId, "REGISTERED", "ЖАО-" + "9".repeat(80)));
        refused(providerMessage("NOTIFICATION", correlationId, status), "SCE001", correlationId);
        assertThat(application(correlationId).registrationNumber()).isNull();
        register(correlationId);
    }

    /** A status is about the application its message names: its own correlationId must say the same. */
    @Test
    void aStatusAboutAnotherApplicationIsRefused() {
        String correlationId = delivered();
        String other = delivered();
        Element status = ShepXml.toElement(status(other, "REGISTERED", "ЖАО-2026-000002"));
        refused(providerMessage("NOTIFICATION", correlationId, status), "SCE020", correlationId);
        assertThat(application(other).statusCode()).isEqualTo("DELIVERED");
    }

    @Test
    void aStatusWithAnotherRegistrationNumberIsRefused() {
        String correlationId = delivered();
        String number = register(correlationId);
        Element status = ShepXml.toElement(status(correlationId, "IN_WORK", number + "-X"));
        refused(providerMessage("NOTIFICATION", correlationId, status), "SCE020", correlationId);
        providerAccepted(providerMessage("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", number))));
    }

    @Test
    void aResultWithAnotherRegistrationNumberIsRefused() {
        String correlationId = delivered();
        String number = register(correlationId);
        Element result = signed(ShepXml.toElement(refusal(correlationId, "ЖАО-2026-999999")));
        refused(providerMessage("RESPONSE", correlationId, result), "SCE020", correlationId);
        assertThat(application(correlationId).registrationNumber()).isEqualTo(number);
    }

    // ------------------------------------------------------------------ the channel's documents

    /** The ЦОН reports the hand-over of the result (process 8); the portal has no such step. */
    @Test
    void aHandOverInAForeignNamespaceOrAboutAnotherApplicationIsRefused() {
        String correlationId = completed(Channel.CON);
        StatusNotification handOver = status(correlationId, "HANDED_OVER", null);
        refused(channelMessage(Channel.CON, "NOTIFICATION", correlationId, foreignNamespace(ShepXml.toElement(handOver))),
                "SCE001", correlationId);
        handOver.setCorrelationId(completed(Channel.CON));
        refused(channelMessage(Channel.CON, "NOTIFICATION", correlationId, ShepXml.toElement(handOver)), "SCE020",
                correlationId);

        handOver.setCorrelationId(correlationId);
        SendMessage good = channelMessage(Channel.CON, "NOTIFICATION", correlationId, ShepXml.toElement(handOver));
        ShepAnswers.assertAccepted(gateway, post(good, "con"), good.getRequest().getMessageInfo().getMessageId());
        assertThat(application(correlationId).statusCode()).isEqualTo("ISSUED");
    }

    /** The consumer's consent to an offered place (portal, para 8.10), signed by the applicant, in another namespace. */
    @Test
    void aConsentInAForeignNamespaceIsRefused() {
        String correlationId = delivered();
        String number = register(correlationId);
        providerAccepted(providerMessage("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", number))));
        StatusNotification offer = status(correlationId, "OFFERED", number);
        StatusNotification.OfferedKindergarten place = new StatusNotification.OfferedKindergarten();
        place.setKindergartenCode("MBU-012");
        place.setKindergartenName("№12 «Балапан» бөбекжайы");
        offer.setOfferedKindergarten(place);
        providerAccepted(providerMessage("NOTIFICATION", correlationId, ShepXml.toElement(offer)));
        assertThat(application(correlationId).statusCode()).isEqualTo("OFFERED");

        Consent consent = new Consent();
        consent.setCorrelationId(correlationId);
        consent.setKindergartenCode("MBU-012");
        consent.setAgreed(true);
        consent.setText("I agree to the offered pre-school organisation");
        consent.setSignedAt(SoapEnvelopes.now());
        Element foreign = foreignNamespace(ShepXml.toElement(consent));
        DocumentSigner.sign(foreign, gateway.pki().key("citizen-aigerim"));
        refused(channelMessage(Channel.PORTAL, "UPDATE", correlationId, foreign), "SCE001", correlationId);

        Element own = ShepXml.toElement(consent);
        DocumentSigner.sign(own, gateway.pki().key("citizen-aigerim"));
        SendMessage good = channelMessage(Channel.PORTAL, "UPDATE", correlationId, own);
        ShepAnswers.assertAccepted(gateway, post(good, "portal"), good.getRequest().getMessageInfo().getMessageId());
        assertThat(application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    @Test
    void aQuestionnaireInAForeignNamespaceIsRefused() {
        String correlationId = completed(Channel.PORTAL);
        Element foreign = foreignNamespace(ShepXml.toElement(SampleQuestionnaire.about(correlationId)));
        refused(channelMessage(Channel.PORTAL, "UPDATE", correlationId, foreign), "SCE001", correlationId);
        assertThat(gateway.assembly().applicationDocuments().latest(correlationId, "qualityQuestionnaire")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** Refused with {@code code}: the application unchanged, no document kept, the messageId free. */
    private static void refused(SendMessage message, String code, String correlationId) {
        Applications.Application before = application(correlationId);
        int documents = gateway.assembly().applicationDocuments().of(correlationId).size();
        String sender = message.getRequest().getMessageInfo().getSender().getSenderId();
        ShepAnswers.assertFault(gateway, post(message, sender.toLowerCase()), SEND_MESSAGE_FAULT, code);
        assertThat(application(correlationId)).isEqualTo(before);
        assertThat(gateway.assembly().applicationDocuments().of(correlationId)).hasSize(documents);
    }

    private static RawSoap.Response post(SendMessage message, String keyAlias) {
        return RawSoap.post(gateway.asyncUrl(), RawSoap.signed(message, gateway.pki().key(keyAlias)));
    }

    private static void providerAccepted(SendMessage message) {
        ShepAnswers.assertAccepted(gateway, post(message, "eastana"), message.getRequest().getMessageInfo().getMessageId());
    }

    /** A PORTAL application, fetched and acknowledged by the provider (status DELIVERED). */
    private static String delivered() {
        return delivered(Channel.PORTAL);
    }

    private static String delivered(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel);
        String correlationId = gateway.client(channel).submit(ChannelClient.sign(sample.build(),
                gateway.pki().key(sample.signerAlias())), "documents-" + UUID.randomUUID()).getCorrelationId();
        AsyncMessage message = poll().stream().filter(m -> m.getMessageInfo().getCorrelationId().equals(correlationId))
                .findFirst().orElseThrow();
        acknowledge(message.getMessageInfo().getMessageId());
        assertThat(application(correlationId).statusCode()).isEqualTo("DELIVERED");
        return correlationId;
    }

    /** Registered by the provider; returns the number. */
    private static String register(String correlationId) {
        String number = "ЖАО-2026-" + correlationId.substring(1, 7);
        providerAccepted(providerMessage("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "REGISTERED", number))));
        assertThat(application(correlationId).registrationNumber()).isEqualTo(number);
        return number;
    }

    /** Registered and answered with a (final) refusal. */
    private static String completed(Channel channel) {
        String correlationId = delivered(channel);
        String number = register(correlationId);
        providerAccepted(providerMessage("RESPONSE", correlationId, signed(ShepXml.toElement(refusal(correlationId, number)))));
        assertThat(application(correlationId).statusCode()).isEqualTo("COMPLETED");
        return correlationId;
    }

    private static SendMessage providerMessage(String type, String correlationId, Element document) {
        return AsyncMessages.sendMessage(type, "provider-" + UUID.randomUUID(), correlationId, SERVICE, "EASTANA",
                "eastana-secret", document);
    }

    private static SendMessage channelMessage(Channel channel, String type, String correlationId, Element document) {
        String sender = channel.name();
        return AsyncMessages.sendMessage(type, "channel-" + UUID.randomUUID(), correlationId, SERVICE, sender,
                sender.toLowerCase() + "-secret", document);
    }

    private static StatusNotification status(String correlationId, String status, String registrationNumber) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(correlationId);
        n.setStatus(status);
        n.setRegistrationNumber(registrationNumber);
        n.setChangedAt(SoapEnvelopes.now());
        return n;
    }

    private static Refusal refusal(String correlationId, String registrationNumber) {
        ResultHeader header = new ResultHeader();
        header.setCorrelationId(correlationId);
        header.setRegistrationNumber(registrationNumber);
        header.setIssuedAt(SoapEnvelopes.now());
        header.setEmployeeIin(EMPLOYEE_IIN);
        header.setChildIin(application(correlationId).childIin());
        PersonName name = new PersonName();
        name.setLastName("NURLANOVA");
        name.setFirstName("ARUZHAN");
        header.setChildName(name);
        header.setChildBirthDate(DataElements.date(java.time.LocalDate.of(2021, 9, 8)));
        Refusal refusal = new Refusal();
        refusal.setHeader(header);
        refusal.setReasonCode("OTHER");
        refusal.getReason().add("the birth certificate is missing");
        return refusal;
    }

    /** Signed by the provider's employee (enveloped XML-DSig). */
    private static Element signed(Element document) {
        DocumentSigner.sign(document, gateway.pki().key("employee-zhao"));
        return document;
    }

    /** The same document with every element moved from the service's namespace into another. */
    private static Element foreignNamespace(Element document) {
        String text = SecureXml.toString(document).replace(SERVICE_NS, FOREIGN_NS);
        return SecureXml.parseText(text).getDocumentElement();
    }

    private static Applications.Application application(String correlationId) {
        return gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow();
    }

    private static java.util.List<AsyncMessage> poll() {
        AsyncGetMessagesRequest request = new AsyncGetMessagesRequest();
        request.setServiceId(SERVICE);
        request.setSender(AsyncMessages.sender("EASTANA", "eastana-secret"));
        request.setAmount(100);
        GetMessages call = new GetMessages();
        call.setRequest(request);
        return ShepXml.fromNode(provider.call(gateway.asyncUrl(), call), GetMessagesResponse.class).getResponse()
                .getMessages();
    }

    private static void acknowledge(String messageId) {
        provider.call(gateway.asyncUrl(), DeliveryNotifications.acknowledgement(SERVICE, messageId, "MESSAGE_ACCEPTED",
                "NOT_RESEND", null, AsyncMessages.sender("EASTANA", "eastana-secret"), SoapEnvelopes.now()));
    }
}
