package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attack48b: a fault to a request whose sender is not known (not XML, unsigned, a bad signature, refused before the
 * routes) is a few KB of message log anyone reaching the port may make without end, while the disk still has room.
 * Each client network (an IPv4 address, an IPv6 /64) has a budget of such faults logged
 * (qaqpa.log.unknown-sender-faults-per-hour); beyond it the fault is answered in full but not logged, and counted.
 */
class UnknownSenderFaultBudgetTest {
    private static final String FLOODER = "127.0.0.2";
    private static final int BUDGET = 3;
    /** line50: another client network, and all networks' budget together in the case about it. */
    private static final String SECOND_FLOODER = "127.0.0.3";
    private static final int BUDGET_IN_ALL = 5;
    private static final int FLOOD = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final QName SEND_MESSAGE_FAULT = new QName(ShepNames.ASYNC, "sendMessageFault1_sendMessageFault");
    private static final byte[] NOT_XML = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dataDir;

    @Test
    void aFloodOfFaultsToUnknownSendersFromOneNetworkLogsOnlyItsBudget() throws IOException {
        GatewayHarness gateway = gatewayOfBudget();
        try {
            long before = gateway.assembly().messageChain().head().seq();
            floodNotXml(gateway, FLOOD);
            // refused before the routes (its declared length beyond the limit): answered, and under the same budget
            RawSoap.Streamed tooLarge = RawSoap.streamFrom(FLOODER, gateway.asyncUrl(),
                    List.of("Content-Length: " + (1L << 40)),
                    out -> { }, TIMEOUT);
            assertThat(ShepAnswers.errorCode(gateway, tooLarge.answer(), SEND_MESSAGE_FAULT)).isEqualTo("SCE010");
            assertThat(faultsToUnknownSendersSince(gateway, before)).as("only the budget of " + FLOODER
                    + "'s faults is logged").isEqualTo(BUDGET);
            // refused by CXF's contract interceptor (a schema the endpoint does not publish): the same budget
            ShepAnswers.assertFaultCode(gateway, RawSoap.getRawFrom(FLOODER, gateway.asyncUrl(), "/shep/async?xsd=junk"),
                    404, "SCE001");
            assertThat(faultsToUnknownSendersSince(gateway, before)).as(FLOODER + "'s ?xsd= refusal, its budget spent")
                    .isEqualTo(BUDGET);

            // a known sender's fault from the same network, its budget spent: logged as before
            SendMessage unknownService = gateway.client(Channel.PORTAL).request(
                    gateway.signed(SampleApplication.on(Channel.PORTAL)), "budget-known-" + UUID.randomUUID());
            unknownService.getRequest().getMessageInfo().setServiceId("NO_SUCH_SERVICE");
            byte[] signed = SecureXml.serialize(RawSoap.signed(unknownService, gateway.pki().key("portal")));
            RawSoap.Streamed known = RawSoap.streamFrom(FLOODER, gateway.asyncUrl(),
                    List.of("Content-Length: " + signed.length), out -> out.write(signed), TIMEOUT);
            assertThat(ShepAnswers.errorCode(gateway, known.answer(), SEND_MESSAGE_FAULT)).isEqualTo("SCE004");
            assertThat(gateway.assembly().messageChain().page(before, Integer.MAX_VALUE))
                    .as("the known sender's fault is logged whatever its network's budget")
                    .anyMatch(r -> "PORTAL".equals(r.peer()) && MessageChain.FAULT.equals(r.kind()));

            ShepAnswers.assertFaultCode(gateway, RawSoap.post(gateway.asyncUrl(), NOT_XML), "SCE001");
            assertThat(faultsToUnknownSendersSince(gateway, before)).as("another client's fault is still logged")
                    .isEqualTo(BUDGET + 1);
            assertThat(get(gateway, "/metrics")).as("the faults not logged are counted")
                    .containsPattern("(?m)^qaqpa_log_faults_unlogged_total\\{reason=\"budget\",?\\} "
                            + (FLOOD + 2 - BUDGET) + "\\.0$");
        } finally {
            gateway.stop();
        }
    }

