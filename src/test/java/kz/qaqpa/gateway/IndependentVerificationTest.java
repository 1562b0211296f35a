package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.trust.WsNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The gateway's signed answers, faults, callbacks and poll answers, taken off the wire, verify with XML-DSig
 * implementations that are not the gateway's: the JDK's own (JSR-105, always) and xmlsec1 (libxml2 and OpenSSL, where
 * it is installed: {@code apt-get install xmlsec1}; its tests are skipped without it, failed with
 * {@code -Dqaqpa.test.require-tools=true}). So do the business documents the gateway passes on (the provider's signed
 * result in the channel's callback), taken out of the envelope as a relying party takes them. The gateway signs with
 * RSA here: neither verifier knows GOST.
 */
class IndependentVerificationTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;
    static GatewayHarness gateway;
    static CallbackProxy portalCallbacks;
    static byte[] acceptedAnswer;
    /** The provider's poll answer holding the application, before the provider took it. */
    static byte[] pollAnswer;
    /** interop49: a sync look-up's answer (ГБД ФЛ's person, passed on by the gateway and signed by it). */
    static byte[] syncAnswer;
    static String correlationId;

    @BeforeAll
    static void start() throws Exception {
        // the provider mock polls only when told (below), so that the test's own poll finds the application queued;
        // the mock's poll after it sees the application again at once (not after the shipped redelivery delay)
        GatewayHarness harness = new GatewayHarness(dataDir).with("qaqpa.test-pki.gateway-key-algorithm", "RSA")
                .with("qaqpa.mocks.provider.poll-interval", "PT1H").with("qaqpa.provider.redelivery-after", "PT0S");
        portalCallbacks = CallbackProxy.recording(harness, "portal");
        gateway = harness.with("qaqpa.sender.PORTAL.callback", portalCallbacks.url()).start();
        // a reasoned refusal: the portal's final result without an offer to consent to first (para 8.10)
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        Element signed = gateway.signed(sample);
        String messageId = "independent-" + UUID.randomUUID();
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(gateway.client(Channel.PORTAL)
                .request(signed, messageId), gateway.pki().key("portal")));
        correlationId = ShepAnswers.assertAccepted(gateway, answer, messageId);
        acceptedAnswer = answer.body();
        pollAnswer = poll();
        syncAnswer = lookUp();
        var provider = gateway.mocks().provider().orElseThrow();
        Instant deadline = Instant.now().plusSeconds(30);
        while (gateway.mocks().portal().result(correlationId).isEmpty()) {
            assertThat(Instant.now()).as("the result reached the portal").isBefore(deadline);
            provider.pollOnce();
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (portalCallbacks != null) {
            portalCallbacks.close();
        }
    }

    @Test
    void anAnswerVerifiesWithTheJdksXmlDsig() {
        assertThat(WireSignatures.byTheJdk(acceptedAnswer)).isEqualTo(gatewayCertificate());
    }

    @Test
    void aSyncAnswerVerifiesWithTheJdksXmlDsig() {
        assertThat(WireSignatures.byTheJdk(syncAnswer)).isEqualTo(gatewayCertificate());
    }

    @Test
    void aFaultVerifiesWithTheJdksXmlDsig() {
        assertThat(WireSignatures.byTheJdk(wrongPasswordFault())).isEqualTo(gatewayCertificate());
    }

    @Test
    void aSoap12FaultVerifiesWithTheJdksXmlDsig() {
        assertThat(WireSignatures.byTheJdk(soap12Fault())).isEqualTo(gatewayCertificate());
    }

    /** The poll answer, and in it the application as the citizen signed it. */
    @Test
    void aProvidersPollAnswerAndTheApplicationInItVerifyWithTheJdksXmlDsig() {
        assertThat(WireSignatures.byTheJdk(pollAnswer)).isEqualTo(gatewayCertificate());
        Element application = businessDocument(pollAnswer);
        assertThat(application).as("the application in the poll answer").isNotNull();
        assertThat(subject(documentSigner(application))).contains("SERIALNUMBER=IIN");
    }

    /** Every status notification and the result the portal was sent; the result document's own signature too. */
    @Test
    void callbacksAndTheDocumentsTheyCarryVerifyWithTheJdksXmlDsig() {
        List<byte[]> callbacks = portalCallbacks.received();
        assertThat(callbacks).as("status notifications and the result").hasSizeGreaterThanOrEqualTo(2);
        int documents = 0;
        for (byte[] callback : callbacks) {
            assertThat(WireSignatures.byTheJdk(callback)).isEqualTo(gatewayCertificate());
            Element document = businessDocument(callback);
            if (document != null) {
                documents++;
                assertThat(subject(documentSigner(document))).as("signed by the provider's employee")
                        .contains("SERIALNUMBER=IIN");
            }
        }
        assertThat(documents).as("the result's document").isPositive();
    }

    @Test
    void answersFaultsAndCallbacksVerifyWithXmlsec1() throws Exception {
        kz.qaqpa.ExternalTools.assumeXmlsec1();
        for (byte[] message : everySignedAnswer()) {
            Xmlsec1 verdict = xmlsec1(message);
            assertThat(verdict.exit()).as("xmlsec1 on\n%s\n%s", new String(message, StandardCharsets.UTF_8),
                    verdict.output()).isZero();
            assertThat(verdict.output()).contains("OK");
        }
    }

    /**
     * interop49: as a client that trusts only the НУЦ's root verifies an answer with xmlsec1's secure options: the
     * certificate the answer carries (its {@code wsse:KeyIdentifier}, which xmlsec1 does not read itself) taken out and
     * checked by {@code openssl verify} against the root (the issuing CA as an untrusted intermediate), then the
     * signature checked by {@code xmlsec1 --enabled-key-data x509 --enabled-reference-uris same-doc} with that
     * certificate's key, and its one Reference naming the Body. The sync reply, both faults, the poll answer and every
     * callback. (Skipped without xmlsec1 or openssl unless {@value kz.qaqpa.ExternalTools#REQUIRED}.)
     */
    @Test
    void everySignedAnswerVerifiesWithXmlsec1sSecureOptionsAndTheCertificateItCarries() throws Exception {
        kz.qaqpa.ExternalTools.assumeXmlsec1();
        kz.qaqpa.ExternalTools.assumeRuns("openssl is not installed", "openssl", "version");
        Path root = pemFile("root", gateway.pki().root(KeyAlgorithm.RSA));
        Path issuing = pemFile("issuing", gateway.pki().issuing(KeyAlgorithm.RSA));
        for (byte[] message : everySignedAnswer()) {
            String text = new String(message, StandardCharsets.UTF_8);
            Document parsed = plainParse(message);
            X509Certificate carried = carriedCertificate(parsed);
            assertThat(carried).as("the certificate in\n%s", text).isEqualTo(gatewayCertificate());
            Path certificate = pemFile(UUID.randomUUID().toString(), carried);
            String chain = run("openssl", "verify", "-CAfile", root.toString(), "-untrusted", issuing.toString(),
                    certificate.toString());
            assertThat(chain).as("openssl verify").contains(": OK");
            assertThat(referencedIds(parsed)).as("the signature's references in\n%s", text)
                    .containsExactly("#" + bodyId(parsed));
            Xmlsec1 verdict = xmlsec1(message, certificate, "--enabled-key-data", "x509", "--enabled-reference-uris",
                    "same-doc");
            assertThat(verdict.exit()).as("xmlsec1 on\n%s\n%s", text, verdict.output()).isZero();
            assertThat(verdict.output()).contains("OK");
        }
    }

    /**
     * interop49: every callback the portal received (sendMessage with the result, changeMassageStatusNotification) is
     * valid to {@code xmllint --schema} loading the served callback contract's schema from its URL
     * ({@code /contract/types/…}, the names AsyncChannelClient.wsdl imports), each by its operation element's
     * namespace. (Skipped without xmllint unless {@value kz.qaqpa.ExternalTools#REQUIRED}.)
     */
    @Test
    void callbacksAreValidToXmllintAgainstTheServedCallbackContract() throws Exception {
        String contract = "http://localhost:" + gateway.property("qaqpa.http.port") + "/contract/types/";
        for (byte[] callback : portalCallbacks.received()) {
            String namespace = kz.qaqpa.channel.SoapEnvelopes.payload(plainParse(callback)).getNamespaceURI();
            ServedContractToolkitsTest.assertValidToXmllint(contract + (namespace.endsWith("/Client")
                    ? "async-client.xsd" : "async-channel.xsd"), callback);
        }
    }

    /** What the gateway signs and sends: the accepted answer, the sync reply, two faults, the poll answer, callbacks. */
    private static List<byte[]> everySignedAnswer() {
        List<byte[]> messages = new ArrayList<>(List.of(acceptedAnswer, syncAnswer, wrongPasswordFault(), soap12Fault(),
                pollAnswer));
        messages.addAll(portalCallbacks.received());
        return messages;
    }

    /** The certificate in the answer's {@code wsse:SecurityTokenReference/wsse:KeyIdentifier} (X509v3), as sent. */
    private static X509Certificate carriedCertificate(Document message) throws Exception {
        org.w3c.dom.NodeList identifiers = message.getElementsByTagNameNS(WsNames.WSSE, "KeyIdentifier");
        assertThat(identifiers.getLength()).as("one KeyIdentifier").isEqualTo(1);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                Base64.getMimeDecoder().decode(identifiers.item(0).getTextContent())));
    }

    /** The URIs of the WS-Security signature's references (not a signed document's in the Body). */
    private static List<String> referencedIds(Document message) {
        Element security = (Element) message.getElementsByTagNameNS(WsNames.WSSE, "Security").item(0);
        Element signedInfo = (Element) security.getElementsByTagNameNS(WsNames.DS, "SignedInfo").item(0);
        org.w3c.dom.NodeList references = signedInfo.getElementsByTagNameNS(WsNames.DS, "Reference");
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < references.getLength(); i++) {
            uris.add(((Element) references.item(i)).getAttribute("URI"));
        }
        return uris;
    }

    private static String bodyId(Document message) {
        Element body = Dom.children(message.getDocumentElement(), message.getDocumentElement().getNamespaceURI(), "Body")
                .get(0);
        return body.getAttributeNS(WsNames.WSU, "Id");
    }

    private static Path pemFile(String name, X509Certificate certificate) throws Exception {
        return Files.writeString(files.resolve(name + ".pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
    }

    /** What {@code command} printed, its standard error too, once it ended (whatever its exit code). */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    /** The JDK's verifier can say no: an answer with one character of its Body changed fails it. */
    @Test
    void theJdkRefusesAChangedAnswer() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WireSignatures.byTheJdk(changedAnswer()))
                .isInstanceOf(AssertionError.class);
    }

    /** So can xmlsec1. */
    @Test
    void xmlsec1RefusesAChangedAnswer() throws Exception {
        kz.qaqpa.ExternalTools.assumeXmlsec1();
        assertThat(xmlsec1(changedAnswer()).exit()).isNotZero();
        assertThat(xmlsec1(changedAnswer(), pemFile("gateway", gatewayCertificate()), "--enabled-key-data", "x509",
                "--enabled-reference-uris", "same-doc").exit()).as("with the secure options too").isNotZero();
    }

    /** The accepted answer with one character of its Body (the correlation id) changed. */
    private static byte[] changedAnswer() {
        String answer = new String(acceptedAnswer, StandardCharsets.UTF_8);
        byte[] changed = answer.replace(correlationId, correlationId.replace('-', '0')).getBytes(StandardCharsets.UTF_8);
        assertThat(changed).isNotEqualTo(acceptedAnswer);
        return changed;
    }

    private record Xmlsec1(int exit, String output) {
    }

    /** xmlsec1 --verify with the gateway's certificate, the Body's wsu:Id declared an id. */
    private static Xmlsec1 xmlsec1(byte[] message) throws Exception {
        return xmlsec1(message, pemFile("gateway", gatewayCertificate()));
    }

    /** xmlsec1 --verify with {@code certificate}'s key and {@code options}, the Body's wsu:Id declared an id. */
    private static Xmlsec1 xmlsec1(byte[] message, Path certificate, String... options) throws Exception {
        Path file = Files.write(files.resolve(UUID.randomUUID() + ".xml"), message);
        String soap = plainParse(message).getDocumentElement().getNamespaceURI();
        List<String> command = new ArrayList<>(List.of("xmlsec1", "--verify"));
        command.addAll(List.of(options));
        command.addAll(List.of("--pubkey-cert-pem", certificate.toString(), "--id-attr:Id", soap + ":Body",
                file.toString()));
        Process xmlsec1 = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(xmlsec1.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(xmlsec1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Xmlsec1(xmlsec1.exitValue(), output);
    }

    // ------------------------------------------------------------------ helpers

    private static X509Certificate gatewayCertificate() {
        return gateway.pki().key("gateway", KeyAlgorithm.RSA).certificate();
    }

    private static byte[] wrongPasswordFault() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        var request = kz.qaqpa.channel.AsyncMessages.sendMessage("REQUEST", UUID.randomUUID().toString(), null,
                ChannelClient.SERVICE_ID, "PORTAL", "not-the-portal-secret", signed);
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(request, gateway.pki().key("portal")));
        ShepAnswers.assertFaultCode(gateway, answer, "SCE003");
        return answer.body();
    }

    private static byte[] soap12Fault() {
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), RawSoap.request("soap12-envelope.xml"),
                java.util.Map.of("Content-Type", "application/soap+xml; charset=utf-8"), false, false);
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.contentType()).startsWith("application/soap+xml");
        return answer.body();
    }

    /** A sync look-up of a person, signed by the portal: the gateway's signed answer as received. */
    private static byte[] lookUp() {
        kz.qaqpa.document.person.PersonRequest person = new kz.qaqpa.document.person.PersonRequest();
        person.setIin("850315401201");
        Document envelope = RawSoap.envelope(kz.qaqpa.channel.SyncMessages.sendMessage(UUID.randomUUID().toString(),
                "GBDFL_PERSON", null, "PORTAL", "portal-secret", kz.qaqpa.channel.ShepXml.toElement(person)));
        RawSoap.Response answer = RawSoap.post(gateway.syncUrl(), RawSoap.signed(envelope, gateway.pki().key("portal")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }

    private static byte[] poll() {
        AsyncGetMessagesRequest request = new AsyncGetMessagesRequest();
        request.setRequestDate(kz.qaqpa.channel.SoapEnvelopes.now());
        request.setServiceId(ChannelClient.SERVICE_ID);
        request.setSender(AsyncMessages.sender("EASTANA", "eastana-secret"));
        request.setAmount(10);
        GetMessages call = new GetMessages();
        call.setRequest(request);
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(call, gateway.pki().key("eastana")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                java.util.Map.of("2.5.4.5", "SERIALNUMBER"));
    }

    /** The document in a message's {@code data}, as its own document (how a relying party checks it), or null. */
    private static Element businessDocument(byte[] message) {
        Document parsed = plainParse(message);
        org.w3c.dom.NodeList data = parsed.getElementsByTagNameNS("*", "data");
        Element content = data.getLength() == 0 ? null : Dom.firstChildElement((Element) data.item(0));
        if (content == null) {
            return null;
        }
        return plainParse(jdkSerialized(content)).getDocumentElement();
    }

    /** The element written out by the JDK's identity transformer, with the namespace declarations it needs. */
    private static byte[] jdkSerialized(Element element) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.xml.transform.Transformer identity = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
            identity.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
            identity.transform(new javax.xml.transform.dom.DOMSource(element), new javax.xml.transform.stream.StreamResult(out));
            return out.toByteArray();
        } catch (javax.xml.transform.TransformerException e) {
            throw new AssertionError(e);
        }
    }

    /** Verifies the document's enveloped signature with the JDK's XML-DSig; returns the signer's certificate. */
    private static X509Certificate documentSigner(Element document) {
        Element signature = null;
        for (Node n = document.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && WsNames.DS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())) {
                signature = e;
            }
        }
        assertThat(signature).as("the document's enveloped signature").isNotNull();
        try {
            Element encoded = (Element) signature.getElementsByTagNameNS(WsNames.DS, "X509Certificate").item(0);
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getMimeDecoder().decode(encoded.getTextContent())));
            DOMValidateContext context = new DOMValidateContext(KeySelector.singletonKeySelector(certificate.getPublicKey()),
                    signature);
            XMLSignature parsed = XMLSignatureFactory.getInstance("DOM", "XMLDSig").unmarshalXMLSignature(context);
            assertThat(parsed.validate(context)).as("the document's signature, by the JDK's XML-DSig").isTrue();
            return certificate;
        } catch (Exception e) {
            throw new AssertionError("the document's signature could not be checked: " + e, e);
        }
    }

    private static Document plainParse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
