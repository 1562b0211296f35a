package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.RegistrationSlip;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.StatusHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** A stopped and restarted gateway (same data directory) keeps applications, status history and queue numbers. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void applicationsHistoryAndQueueNumbersSurviveARestart() {
        GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.db.checkpoint-log-mb", "77").start();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-031");
        Element signed = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
        SendMessage first = gateway.client(Channel.PORTAL).request(signed, "restart-1");
        String correlationId = gateway.client(Channel.PORTAL).send(first).getCorrelationId();
        int firstNumber = queueNumber(gateway, correlationId);
        Applications.Application before = gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow();
        List<StatusHistory.Step> historyBefore = gateway.assembly().statusHistory().of(correlationId);
        gateway.stop();

        gateway.start();
        try {
            assertThat(gateway.assembly().applications().byCorrelationId(correlationId)).contains(before);
            assertThat(gateway.assembly().statusHistory().of(correlationId)).isEqualTo(historyBefore);
            // the registration slip is an interim answer: the application waits in the queue
            assertThat(gateway.client(Channel.PORTAL).status("restart-1").getStatus().getStatusCode()).isEqualTo("IN_QUEUE");
            // the message log survived too: the repeated message gets its first answer
            assertThat(gateway.client(Channel.PORTAL).send(first).getCorrelationId()).isEqualTo(correlationId);
            assertThat(gateway.assembly().applications().byMessage("PORTAL", "restart-1")).isPresent();

            Element second = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
            String secondId = gateway.client(Channel.PORTAL).submit(second, "restart-2").getCorrelationId();
            assertThat(queueNumber(gateway, secondId)).isEqualTo(firstNumber + 1);
        } finally {
            gateway.stop();
        }
        try (Database db = Database.hsqldbFile(Path.of(gateway.property("qaqpa.data-dir"), "db").toString(), 1)) {
            assertThat(db.queryOne("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                    + " WHERE PROPERTY_NAME = 'hsqldb.log_size'", rs -> rs.getString(1)))
                    .as("the store checkpoints after the configured log size")
                    .contains("77");
        }
    }

    /**
     * A channel's callback address corrected in the configuration and the gateway restarted: the callbacks already
     * owed, stopped ones restarted by the operator included, go to the address configured now (they kept the old one).
     */
    @Test
    void owedCallbacksGoToTheAddressConfiguredNow() throws InterruptedException {
        GatewayHarness gateway = new GatewayHarness(dataDir).with("qaqpa.mocks.provider.poll-interval", "PT1H")
                .with("qaqpa.outbox.max-attempts", "2")
                .with("qaqpa.sender.PORTAL.callback", "http://127.0.0.1:9/callback").start();
        try {
            SampleApplication sample = SampleApplication.on(Channel.PORTAL);
            gateway.client(Channel.PORTAL).submit(ChannelClient.sign(sample.build(),
                    gateway.pki().key(sample.signerAlias())), "moved-callback-1");
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (gateway.assembly().outbox().stoppedCount() == 0 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(gateway.assembly().outbox().stoppedCount()).as("the dead address stopped the callback").isPositive();
        } finally {
            gateway.stop();
        }
        gateway.with("qaqpa.sender.PORTAL.callback",
                "http://localhost:" + gateway.property("qaqpa.mocks.portal.port") + "/callback");
        gateway.start();
        try {
            gateway.assembly().outbox().stopped(kz.qaqpa.store.Outbox.StoppedKey.FIRST, 1000).forEach(stopped -> gateway.assembly().outbox().restart(stopped.id()));
            assertThat(gateway.mocks().portal().awaitStatus("moved-callback-1", "ACCEPTED", Duration.ofSeconds(30)))
                    .as("the owed ACCEPTED reached the portal at its new address").isPresent();
        } finally {
            gateway.stop();
        }
    }

    private static int queueNumber(GatewayHarness gateway, String correlationId) {
        Element result = gateway.mocks().portal().awaitResult(correlationId, Duration.ofSeconds(30)).orElseThrow();
        RegistrationSlip slip = ShepXml.fromNode(result, RegistrationSlip.class);
        return slip.getQueueNumber().intValue();
    }
}
