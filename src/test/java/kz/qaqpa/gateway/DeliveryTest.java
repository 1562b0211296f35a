package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing owed to a channel is lost while it is down: the gateway keeps retrying and, once the channel is back,
 * delivers every status and the result, in order (the result before the COMPLETED that tells of it, reg52). The
 * operator console shows the application meanwhile.
 */
class DeliveryTest {
    /**
     * One client: a client made per request keeps its connection open until collected, and the poll below would pass
     * the console's limit of connections per address (PeerConnectionLimit closes the rest unanswered).
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void statusesAndResultReachAChannelThatWasDown() throws Exception {
        int portalPort = PkiServer.freePort();
        // the portal's callback points at a port where nothing listens yet
        try (GatewayHarness gateway = new GatewayHarness(dataDir)
                .with("qaqpa.sender.PORTAL.callback", "http://localhost:" + portalPort + "/callback").start()) {
            // a refusal: the portal's final result with no offer to consent to first (para 8.10)
            SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample), "late-portal-1")
                    .getCorrelationId();
            awaitCompleted(gateway, correlationId);
            awaitFailedAttempts(gateway, correlationId);
            // one recipient's outage holds up no other: ЦОН IS has had every status meanwhile
            assertThat(gateway.mocks().con().awaitStatus("late-portal-1", "COMPLETED", Duration.ofSeconds(30))).isPresent();

            ChannelMock latePortal = new ChannelMock("portal", portalPort, gateway.pki().key("portal"),
                    gateway.gatewayCheck());
            latePortal.start();
            try {
                assertThat(latePortal.awaitResult(correlationId, Duration.ofSeconds(30))).isPresent();
                // COMPLETED follows the result it tells of (reg52)
                assertThat(latePortal.awaitStatus("late-portal-1", "COMPLETED", Duration.ofSeconds(30))).isPresent();
                List<String> codes = latePortal.statuses("late-portal-1").stream()
                        .map(ChannelMock.StatusEntry::statusCode).toList();
                assertThat(codes).containsSubsequence("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "COMPLETED");
            } finally {
                latePortal.stop();
            }

            String console = HTTP.send(gateway.consoleRequest("/applications/"
                            + correlationId.replaceAll("[{}]", "")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(console).contains("<statusCode>COMPLETED</statusCode>", "step id=\"portal-condition-2\"",
                    "step id=\"portal-process-8\"");
        }
    }

    /** A recipient that refuses is not retried for days: the entry stops, and the operator sends it again later. */
    @Test
    void refusedCallbacksStopAndTheOperatorRestartsThem() throws Exception {
        int portalPort = PkiServer.freePort();
        try (GatewayHarness gateway = new GatewayHarness(dataDir)
                .with("qaqpa.sender.PORTAL.callback", "http://localhost:" + portalPort + "/callback").start()) {
            ChannelMock refusing = new ChannelMock("portal", portalPort, gateway.pki().key("portal"), cert -> {
                throw new kz.qaqpa.fault.ShepException(kz.qaqpa.fault.FaultCode.ACCESS_DENIED, "portal under maintenance");
            });
            refusing.start();
            // a refusal: the portal's final result with no offer to consent to first (para 8.10)
            SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample), "refused-portal-1")
                    .getCorrelationId();
            awaitCompleted(gateway, correlationId);
            long toPortal = gateway.assembly().outbox().forApplication(correlationId).stream()
                    .filter(p -> p.targetSender().equals("PORTAL")).count();
            Instant deadline = Instant.now().plusSeconds(30);
            while (get(gateway, "/outbox/stopped").split(java.util.regex.Pattern.quote(correlationId), -1).length - 1 < toPortal) {
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(100);
            }
            assertThat(get(gateway, "/outbox/stopped")).contains("portal under maintenance");
            refusing.stop();

