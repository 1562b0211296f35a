package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.contract.sync.types.SendMessageResponse;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.document.poa.PowerOfAttorneyRequest;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/** Sync SendMessage look-ups are routed by serviceId to the ГБД ФЛ and ЕНИС adapters and answered signed. */
class SyncChannelTest {
    /** A fourth state system, configured through properties only (StateSystems). */
    static final String FOURTH = "GBDFL_PERSON_REPLICA";
    @RegisterExtension
    static final GatewayHarness gateway = StateSystems.replica(GatewayHarness.perClass(), FOURTH)
            .with("qaqpa.service." + FOURTH + ".request-element", "{http://qaqpa.kz/registry/person/v1}personRequest")
            .with("qaqpa.service." + FOURTH + ".asked-key", "iin");
    static SignedSoapClient portal;

    @BeforeAll
    static void client() {
        portal = new SignedSoapClient(gateway.pki().key("portal"), gateway.gatewayCheck(), Duration.ofSeconds(10));
    }

    @Test
    void personLookUpReturnsTheParentWithChildLinks() {
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        SendMessageResponse answer = send("GBDFL_PERSON", "PORTAL", request);
        assertThat(answer.getResponse().getResponseInfo().getStatus().getCode()).isEqualTo("SCSS001");
        Element data = ShepXml.dataContent(ShepXml.toElement(answer));
        Person person = ShepXml.fromNode(data, Person.class);
        assertThat(person.getLastName()).isEqualTo("NURLANOVA");
        assertThat(person.getChildIin()).contains("210908615601");
    }

    /** The published ШЭП samples carry the look-up as escaped XML text in data (xsi:type="xs:string"). */
    @Test
    void aLookUpSentAsEscapedTextIsAnsweredLikeAnInlineOne() {
        SendMessage message = escapedLookUp("");
        assertThat(SecureXml.toString(ShepXml.toElement(message))).contains("xsi:type=\"xs:string\"", "&lt;");

        assertAnsweredWithTheChild(message);
    }

    /**
     * review60: text decoded from a file with its byte order mark (.NET's Encoding.UTF8.GetString of the file's bytes,
     * Java's new String of them) starts with U+FEFF, an encoding signature and never content (XML 1.0 4.3.3); it was
     * taken for a plain value and refused as "no document".
     */
    @Test
    void anEscapedLookUpLedByAByteOrderMarkIsAnsweredLikeAnInlineOne() {
        assertAnsweredWithTheChild(escapedLookUp("\uFEFF"));
    }

    /** PORTAL's look-up of 850315401201 in ГБД ФЛ, its personRequest escaped in data after {@code lead}. */
    private static SendMessage escapedLookUp(String lead) {
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        SendMessage message = message("GBDFL_PERSON", "PORTAL", "portal-secret", request);
        message.getRequest().getRequestData().setData(lead + SecureXml.toString(ShepXml.toElement(request)));
        return message;
    }

    /** Sends {@code message}; its answer is SCSS001 with the person, whose child is 210908615601. */
    private static void assertAnsweredWithTheChild(SendMessage message) {
        SendMessageResponse answer = ShepXml.fromNode(portal.call(gateway.syncUrl(), message), SendMessageResponse.class);

        assertThat(answer.getResponse().getResponseInfo().getStatus().getCode()).isEqualTo("SCSS001");
        Person person = ShepXml.fromNode(ShepXml.dataContent(ShepXml.toElement(answer)), Person.class);
        assertThat(person.getChildIin()).contains("210908615601");
    }

