package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * review41b (session 41): how a callback's signed SOAP fault is classified since review40's fix
 * (SoapEnvelopes.faultBlamesTheMessage, OutboxDelivery#sendAgainLater), with the portal's callback address answered by
 * a proxy (CallbackProxy) and signed with the portal's key from the test PKI. docs/security.md "### review41b".
 */
class Review41bCallbackFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;
    static CallbackProxy portal;

    @BeforeAll
    static void start() throws Exception {
        GatewayHarness harness = new GatewayHarness(dataDir).with("qaqpa.outbox.first-retry-pause", "PT0.1S");
        portal = CallbackProxy.recording(harness, "portal");
        gateway = harness.with("qaqpa.sender.PORTAL.callback", portal.url()).start();
    }

    @AfterEach
    void answerAsThePortal() {
        portal.passOn();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (portal != null) {
            portal.close();
        }
    }

    /**
     * The portal's system answers a callback, signed, with a SOAP 1.2 fault whose code is env:Sender (SOAP 1.2 part 1,
     * 5.4.6: "the message was incorrectly formed or did not contain the appropriate information in order to succeed",
     * the SOAP 1.1 Client): the recipient refuses this callback, and sent again unchanged it is refused again.
     * SignedSoapClient#send verifies the signature (EnvelopeVerifier reads either version's Body) and then
     * SoapEnvelopes.isFault calls SoapEnvelopes.body, which throws SCE001 "a SOAP 1.2 envelope" for it: not a
     * RemoteFault, so OutboxDelivery#deliver takes it as no answer and retries it with the doubling pause up to
     * qaqpa.outbox.max-attempts (900, over about three days at the 5-minute pause), holding back every later callback of
     * the application meanwhile. Expected: stopped for the operator at once, as a SOAP 1.1 Client fault is
     * (CallbackAnswersTest.aRecipientsClientFaultWithoutErrorInfoStopsTheCallback). fix41b: SoapEnvelopes reads a
     * SOAP 1.2 fault (Code/Value, Detail); failed before it (20 calls of one notification in 20 s, none stopped).
     */
    @Test
    void aRecipientsSoap12SenderFaultStopsTheCallback() throws Exception {
        Document fault = SecureXml.parse(("<env:Envelope xmlns:env='http://www.w3.org/2003/05/soap-envelope'>"
                + "<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason>"
                + "<env:Text xml:lang='en'>unknown element</env:Text></env:Reason></env:Fault></env:Body>"
                + "</env:Envelope>").getBytes(StandardCharsets.UTF_8));
        portal.answerWith(SecureXml.serialize(EnvelopeSigner.sign(fault, gateway.pki().key("portal"))));
        String messageId = "soap12-sender-" + java.util.UUID.randomUUID();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        String correlationId = gateway.client(Channel.PORTAL).submit(
                ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias())), messageId).getCorrelationId();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI stopped = java.net.URI.create("http://127.0.0.1:" + gateway.property("qaqpa.operator.port")
                + "/outbox/stopped");
        String page = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!page.contains(correlationId) && System.nanoTime() < deadline) {
            Pause.sleep(Duration.ofMillis(100));
            page = http.send(java.net.http.HttpRequest.newBuilder(stopped).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        List<String> calls = portal.received().stream().map(b -> new String(b, StandardCharsets.UTF_8))
                .filter(c -> c.contains(messageId)).toList();
        long notifications = calls.stream().map(c -> c.replaceAll("(?s).*<(?:\\w+:)?notificationId>([^<]*)<.*", "$1"))
                .distinct().count();
        assertThat(page).as("the operator's stopped callbacks after %s; %d calls of the application's callbacks made,"
                + " carrying %d distinct notifications", WAIT, calls.size(), notifications).contains(correlationId);
    }

    /**
     * The counter case: a signed SOAP 1.2 env:Receiver fault (the recipient's own failure) is retried, as SOAP 1.1
     * Server is, and the portal gets every status once it answers itself. Passed before fix41b too (the retry came from
     * the SOAP 1.2 envelope not being read at all, not from its code).
     */
    @Test
    void aRecipientsSoap12ReceiverFaultGetsTheCallbackAgain() {
        assertRetried("soap12-receiver-", "<env:Envelope xmlns:env='http://www.w3.org/2003/05/soap-envelope'>"
                + "<env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason>"
                + "<env:Text xml:lang='en'>database down</env:Text></env:Reason></env:Fault></env:Body>"
                + "</env:Envelope>");
    }

    /**
     * fix41b (review41b's Left): a SOAP 1.1 faultcode is a QName; only one in the envelope's namespace is SOAP's.
     * An application's own {@code app:Client} (its namespace) and a code whose prefix is bound to nothing name no
     * SOAP code, so the fault is the recipient's own: retried. Before, both were read by their local name as SOAP's
     * Client and the callback stopped at its first attempt (failed so before the fix).
     */
    @Test
    void aFaultCodeOutsideTheEnvelopesNamespaceGetsTheCallbackAgain() {
        assertRetried("app-client-", soap11Fault("<faultcode xmlns:app='urn:example:portal'>app:Client</faultcode>"));
        assertRetried("unbound-client-", soap11Fault("<faultcode>nowhere:Client</faultcode>"));
    }

    /** A signed SOAP 1.1 fault of {@code faultcode} and no ErrorInfo. */
    private static String soap11Fault(String faultcode) {
        return "<soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'><soapenv:Body>"
                + "<soapenv:Fault>" + faultcode + "<faultstring>refused</faultstring></soapenv:Fault></soapenv:Body>"
                + "</soapenv:Envelope>";
    }

    /**
     * The portal answers every callback with {@code faultEnvelope}, signed: the application's first callback is sent
     * again (three calls, no other callback meanwhile), and once the portal answers itself it gets the result.
     */
    private static void assertRetried(String messageIdPrefix, String faultEnvelope) {
        Document fault = SecureXml.parse(faultEnvelope.getBytes(StandardCharsets.UTF_8));
        portal.answerWith(SecureXml.serialize(EnvelopeSigner.sign(fault, gateway.pki().key("portal"))));
        String messageId = messageIdPrefix + java.util.UUID.randomUUID();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        String correlationId = gateway.client(Channel.PORTAL).submit(
                ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias())), messageId).getCorrelationId();
        List<String> calls = List.of();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (calls.size() < 3 && System.nanoTime() < deadline) {
            Pause.sleep(Duration.ofMillis(50));
            calls = portal.received().stream().map(b -> new String(b, StandardCharsets.UTF_8))
                    .filter(c -> c.contains(messageId)).toList();
        }
        assertThat(calls).as("the first callback, retried").hasSizeGreaterThanOrEqualTo(3);
        assertThat(calls.stream().map(c -> c.replaceAll("(?s).*<(?:\\w+:)?notificationId>([^<]*)<.*", "$1"))
                .distinct()).as("no other callback sent meanwhile").hasSize(1);
        portal.passOn();
        assertThat(gateway.mocks().portal().awaitResult(correlationId, Duration.ofSeconds(60)))
                .as("the result at the portal").isPresent();
    }
}
