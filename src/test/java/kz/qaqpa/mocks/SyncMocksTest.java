package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.contract.sync.response.SyncSendMessageResponse;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.contract.sync.types.SendMessageResponse;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.document.poa.PowerOfAttorneyNotFound;
import kz.qaqpa.document.poa.PowerOfAttorneyRequest;
import kz.qaqpa.mocks.enis.EnisMock;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.mocks.soap.SyncLookupService;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** ГБД ФЛ, ГБД ЮЛ and ЕНИС mocks over real HTTP with real transport signatures, called as the gateway would. */
class SyncMocksTest {
    private static final String GATEWAY_BIN = "190140005506";
    private static GbdflMock gbdfl;
    private static EnisMock enis;
    private static kz.qaqpa.mocks.gbdul.GbdulMock gbdul;
    private static SignedSoapClient asGateway;

    @BeforeAll
    static void start() {
        gbdfl = new GbdflMock(0, SharedTestPki.key("gbdfl"), PeerChecks.bin(GATEWAY_BIN));
        enis = new EnisMock(0, SharedTestPki.key("enis"), PeerChecks.bin(GATEWAY_BIN));
        gbdfl.start();
        enis.start();
        gbdul = new kz.qaqpa.mocks.gbdul.GbdulMock(0, SharedTestPki.key("gbdul"), PeerChecks.bin(GATEWAY_BIN));
        gbdul.start();
        asGateway = new SignedSoapClient(SharedTestPki.key("gateway"), cert -> { }, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        gbdfl.stop();
        enis.stop();
        gbdul.stop();
    }

    @Test
    void gbdulAnswersALegalEntityWithItsDirectorSignedByGbdul() {
        SignedSoapClient strict = new SignedSoapClient(SharedTestPki.key("gateway"),
                PeerChecks.certificate(SharedTestPki.key("gbdul").certificate()), Duration.ofSeconds(10));
        SyncSendMessageResponse response = ShepXml.fromNode(strict.call(gbdul.url(),
                sendMessage("GBDUL_LEGAL_ENTITY", legalEntityRequest("150840005673"), "m-ul-1")),
                kz.qaqpa.contract.sync.types.SendMessageResponse.class).getResponse();
        Element data = DataElements.unwrap(response.getResponseData().getData());
        kz.qaqpa.document.legalentity.LegalEntity entity = ShepXml.fromNode(data,
                kz.qaqpa.document.legalentity.LegalEntity.class);
        assertThat(entity.getName()).isEqualTo("QAZAQ DEREK");
        assertThat(entity.getStatus()).isEqualTo("ACTIVE");
        assertThat(entity.getDirector().getIin()).isEqualTo("910203404568");
        assertThat(kz.qaqpa.trust.IdentificationNumber.isValid(entity.getBin())).isTrue();
    }

    @Test
    void gbdulAnswersNotFoundForAnUnknownBin() {
        Element data = DataElements.unwrap(call(gbdul.url(), "GBDUL_LEGAL_ENTITY", legalEntityRequest("071040007894"),
                "m-ul-2").getResponseData().getData());
        assertThat(data.getLocalName()).isEqualTo("legalEntityNotFound");
    }

    @Test
    void everyLegalEntityAndDirectorHasValidCheckDigits() {
        assertThat(kz.qaqpa.mocks.gbdul.GbdulMock.loadDefault()).isNotEmpty().allSatisfy(e -> {
            assertThat(kz.qaqpa.trust.IdentificationNumber.isValid(e.bin())).as(e.bin()).isTrue();
            assertThat(kz.qaqpa.trust.IdentificationNumber.isValid(e.directorIin())).as(e.directorIin()).isTrue();
        });
    }

    /**
     * mocks/README.md: persons.csv holds every citizen, operator and employee of the test PKI (all but the one whose
     * ИИН fails the check digit), under the certificate's common name, born and gendered as the ИИН says.
     */
    @Test
    void everyPersonOfTheTestPkiIsInGbdflAsHerCertificateNamesHer() {
        java.util.Map<String, GbdflMock.PersonRecord> persons = new java.util.HashMap<>();
        GbdflMock.loadDefault().forEach(p -> persons.put(p.iin(), p));
        assertThat(kz.qaqpa.mocks.pki.PkiSubject.loadDefault())
                .filteredOn(s -> s.iin() != null && kz.qaqpa.trust.IdentificationNumber.isValid(s.iin()))
                .hasSizeGreaterThan(20)
                .allSatisfy(s -> {
                    GbdflMock.PersonRecord p = persons.get(s.iin());
                    assertThat(p).as(s.alias() + " " + s.iin()).isNotNull();
                    assertThat(p.lastName() + " " + p.firstName()).as(s.alias()).isEqualTo(s.commonName());
                    assertThat(p.birthDate()).as(s.alias())
                            .isEqualTo(kz.qaqpa.trust.IdentificationNumber.birthDate(s.iin()));
                    assertThat(p.gender()).as(s.alias())
                            .isEqualTo(kz.qaqpa.trust.IdentificationNumber.gender(s.iin()).name());
                });
    }

    private static kz.qaqpa.document.legalentity.LegalEntityRequest legalEntityRequest(String bin) {
        kz.qaqpa.document.legalentity.LegalEntityRequest request = new kz.qaqpa.document.legalentity.LegalEntityRequest();
        request.setBin(bin);
        return request;
    }

    @Test
    void gbdflAnswersAPersonWithHerChild() {
        SyncSendMessageResponse response = call(gbdfl.url(), "GBDFL_PERSON", personRequest("850315401201"), "m-1");

        assertThat(response.getResponseInfo().getStatus().getCode()).isEqualTo(SyncLookupService.SUCCESS);
        assertThat(response.getResponseInfo().getCorrelationId()).isEqualTo("m-1");
        Element data = DataElements.unwrap(response.getResponseData().getData());
        assertThat(data.getLocalName()).isEqualTo("person");
        Person aigerim = ShepXml.fromNode(data, Person.class);
        assertThat(aigerim.getLastName()).isEqualTo("NURLANOVA");
        assertThat(aigerim.getFirstName()).isEqualTo("AIGERIM");
        assertThat(aigerim.getGender()).isEqualTo("FEMALE");
        assertThat(aigerim.getBirthDate().toXMLFormat()).isEqualTo("1985-03-15");
        assertThat(aigerim.getChildIin()).containsExactly("210908615601");
    }

    /**
     * The mock keeps each person's answer document once marshalled (perf48): every look-up of her, however many run at
     * once, carries the same document, the one her record marshals to.
     */
    @Test
    void gbdflAnswersEveryLookUpOfAPersonAlikeWhileOthersAskAtOnce() throws Exception {
        String iin = "850315401201";
        String expected = kz.qaqpa.xml.SecureXml.toString(ShepXml.toElement(gbdfl.find(iin).orElseThrow()));
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String messageId = "m-same-" + i;
                answers.add(callers.submit(() -> kz.qaqpa.xml.SecureXml.toString(DataElements.unwrap(
                        call(gbdfl.url(), "GBDFL_PERSON", personRequest(iin), messageId).getResponseData().getData()))));
            }
            for (java.util.concurrent.Future<String> answer : answers) {
                assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void gbdflAnswersAChildWithItsParent() {
        Element data = DataElements.unwrap(call(gbdfl.url(), "GBDFL_PERSON", personRequest("210908615601"), "m-2")
                .getResponseData().getData());
        Person aruzhan = ShepXml.fromNode(data, Person.class);
        assertThat(aruzhan.getParentIin()).containsExactly("850315401201");
        assertThat(aruzhan.getChildIin()).isEmpty();
    }

    @Test
    void gbdflAnswersPersonNotFoundForAnUnknownIin() {
        Element data = DataElements.unwrap(call(gbdfl.url(), "GBDFL_PERSON", personRequest("010101500007"), "m-3")
                .getResponseData().getData());
        assertThat(data.getLocalName()).isEqualTo("personNotFound");
        assertThat(ShepXml.fromNode(data, PersonNotFound.class).getIin()).isEqualTo("010101500007");
    }

    @Test
    void gbdflRefusesACallerThatIsNotTheGateway() {
        SignedSoapClient asPortal = new SignedSoapClient(SharedTestPki.key("portal"), cert -> { }, Duration.ofSeconds(10));
        assertThatThrownBy(() -> asPortal.call(gbdfl.url(), sendMessage("GBDFL_PERSON", personRequest("850315401201"), "m-4")))
                .isInstanceOf(SignedSoapClient.RemoteFault.class)
                .satisfies(e -> assertThat(((SignedSoapClient.RemoteFault) e).code()).isEqualTo("SCE008"));
    }

    @Test
    void gbdflAnswerIsSignedByGbdfl() {
        SignedSoapClient strict = new SignedSoapClient(SharedTestPki.key("gateway"),
                PeerChecks.certificate(SharedTestPki.key("gbdfl").certificate()), Duration.ofSeconds(10));
        Element answer = strict.call(gbdfl.url(), sendMessage("GBDFL_PERSON", personRequest("850315401201"), "m-5"));
        assertThat(answer.getLocalName()).isEqualTo("SendMessageResponse");
    }

    @Test
    void gbdflFaultsOnAForeignRequestDocument() {
        assertThatThrownBy(() -> asGateway.call(gbdfl.url(), sendMessage("GBDFL_PERSON", poaRequest("X"), "m-6")))
                .isInstanceOf(SignedSoapClient.RemoteFault.class)
                .satisfies(e -> assertThat(((SignedSoapClient.RemoteFault) e).code()).isEqualTo("SCE001"));
    }

    @Test
    void enisAnswersAValidPowerOfAttorney() {
        Element data = DataElements.unwrap(call(enis.url(), "ENIS_POWER_OF_ATTORNEY", poaRequest("ENIS-2026-000101"), "e-1")
                .getResponseData().getData());
        PowerOfAttorney poa = ShepXml.fromNode(data, PowerOfAttorney.class);
        assertThat(poa.getPrincipalIin()).isEqualTo("850315401201");
        assertThat(poa.getRepresentativeIin()).isEqualTo("911111305502");
        assertThat(poa.getScope()).isEqualTo("KINDERGARTEN_REGISTRATION");
        assertThat(poa.isRevoked()).isFalse();
    }

    @Test
    void enisAnswersRevokedAndExpiredOnesAsRegistered() {
        PowerOfAttorney revoked = ShepXml.fromNode(DataElements.unwrap(call(enis.url(), "ENIS_POWER_OF_ATTORNEY",
                poaRequest("ENIS-2026-000102"), "e-2").getResponseData().getData()), PowerOfAttorney.class);
        assertThat(revoked.isRevoked()).isTrue();
        PowerOfAttorney expired = ShepXml.fromNode(DataElements.unwrap(call(enis.url(), "ENIS_POWER_OF_ATTORNEY",
                poaRequest("ENIS-2025-000050"), "e-3").getResponseData().getData()), PowerOfAttorney.class);
        assertThat(expired.getValidUntil().toXMLFormat()).isEqualTo("2025-03-01");
    }

    @Test
    void enisAnswersNotFound() {
        Element data = DataElements.unwrap(call(enis.url(), "ENIS_POWER_OF_ATTORNEY", poaRequest("ENIS-1999-000001"), "e-4")
                .getResponseData().getData());
        assertThat(ShepXml.fromNode(data, PowerOfAttorneyNotFound.class).getNumber()).isEqualTo("ENIS-1999-000001");
    }

    private static SyncSendMessageResponse call(String url, String serviceId, Object document, String messageId) {
        Element answer = asGateway.call(url, sendMessage(serviceId, document, messageId));
        return ShepXml.fromNode(answer, SendMessageResponse.class).getResponse();
    }

    /** The gateway's look-up (no password, no session), as the mocks see it. */
    static SendMessage sendMessage(String serviceId, Object document, String messageId) {
        return SyncMessages.sendMessage(messageId, serviceId, null, "qaqpa-gateway", null, ShepXml.toElement(document));
    }

    private static PersonRequest personRequest(String iin) {
        PersonRequest r = new PersonRequest();
        r.setIin(iin);
        return r;
    }

    private static PowerOfAttorneyRequest poaRequest(String number) {
        PowerOfAttorneyRequest r = new PowerOfAttorneyRequest();
        r.setNumber(number);
        return r;
    }
}