    /** review60: a plain value where the service's request belongs is named as such ("not no document" before). */
    @Test
    void aPlainValueWhereTheRequestBelongsIsRefusedSayingSo() {
        SendMessage message = message("GBDFL_PERSON", "PORTAL", "portal-secret", new PersonRequest());
        message.getRequest().getRequestData().setData("850315401201");

        assertThatThrownBy(() -> portal.call(gateway.syncUrl(), message))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE001");
                    assertThat(f.error().getErrorMessage()).contains("personRequest in data, but data holds no document");
                });
    }

    /**
     * A look-up's signed messages (the caller's request, the gateway's call to the state system and its answer, the
     * gateway's answer) go into the message chain in one transaction: in this order, one right after another.
     */
    @Test
    void aLookUpIsLoggedInOneRunOfTheChain() {
        long before = gateway.assembly().messageChain().head().seq();
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        send("GBDFL_PERSON", "PORTAL", request);

        List<ChainRecord> logged = lookUpRecords(before);
        assertThat(logged).extracting(ChainRecord::kind).containsExactly(MessageChain.REQUEST, MessageChain.STATE_CALL,
                MessageChain.STATE_ANSWER, MessageChain.ANSWER);
        assertThat(logged).extracting(ChainRecord::seq).containsExactly(logged.get(0).seq(), logged.get(0).seq() + 1,
                logged.get(0).seq() + 2, logged.get(0).seq() + 3);
    }

    /**
     * Copies of one look-up sent at the same moment: the first to commit is the answer, the others get that answer
     * again (the message log's key decides), and each copy's answer is logged once.
     */
    /**
     * walk58: an answered look-up has a line naming its messageId, sender, service and what the state system
     * answered (the answer's kind, never the key asked), so an operator follows it by the sender's messageId, as an
     * application by its intake line; before, the only line was "SendMessage signed by …", naming neither.
     */
    @Test
    void anAnsweredLookUpIsLoggedByItsMessageId() {
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        SendMessage message = message("GBDFL_PERSON", "PORTAL", "portal-secret", request);
        String messageId = message.getRequest().getRequestInfo().getMessageId();
        try (LogLines lines = new LogLines()) {
            portal.call(gateway.syncUrl(), message);
            assertThat(lines.containing(messageId)).singleElement().asString()
                    .contains("sender PORTAL", "GBDFL_PERSON", "signed by CN=", "answered", "person")
                    .doesNotContain("850315401201");
        }
    }

    @Test
    void copiesOfALookUpSentAtOnceAllGetTheFirstAnswer() throws Exception {
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        byte[] signed = portal.signedEnvelope(message("GBDFL_PERSON", "PORTAL", "portal-secret", request));
        long before = gateway.assembly().messageChain().head().seq();
        List<Element> answers = AtOnce.run(4, () -> portal.send(gateway.syncUrl(), signed));
        assertThat(answers.stream().map(SecureXml::toString).distinct()).hasSize(1);
        List<ChainRecord> logged = gateway.assembly().messageChain().page(before, Integer.MAX_VALUE).stream()
                .filter(r -> "SendMessage".equals(r.operation())).toList();
        assertThat(logged).filteredOn(r -> r.kind().equals(MessageChain.ANSWER)).hasSize(4);
        assertThat(logged).filteredOn(r -> r.kind().equals(MessageChain.REQUEST)).hasSize(4);
    }

    private static List<ChainRecord> lookUpRecords(long afterSeq) {
        List<ChainRecord> since = gateway.assembly().messageChain().page(afterSeq, Integer.MAX_VALUE);
        String session = since.stream().filter(r -> r.kind().equals(MessageChain.STATE_CALL)).findFirst()
                .orElseThrow().sessionId();
        return since.stream().filter(r -> session.equals(r.sessionId())).toList();
    }

    @Test
    void powerOfAttorneyLookUp() {
        PowerOfAttorneyRequest request = new PowerOfAttorneyRequest();
        request.setNumber("ENIS-2026-000101");
        SendMessageResponse answer = send("ENIS_POWER_OF_ATTORNEY", "PORTAL", request);
        PowerOfAttorney poa = ShepXml.fromNode(ShepXml.dataContent(ShepXml.toElement(answer)), PowerOfAttorney.class);
        assertThat(poa.getRepresentativeIin()).isEqualTo("911111305502");
    }

    @Test
    void aSenderWithoutTheGrantIsRefused() {
        // ЦОН may ask ГБД ФЛ but not ЕНИС (qaqpa.sender.CON.services)
        PowerOfAttorneyRequest request = new PowerOfAttorneyRequest();
        request.setNumber("ENIS-2026-000101");
        SignedSoapClient con = new SignedSoapClient(gateway.pki().key("con"), gateway.gatewayCheck(), Duration.ofSeconds(10));
        assertThatThrownBy(() -> con.call(gateway.syncUrl(), message("ENIS_POWER_OF_ATTORNEY", "CON", "con-secret", request)))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class, f -> assertThat(f.code()).isEqualTo("SCE008"));
    }

    /**
     * Another service's request (ЕНИС's, sent as GBDFL_PERSON) is not ГБД ФЛ's request document: the gateway refuses
     * it, SCE001, and only the request and the fault are logged, no call (session 29; before, ГБД ФЛ was called and
     * its own SCE001 passed on: a state system's own refusal still is, StateSystemFailuresTest).
     */
    @Test
    void anotherServicesRequestIsRefusedBeforeTheCall() {
        long before = gateway.assembly().messageChain().head().seq();
        PowerOfAttorneyRequest wrongKind = new PowerOfAttorneyRequest();
        wrongKind.setNumber("ENIS-2026-000101");
        assertThatThrownBy(() -> portal.call(gateway.syncUrl(), message("GBDFL_PERSON", "PORTAL", "portal-secret", wrongKind)))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE001");
                    assertThat(f.error().getErrorMessage()).contains("personRequest");
                });
        assertThat(gateway.assembly().messageChain().page(before, Integer.MAX_VALUE)).extracting(ChainRecord::kind)
                .contains(MessageChain.REQUEST, MessageChain.FAULT).doesNotContain(MessageChain.STATE_CALL);
    }

    /**
     * A fourth state system configured through properties only (fix14) is asked as the three are: its look-up is
     * answered, and another request than its qaqpa.service.<id>.request-element is refused (SCE001) with no call.
     * Before, the gateway had adapters for the three only (SCE004 for the fourth), and checked the request of those.
     */
    @Test
    void aStateSystemConfiguredOnlyInPropertiesIsAskedWithItsRequestOnly() {
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        SendMessageResponse answer = send(FOURTH, "PORTAL", request);
        assertThat(answer.getResponse().getResponseInfo().getStatus().getCode()).isEqualTo("SCSS001");
        long before = gateway.assembly().messageChain().head().seq();
        PowerOfAttorneyRequest wrongKind = new PowerOfAttorneyRequest();
        wrongKind.setNumber("ENIS-2026-000101");
        assertThatThrownBy(() -> portal.call(gateway.syncUrl(), message(FOURTH, "PORTAL", "portal-secret", wrongKind)))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE001");
                    assertThat(f.error().getErrorMessage()).contains(FOURTH).contains("personRequest");
                });
        assertThat(gateway.assembly().messageChain().page(before, Integer.MAX_VALUE)).extracting(ChainRecord::kind)
                .contains(MessageChain.REQUEST, MessageChain.FAULT).doesNotContain(MessageChain.STATE_CALL);
    }

    @Test
    void anUnknownServiceIsRefused() {
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        assertThatThrownBy(() -> portal.call(gateway.syncUrl(), message("NO_SUCH_SERVICE", "PORTAL", "portal-secret", request)))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class, f -> assertThat(f.code()).isEqualTo("SCE004"));
    }

    @Test
    void benchmarkEchoIsNotServedUnlessSwitchedOn() {
        RawSoap.Response response = RawSoap.post(gateway.syncUrl().replace("/shep/sync", "/bench/echo"),
                RawSoap.request("unsigned-sync-SendMessage.xml"));
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
    }

    private static SendMessageResponse send(String serviceId, String senderId, Object document) {
        Element answer = portal.call(gateway.syncUrl(), message(serviceId, senderId, "portal-secret", document));
        return ShepXml.fromNode(answer, SendMessageResponse.class);
    }

    private static SendMessage message(String serviceId, String senderId, String password, Object document) {
        return SyncMessages.sendMessage(java.util.UUID.randomUUID().toString(), serviceId, null, senderId, password,
                ShepXml.toElement(document));
    }
}
