package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.WsNames;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The signed paths that the key-algorithm tests (GOST everywhere, channels RSA with a GOST gateway) run over a
 * gateway: a ГБД ФЛ look-up on the sync channel and a seed 002 application up to the provider's signed result, plus
 * what the message log shows about who signed what with which algorithm.
 */
final class SignedFlows {
    static final Duration WAIT = Duration.ofSeconds(30);

    private SignedFlows() {
    }

    /** PORTAL looks up a person in ГБД ФЛ over the sync channel; returns the gateway's signed answer as received. */
    static Document personLookUp(GatewayHarness gateway, String iin) {
        PersonRequest request = new PersonRequest();
        request.setIin(iin);
        SendMessage message = SyncMessages.sendMessage(UUID.randomUUID().toString(), "GBDFL_PERSON", null, "PORTAL",
                "portal-secret", ShepXml.toElement(request));
        RawSoap.Response answer = RawSoap.post(gateway.syncUrl(), RawSoap.signed(message, gateway.pki().key("portal")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.document();
    }

    static Person person(Document syncAnswer) {
        Element data = ShepXml.dataContent(SoapEnvelopes.payload(syncAnswer));
        return ShepXml.fromNode(data, Person.class);
    }

    /** Submits a referral application on {@code channel} (consenting on the portal) and returns the signed result. */
    static Submitted referral(GatewayHarness gateway, Channel channel) {
        gateway.mocks().provider().orElseThrow().freePlace("MBU-050");
        SampleApplication sample = SampleApplication.on(channel).kindergartens("MBU-050");
        String messageId = channel + "-" + UUID.randomUUID();
        Element signed = gateway.signed(sample);
        String correlationId = gateway.client(channel).submit(signed, messageId).getCorrelationId();
        if (channel == Channel.PORTAL) {
            assertThat(gateway.mocks().portal().awaitStatus(messageId, "OFFERED", WAIT)).isPresent();
            gateway.client(Channel.PORTAL).consent(correlationId, "MBU-050", true, gateway.pki().key(sample.signerAlias()));
        }
        Element result = channelMock(gateway, channel).awaitResult(correlationId, "referral", WAIT)
                .orElseThrow(() -> new AssertionError("no referral delivered to " + channel + " for " + correlationId));
        return new Submitted(messageId, correlationId, result);
    }

    record Submitted(String messageId, String correlationId, Element result) {
    }

    /** The SignatureMethod of the WS-Security signature of a logged message. */
    static String transportSignatureMethod(ChainRecord record) {
        Document envelope = SecureXml.parse(record.message());
        Element security = (Element) envelope.getElementsByTagNameNS(WsNames.WSSE, "Security").item(0);
        Element method = (Element) security.getElementsByTagNameNS(WsNames.DS, "SignatureMethod").item(0);
        return method.getAttribute("Algorithm");
    }

    /** The message log's records of an application, or (null) of everything logged so far. */
    static List<ChainRecord> logged(GatewayHarness gateway, String correlationId) {
        MessageChain chain = gateway.assembly().messageChain();
        return correlationId == null ? chain.page(0, Integer.MAX_VALUE) : chain.ofApplication(correlationId);
    }

    static List<ChainRecord> logged(GatewayHarness gateway, String correlationId, String direction, String kind) {
        return logged(gateway, correlationId).stream()
                .filter(r -> r.direction().equals(direction) && (kind == null || r.kind().equals(kind))).toList();
    }

    private static ChannelMock channelMock(GatewayHarness gateway, Channel channel) {
        return switch (channel) {
            case PORTAL -> gateway.mocks().portal();
            case CON -> gateway.mocks().con();
            case ZHAO, EASTANA -> gateway.mocks().eastana();
        };
    }
}
