package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.SignaturePolicy;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.mocks.walkthrough.Walkthrough;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.WsNames;
import org.apache.wss4j.dom.WSConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Mainstream WS-Security clients against the running gateway, over real HTTP: envelopes signed by Apache WSS4J's
 * own API (not Qaqpa's signer) in the forms WSS4J/CXF and WCF send by default are accepted; the forms and
 * algorithms the gateway does not take are refused each with its own code, nothing is stored, and a good message
 * still goes through afterwards. Also the application as escaped text in data (xsi:type="xs:string").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InteropTest {
    private static final QName SEND_MESSAGE_FAULT = new QName("http://bip.bee.kz/AsyncChannel/v10/Types",
            "sendMessageFault1_sendMessageFault");
    /** Kazakhstan's GOST 34.310 / 34.311 signature method, as NCALayer writes it. */
    private static final String GOST = "http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311";

    private static final String WS_ADDRESSING = "http://www.w3.org/2005/08/addressing";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();

    // ------------------------------------------------------------------ accepted forms

    @Test
    void wss4jDefaultsBinarySecurityTokenAndSignedTimestampAreAccepted() {
        String messageId = "wss4j-" + UUID.randomUUID();
        Document envelope = wss4j(key("portal")).sign(portalApplication(messageId));
        Element security = RawSoap.first(envelope, WsNames.WSSE, "Security");
        assertThat(security.getElementsByTagNameNS(WsNames.WSSE, "BinarySecurityToken").getLength()).isEqualTo(1);
        assertThat(security.getElementsByTagNameNS(WsNames.WSSE, "Reference").getLength()).isEqualTo(1);
        assertThat(security.getElementsByTagNameNS(WsNames.DS, "Reference").getLength()).as("Timestamp and Body").isEqualTo(2);

        ShepAnswers.assertAccepted(gateway, post(envelope), messageId);
    }

    @Test
    void wcfShapedRequestSignedByTheJdkApiIsAccepted() {
        String messageId = "wcf-" + UUID.randomUUID();
        Element payload = SoapEnvelopes.payload(portalApplication(messageId));
        Document envelope = WcfRequests.signed(payload, key("portal"));
        assertThat(SecureXml.toString(envelope)).contains("<o:Security", "<u:Timestamp u:Id=\"_0\"", "<o:BinarySecurityToken",
                "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"", "<s:Body u:Id=\"_1\"");

        ShepAnswers.assertAccepted(gateway, post(envelope), messageId);
    }

    @Test
    void wss4jWithAnUnsignedTimestampIsAccepted() {
        String messageId = "wss4j-unsigned-ts-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, post(wss4j(key("portal")).unsignedTimestamp().sign(portalApplication(messageId))), messageId);
    }

    @Test
    void wss4jKeyIdentifierX509v3IsAccepted() {
        String messageId = "wss4j-keyid-" + UUID.randomUUID();
        Document envelope = wss4j(key("portal")).keyIdentifier(WSConstants.X509_KEY_IDENTIFIER).sign(portalApplication(messageId));
        ShepAnswers.assertAccepted(gateway, post(envelope), messageId);
    }

    @Test
    void theApplicationAsEscapedTextIsReadLikeAnElement() {
        String messageId = "escaped-" + UUID.randomUUID();
        // a reasoned refusal: the portal's final result without an offer to consent to first (para 8.10)
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        Element signed = gateway.signed(sample);
        SendMessage message = AsyncMessages.sendMessage("REQUEST", messageId, null, ChannelClient.SERVICE_ID, "PORTAL",
                "portal-secret", signed);
        message.getRequest().getMessageData().setData(SecureXml.toString(signed));
        Document envelope = RawSoap.envelope(message);
        Element data = RawSoap.first(envelope, "data");
        assertThat(data.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type")).endsWith(":string");
        assertThat(Dom.firstChildElement(data)).as("the application travels as text").isNull();

        String correlationId = ShepAnswers.assertAccepted(gateway, post(wss4j(key("portal")).sign(envelope)), messageId);

        Element result = gateway.mocks().portal().awaitResult(correlationId, Duration.ofSeconds(20)).orElseThrow();
        assertThat(result.getLocalName()).as("the escaped application went through the whole regulation").isEqualTo("refusal");
    }

    /** Escaped text goes through the same secure parser: a DTD in it is SCE002, broken markup SCE001. */
    @Test
    void escapedTextIsParsedAsSafelyAsTheEnvelope() {
        String xxe = "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>";
        for (String[] escaped : new String[][] {{xxe, "SCE002"}, {"<application><unclosed></application>", "SCE001"}}) {
            String messageId = "escaped-bad-" + UUID.randomUUID();
            SendMessage message = AsyncMessages.sendMessage("REQUEST", messageId, null, ChannelClient.SERVICE_ID, "PORTAL",
                    "portal-secret", ShepXml.toElement(SampleApplication.on(Channel.PORTAL).build()));
            message.getRequest().getMessageData().setData(escaped[0]);

            RawSoap.Response answer = post(wss4j(key("portal")).sign(RawSoap.envelope(message)));

            ShepAnswers.assertFault(gateway, answer, SEND_MESSAGE_FAULT, escaped[1]);
            assertThat(answer.text()).doesNotContain("root:");
            ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        }
    }

    /** Fixed bytes under src/test/resources/attacks/: refused on the form alone, before any key is used. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"signature-gost, SCE011", "signature-rsa-sha1, SCE012", "signature-issuer-serial, SCE013",
            "must-understand-header, SCE019", "keyinfo-key-value, SCE013", "keyinfo-key-name, SCE013",
            "keyinfo-x509data-subject-name-only, SCE013", "keyinfo-str-reference-outside, SCE013",
            "keyinfo-two-forms, SCE013"})
    void fixedRequestsAreRefusedOnTheirForm(String name, String code) {
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.attack(name + ".xml")), SEND_MESSAGE_FAULT, code);
        ShepAnswers.assertNotStored(gateway, "PORTAL", name + "-0001");
    }

    // ------------------------------------------------------------------ forms not supported: SCE013

    @Test
    void issuerSerialReferenceIsNotSupported() {
        assertRefused(wss4j(key("portal")).keyIdentifier(WSConstants.ISSUER_SERIAL), "SCE013");
    }

    @Test
    void thumbprintReferenceIsNotSupported() {
        assertRefused(wss4j(key("portal")).keyIdentifier(WSConstants.THUMBPRINT_IDENTIFIER), "SCE013");
    }

    // ------------------------------------------------------------------ Timestamp: SCE014, wrapping: SCE006

    @Test
    void expiredTimestampIsRefused() {
        String text = assertRefused(wss4j(key("portal")).timestampCreatedAt(Instant.now().minus(Duration.ofHours(1))), "SCE014");
        assertThat(text).contains("expired");
    }

    @Test
    void timestampFromTheFutureIsRefused() {
        assertRefused(wss4j(key("portal")).timestampCreatedAt(Instant.now().plus(Duration.ofHours(1))), "SCE014");
    }

    /** A Timestamp that expires before it was created is no Timestamp: refused, signed or not. */
    @Test
    void timestampExpiringBeforeItWasCreatedIsRefused() {
        String text = assertRefused(wss4j(key("portal")).timestampLivingFor(-60), "SCE001");
        assertThat(text).contains("not after it was created");
        assertRefused(wss4j(key("portal")).timestampLivingFor(-60).unsignedTimestamp(), "SCE001");
    }

    /**
     * The Timestamp's times are read by XML Schema's rules, as messageDate is: 24:00:00 is the next day's first
     * instant (a Timestamp expiring at the end of today is current), and there is no year 0000. Before: 24:00:00 was
     * SCE001 ("not a dateTime") and a Created in year 0000 was taken.
     */
    @Test
    void timestampTimesAreReadByXmlSchemasRules() {
        String endOfToday = "end-of-today-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, post(withTimestampTime(endOfToday, "Expires",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "T24:00:00Z")), endOfToday);

        String yearZero = "year-zero-" + UUID.randomUUID();
        assertThat(ShepAnswers.assertFault(gateway, post(withTimestampTime(yearZero, "Created", "0000-01-01T00:00:00Z")),
                SEND_MESSAGE_FAULT, "SCE001")).contains("0000-01-01T00:00:00Z");
        ShepAnswers.assertNotStored(gateway, "PORTAL", yearZero);

        // XML Schema has no second 60 (the JDK's calendar takes it as a leap second, the next minute): before, an
        // Expires of today's 23:59:60 was read as the end of today and taken
        String secondSixty = "second-sixty-" + UUID.randomUUID();
        assertThat(ShepAnswers.assertFault(gateway, post(withTimestampTime(secondSixty, "Expires",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "T23:59:60Z")), SEND_MESSAGE_FAULT, "SCE001"))
                .contains("23:59:60");
        ShepAnswers.assertNotStored(gateway, "PORTAL", secondSixty);
    }

    /** A portal application with an unsigned Timestamp (checked all the same) whose {@code field} reads {@code text}. */
    private static Document withTimestampTime(String messageId, String field, String text) {
        Document envelope = wss4j(key("portal")).unsignedTimestamp().sign(portalApplication(messageId));
        RawSoap.first(envelope, WsNames.WSU, field).setTextContent(text);
        return envelope;
    }

    /**
     * A signature over the Timestamp alone proves nothing about the Body that would be processed (here the Body
     * carries an id, so that only the reference rule can refuse it).
     */
    @Test
    void aSignatureOverTheTimestampAloneIsRefused() {
        String messageId = "timestamp-alone-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        RawSoap.first(envelope, WsNames.SOAP11, "Body").setAttributeNS(WsNames.WSU, "wsu:Id", "body-" + messageId);
        wss4j(key("portal")).timestampSignedInsteadOfTheBody().sign(envelope);
        assertThat(ShepAnswers.assertFault(gateway, post(envelope), SEND_MESSAGE_FAULT, "SCE006"))
                .contains("does not cover soap:Body");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /** A second Timestamp (without an id, so that only the Timestamp rule can refuse it) beside the signed one. */
    @Test
    void twoTimestampsAreRefused() {
        String messageId = "two-timestamps-" + UUID.randomUUID();
        Document envelope = wss4j(key("portal")).sign(portalApplication(messageId));
        Element timestamp = RawSoap.first(envelope, WsNames.WSU, "Timestamp");
        Element second = (Element) timestamp.cloneNode(true);
        second.removeAttributeNS(WsNames.WSU, "Id");
        timestamp.getParentNode().insertBefore(second, timestamp);
        assertThat(ShepAnswers.assertFault(gateway, post(envelope), SEND_MESSAGE_FAULT, "SCE006")).contains("2 wsu:Timestamp");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /** A signed WS-Addressing header: the gateway takes no signed part but the Body and the Timestamp. */
    @Test
    void aThirdSignedPartIsRefused() {
        String messageId = "third-part-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        Element to = envelope.createElementNS(WS_ADDRESSING, "wsa:To");
        to.setTextContent(gateway.asyncUrl());
        RawSoap.first(envelope, WsNames.SOAP11, "Header").appendChild(to);
        wss4j(key("portal")).alsoSigning(new QName(WS_ADDRESSING, "To")).sign(envelope);
        assertThat(RawSoap.first(envelope, WsNames.WSSE, "Security").getElementsByTagNameNS(WsNames.DS, "Reference").getLength())
                .as("Timestamp, Body and wsa:To").isEqualTo(3);

        ShepAnswers.assertFault(gateway, post(envelope), SEND_MESSAGE_FAULT, "SCE006");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /** The signed Timestamp moved out of the wsse:Security header: its reference no longer names the header's own. */
    @Test
    void signedTimestampOutsideTheSecurityHeaderIsRefused() {
        String messageId = "ts-moved-" + UUID.randomUUID();
        Document envelope = wss4j(key("portal")).sign(portalApplication(messageId));
        Element timestamp = RawSoap.first(envelope, WsNames.WSU, "Timestamp");
        Element wrapper = envelope.createElementNS("urn:attacker", "x:Wrapper");
        RawSoap.first(envelope, WsNames.SOAP11, "Header").appendChild(wrapper);
        wrapper.appendChild(timestamp);

        ShepAnswers.assertFault(gateway, post(envelope), SEND_MESSAGE_FAULT, "SCE006");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    // ------------------------------------------------------------------ algorithms and keys: SCE011, SCE012

    @Test
    void gostSignatureMethodIsNotSupported() {
        String messageId = "gost-" + UUID.randomUUID();
        Document envelope = wss4j(key("portal")).sign(portalApplication(messageId));
        RawSoap.first(envelope, WsNames.DS, "SignatureMethod").setAttribute("Algorithm", GOST);

        String text = ShepAnswers.assertFault(gateway, post(envelope), SEND_MESSAGE_FAULT, "SCE011");
        assertThat(text).contains("GOST");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    @Test
    void sha1DigestIsNotAllowed() {
        assertRefused(wss4j(key("portal")).algorithms(WSConstants.RSA_SHA256, Wss4jRequests.SHA1), "SCE012");
    }

    /** MD5 is refused on the algorithm alone, before any digest is computed. */
    @Test
    void md5DigestIsNotAllowed() {
        String messageId = "md5-" + UUID.randomUUID();
        Document envelope = wss4j(key("portal")).sign(portalApplication(messageId));
        RawSoap.first(envelope, WsNames.DS, "DigestMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#md5");

        assertThat(ShepAnswers.assertFault(gateway, post(envelope), SEND_MESSAGE_FAULT, "SCE012")).contains("md5");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    @Test
    void rsaSha1SignatureIsNotAllowed() {
        assertRefused(wss4j(key("portal")).algorithms(Wss4jRequests.RSA_SHA1, WSConstants.SHA256), "SCE012");
    }

    @Test
    void rsa1024TransportKeyIsNotAllowed() {
        String text = assertRefused(wss4j(gateway.pki().issueVariant("portal", 1024, "SHA256withRSA")), "SCE012");
        assertThat(text).contains("1024-bit");
    }

    @Test
    void transportCertificateSignedWithSha1IsNotAllowed() {
        String text = assertRefused(wss4j(gateway.pki().issueVariant("portal", 2048, "SHA1withRSA")), "SCE012");
        assertThat(text).contains("SHA1withRSA");
    }

    /** The allow-list is configuration: with RSA-SHA1 and SHA-1 allowed the very same signature verifies. */
    @Test
    void weakAlgorithmsVerifyOnlyWhenTheConfigurationAllowsThem() {
        Document envelope = wss4j(key("portal")).algorithms(Wss4jRequests.RSA_SHA1, Wss4jRequests.SHA1)
                .sign(portalApplication("allow-list-" + UUID.randomUUID()));
        byte[] bytes = SecureXml.serialize(envelope);
        SignaturePolicy strict = SignaturePolicy.DEFAULT;
        SignaturePolicy relaxed = new SignaturePolicy(plus(strict.signatureAlgorithms(), Wss4jRequests.RSA_SHA1),
                plus(strict.digestAlgorithms(), Wss4jRequests.SHA1), strict.certificateAlgorithms(), strict.minRsaKeyBits(),
                strict.clockSkew(), strict.clock(), strict.maxKeyInfoCertificates());

        assertThat(EnvelopeVerifier.verify(SecureXml.parse(bytes), relaxed)).isEqualTo(key("portal").certificate());
        assertThatThrownBy(() -> EnvelopeVerifier.verify(SecureXml.parse(bytes), strict))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.ALGORITHM_NOT_ALLOWED));
    }

    private static Set<String> plus(Set<String> values, String value) {
        Set<String> more = new HashSet<>(values);
        more.add(value);
        return more;
    }

    /** The same rules for the person's signature of the application (regulation condition 2). */
    @Test
    void applicationSignedWithA1024BitKeyIsNotAllowed() {
        String messageId = "doc-1024-" + UUID.randomUUID();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial weak = gateway.pki().issueVariant(sample.signerAlias(), 1024, "SHA256withRSA");
        Element signed = GatewayHarness.signed(sample, weak);
        SendMessage message = AsyncMessages.sendMessage("REQUEST", messageId, null, ChannelClient.SERVICE_ID, "PORTAL",
                "portal-secret", signed);

        ShepAnswers.assertFault(gateway, post(wss4j(key("portal")).sign(RawSoap.envelope(message))), SEND_MESSAGE_FAULT, "SCE012");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    // ------------------------------------------------------------------ the walkthrough on any ports

    /** The walkthrough reads the gateway's settings (here the harness' free ports) and its test PKI. */
    @Test
    void theWalkthroughFollowsTheGatewaysSettings() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Walkthrough.run(new String[] {"PORTAL", "referral"}, settings(Map.of()));
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("accepted, correlationId",
                "the consumer signs the written consent to MBU-050", "status DELIVERED COMPLETED",
                "portal-process-8-consent", "portal-process-8", ":referralNumber>");
    }

    @Test
    void theWalkthroughRefusesToCreateASecondTestPki(@TempDir Path elsewhere) {
        Settings settings = settings(Map.of("qaqpa.data-dir", elsewhere.toString()));

        assertThatThrownBy(() -> Walkthrough.run(new String[] {"PORTAL", "referral"}, settings))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no test PKI");
        assertThat(elsewhere.resolve("pki")).doesNotExist();
    }

    /**
     * ops43: the walkthrough given another console port than the gateway's (QAQPA_OPERATOR_PORT set for one of the
     * two; README says to give both the same settings) sends the application, then reads its steps from the console:
     * before, a ConnectException's stack trace; now one line naming the address and what to check, exit code 1, as
     * for the gateway's own port (WalkthroughCommandTest).
     */
    @Test
    void theWalkthroughWithAConsoleItCannotReachSaysSoOnOneLine() throws Exception {
        String port = String.valueOf(kz.qaqpa.mocks.pki.PkiServer.freePort());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Walkthrough.command(new String[] {"PORTAL", "queue"}, settings(Map.of("qaqpa.operator.port", port)),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }

        String written = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code; stderr: %s", written).isEqualTo(1);
        assertThat(written.lines()).singleElement().asString().startsWith("walkthrough: ")
                .contains(":" + port + "/applications/", "same settings");
    }

    /** The harness' settings (free ports, data directory, test overrides), plus {@code overrides}. */
    private static Settings settings(Map<String, String> overrides) {
        Settings gatewaySettings = gateway.settings();
        return new Settings(key -> overrides.containsKey(key) ? overrides.get(key) : gatewaySettings.getOrNull(key));
    }

    // ------------------------------------------------------------------ and the gateway still works

    @Test
    @Order(Integer.MAX_VALUE)
    void aGoodMessageIsStillAcceptedAfterTheRefusals() {
        String messageId = "after-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, post(wss4j(key("portal")).sign(portalApplication(messageId))), messageId);
    }

    /**
     * A WCF-shaped client and a WSS4J (CXF WS-Security) client each send every kind of message the gateway takes, on
     * one kept-alive connection with {@code Expect: 100-continue} as .NET sends them, the SOAPAction quoted (WCF:
     * {@code ""}; CXF with an action: {@code "sendMessage"}), the Security header mustUnderstand="1", a signed
     * Timestamp and a BinarySecurityToken: an application, its status, a provider's poll, an acknowledgement (of a
     * message the gateway does not know: SCE030, so the signature was taken) and a look-up on the sync channel.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"WCF, '\"\"'", "WSS4J, '\"sendMessage\"'"})
    void everyKindOfMessageFromAWcfAndAWss4jClientOnOneKeptAliveConnection(String client, String soapAction) {
        String messageId = client + "-" + UUID.randomUUID();
        java.util.List<Map.Entry<String, byte[]>> requests = java.util.List.of(
                signedBy(client, "portal", gateway.asyncUrl(), portalApplication(messageId)),
                signedBy(client, "portal", gateway.asyncUrl(), RawSoap.envelope(ChannelClient.statusRequest(
                        AsyncMessages.sender("PORTAL", "portal-secret"), messageId))),
                signedBy(client, "eastana", gateway.asyncUrl(), RawSoap.envelope(poll())),
                signedBy(client, "eastana", gateway.asyncUrl(), RawSoap.envelope(
                        kz.qaqpa.mocks.provider.DeliveryNotifications.acknowledgement(ChannelClient.SERVICE_ID,
                                "no-such-" + UUID.randomUUID(), "MESSAGE_ACCEPTED", "NOT_RESEND", null,
                                AsyncMessages.sender("EASTANA", "eastana-secret"), SoapEnvelopes.now()))),
                signedBy(client, "portal", gateway.syncUrl(), RawSoap.envelope(personLookUp())));

        java.util.List<RawSoap.Response> answers = RawSoap.postKeptAlive(requests, soapAction);

        ShepAnswers.assertAccepted(gateway, answers.get(0), messageId);
        for (int i : new int[] {1, 2, 4}) {
            assertThat(answers.get(i).status()).as(answers.get(i).toString()).isEqualTo(200);
            assertThat(SoapEnvelopes.isFault(answers.get(i).document())).as(answers.get(i).toString()).isFalse();
            ShepAnswers.assertSignedByGateway(gateway, answers.get(i).document());
        }
        ShepAnswers.assertFaultCode(gateway, answers.get(3), "SCE030");
    }

    // ------------------------------------------------------------------ a poll without requestDate (review42 row 1)

    /**
     * fix42: the contract makes a poll's requestDate optional; a WSS4J/CXF client that leaves it out but signs a
     * current wsu:Timestamp (as it does by default) has dated its poll: answered.
     */
    @Test
    void aPollWithoutRequestDateDatedByItsSignedTimestampIsAnswered() {
        RawSoap.Response answer = post(wss4j(key("eastana")).sign(RawSoap.envelope(undatedPoll())));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(SoapEnvelopes.isFault(answer.document())).as(answer.toString()).isFalse();
        ShepAnswers.assertSignedByGateway(gateway, answer.document());
    }

    /**
     * replay44: a poll dated by its signed Timestamp (WSS4J's default form) is answered once; its bytes sent again
     * within the window are SCE027, and WSS4J's next poll, with a Timestamp of its own, is answered. Before: the copy
     * was answered.
     */
    @Test
    void aPollDatedByItsSignedTimestampIsAnsweredOnce() {
        Document poll = wss4j(key("eastana")).sign(RawSoap.envelope(undatedPoll()));
        assertThat(post(poll).status()).isEqualTo(200);
        ShepAnswers.assertFault(gateway, post(poll), ShepAnswers.GET_MESSAGES_FAULT, "SCE027");
        RawSoap.Response next = post(wss4j(key("eastana")).sign(RawSoap.envelope(undatedPoll())));
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
    }

    /**
     * fix42: a poll without requestDate whose signed Timestamp was created an hour ago and has no Expires (WS-Security
     * makes Expires optional: WSS4J writes none with a time to live of 0): the bytes of a poll captured an hour ago.
     * SCE018, as an old requestDate. Before: answered with the queue (WsTimestamp holds Created only to the future).
     */
    @Test
    void aPollWithoutRequestDateWhoseSignedTimestampIsOldIsRefused() {
        String text = ShepAnswers.assertFault(gateway, post(wss4j(key("eastana")).timestampLivingFor(0)
                .timestampCreatedAt(Instant.now().minus(Duration.ofHours(1))).sign(RawSoap.envelope(undatedPoll()))),
                ShepAnswers.GET_MESSAGES_FAULT, "SCE018");
        assertThat(text).contains("wsu:Timestamp", "Created");
    }

    /**
     * fix42: a Timestamp outside the signature dates nothing (anyone may write one into captured bytes): a poll
     * without requestDate whose current Timestamp is not signed is SCE001, and the text says how to date a poll.
     * Before: answered with the queue.
     */
    @Test
    void aPollWithoutRequestDateAndWithAnUnsignedTimestampIsRefused() {
        String text = ShepAnswers.assertFault(gateway, post(wss4j(key("eastana")).unsignedTimestamp()
                .sign(RawSoap.envelope(undatedPoll()))), ShepAnswers.GET_MESSAGES_FAULT, "SCE001");
        assertThat(text).contains("requestDate", "wsu:Timestamp");
    }

    /**
     * attack43, held: a poll's requestDate, when it has one, is what dates it, whatever its signed Timestamp says: a
     * current requestDate with a Timestamp created an hour ago (no Expires) is answered; a requestDate an hour old with
     * a current signed Timestamp is SCE018 naming the requestDate (the Timestamp does not rescue an old poll).
     */
    @Test
    void aPollsRequestDateDatesItWhateverItsSignedTimestampSays() {
        RawSoap.Response current = post(wss4j(key("eastana")).timestampLivingFor(0)
                .timestampCreatedAt(Instant.now().minus(Duration.ofHours(1))).sign(RawSoap.envelope(poll())));
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        assertThat(SoapEnvelopes.isFault(current.document())).as(current.toString()).isFalse();

        kz.qaqpa.contract.async.types.GetMessages old = poll();
        old.getRequest().setRequestDate(SoapEnvelopes.dateTime(Instant.now().minus(Duration.ofHours(1))));
        String text = ShepAnswers.assertFault(gateway, post(wss4j(key("eastana")).sign(RawSoap.envelope(old))),
                ShepAnswers.GET_MESSAGES_FAULT, "SCE018");
        assertThat(text).contains("requestDate");
    }

    /**
     * attack43, held: only the Timestamp of the wsse:Security header, referenced by the verified signature, dates an
     * undated poll. An old signed one beside a current unsigned wsu:Timestamp in a header block of its own (with an
     * id, as a signed one would have) is SCE018: the other Timestamp is not read. A signed Created a day ahead is
     * SCE014 (the Timestamp's own rule), not an answer.
     */
    @Test
    void anUndatedPollIsDatedByItsSecurityHeadersSignedTimestampOnly() {
        Document envelope = wss4j(key("eastana")).timestampLivingFor(0)
                .timestampCreatedAt(Instant.now().minus(Duration.ofHours(1))).sign(RawSoap.envelope(undatedPoll()));
        Element header = RawSoap.first(envelope, WsNames.SOAP11, "Header");
        Element block = (Element) header.appendChild(envelope.createElementNS("urn:example:freshness", "f:Freshness"));
        Element other = (Element) block.appendChild(envelope.createElementNS(WsNames.WSU, "wsu:Timestamp"));
        other.setAttributeNS(WsNames.WSU, "wsu:Id", "TS-current");
        other.appendChild(envelope.createElementNS(WsNames.WSU, "wsu:Created")).setTextContent(Instant.now().toString());
        String text = ShepAnswers.assertFault(gateway, post(envelope), ShepAnswers.GET_MESSAGES_FAULT, "SCE018");
        assertThat(text).contains("signed wsu:Timestamp");

        ShepAnswers.assertFault(gateway, post(wss4j(key("eastana")).timestampCreatedAt(Instant.now().plus(Duration.ofDays(1)))
                .sign(RawSoap.envelope(undatedPoll()))), ShepAnswers.GET_MESSAGES_FAULT, "SCE014");
    }

    /** The provider EASTANA's poll without requestDate. */
    private static kz.qaqpa.contract.async.types.GetMessages undatedPoll() {
        kz.qaqpa.contract.async.types.GetMessages call = poll();
        call.getRequest().setRequestDate(null);
        return call;
    }

    /** The envelope signed as {@code client} signs it, with the RSA key of {@code alias}, for {@code url}. */
    private static Map.Entry<String, byte[]> signedBy(String client, String alias, String url, Document envelope) {
        Document signed = "WCF".equals(client) ? WcfRequests.signed(SoapEnvelopes.payload(envelope), key(alias))
                : wss4j(key(alias)).sign(envelope);
        Element security = RawSoap.first(signed, WsNames.WSSE, "Security");
        assertThat(security.getAttributeNS(WsNames.SOAP11, "mustUnderstand")).as(client + "'s Security header").isEqualTo("1");
        return Map.entry(url, SecureXml.serialize(signed));
    }

    private static kz.qaqpa.contract.async.types.GetMessages poll() {
        var request = new kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest();
        request.setRequestDate(SoapEnvelopes.now());
        request.setServiceId(ChannelClient.SERVICE_ID);
        request.setSender(AsyncMessages.sender("EASTANA", "eastana-secret"));
        var call = new kz.qaqpa.contract.async.types.GetMessages();
        call.setRequest(request);
        return call;
    }

    private static kz.qaqpa.contract.sync.types.SendMessage personLookUp() {
        var person = new kz.qaqpa.document.person.PersonRequest();
        person.setIin("850315401201");
        return kz.qaqpa.channel.SyncMessages.sendMessage(UUID.randomUUID().toString(), "GBDFL_PERSON", null, "PORTAL",
                "portal-secret", ShepXml.toElement(person));
    }

    // ------------------------------------------------------------------ helpers

    /** Signs a fresh portal application with {@code signer}, expects {@code code}, nothing stored; returns the message. */
    private static String assertRefused(Wss4jRequests signer, String code) {
        String messageId = "refused-" + code + "-" + UUID.randomUUID();
        String text = ShepAnswers.assertFault(gateway, post(signer.sign(portalApplication(messageId))), SEND_MESSAGE_FAULT, code);
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        return text;
    }

    private static Document portalApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        return RawSoap.envelope(gateway.client(Channel.PORTAL).request(signed, messageId));
    }

    private static Wss4jRequests wss4j(KeyMaterial key) {
        return new Wss4jRequests(key);
    }

    /**
     * RSA whatever the test PKI's default family: WSS4J and WCF-shaped signatures are made through Santuario's JSR-105
     * API, which knows no GOST (GOST signatures over HTTP: GostChannelTest). Only the transport needs it: the citizen's
     * document is signed by Qaqpa's own signer ({@link GatewayHarness#signed}), in the suite's family.
     */
    private static KeyMaterial key(String alias) {
        return gateway.pki().key(alias, KeyAlgorithm.RSA);
    }

    private static RawSoap.Response post(Document envelope) {
        return RawSoap.post(gateway.asyncUrl(), SecureXml.serialize(envelope));
    }

}
