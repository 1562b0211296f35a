package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/**
 * http56: request heads that Undertow refuses itself, before any handler of the gateway runs, over a raw socket, one
 * fixed request of {@code attacks/} each. Each gets the gateway's signed SCE001 fault (SOAP 1.1 Client, HTTP 400),
 * nothing after it, and the close; before, Undertow's bare "400 Bad Request" with no body.
 */
class RefusedHeadsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.read-timeout", "PT2S")
            .with("qaqpa.http.request-timeout", "PT8S")
            .with("qaqpa.http.linger-time", "PT2S");

    @AfterEach
    void aGoodApplicationIsStillAccepted() {
        String messageId = "still-serving-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                signedApplication(messageId)), messageId);
    }

    /** Each head's fault names the kinds of head refused; the connection closes after it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-request-line-malformed.http", "http-request-target-invalid-character.http",
            "http-unknown-version.http", "http11-without-host.http", "http-two-hosts.http",
            "http-content-length-not-a-number.http", "http-content-length-negative.http",
            "http-content-length-and-transfer-encoding.http", "http-two-content-lengths.http",
            "http-head-over-the-limit.http"})
    void aHeadUndertowRefusesGetsTheFault(String file) {
        RawSoap.AsIs answer = RawSoap.sendAsIs(gateway.asyncUrl(), RawSoap.attack(file), WAIT);
        assertThat(answer.first()).as("an answer").isNotNull();
        assertHeadFault(gateway, answer.first());
        assertThat(new String(answer.after(), StandardCharsets.ISO_8859_1)).as("nothing after the fault").isEmpty();
        assertThat(answer.closed()).as("connection closed").isTrue();
    }

    /**
     * An HTTP/1.1 POST with neither Content-Length nor Transfer-Encoding has an empty body (RFC 9112 6.3); the
     * envelope sent after its head is the next request, whose line Undertow refuses. In that order: the POST's own
     * answer (SCE001, an empty message), then the head's SCE001 fault for the envelope, then the close, nothing
     * after. Before (http57): the head's fault only, the POST's answer lost in Undertow's pipelining buffer.
     */
    @Test
    void aPostWithoutALengthIsAnsweredThenItsBodyRefused() {
        RawSoap.AsIs answer = RawSoap.sendAsIs(gateway.asyncUrl(),
                RawSoap.attack("http11-post-without-length-with-body.http"), WAIT);
        assertThat(answer.first()).as("an answer").isNotNull();
        assertThat(answer.first().text()).as("the POST's own answer first").doesNotContain("head is not one");
        assertThat(ShepAnswers.assertFault(gateway, answer.first(), ShepAnswers.SEND_MESSAGE_FAULT, "SCE001"))
                .contains("Premature end of file");
        RawSoap.AsIs then = answer.next();
        assertThat(then.first()).as("an answer to the envelope read as a request").isNotNull();
        assertHeadFault(gateway, then.first());
        assertThat(new String(then.after(), StandardCharsets.ISO_8859_1)).as("nothing after the fault").isEmpty();
        assertThat(then.closed()).as("connection closed").isTrue();
    }

    /**
     * Heads Undertow takes though RFC 9112 would let it refuse them reach the gateway, which judges the message: an
     * obs-fold (unfolded into one value, as RFC 9112 5.2 allows), a field line without a colon, a NUL in a field
     * value. None of the gateway's headers is read from them; the body here ({@code abcde}) is no XML: SCE001.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-obs-fold.http", "http-header-without-colon.http", "http-header-with-nul.http"})
    void aHeadUndertowTakesIsJudgedByItsMessage(String file) {
        RawSoap.AsIs answer = RawSoap.sendAsIs(gateway.asyncUrl(), RawSoap.attack(file), WAIT);
        assertThat(answer.first()).as("an answer").isNotNull();
        assertThat(ShepAnswers.assertFault(gateway, answer.first(), ShepAnswers.SEND_MESSAGE_FAULT, "SCE001"))
                .contains("not well-formed");
    }

    /** The gateway's signed SCE001 for a head Undertow refused: HTTP 400, SOAP 1.1 Client, the kinds named. */
    static void assertHeadFault(GatewayHarness gateway, RawSoap.Response answer) {
        ShepAnswers.assertFaultCode(gateway, answer, 400, "SCE001");
        assertThat(answer.contentType()).startsWith("text/xml");
        Element faultcode = RawSoap.first(answer.document(), null, "faultcode");
        assertThat(faultcode.getTextContent()).endsWith(":Client");
        assertThat(faultcode.lookupNamespaceURI(faultcode.getTextContent().split(":")[0])).isEqualTo(WsNames.SOAP11);
        assertThat(SoapEnvelopes.isFault(answer.document())).isTrue();
        assertThat(answer.text()).contains("head is not one this server reads");
    }

    private static byte[] signedApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return SecureXml.serialize(RawSoap.signed(gateway.client(Channel.PORTAL).request(gateway.signed(sample),
                messageId), gateway.pki().key("portal")));
    }
}
