package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.function.BiConsumer;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * review42: an attacker against the whole gateway (docs/security.md, "Session 42 review", review42). Each case sends
 * real bytes, signed with the test PKI, to a running gateway whose provider is played by the test (its mock polls
 * hourly), so that what reaches the provider can be read. A case that fails on the code it was written against is
 * {@code @Disabled} with the finding's words; the others add coverage the suite lacked (said at each).
 */
class Review42AttackTest {
    /** XML-DSig 1.1's namespace (its OCSPResponse, an X509Data child). */
    private static final String DSIG11 = "http://www.w3.org/2009/xmldsig11#";
    private static final javax.xml.namespace.QName GET_MESSAGES_FAULT =
            new javax.xml.namespace.QName(ShepAnswers.ASYNC, "getMessagesFault1_getMessagesFault");
    /** What the attacker puts beside the signer's certificate after the signing: text the gateway must not pass on. */
    private static final String SMUGGLED = "review42 smuggled: applicant address Attacker street 1";

    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce();
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /**
     * attack21 refused a ds:Object and elements of other namespaces in a document signature, attack23/25 names of
     * another certificate: whatever is put into the signature after the signing travels on unsigned inside the signed
     * document (the enveloped transform leaves the whole ds:Signature out of the digest). These places are still open:
     * an X509Data's ds:X509CRL (a CRL of the attacker's choosing: an old one, from before the signer's certificate was
     * revoked, for a provider's verifier that honours an embedded CRL), XML-DSig 1.1's dsig11:OCSPResponse (likewise),
     * any other element of the ds namespace (ds:KeyInfo's check takes the namespace, not the name), text beside
     * KeyInfo's elements, and an attribute of another namespace on ds:Signature. Each carries {@link #SMUGGLED}.
     * Expected: refused (SCE016, or SCE001 by the schema), nothing stored, nothing handed to the provider.
     */
    @ParameterizedTest
    @ValueSource(strings = {"X509CRL", "OCSPResponse", "ds-element-in-X509Data", "text-in-KeyInfo",
            "attribute-on-Signature", "element-in-SignatureValue"})
    void unsignedContentAddedToTheCitizensSignatureIsRefused(String where) {
        assertRefusedWithNothingHandedOn(where);
    }

    /**
     * A second ds:KeyInfo after the first, with another person's certificate: Santuario refuses it ("KeyInfo is not
     * permitted in this location", SCE016). Passes; the suite had no case of it (attack23 tried a second X509Data in
     * the one KeyInfo).
     */
    @Test
    void aSecondKeyInfoInTheCitizensSignatureIsRefused() {
        assertRefusedWithNothingHandedOn("second-KeyInfo");
    }