            ChannelMock portal = new ChannelMock("portal", portalPort, gateway.pki().key("portal"), gateway.gatewayCheck());
            portal.start();
            try {
                for (String id : get(gateway, "/outbox/stopped").split("callback id=\"")) {
                    if (Character.isDigit(id.charAt(0))) {
                        HttpResponse<String> restarted = HTTP.send(gateway.consoleRequest(
                                "/outbox/restart/" + id.substring(0, id.indexOf('"')))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(restarted.statusCode()).isEqualTo(200);
                    }
                }
                assertThat(portal.awaitResult(correlationId, Duration.ofSeconds(30))).isPresent();
                assertThat(portal.awaitStatus("refused-portal-1", "COMPLETED", Duration.ofSeconds(30))).isPresent();
                assertThat(portal.statuses("refused-portal-1").stream().map(ChannelMock.StatusEntry::statusCode).toList())
                        .containsSubsequence("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "COMPLETED");
                assertThat(get(gateway, "/outbox/stopped")).doesNotContain(correlationId);
                HttpResponse<String> noSuchId = HTTP.send(gateway.consoleRequest(
                        "/outbox/restart/99999999999999999999")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(noSuchId.statusCode()).isEqualTo(404);
            } finally {
                portal.stop();
            }
        }
    }

    /**
     * A callback the channel took whose answer was lost (here: a proxy in front of the portal passes every second
     * delivery on and answers 502) is sent again as stored: the channel gets that status notification again with the
     * same notificationId, and the result again with the same messageId, so it can tell the repeat.
     */
    @Test
    void aCallbackWhoseAnswerWasLostArrivesAgainWithTheSameIds() throws Exception {
        GatewayHarness harness = new GatewayHarness(dataDir);
        try (CallbackProxy proxy = CallbackProxy.losingEveryOtherAnswer(harness, "portal");
             GatewayHarness gateway = harness.with("qaqpa.sender.PORTAL.callback", proxy.url()).start()) {
            SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample), "lost-answer-1")
                    .getCorrelationId();
            ChannelMock portal = gateway.mocks().portal();
            Instant deadline = Instant.now().plusSeconds(60);
            // COMPLETED is the last callback owed, after the result it tells of (reg52)
            while (portal.results(correlationId).size() < 2 || portal.statuses("lost-answer-1").stream()
                    .filter(e -> "COMPLETED".equals(e.statusCode())).count() < 2) {
                assertThat(Instant.now()).as("the result and COMPLETED delivered twice").isBefore(deadline);
                Thread.sleep(100);
            }
            List<ChannelMock.StatusEntry> statuses = portal.statuses("lost-answer-1");
            java.util.Map<String, List<ChannelMock.StatusEntry>> byId = statuses.stream()
                    .collect(java.util.stream.Collectors.groupingBy(ChannelMock.StatusEntry::notificationId));
            assertThat(byId.values()).as("each notification arrived twice, both copies alike").allSatisfy(copies -> {
                assertThat(copies).hasSize(2);
                assertThat(copies.get(1)).isEqualTo(copies.get(0));
            });
            assertThat(byId).as("one id per status change").hasSizeGreaterThanOrEqualTo(4);
            assertThat(portal.results(correlationId)).extracting(ChannelMock.ResultEntry::messageId)
                    .hasSize(2).doesNotContainNull().containsOnly(portal.results(correlationId).get(0).messageId());
        }
    }

    /** The console's page {@code path}, asked with its token. */
    private static String get(GatewayHarness gateway, String path) throws Exception {
        return HTTP.send(gateway.consoleRequest(path).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitCompleted(GatewayHarness gateway, String correlationId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!"COMPLETED".equals(gateway.assembly().applications().byCorrelationId(correlationId)
                .orElseThrow().statusCode())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitFailedAttempts(GatewayHarness gateway, String correlationId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (gateway.assembly().outbox().forApplication(correlationId).stream()
                .filter(p -> p.targetSender().equals("PORTAL")).mapToInt(Outbox.Pending::attempts).sum() < 2) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
