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
     * never the citizen's refusal, and the application is not taken.
     */
    @Test
    void aGbdflAnswerAboutAnotherPersonIsTheStateSystemsFailure() {
        int port = gateway.mocks().gbdfl().port();
        GbdflMock data = gateway.mocks().gbdfl();
        gateway.mocks().gbdfl().stop();
        SyncRegistryMock wrongPerson = new SyncRegistryMock("ГБД ФЛ answering about another person", port,
                GbdflMock.PATH, gateway.pki().key("gbdfl"), gateway.gatewayCheck()) {
            @Override
            protected Object lookup(Element request) {
                return data.find("850315401201").orElseThrow();   // the CON sample's applicant is 870203407800
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
            new GbdflMock(port, gateway.pki().key("gbdfl"), gateway.gatewayCheck()).start();
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
