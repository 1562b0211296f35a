package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Session 31 (inflight17): withdrawing a service gracefully, over real HTTP with real signatures, the provider's mock
 * answering and the test playing the ЦОН (docs/operations.md, "Withdrawing a service"). With
 * {@code qaqpa.service.<id>.closed-to-new=true} a new application is refused (SCE038) before anything is stored, while
 * an application accepted before goes on to its end: a repeat of its message gets its first answer, the provider takes
 * it, registers it and answers it, the ЦОН is sent the result and hands it over. Then nothing is in flight and the
 * service can be taken out of qaqpa.services. Before, there was no such switch: the only way to stop new applications
 * was to take the service out of every sender's services.
 */
class ServiceWithdrawalTest {
    private static final String SERVICE = PlayedProvider.SERVICE;
    private static final String CLOSED_TO_NEW = "qaqpa.service." + SERVICE + ".closed-to-new";
    /** How long the provider mock may take to answer an application (it answers within seconds). */
    private static final Duration PROVIDER_WAIT = Duration.ofSeconds(90);
    @TempDir
    Path dataDir;

    @Test
    void aServiceClosedToNewRefusesNewApplicationsWhileThoseAcceptedGoOnToTheirEnd() {
        // the provider mock polls as it starts, then hourly: the application accepted now waits for the restart
        GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.mocks.provider.poll-interval", "PT1H").start();
        PlayedProvider provider = new PlayedProvider(gateway);
        Document before;
        String accepted;
        try {
            before = signedApplication(gateway, "before-closing");
            accepted = ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), before), "before-closing");
        } finally {
            gateway.stop();
        }

        gateway.with(CLOSED_TO_NEW, "true").start();
        try {
            RawSoap.Response refused = RawSoap.post(gateway.asyncUrl(), signedApplication(gateway, "after-closing"));
            assertThat(ShepAnswers.assertFault(gateway, refused, SEND_MESSAGE_FAULT, "SCE038")).contains(CLOSED_TO_NEW);
            ShepAnswers.assertNotStored(gateway, "CON", "after-closing");
            assertThat(ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), before), "before-closing"))
                    .as("a repeat of the application accepted before").isEqualTo(accepted);

            // the provider (its mock, polling as the gateway starts) takes it, registers it and answers it
            awaitCompleted(provider, accepted);
            assertThat(gateway.assembly().outbox().forApplication(accepted))
                    .as("the result owed to the ЦОН").anyMatch(p -> p.targetSender().equals("CON")
                            && p.payload().contains(provider.application(accepted).resultKind()));
            provider.handOver(Channel.CON, accepted);
            assertThat(provider.application(accepted).statusCode()).isEqualTo("ISSUED");
        } finally {
            gateway.stop();
        }

        String services = gateway.settings().get("qaqpa.services");
        gateway.with("qaqpa.services", InFlightChangesTest.without(services, SERVICE)).start();
        try {
            assertThat(gateway.assembly().applications().byCorrelationId(accepted).orElseThrow().statusCode())
                    .isEqualTo("ISSUED");
        } finally {
            gateway.stop();
        }
    }

    private static void awaitCompleted(PlayedProvider provider, String correlationId) {
        long deadline = System.nanoTime() + PROVIDER_WAIT.toNanos();
        while (!"COMPLETED".equals(provider.application(correlationId).statusCode()) && System.nanoTime() < deadline) {
            RegulationProgress.pause();
        }
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /** A ЦОН application signed by its applicant, in a ШЭП sendMessage signed with the ЦОН's system key. */
    private static Document signedApplication(GatewayHarness gateway, String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.CON);
        SendMessage request = gateway.client(Channel.CON).request(gateway.signed(sample), messageId);
        return RawSoap.signed(request, gateway.pki().key("con"));
    }
}
