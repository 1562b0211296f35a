package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/**
 * A regulation switches the templates' state-database condition on in its route file alone (no Java): the test
 * regulation of src/test/resources/routes-test/ looks the applicant and the child up in ГБД ФЛ (the mock, over
 * real HTTP) and refuses with its own step and its own message when the data cannot be obtained.
 */
class StateDatabaseConditionTest {
    static final String SERVICE = "TEST_STATE_DATABASE";
    /** The CON sample's applicant, and another person ГБД ФЛ's mock knows. */
    private static final String APPLICANT_IIN = "870203407800";
    private static final String ANOTHER_IIN = "850315401201";

    /**
     * After a case swaps the server on ГБД ФЛ's port, the gateway's pooled connection to the one before is closed; the
     * pool checks a connection idle for over a second before using it again (HttpCalls), and sends a POST only once:
     * so the next call waits that long, or it fails on the closed connection (SCE910, "failed to respond").
     */
    static final Duration POOL_CHECKS_IDLE_AFTER = Duration.ofMillis(1500);
    /** The ГБД ФЛ mock serving the gateway now (a case may stand another in for it, then start it anew). */
    private static GbdflMock gbdfl;

    @RegisterExtension
    static final GatewayHarness gateway = withTheTestRegulation(GatewayHarness.perClass());

    /** {@code gateway} serving the test regulation of routes-test/ to CON (which may ask ГБД ФЛ too). */
    static GatewayHarness withTheTestRegulation(GatewayHarness gateway) {
        return gateway.with("camel.main.routes-include-pattern",
                        "classpath:routes/templates/*.yaml,classpath:routes/*.yaml,classpath:routes-test/*.yaml")
                .with("qaqpa.services", "GBDFL_PERSON,ENIS_POWER_OF_ATTORNEY,ASTANA_KINDERGARTEN_2012," + SERVICE)
                .with("qaqpa.service." + SERVICE + ".route", "test-state-database")
                .with("qaqpa.service." + SERVICE + ".channel", "async")
                .with("qaqpa.service." + SERVICE + ".result-signer-bin", "120440001204")
                .with("qaqpa.sender.CON.services", "ASTANA_KINDERGARTEN_2012,GBDFL_PERSON," + SERVICE)
                .with("qaqpa.sender.EASTANA.receives", "ASTANA_KINDERGARTEN_2012," + SERVICE);
    }

    @BeforeAll
    static void mocks() {
        gbdfl = gateway.mocks().gbdfl();
    }

    /**
     * jar68: after a stand-in the mock serving is one this class started, not the gateway's, and the gateway's stop
     * does not stop it (ServersLeftRunning found its HttpCore listener left running).
     */
    @AfterAll
    static void stopTheMockStartedHere() {
        if (gbdfl != gateway.mocks().gbdfl()) {
            gbdfl.stop();
        }
    }

    @Test
    void applicantAndChildFoundInGbdflAreAccepted() {
        String correlationId = submit(SampleApplication.on(Channel.CON));
        assertThat(gateway.assembly().statusHistory().of(correlationId)).extracting(StatusHistory.Step::stepId)
                .containsExactly("con-condition-1", "con-process-3", "con-condition-2", "con-condition-3", "con-process-6");
        assertThat(gateway.assembly().stepPlans().of(correlationId)).extracting(StepPlans.Planned::stepId)
                .containsExactly("con-action-1", "con-action-2", "con-action-3", "con-process-7", StepPlans.SERVICE_TERM);
    }

    @Test
    void applicantAbsentFromGbdflIsTheRegulationsOwnRefusal() {
        SampleApplication sample = SampleApplication.on(Channel.CON).applicantIin("910101300128");
        assertThatThrownBy(() -> submit(sample)).isInstanceOfSatisfying(RemoteFault.class, f -> {
            assertThat(f.code()).isEqualTo("SCE022");
            assertThat(f.error().getErrorMessage()).startsWith("ГБД ФЛ-дан деректер алынбады (test)");
        });
    }