    /** The portal's application with {@code where}'s addition to the citizen's signature: refused, nothing stored. */
    private static void assertRefusedWithNothingHandedOn(String where) {
        String messageId = "review42-" + where + "-" + UUID.randomUUID();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
        smuggle(where).accept(signed.getOwnerDocument(), signed);
        Document envelope = RawSoap.signed(gateway.client(Channel.PORTAL).request(signed, messageId),
                gateway.pki().key("portal"));
        assertThat(SecureXml.toString(envelope)).contains(where.equals("X509CRL") || where.equals("OCSPResponse")
                ? base64(SMUGGLED) : SMUGGLED);
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), envelope);
        if (answer.status() == 200) {
            // the evidence: the provider is handed the citizen's "signed" application with the unsigned text in it
            String correlationId = ShepAnswers.assertAccepted(gateway, answer, messageId);
            String handed = SecureXml.toString(DataElements.unwrap(provider.polled(correlationId).getMessageData().getData()));
            assertThat(handed.contains(where.equals("X509CRL") || where.equals("OCSPResponse") ? base64(SMUGGLED) : SMUGGLED))
                    .as("accepted (%s) and handed to the provider with the unsigned content inside the citizen's"
                            + " signature: ...%s", where, handed.substring(handed.indexOf("<ds:SignatureValue>")))
                    .isFalse();
        }
        assertThat(ShepAnswers.errorCode(gateway, answer, ShepAnswers.SEND_MESSAGE_FAULT)).isIn("SCE016", "SCE001");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /** How {@code where} puts {@link #SMUGGLED} into the document's signature, after the signing. */
    private static BiConsumer<Document, Element> smuggle(String where) {
        return (doc, signed) -> {
            Element signature = first(signed, WsNames.DS, "Signature");
            Element keyInfo = first(signed, WsNames.DS, "KeyInfo");
            Element x509Data = first(signed, WsNames.DS, "X509Data");
            switch (where) {
                case "X509CRL" -> x509Data.appendChild(doc.createElementNS(WsNames.DS, "ds:X509CRL"))
                        .setTextContent(base64(SMUGGLED));
                case "OCSPResponse" -> x509Data.appendChild(doc.createElementNS(DSIG11, "dsig11:OCSPResponse"))
                        .setTextContent(base64(SMUGGLED));
                case "ds-element-in-X509Data" -> x509Data.appendChild(doc.createElementNS(WsNames.DS, "ds:Note"))
                        .setTextContent(SMUGGLED);
                case "text-in-KeyInfo" -> keyInfo.appendChild(doc.createTextNode(SMUGGLED));
                case "attribute-on-Signature" -> signature.setAttributeNS("urn:review42", "r:note", SMUGGLED);
                // Santuario reads a SignatureValue's own text only: an element in it is never looked at
                case "element-in-SignatureValue" -> first(signed, WsNames.DS, "SignatureValue")
                        .appendChild(doc.createElementNS(WsNames.DS, "ds:Note")).setTextContent(SMUGGLED);
                // a second KeyInfo with another person's certificate (and the smuggled text as its KeyName): the
                // gateway verifies with the first KeyInfo's; a reader taking the last finds another signer
                case "second-KeyInfo" -> {
                    Element second = (Element) signature.appendChild(doc.createElementNS(WsNames.DS, "ds:KeyInfo"));
                    second.appendChild(doc.createElementNS(WsNames.DS, "ds:KeyName")).setTextContent(SMUGGLED);
                    second.appendChild(doc.createElementNS(WsNames.DS, "ds:X509Data"))
                            .appendChild(doc.createElementNS(WsNames.DS, "ds:X509Certificate"))
                            .setTextContent(certificate("citizen-bolat"));
                }
                default -> throw new IllegalArgumentException(where);
            }
        };
    }

    /**
     * A provider's getMessages need not carry a requestDate (the contract makes it optional; the gateway checks it
     * only when present) and the transport signature need not carry a wsu:Timestamp: such a poll's signed bytes hold
     * nothing that dates them. Captured once (a proxy's log, the message log, which keeps every poll's signed
     * request, or its archive and exports), they are a credential to read, and to take offered, the provider's
     * queue for as long as the provider's certificate and password stand: sent again, they are answered with
     * applications accepted after the capture (citizens' personal data, and each so offered is hidden from the real
     * provider for qaqpa.provider.redelivery-after). Expected: a replay of an undated poll's very bytes is refused
     * (or hands out nothing).
     */
    @Test
    void aCapturedUndatedPollIsNotAnsweredWithApplicationsAcceptedAfterIt() {
        GetMessages poll = PlayedProvider.pollRequest(100);
        // fix42: PlayedProvider dates its polls now; this one is left undated, as the contract allows
        poll.getRequest().setRequestDate(null);
        byte[] captured = SecureXml.serialize(RawSoap.signed(poll, gateway.pki().key(PlayedProvider.TRANSPORT_KEY)));
        // fix42: dated neither by a requestDate nor by a signed wsu:Timestamp, it is refused from its first sending
        // (before: HTTP 200), so the replay below is refused as well
        assertThat(ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), captured), GET_MESSAGES_FAULT,
                "SCE001")).contains("requestDate", "wsu:Timestamp");

        String later = provider.submitted(Channel.PORTAL, "review42-after-capture-");
        RawSoap.Response replayed = RawSoap.post(gateway.asyncUrl(), captured);
        if (replayed.status() == 200) {
            assertThat(PlayedProvider.messages(kz.qaqpa.channel.SoapEnvelopes.payload(replayed.document())))
                    .as("the captured poll's bytes, sent again, are answered with an application accepted after them")
                    .extracting(m -> m.getMessageInfo().getCorrelationId()).doesNotContain(later);
        }
        ShepAnswers.assertFault(gateway, replayed, GET_MESSAGES_FAULT, "SCE001");
    }

    /**
     * The operator console answers on the loopback only (qaqpa.operator.host) and asks no credential; it reads
     * neither the Host nor the Origin of a request. An operator's browser that reaches it (on the gateway's host, or
     * through the usual `ssh -L 8089:127.0.0.1:8089`) lets any web page the operator opens use it: by DNS rebinding
     * (a name of the attacker's that now resolves to 127.0.0.1, so the page's origin is the console's) it reads an
     * application's state and documents and the message log's export of it, the citizens' personal data; a
     * cross-site POST without a body is a "simple" request a browser sends without asking, and runs the console's
     * actions (a backup of the store, an archive run, a stopped callback sent again out of order).
     * Expected: a request naming another host than the console's, or sent from another origin, is refused.
     */
    @Test
    void theConsoleServesNoPageToAnotherHostsName() {
        String correlationId = provider.submitted(Channel.PORTAL, "review42-console-");
        String target = "/applications/" + java.net.URLEncoder.encode(correlationId, StandardCharsets.UTF_8);
        String port = gateway.property("qaqpa.operator.port");
        // the operator's own request: the page is there
        assertThat(consoleGet(target, "127.0.0.1:" + port, null).status()).isEqualTo(200);
        RawSoap.Response rebound = consoleGet(target, "rebind.attacker.example:" + port,
                "http://rebind.attacker.example:" + port);
        assertThat(rebound.status()).as("the console's page of %s, asked for under the attacker's name:%n%s",
                correlationId, rebound).isGreaterThanOrEqualTo(400);
    }

    private static RawSoap.Response consoleGet(String target, String host, String origin) {
        RawSoap.AsIs answer = RawSoap.sendAsIs(console(), ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), java.time.Duration.ofSeconds(20));
        assertThat(answer.first()).as("an answer to GET %s", target).isNotNull();
        return answer.first();
    }

    /** As above: a cross-site POST (an Origin that is not the console's, no body) runs no action of the console. */
    @Test
    void theConsoleRunsNoActionForAnotherOrigin() {
        RawSoap.AsIs forged = RawSoap.sendAsIs(console(), ("POST /store/backup HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + gateway.property("qaqpa.operator.port") + "\r\n"
                + "Origin: http://attacker.example\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), java.time.Duration.ofSeconds(60));
        assertThat(forged.first()).isNotNull();
        assertThat(forged.first().status()).as("POST /store/backup from http://attacker.example:\n%s", forged.first())
                .isGreaterThanOrEqualTo(400);
    }

    /**
     * A poll's request and signed answer are logged under every application the answer carries
     * ({@code ChannelLog.carrying}), so one application's export holds the whole answer: the other applications handed
     * out in the same poll, other citizens' names, ИИН and addresses, in a file meant as the evidence of one case (given
     * to its applicant, a court, an auditor). Expected: application A's export holds nothing of application B.
     */
    @Test
    void anApplicationsExportHoldsNoOtherApplication() throws Exception {
        String a = provider.submitted(Channel.PORTAL, "review42-export-a-");
        String b = provider.submitted(Channel.PORTAL, "review42-export-b-");
        assertThat(provider.poll(100)).extracting(m -> m.getMessageInfo().getCorrelationId()).contains(a, b);
        java.net.HttpURLConnection http = (java.net.HttpURLConnection) java.net.URI.create(console()
                + "/message-log/export/" + java.net.URLEncoder.encode(a, StandardCharsets.UTF_8)).toURL().openConnection();
        assertThat(http.getResponseCode()).isEqualTo(200);
        java.util.List<String> holdingB = new java.util.ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(http.getInputStream())) {
            for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (new String(zip.readAllBytes(), StandardCharsets.UTF_8).contains(b)) {
                    holdingB.add(entry.getName());
                }
            }
        } finally {
            http.disconnect();
        }
        assertThat(holdingB).as("entries of %s's export that hold application %s", a, b).isEmpty();
    }

    private static String console() {
        return "http://127.0.0.1:" + gateway.property("qaqpa.operator.port");
    }

    private static Element first(Element root, String namespace, String localName) {
        return (Element) root.getElementsByTagNameNS(namespace, localName).item(0);
    }

    private static String certificate(String alias) {
        try {
            return Base64.getEncoder().encodeToString(gateway.pki().key(alias).certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
