package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.xml.validation.Schema;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Wire compatibility with the published ШЭП contract (../shared/reference/shep-contract, outside this repository;
 * the test is skipped where it is absent): what a ШЭП client sends is accepted, and every message Qaqpa sends,
 * answers, faults and callbacks alike, validates against the published schemas.
 */
class ReferenceContractTest {
    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;
    static Schema async;
    static Schema asyncClient;
    static Schema sync;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PublishedContract.available(), "published ШЭП contract not found at "
                + PublishedContract.REFERENCE.toAbsolutePath());
        async = schema("AsyncChannel/v10/Types/IAsyncChannel.xsd");
        asyncClient = schema("AsyncChannel/v10/Types/IAsyncChannelClient.xsd");
        sync = schema("SyncChannel/v10/Types/ISyncChannel.xsd");
        gateway = new GatewayHarness(dataDir).start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void applicationRoundTripSpeaksThePublishedContract() throws Exception {
        // a reasoned refusal: the portal's final result without an offer to consent to first (para 8.10)
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        ChannelClient portal = gateway.client(Channel.PORTAL);
        String messageId = UUID.randomUUID().toString();
        Element signed = gateway.signed(sample);
        Element request = ShepXml.toElement(portal.request(signed, messageId));
        assertValid(async, request);

        SignedSoapClient client = new SignedSoapClient(gateway.pki().key("portal"), gateway.gatewayCheck(),
                Duration.ofSeconds(10));
        Element answer = client.call(gateway.asyncUrl(), portal.request(signed, messageId));
        assertValid(async, answer);
        String correlationId = ShepXml.fromNode(answer, kz.qaqpa.contract.async.types.SendMessageResponse.class)
                .getResponse().getCorrelationId();
        gateway.mocks().portal().awaitResult(correlationId, Duration.ofSeconds(30)).orElseThrow();
        assertValid(async, ShepXml.toElement(statusCall(messageId)));
        assertValid(async, client.call(gateway.asyncUrl(), statusCall(messageId)));

        List<Outbox.Pending> sent = gateway.assembly().outbox().forApplication(correlationId);
        assertThat(sent).extracting(Outbox.Pending::targetSender).contains("PORTAL", "CON");
        for (Outbox.Pending callback : sent) {
            Element payload = SecureXml.parse(callback.payload().getBytes(StandardCharsets.UTF_8)).getDocumentElement();
            assertValid("sendMessage".equals(payload.getLocalName()) ? async : asyncClient, payload);
        }
    }

    @Test
    void providerPollingAnswersAndFaultsFollowThePublishedContract() {
        SignedSoapClient provider = new SignedSoapClient(gateway.pki().key("eastana"), gateway.gatewayCheck(),
                Duration.ofSeconds(10));
        assertValid(async, provider.call(gateway.asyncUrl(), getMessages("EASTANA", "eastana-secret")));

        Document fault = SecureXml.parse(RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(getMessages("EASTANA", "wrong"), gateway.pki().key("eastana"))).body());
        Element detail = (Element) fault.getElementsByTagNameNS("*", "getMessagesFault1_getMessagesFault").item(0);
        assertValid(async, detail);
        assertThat(SoapEnvelopes.faultDetail(fault).getErrorCode()).isEqualTo("SCE003");
    }

    @Test
    void syncLookUpAnswerFollowsThePublishedContract() {
        var person = new kz.qaqpa.document.person.PersonRequest();
        person.setIin("850315401201");
        var call = SyncMessages.sendMessage(UUID.randomUUID().toString(), "GBDFL_PERSON", null, "PORTAL",
                "portal-secret", ShepXml.toElement(person));
        assertValid(sync, ShepXml.toElement(call));
        SignedSoapClient portal = new SignedSoapClient(gateway.pki().key("portal"), gateway.gatewayCheck(),
                Duration.ofSeconds(10));
        assertValid(sync, portal.call(gateway.syncUrl(), call));
    }

    @Test
    void theValidationIsRealAndRefusesWhatTheContractDoesNotAllow() {
        Element bogus = SecureXml.parse("<a:sendMessageResponse xmlns:a=\"http://bip.bee.kz/AsyncChannel/v10/Types\"><nope/></a:sendMessageResponse>"
                .getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertValid(async, bogus)).isInstanceOf(AssertionError.class);
    }

    private static kz.qaqpa.contract.async.types.GetMessageStatus statusCall(String messageId) {
        return ChannelClient.statusRequest(AsyncMessages.sender("PORTAL", "portal-secret"), messageId);
    }

    private static GetMessages getMessages(String senderId, String password) {
        AsyncGetMessagesRequest request = new AsyncGetMessagesRequest();
        request.setRequestDate(kz.qaqpa.channel.SoapEnvelopes.now());
        request.setServiceId("ASTANA_KINDERGARTEN_2012");
        request.setSender(AsyncMessages.sender(senderId, password));
        request.setAmount(5);
        GetMessages call = new GetMessages();
        call.setRequest(request);
        return call;
    }

    private static Schema schema(String file) {
        return PublishedContract.schema(file);
    }

    private static void assertValid(Schema schema, Element element) {
        PublishedContract.assertValid(schema, element);
    }

}
