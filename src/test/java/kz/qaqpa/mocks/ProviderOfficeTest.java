package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.common.DeliveryNotification;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ProviderOffice;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The generic provider office against a minimal stand-in of the gateway's async channel that, as the gateway within
 * its redelivery delay, hands each message out once (the offices' regulations run against the real gateway in the
 * gateway's tests): a provider system works on an application only once the gateway took its acknowledgement.
 */
class ProviderOfficeTest {
    private static final String SERVICE_ID = "TEST_SERVICE";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T06:00:00Z"), ZoneOffset.UTC);
    private final FakeAsyncGateway gateway = new FakeAsyncGateway((payload, request) -> { });

    @BeforeEach
    void startGateway() {
        gateway.offeredOnce = true;
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop();
    }

    /**
     * Session 27: the gateway did not take the acknowledgement of an application. Before, the office worked on it all
     * the same, and its first status took the application off the gateway's queue with DELIVERED never recorded; now it
     * sends the acknowledgement again with the next poll (the gateway does not offer the message again before its
     * redelivery delay) and only then the application's status.
     */
    @Test
    void anApplicationIsWorkedOnOnlyOnceTheGatewayTookItsAcknowledgement() {
        gateway.acknowledgementsToRefuse.set(1);
        try (ProviderOffice office = office()) {
            enqueue("m-1", "c-1");
            office.pollOnce();
            assertThat(gateway.acks).isEmpty();
            assertThat(gateway.sent).as("nothing sent about an unacknowledged application").isEmpty();

            office.pollOnce();
            assertThat(gateway.acks).extracting(DeliveryNotification::getMessageId).containsExactly("m-1");
            assertThat(gateway.sent).extracting(s -> s.getMessageInfo().getCorrelationId() + " " + ShepXml.fromNode(
                    DataElements.unwrap(s.getMessageData().getData()), StatusNotification.class).getStatus())
                    .containsExactly("c-1 REGISTERED");
            assertThat(office.application("c-1")).as("registered once").hasValueSatisfying(a ->
                    assertThat(a.registrationNumber()).isEqualTo("ТСТ-2026-000001"));
        }
    }

    private ProviderOffice office() {
        return new ProviderOffice(new ProviderOffice.Config(gateway.url(), "EASTANA", "eastana-secret",
                SharedTestPki.key("eastana"), PeerChecks.certificate(SharedTestPki.key("gateway").certificate()),
                Duration.ofMillis(100), CLOCK, CLOCK, "ТСТ"), List.of(new Registers()));
    }

    /** The test's rules: every application is registered, nothing more. */
    private static final class Registers implements ServiceRules {
        @Override
        public String serviceId() {
            return SERVICE_ID;
        }

        @Override
        public List<OfficeStep> decide(ReceivedApplication application) {
            StatusNotification registered = new StatusNotification();
            registered.setStatus("REGISTERED");
            return List.of(OfficeStep.notification("registered", ShepXml.toElement(registered)));
        }
    }

    private void enqueue(String messageId, String correlationId) {
        Element application = ShepXml.toElement(Applications.aruzhan("MBU-045"));
        DocumentSigner.sign(application, SharedTestPki.key("citizen-aigerim"));
        gateway.queue.put(messageId, FakeAsyncGateway.message(SERVICE_ID, messageId, correlationId, application));
    }
}
