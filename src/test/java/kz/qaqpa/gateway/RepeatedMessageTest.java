package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.spec.ExcC14NParameterSpec;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.provider.DeliveryNotifications;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
     * sign60 (issue 8, item 1): a retry is known by its payload's exclusive C14N, whatever form its sender's toolkit signs
     * the Body in: ours, CXF/WSS4J (whose Body reference carries an InclusiveNamespaces PrefixList) twice, python zeep,
     * node-soap, WCF, WCF with a PrefixList of its own, and zeep's form with the payload's namespace declarations on the
     * Envelope (inherited), under envelope prefixes soapenv, soap-env, soap and s. Each is the first message again; the
     * same forms of a Body that says something else are SCE009, each one. The transport signature's Body reference
     * digests the Body element itself, its id (random at each signing: WSS4J's, zeep's), prefix and declarations, so its
     * DigestValue differs from one signing of the same Body to the next (asserted): a retry known by that digest would
     * be refused as another message.
     */
    @Test
    void theSameApplicationSignedInEveryToolkitsFormGetsTheFirstAnswerAndAnotherBodyInNone() {
        String messageId = "forms-" + UUID.randomUUID();
        Map<String, byte[]> same = everyForm(portalApplication(messageId));
        SampleApplication other = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-012");
        Map<String, byte[]> different = everyForm(gateway.client(Channel.PORTAL).request(gateway.signed(other), messageId));
        assertThat(bodyReferenceDigest(same.get("CXF/WSS4J"))).as("WSS4J's Body reference, signed twice")
                .isNotEqualTo(bodyReferenceDigest(same.get("CXF/WSS4J again")));
        assertThat(SecureXml.parse(same.get("CXF/WSS4J")).getElementsByTagNameNS(
                org.apache.xml.security.transforms.params.InclusiveNamespaces.ExclusiveCanonicalizationNamespace,
                "InclusiveNamespaces").getLength()).as("WSS4J's PrefixList").isPositive();

        String correlationId = null;
        for (Map.Entry<String, byte[]> form : same.entrySet()) {
            String answered = ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), form.getValue()),
                    messageId);
            correlationId = correlationId == null ? answered : correlationId;
            assertThat(answered).as(form.getKey()).isEqualTo(correlationId);
        }
        for (Map.Entry<String, byte[]> form : different.entrySet()) {
            RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), form.getValue());
            assertThat(ShepAnswers.errorCode(gateway, answer, SEND_MESSAGE_FAULT)).as(form.getKey()).isEqualTo("SCE009");
        }
        String first = correlationId;
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(first));
    }

    /**
     * sign60: only a message whose retry repeats its messageId (an application, a look-up) has its Body canonicalised
     * and digested at the gate; a poll, a status query and an acknowledgement, which nothing tells by their Body (a
     * poll and a status query are known by their SignedInfo, ReplayMemory), are not. Seen by the digest each exchange
     * carries when it completes. Before: each was canonicalised and digested for nothing.
     */
    @Test
    void onlyAMessageRepeatedByItsMessageIdHasItsBodyDigested() throws Exception {
        Map<String, Optional<String>> digests = new ConcurrentHashMap<>();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Inbound in = event instanceof CamelEvent.ExchangeEvent done ? Inbound.of(done.getExchange()) : null;
                if (in != null) {
                    digests.put(in.operation(), Optional.ofNullable(in.bodyDigest()));
                }
            }
        };
        notifier.start();
        gateway.camelContext().getManagementStrategy().addEventNotifier(notifier);
        try {
            String messageId = "digested-" + UUID.randomUUID();
            ShepAnswers.assertAccepted(gateway, post(portalApplication(messageId)), messageId);
            KeyMaterial portal = gateway.pki().key("portal");
            KeyMaterial provider = gateway.pki().key("eastana");
            RawSoap.post(gateway.asyncUrl(), RawSoap.signed(ChannelClient.statusRequest(AsyncMessages.sender("PORTAL",
                    "portal-secret"), messageId), portal));
            RawSoap.post(gateway.asyncUrl(), RawSoap.signed(poll(), provider));
            RawSoap.post(gateway.asyncUrl(), RawSoap.signed(DeliveryNotifications.acknowledgement(ChannelClient.SERVICE_ID,
                    "no-such-" + UUID.randomUUID(), "MESSAGE_ACCEPTED", "NOT_RESEND", null,
                    AsyncMessages.sender("EASTANA", "eastana-secret"), SoapEnvelopes.now()), provider));
        } finally {
            gateway.camelContext().getManagementStrategy().removeEventNotifier(notifier);
        }
        assertThat(digests).containsOnlyKeys("sendMessage", "getMessageStatus", "getMessages",
                "sendDeliveryNotification");
        assertThat(digests.get("sendMessage")).hasValueSatisfying(d -> assertThat(d).matches("[0-9a-f]{64}"));
        for (String operation : List.of("getMessageStatus", "getMessages", "sendDeliveryNotification")) {
            assertThat(digests.get(operation)).as(operation + "'s Body digested for nothing").isEmpty();
        }
    }

    private static GetMessages poll() {
        AsyncGetMessagesRequest request = new AsyncGetMessagesRequest();
        request.setRequestDate(SoapEnvelopes.now());
        request.setServiceId(ChannelClient.SERVICE_ID);
        request.setSender(AsyncMessages.sender("EASTANA", "eastana-secret"));
        GetMessages call = new GetMessages();
        call.setRequest(request);
        return call;
    }

    /** {@code message} signed by the portal's key in every form a toolkit signs a Body in, each by its name. */
    private static Map<String, byte[]> everyForm(SendMessage message) {
        KeyMaterial key = gateway.pki().key("portal");
        Element payload = SoapEnvelopes.payload(RawSoap.envelope(message));
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("ours", SecureXml.serialize(RawSoap.signed(message, key)));
        forms.put("CXF/WSS4J", SecureXml.serialize(new Wss4jRequests(key).sign(RawSoap.envelope(message))));
        forms.put("CXF/WSS4J again", SecureXml.serialize(new Wss4jRequests(key).sign(RawSoap.envelope(message))));
        forms.put("zeep", ToolkitRequests.zeep(payload, key));
        forms.put("node-soap", ToolkitRequests.nodeSoap(payload, key));
        forms.put("WCF", SecureXml.serialize(WcfRequests.signed(payload, key)));
        forms.put("WCF with a PrefixList", SecureXml.serialize(WcfRequests.signed(payload, key, factory -> List.of(
                factory.newTransform(CanonicalizationMethod.EXCLUSIVE, new ExcC14NParameterSpec(List.of("#default", "s",
                        "u")))), WcfRequests.WCF_SIGNATURE_METHOD, key.privateKey())));
        forms.put("declarations inherited from the Envelope", ToolkitRequests.zeepDeclaringOnTheEnvelope(payload, key));
        return forms;
    }

    /** The DigestValue of the transport signature's reference to the Body of {@code envelope}. */
    private static String bodyReferenceDigest(byte[] envelope) {
        Document doc = SecureXml.parse(envelope);
        Element body = RawSoap.first(doc, WsNames.SOAP11, "Body");
        String id = body.hasAttributeNS(WsNames.WSU, "Id") ? body.getAttributeNS(WsNames.WSU, "Id") : body.getAttribute("Id");
        NodeList references = doc.getElementsByTagNameNS(WsNames.DS, "Reference");
        for (int i = 0; i < references.getLength(); i++) {
            Element reference = (Element) references.item(i);
            if (("#" + id).equals(reference.getAttribute("URI"))) {
                return reference.getElementsByTagNameNS(WsNames.DS, "DigestValue").item(0).getTextContent();
            }
        }
        throw new IllegalArgumentException("no reference to the Body " + id);
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
