package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncChangeStatusNotifyRequest;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.async.types.SendMessageResponse;
import kz.qaqpa.contract.client.types.ChangeMassageStatusNotification;
import kz.qaqpa.contract.client.types.ChangeMassageStatusNotificationResponse;
import kz.qaqpa.contract.common.ChangeStatusNotification;
import kz.qaqpa.contract.common.MessageState;
import kz.qaqpa.contract.common.MessageStatusInfo;
import kz.qaqpa.document.kindergarten.PersonName;
import kz.qaqpa.document.kindergarten.Referral;
import kz.qaqpa.document.kindergarten.ResultHeader;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The portal's callback endpoint records the gateway's status notifications and verifies result documents. */
class ChannelMockTest {
    private static ChannelMock portal;
    private static SignedSoapClient asGateway;

    @BeforeAll
    static void start() {
        portal = new ChannelMock("portal", 0, SharedTestPki.key("portal"), PeerChecks.bin("190140005506"));
        portal.start();
        asGateway = new SignedSoapClient(SharedTestPki.key("gateway"),
                PeerChecks.certificate(SharedTestPki.key("portal").certificate()), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        portal.stop();
    }

    @Test
    void recordsASignedStatusNotification() {
        String messageId = UUID.randomUUID().toString();
        Element answer = asGateway.call(portal.url(), notification(messageId, "IN_WORK", "Application accepted for execution"));

        assertThat(ShepXml.fromNode(answer, ChangeMassageStatusNotificationResponse.class).getResponse().getSessionId())
                .isNotBlank();
        assertThat(portal.statuses(messageId)).singleElement().satisfies(s -> {
            assertThat(s.messageState()).isEqualTo("DELIVERED");
            assertThat(s.statusCode()).isEqualTo("IN_WORK");
            assertThat(s.statusMessage()).isEqualTo("Application accepted for execution");
        });
    }

    @Test
    void keepsTheSignedResultUnderEitherId() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        asGateway.call(portal.url(), notification(messageId, "REGISTERED", "ЖАО-2026-000001"));
        Element referral = signedReferral(correlationId);

        Element answer = asGateway.call(portal.url(), result(correlationId, referral));
        assertThat(ShepXml.fromNode(answer, SendMessageResponse.class).getResponse().getCorrelationId()).isEqualTo(correlationId);
        portal.link(messageId, correlationId);

        Element byMessage = portal.awaitResult(messageId, Duration.ofSeconds(1)).orElseThrow();
        assertThat(byMessage.getLocalName()).isEqualTo("referral");
        assertThat(portal.result(correlationId)).isPresent();
        assertThat(portal.resultEntry(correlationId).orElseThrow().signerIin()).isEqualTo("750618409005");
        assertThat(portal.statuses(correlationId)).extracting(ChannelMock.StatusEntry::statusCode).containsExactly("REGISTERED");

        String history = get(portal.historyUrl() + "/" + correlationId);
        assertThat(history).contains("messageId=\"" + messageId + "\"", "statusCode=\"REGISTERED\"", "MBU-012");
        assertThat(get(portal.historyUrl())).contains(correlationId);
    }

    @Test
    void refusesAResultChangedAfterSigning() {
        String correlationId = UUID.randomUUID().toString();
        Element referral = signedReferral(correlationId);
        referral.getElementsByTagNameNS("http://qaqpa.kz/services/kindergarten/v1", "kindergartenCode").item(0).setTextContent("MBU-050");

        assertThatThrownBy(() -> asGateway.call(portal.url(), result(correlationId, referral)))
                .isInstanceOf(SignedSoapClient.RemoteFault.class)
                .satisfies(e -> assertThat(((SignedSoapClient.RemoteFault) e).code()).isEqualTo("SCE016"));
        assertThat(portal.result(correlationId)).isEmpty();
    }

    @Test
    void refusesCallbacksNotSignedByTheGateway() {
        SignedSoapClient asCon = new SignedSoapClient(SharedTestPki.key("con"), c -> { }, Duration.ofSeconds(10));
        String messageId = UUID.randomUUID().toString();
        assertThatThrownBy(() -> asCon.call(portal.url(), notification(messageId, "IN_WORK", "x")))
                .isInstanceOf(SignedSoapClient.RemoteFault.class);
        assertThat(portal.statuses(messageId)).isEmpty();
    }

    private static ChangeMassageStatusNotification notification(String messageId, String code, String text) {
        MessageStatusInfo status = new MessageStatusInfo();
        status.setStatusCode(code);
        status.setStatusMessage(text);
        status.setStatusDate(SoapEnvelopes.now());
        ChangeStatusNotification n = new ChangeStatusNotification();
        n.setNotificationId(UUID.randomUUID().toString());
        n.setMessageId(messageId);
        n.setNotificationDate(SoapEnvelopes.now());
        n.setMessageState(MessageState.DELIVERED);
        n.setStatus(status);
        AsyncChangeStatusNotifyRequest request = new AsyncChangeStatusNotifyRequest();
        request.setNotification(n);
        request.setRequestDate(SoapEnvelopes.now());
        request.setSessionId(SessionIds.next());
        ChangeMassageStatusNotification root = new ChangeMassageStatusNotification();
        root.setRequest(request);
        return root;
    }

    private static SendMessage result(String correlationId, Element document) {
        return AsyncMessages.sendMessage("RESPONSE", UUID.randomUUID().toString(), correlationId,
                "ASTANA_KINDERGARTEN_2012", "qaqpa-gateway", null, document);
    }

    private static Element signedReferral(String correlationId) {
        PersonName name = new PersonName();
        name.setLastName("NURLANOVA");
        name.setFirstName("ARUZHAN");
        ResultHeader header = new ResultHeader();
        header.setCorrelationId(correlationId);
        header.setRegistrationNumber("ЖАО-2026-000001");
        header.setIssuedAt(DataElements.dateTime(Instant.now()));
        header.setEmployeeIin("750618409005");
        header.setChildIin("210908615601");
        header.setChildName(name);
        header.setChildBirthDate(DataElements.date(LocalDate.of(2021, 9, 8)));
        Referral r = new Referral();
        r.setHeader(header);
        r.setReferralNumber("ЖОЛ-2026-000001");
        r.setKindergartenCode("MBU-012");
        r.setKindergartenName("№12 «Балапан» бөбекжайы");
        r.setKindergartenAddress("Astana, Kabanbai batyr ave. 40");
        r.setKindergartenPhone("+7 7172 24 12 12");
        r.setHeadName("MUKANOVA SAULE");
        r.setHomeAddress("Astana, Yesil district, Mangilik Yel ave. 20, apt. 45");
        r.setValidUntil(DataElements.date(LocalDate.now().plusMonths(1)));
        Element element = ShepXml.toElement(r);
        DocumentSigner.sign(element, SharedTestPki.key("employee-zhao"));
        return element;
    }

    private static String get(String url) throws Exception {
        HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
        assertThat(http.getResponseCode()).isEqualTo(200);
        try (InputStream in = http.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
