package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class KindergartenRegistrationTest {
    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = new GatewayHarness(dataDir).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void portalReferral() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
        AsyncSendMessageResponse answer = gateway.client(Channel.PORTAL).submit(signed, "portal-referral-1");
        assertThat(answer.getCorrelationId()).startsWith("{");
        ChannelMock portal = gateway.mocks().portal();
        Element result = portal.awaitResult(answer.getCorrelationId(), Duration.ofSeconds(20)).orElseThrow();
        assertThat(result.getLocalName()).isEqualTo("referral");
        gateway.assembly().statusHistory().of(answer.getCorrelationId()).forEach(System.out::println);
        System.out.println(gateway.assembly().applications().byCorrelationId(answer.getCorrelationId()));
        System.out.println(portal.statuses(answer.getCorrelationId()));
    }
}