    /**
     * attack49: a request whose transport signature verified with a valid certificate, but whose sender was not
     * authenticated (SCE003: another system's senderId, a wrong password), is signed evidence of its certificate's
     * holder (its request is logged with the fault). It was under its network's budget: the holder spent that budget
     * with garbage first (or another client behind its NAT did), and its signed attempts (a password guessed, another
     * system's senderId claimed) were then answered and not logged. Now such faults are under their certificate's
     * budget, which no one without that certificate's key can spend.
     */
    @Test
    void aSignedRequestOfAnUnauthenticatedSenderIsNotUnderItsNetworksBudget() throws IOException {
        GatewayHarness gateway = gatewayOfBudget();
        try {
            long before = gateway.assembly().messageChain().head().seq();
            floodNotXml(gateway, BUDGET + 1);
            assertThat(faultsToUnknownSendersSince(gateway, before)).as("the network's budget spent").isEqualTo(BUDGET);

            SendMessage guessed = gateway.client(Channel.PORTAL).request(
                    gateway.signed(SampleApplication.on(Channel.PORTAL)), "budget-guess-" + UUID.randomUUID());
            guessed.getRequest().getMessageInfo().getSender().setPassword("a-guess");
            byte[] signed = SecureXml.serialize(RawSoap.signed(guessed, gateway.pki().key("portal")));
            RawSoap.Streamed guess = RawSoap.streamFrom(FLOODER, gateway.asyncUrl(),
                    List.of("Content-Length: " + signed.length), out -> out.write(signed), TIMEOUT);
            assertThat(ShepAnswers.errorCode(gateway, guess.answer(), SEND_MESSAGE_FAULT)).isEqualTo("SCE003");
            String portal = gateway.pki().key("portal").certificate().getSubjectX500Principal().getName();
            assertThat(gateway.assembly().messageChain().page(before, Integer.MAX_VALUE))
                    .as("the signed attempt and its fault are logged, its network's budget spent")
                    .anyMatch(r -> MessageChain.REQUEST.equals(r.kind()) && portal.equals(r.signerSubject()))
                    .anyMatch(r -> MessageChain.FAULT.equals(r.kind()) && r.sessionId() != null
                            && r.peer() == null && r.seq() > before + BUDGET);
        } finally {
            gateway.stop();
        }
    }

    /**
     * line50 (attack49's Left, LOW-MEDIUM): each network had its own budget, so a client holding many networks had
     * that many budgets (4096 × 360 faults an hour logged). All networks together now have one budget above their own
     * (qaqpa.log.unknown-sender-faults-per-hour-in-all, here {@link #BUDGET_IN_ALL}): two networks flooding have only
     * that many logged, though the second's own budget has room, and a third network's fault is answered, not logged,
     * each counted by its reason.
     */
    @Test
    void allNetworksTogetherHaveNoMoreLoggedThanTheGatewaysBudget() throws IOException {
        GatewayHarness gateway = gatewayOfBudget(Integer.toString(BUDGET_IN_ALL));
        try {
            long before = gateway.assembly().messageChain().head().seq();
            floodNotXml(gateway, FLOODER, BUDGET + 1);
            floodNotXml(gateway, SECOND_FLOODER, BUDGET);
            assertThat(faultsToUnknownSendersSince(gateway, before)).as("the gateway's budget, across both networks")
                    .isEqualTo(BUDGET_IN_ALL);
            ShepAnswers.assertFaultCode(gateway, RawSoap.post(gateway.asyncUrl(), NOT_XML), "SCE001");
            assertThat(faultsToUnknownSendersSince(gateway, before)).as("a third network's fault answered, not logged")
                    .isEqualTo(BUDGET_IN_ALL);
            assertThat(get(gateway, "/metrics"))
                    .containsPattern("(?m)^qaqpa_log_faults_unlogged_total\\{reason=\"budget\",?\\} 1\\.0$")
                    // the second network's last and the third network's one
                    .containsPattern("(?m)^qaqpa_log_faults_unlogged_total\\{reason=\"all-networks\",?\\} 2\\.0$");
        } finally {
            gateway.stop();
        }
    }

    /** A gateway whose networks have {@link #BUDGET} logged faults to unknown senders an hour, its mocks not polling. */
    private GatewayHarness gatewayOfBudget() {
        return gatewayOfBudget("36000");
    }

    /** As {@link #gatewayOfBudget()}, all networks together {@code inAll} an hour. */
    private GatewayHarness gatewayOfBudget(String inAll) {
        return new GatewayHarness(dataDir).with("qaqpa.log.unknown-sender-faults-per-hour", Integer.toString(BUDGET))
                .with("qaqpa.log.unknown-sender-faults-per-hour-in-all", inAll)
                .with("qaqpa.mocks.provider.poll-interval", "PT1H").start();
    }

    private static void floodNotXml(GatewayHarness gateway, int count) throws IOException {
        floodNotXml(gateway, FLOODER, count);
    }

    /** {@code count} not-XML requests from {@code from}, each answered with its fault. */
    private static void floodNotXml(GatewayHarness gateway, String from, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            RawSoap.Streamed sent = RawSoap.streamFrom(from, gateway.asyncUrl(),
                    List.of("Content-Length: " + NOT_XML.length), out -> out.write(NOT_XML), TIMEOUT);
            assertThat(ShepAnswers.errorCode(gateway, sent.answer(), SEND_MESSAGE_FAULT))
                    .as("every request of the flood is answered with its fault").isEqualTo("SCE001");
        }
    }

    /** Records of the message log after {@code before} that name no peer: the faults to senders not known. */
    private static long faultsToUnknownSendersSince(GatewayHarness gateway, long before) {
        return gateway.assembly().messageChain().page(before, Integer.MAX_VALUE).stream()
                .filter(r -> r.peer() == null).count();
    }

    private static String get(GatewayHarness gateway, String path) throws IOException {
        var http = (java.net.HttpURLConnection) URI.create("http://localhost:"
                + gateway.property("qaqpa.monitoring.port") + path).toURL().openConnection();
        try (InputStream in = http.getResponseCode() < 400 ? http.getInputStream() : http.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
