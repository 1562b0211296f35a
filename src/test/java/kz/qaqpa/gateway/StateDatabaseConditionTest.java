package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/**
 * A regulation switches the templates' state-database condition on in its route file alone (no Java): the test
 * regulation of src/test/resources/routes-test/ looks the applicant and the child up in ГБД ФЛ (the mock, over
 * real HTTP) and refuses with its own step and its own message when the data cannot be obtained.
 */
class StateDatabaseConditionTest {
    private static final String SERVICE = "TEST_STATE_DATABASE";

    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;
    /** The ГБД ФЛ mock serving the gateway now (a case may stand another in for it, then start it anew). */
    private static GbdflMock gbdfl;

    @BeforeAll
    static void start() {
        gateway = new GatewayHarness(dataDir)
                .with("camel.main.routes-include-pattern",
                        "classpath:routes/templates/*.yaml,classpath:routes/*.yaml,classpath:routes-test/*.yaml")
                .with("qaqpa.services", "GBDFL_PERSON,ENIS_POWER_OF_ATTORNEY,ASTANA_KINDERGARTEN_2012," + SERVICE)
                .with("qaqpa.service." + SERVICE + ".route", "test-state-database")
                .with("qaqpa.service." + SERVICE + ".channel", "async")
                .with("qaqpa.service." + SERVICE + ".result-signer-bin", "120440001204")
                .with("qaqpa.sender.CON.services", "ASTANA_KINDERGARTEN_2012,GBDFL_PERSON," + SERVICE)
                .with("qaqpa.sender.EASTANA.receives", "ASTANA_KINDERGARTEN_2012," + SERVICE)
                .start();
        gbdfl = gateway.mocks().gbdfl();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void applicantAndChildFoundInGbdflAreAccepted() {
        String correlationId = submit(SampleApplication.on(Channel.CON));
        assertThat(gateway.assembly().statusHistory().of(correlationId)).extracting(StatusHistory.Step::stepId)
                .containsExactly("cs-condition-1", "cs-process-3", "cs-condition-2", "cs-condition-3", "cs-process-6");
        assertThat(gateway.assembly().stepPlans().of(correlationId)).extracting(StepPlans.Planned::stepId)
                .containsExactly("cs-action-1", "cs-action-2", "cs-action-3", "cs-process-7", StepPlans.SERVICE_TERM);
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
        int port = gbdfl.port();
        GbdflMock data = gbdfl;
        data.stop();
        PersonNotFound notFound = new PersonNotFound();
        notFound.setIin("850315401201");
        SyncRegistryMock wrongPerson = new SyncRegistryMock("ГБД ФЛ answering about another person", port,
                GbdflMock.PATH, gateway.pki().key("gbdfl"), gateway.gatewayCheck()) {
            @Override
            protected Object lookup(Element request) {
                // the CON sample's applicant is 870203407800
                return found ? data.find("850315401201").orElseThrow() : notFound;
            }
        };
        wrongPerson.start();
        try {
            String messageId = "CON-" + UUID.randomUUID();
            assertThatThrownBy(() -> submit(SampleApplication.on(Channel.CON), messageId))
                    .isInstanceOfSatisfying(RemoteFault.class, f -> {
                        assertThat(f.code()).isEqualTo("SCE910");
                        assertThat(f.error().getErrorMessage()).doesNotContain("850315401201");
                    });
            ShepAnswers.assertNotStored(gateway, "CON", messageId);
        } finally {
            wrongPerson.stop();
            gbdfl = new GbdflMock(port, gateway.pki().key("gbdfl"), gateway.gatewayCheck());
            gbdfl.start();
        }
    }

    private static String submit(SampleApplication sample) {
        return submit(sample, "CON-" + UUID.randomUUID());
    }

    private static String submit(SampleApplication sample, String messageId) {
        Application application = sample.build();
        application.setServiceCode(SERVICE);
        Element signed = ChannelClient.sign(application, gateway.pki().key(sample.signerAlias()));
        ChannelClient con = gateway.client(Channel.CON);
        return con.send(AsyncMessages.sendMessage("REQUEST", messageId, null, SERVICE, "CON",
                "con-secret", signed)).getCorrelationId();
    }
}
