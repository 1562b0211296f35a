package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.UnaryOperator;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A repeated messageId is a retry when its Body says the same as the signature sees it (exclusive C14N without
 * comments): such a retry gets the first answer and nothing is stored twice; a Body that says something else is
 * SCE009. Each case sends the first message, then a copy changed as named, as real bytes over HTTP.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class RepeatedMessageTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();

    /**
     * The retry's bytes differ from the first copy's where exclusive C14N does not look, so the signature still
     * verifies over them: a comment in the signed Body, whitespace inside a tag, a namespace declaration nothing uses.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"comment in the Body", "whitespace inside a tag", "unused namespace declaration"})
    void aRetryThatDiffersOnlyOutsideTheCanonicalFormGetsTheFirstAnswer(String change) {
        String messageId = "retry-" + UUID.randomUUID();
        String first = new String(SecureXml.serialize(RawSoap.signed(portalApplication(messageId), gateway.pki()
                .key("portal"))), StandardCharsets.UTF_8);
        String retry = changedInPayloadTag(first, switch (change) {
            case "comment in the Body" -> tag -> tag + "<!-- sent again by the portal's retry job -->";
            case "whitespace inside a tag" -> tag -> tag.substring(0, tag.length() - 1) + " \n\t>";
            default -> tag -> tag.substring(0, tag.length() - 1) + " xmlns:unused=\"urn:example:unused\">";
        });
        assertThat(retry).isNotEqualTo(first);

        String correlationId = accepted(first, messageId);
        assertThat(accepted(retry, messageId)).isEqualTo(correlationId);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(correlationId));
    }

    /** Signed again (a new signature and Body id) but saying the same: still the same message. */
    @Test
    void theSameMessageSignedAgainGetsTheFirstAnswer() {
        String messageId = "resigned-" + UUID.randomUUID();
        SendMessage message = portalApplication(messageId);
        String correlationId = ShepAnswers.assertAccepted(gateway, post(message), messageId);
        assertThat(ShepAnswers.assertAccepted(gateway, post(message), messageId)).isEqualTo(correlationId);
    }

    /**
     * Rebuilt rather than resent: the same application under the same messageId with a new messageDate is another
     * message to the gateway (the signature covers the date); a sender must resend what it sent.
     */
    @Test
    void aRebuiltMessageWithANewMessageDateIsAnotherMessage() throws Exception {
        String messageId = "rebuilt-" + UUID.randomUUID();
        SendMessage message = portalApplication(messageId);
        String correlationId = ShepAnswers.assertAccepted(gateway, post(message), messageId);
        var info = message.getRequest().getMessageInfo();
        info.setMessageDate(javax.xml.datatype.DatatypeFactory.newInstance().newXMLGregorianCalendar(
                // a formatter, not toString: toString leaves out ":00" seconds at a whole minute (not an xs:dateTime)
                java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        java.time.ZonedDateTime.now().plusSeconds(1))));
        ShepAnswers.assertFault(gateway, post(message), SEND_MESSAGE_FAULT, "SCE009");
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(correlationId));
    }

    /** One changed value inside the signed Body (re-signed, so the signature holds): SCE009, the first stays. */
    @Test
    void aGenuinelyDifferentBodyIsRefused() {
        String messageId = "different-" + UUID.randomUUID();
        String correlationId = ShepAnswers.assertAccepted(gateway, post(portalApplication(messageId)), messageId);
        SampleApplication other = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-012");
        SendMessage different = gateway.client(Channel.PORTAL).request(gateway.signed(other), messageId);
        ShepAnswers.assertFault(gateway, post(different), SEND_MESSAGE_FAULT, "SCE009");
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(correlationId));
    }

    /**
     * What {@link SentFirst}, a {@code @Nested} class, sent and was answered; the next nested class sends it again.
     * JUnit calls the harness's beforeAll and afterAll again for each nested class: the nested classes run on this
     * class's gateway, which neither starts again nor stops (before tests44, the first nested class started the
     * running gateway a second time, on its taken ports, and at its end stopped it and removed its store).
     */
    private static SendMessage sentFromANestedClass;
    private static String nestedCorrelationId;

    @Nested
    @Order(1)
    class SentFirst {
        @Test
        void aNestedClassRunsOnTheEnclosingClassesGateway() {
            String messageId = "nested-" + UUID.randomUUID();
            sentFromANestedClass = portalApplication(messageId);
            nestedCorrelationId = ShepAnswers.assertAccepted(gateway, post(sentFromANestedClass), messageId);
        }
    }

    @Nested
    @Order(2)
    class SentAgainAfterTheFirstNestedClassEnded {
        /** The same message answered with the first correlationId: the same gateway and store, nothing stored twice. */
        @Test
        void theGatewayAndItsStoreOutliveTheFirstNestedClass() {
            Assumptions.assumeTrue(sentFromANestedClass != null, "SentFirst did not run");
            String messageId = sentFromANestedClass.getRequest().getMessageInfo().getMessageId();
            assertThat(ShepAnswers.assertAccepted(gateway, post(sentFromANestedClass), messageId))
                    .isEqualTo(nestedCorrelationId);
            assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                    .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(nestedCorrelationId));
        }
    }

    private static String accepted(String envelope, String messageId) {
        return ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                envelope.getBytes(StandardCharsets.UTF_8)), messageId);
    }

    private static RawSoap.Response post(SendMessage message) {
        return RawSoap.post(gateway.asyncUrl(), RawSoap.signed(message, gateway.pki().key("portal")));
    }

    /** The envelope text with the start tag of the Body's payload (sendMessage) replaced by {@code change} of it. */
    private static String changedInPayloadTag(String envelope, UnaryOperator<String> change) {
        int body = envelope.indexOf(":Body");
        int start = envelope.indexOf('<', envelope.indexOf('>', body) + 1);
        int end = envelope.indexOf('>', start) + 1;
        String tag = envelope.substring(start, end);
        assertThat(tag).contains("sendMessage");
        return envelope.substring(0, start) + change.apply(tag) + envelope.substring(end);
    }

    private static SendMessage portalApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }
}