    @Test
    void childNotTheApplicantsInGbdflIsRefused() {
        SampleApplication sample = SampleApplication.on(Channel.CON)
                .family("870203407800", "SEITOVA", "DANA", "210908615601", "NURLANOVA", "ARUZHAN",
                        LocalDate.of(2021, 9, 8));
        assertThatThrownBy(() -> submit(sample)).isInstanceOfSatisfying(RemoteFault.class,
                f -> assertThat(f.code()).isEqualTo("SCE022"));
    }

    /**
     * ГБД ФЛ signs an answer about another person than the one asked for: that is the state system's failure (SCE910),
     * never the citizen's refusal, and the application is not taken. Session 28: so is its not-found naming another
     * person, which was taken for the applicant's (the regulation's refusal, SCE022, on the old code).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aGbdflAnswerAboutAnotherPersonIsTheStateSystemsFailure(boolean found) {
        PersonNotFound notFound = new PersonNotFound();
        notFound.setIin(ANOTHER_IIN);
        // the CON sample's applicant is 870203407800
        assertTheStateSystemsFailure("ГБД ФЛ answering about another person",
                data -> found ? data.find(ANOTHER_IIN).orElseThrow() : notFound);
    }

    /**
     * Session 28 review (attack12): ГБД ФЛ's record names the applicant's ИИН and, beside it, another person's: a second
     * {@code iin} after it (JAXB keeps the last), or the applicant's in another namespace before the record's own
     * (the check read the first element named {@code iin}, JAXB skips a foreign one). Either is the state system's
     * failure, SCE910, and the application is not taken. Before: the check passed and the application went on with
     * the other person's record as the applicant's.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aGbdflRecordNamingTheApplicantBesideAnotherIsTheStateSystemsFailure(boolean foreignFirst) {
        assertTheStateSystemsFailure("ГБД ФЛ naming two persons in one record", data -> {
            Element record = ShepXml.toElement(data.find(ANOTHER_IIN).orElseThrow());
            Element own = Dom.childElement(record, "iin");
            Element applicant = foreignFirst
                    ? record.getOwnerDocument().createElementNS("urn:decoy", "d:iin") : (Element) own.cloneNode(false);
            applicant.setTextContent(APPLICANT_IIN);
            record.insertBefore(applicant, foreignFirst ? own : own.getNextSibling());
            return foreignFirst ? record : swapTexts(own, applicant);
        });
    }

    /**
     * Session 30 (fix16): ГБД ФЛ answers the gateway's own look-ups with its records as escaped text in {@code data}
     * (the contract lets {@code data} carry text): read as the element form is, the application goes the same steps;
     * text that cannot be read (a DTD) is the state system's failure, SCE910, never a "not found". Before: no element
     * in {@code data}, so every such answer was SCE910 "cannot be read", the application refused.
     */
    @Test
    void gbdflRecordsAsEscapedTextAreReadAsElementsAre() {
        withStandIn("ГБД ФЛ answering in text", (data, request) -> {
            String iin = Dom.childElement(request, "iin").getTextContent().trim();
            PersonNotFound notFound = new PersonNotFound();
            notFound.setIin(iin);
            return SecureXml.toString(ShepXml.toElement(data.find(iin).<Object>map(p -> p).orElse(notFound)));
        }, () -> {
            String correlationId = submit(SampleApplication.on(Channel.CON));
            assertThat(gateway.assembly().statusHistory().of(correlationId)).extracting(StatusHistory.Step::stepId)
                    .containsExactly("con-condition-1", "con-process-3", "con-condition-2", "con-condition-3",
                            "con-process-6");
        });
        assertTheStateSystemsFailure("ГБД ФЛ answering a DTD in text", data -> "<!DOCTYPE p [<!ENTITY x 'y'>]><p>&x;</p>");
    }

    /**
     * Session 31 (answers17): ГБД ФЛ answers the gateway's own look-up with the applicant's record that person.xsd
     * refuses (a gender the schema does not have, no last name), inline or as escaped text, or with a plain value (the
     * applicant's ИИН as text). The gateway validates its own look-ups' answers as it validates a forwarded look-up's:
     * each is the state system's failure (SCE910, the regulation's refusal path for it), and the application is not
     * taken. Before: JAXB read what the schema refuses, and the application was accepted on that record.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gender", "lastName", "gender as text", "plain value"})
    void aGbdflAnswerItsSchemaRefusesIsTheStateSystemsFailure(String fault) {
        assertTheStateSystemsFailure("ГБД ФЛ answering a record person.xsd refuses: " + fault, data -> {
            Person record = data.find(APPLICANT_IIN).orElseThrow();
            if (fault.startsWith("gender")) {
                record.setGender("UNKNOWN");
            } else {
                record.setLastName(null);
            }
            return fault.equals("plain value") ? APPLICANT_IIN
                    : fault.endsWith("as text") ? SecureXml.toString(ShepXml.toElement(record)) : record;
        });
    }

    /** The record with the two {@code iin}s' texts swapped: the applicant's first, the other's after it. */
    private static Element swapTexts(Element first, Element second) {
        String text = first.getTextContent();
        first.setTextContent(second.getTextContent());
        second.setTextContent(text);
        return (Element) first.getParentNode();
    }

    /**
     * With ГБД ФЛ's place taken by a stand-in answering {@code answer} (given the real mock's data), a CON application
     * is refused as the state system's failure (SCE910), naming nobody, and not stored.
     */
    private static void assertTheStateSystemsFailure(String name, java.util.function.Function<GbdflMock, Object> answer) {
        withStandIn(name, (data, request) -> answer.apply(data), () -> {
            String messageId = "CON-" + UUID.randomUUID();
            assertThatThrownBy(() -> submit(SampleApplication.on(Channel.CON), messageId))
                    .isInstanceOfSatisfying(RemoteFault.class, f -> {
                        assertThat(f.code()).isEqualTo("SCE910");
                        assertThat(f.error().getErrorMessage()).doesNotContain(ANOTHER_IIN);
                    });
            ShepAnswers.assertNotStored(gateway, "CON", messageId);
        });
    }

    /** Runs {@code body} with ГБД ФЛ's place taken by a stand-in answering {@code answer} (the real mock's data, the request). */
    private static void withStandIn(String name, java.util.function.BiFunction<GbdflMock, Element, Object> answer,
                                    Runnable body) {
        int port = gbdfl.port();
        GbdflMock data = gbdfl;
        data.stop();
        SyncRegistryMock standIn = new SyncRegistryMock(name, port, GbdflMock.PATH, gateway.pki().key("gbdfl"),
                gateway.gatewayCheck()) {
            @Override
            protected Object lookup(Element request) {
                return answer.apply(data, request);
            }
        };
        standIn.start();
        Pause.sleep(POOL_CHECKS_IDLE_AFTER);
        try {
            body.run();
        } finally {
            standIn.stop();
            gbdfl = new GbdflMock(port, gateway.pki().key("gbdfl"), gateway.gatewayCheck());
            gbdfl.start();
            Pause.sleep(POOL_CHECKS_IDLE_AFTER);
        }
    }

    private static String submit(SampleApplication sample) {
        return submit(sample, "CON-" + UUID.randomUUID());
    }

    private static String submit(SampleApplication sample, String messageId) {
        return submit(gateway, sample, messageId);
    }

    /** CON sends {@code sample} as an application of the test regulation to {@code gateway}; its correlationId. */
    static String submit(GatewayHarness gateway, SampleApplication sample, String messageId) {
        Application application = sample.build();
        application.setServiceCode(SERVICE);
        Element signed = gateway.signed(application, sample.signerAlias());
        ChannelClient con = gateway.client(Channel.CON);
        return con.send(AsyncMessages.sendMessage("REQUEST", messageId, null, SERVICE, "CON",
                "con-secret", signed)).getCorrelationId();
    }
}
