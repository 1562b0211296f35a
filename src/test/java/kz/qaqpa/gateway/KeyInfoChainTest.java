package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * chain28: a signer's certificate chain in ds:X509Data, as XML-DSig 1.0 4.4.4 allows it ("All certificates appearing
 * in an X509Data element MUST relate to the validation key ... No ordering is implied"), over HTTP with real
 * signatures of the test PKI: in the citizen's document signature and in the transport signature. The chain's CA
 * certificates are tolerated, never trusted for it; anything that is not the signer's one chain is refused.
 */
class KeyInfoChainTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    @TempDir
    static Path files;

    // ------------------------------------------------------------------ the citizen's document signature

    /**
     * The citizen's certificate with its issuing CA's and the root's, signer first (as Santuario users add the chain)
     * or last (as xmlsec1 writes a PKCS#12's certificates): accepted, and the application goes to the provider, whose
     * result comes back. SCE016 "holds 2 (3) certificates" on the code before.
     */
    @ParameterizedTest
    @ValueSource(strings = {"signer-issuing", "issuing-signer", "signer-issuing-root", "root-issuing-signer", "issuing-root-signer"})
    void aDocumentWithItsSignersChainInAnyOrderIsAccepted(String order) {
        String messageId = messageId("document-chain-" + order);
        SampleApplication sample = SampleApplication.on(Channel.CON);
        Element signed = signedWith(sample, key(sample.signerAlias()), inOrder(order, key(sample.signerAlias())));
        String correlationId = ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.CON).request(signed, messageId), key("con"))), messageId);
        assertThat(gateway.assembly().applications().byMessage("CON", messageId)).isPresent();
        assertThat(gateway.mocks().con().awaitResult(correlationId, Duration.ofSeconds(30))).isPresent();
    }

    /**
     * A citizen's document signed by xmlsec1 (1.2, OpenSSL) with the citizen's PKCS#12, which holds the issuing CA's
     * and the root's certificates: xmlsec1 writes them all into the X509Data, the signer's last. Accepted and stored.
     * (Skipped where xmlsec1 is not installed.) SCE016 "holds 3 certificates" on the code before.
     */
    @Test
    void aDocumentSignedByXmlsec1WithItsPkcs12ChainIsAccepted() throws Exception {
        assumeTrue(IndependentVerificationTest.xmlsec1Installed(), "xmlsec1 is not installed (apt-get install xmlsec1)");
        String messageId = messageId("document-xmlsec1-pkcs12");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        assertThat(signer.certificate().getPublicKey().getAlgorithm()).as("xmlsec1 knows no GOST").isEqualTo("RSA");
        Element signed = xmlsec1Signed(ShepXml.toElement(sample.build()), gateway.pki().keyFile(sample.signerAlias()));
        List<String> written = new ArrayList<>();
        NodeList certificates = signed.getElementsByTagNameNS(WsNames.DS, "X509Certificate");
        for (int i = 0; i < certificates.getLength(); i++) {
            written.add(certificates.item(i).getTextContent().replaceAll("\\s", ""));
        }
        assertThat(written).hasSize(3).last().isEqualTo(encoded(signer.certificate()));
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.PORTAL).request(signed, messageId), key("portal"))), messageId);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).isPresent();
    }

    /**
     * What is not the signer's one chain: the issuing CA of another family (another chain), a CA certificate under
     * the issuing CA's very name that did not issue the signer's, another citizen's certificate of the same CA beside
     * the chain, the issuing CA twice, and more certificates than qaqpa.trust.max-key-info-certificates (8). SCE016
     * naming the KeyInfo, nothing stored. (Refused before too, by the one-certificate rule.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"ca-of-another-chain", "ca-of-the-same-name", "second-end-entity", "duplicate", "too-many"})
    void aDocumentWhoseX509DataIsNotTheSignersChainIsRefused(String extra) {
        String messageId = messageId("document-not-a-chain-" + extra);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        assertThat(refusedDocument(messageId, sample, signer, withExtra(extra, signer), "SCE016")).contains("KeyInfo", "X509Data");
    }

    /**
     * The chain's CA certificates are tolerated, not trusted: a signer issued by a CA the gateway is not configured
     * with (one under the issuing CA's very name), that CA's certificate beside the signer's, is still refused by the
     * certificate check (SCE015 "trusted"), not accepted through the certificate it brought.
     */
    @Test
    void aCaCertificateInX509DataIsNotTrustedForTheSigner() {
        String messageId = messageId("document-chain-untrusted-ca");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial impostor = gateway.pki().issueByImpostorCa(sample.signerAlias());
        assertThat(refusedDocument(messageId, sample, impostor, impostor.chain(), "SCE015")).contains("trusted");
    }

    // ------------------------------------------------------------------ the transport signature

    /**
     * The portal's transport signature with ds:X509Data holding its chain CA-first (xmlsec1's order): verified with the
     * end certificate, accepted as PORTAL. Before: the first certificate, the issuing CA's, was taken as the signer's,
     * SCE006 "does not verify with the certificate of" the CA.
     */
    @ParameterizedTest
    @ValueSource(strings = {"issuing-signer", "root-issuing-signer", "signer-root-issuing"})
    void aTransportSignatureWithItsChainInAnyOrderIsAccepted(String order) {
        String messageId = messageId("transport-chain-" + order);
        Document envelope = withX509Data(messageId, inOrder(order, key("portal")));
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), envelope), messageId);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).isPresent();
    }

    /**
     * Another system's certificate riding along after the portal's (the ЦОН's, of the same CA), a CA certificate of
     * another chain, or the issuing CA twice: SCE006 naming the X509Data, nothing stored. Accepted as PORTAL on the
     * code before (only the first was read).
     */
    @ParameterizedTest
    @ValueSource(strings = {"second-end-entity", "ca-of-another-chain", "duplicate"})
    void aTransportX509DataThatIsNotTheSignersChainIsRefused(String extra) {
        String messageId = messageId("transport-not-a-chain-" + extra);
        List<X509Certificate> certificates = "second-end-entity".equals(extra)
                ? List.of(key("portal").certificate(), key("con").certificate())
                : withExtra(extra, key("portal"));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), withX509Data(messageId, certificates)),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains("transport signature's X509Data");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * WSS4J with useSingleCertificate=false: its BinarySecurityToken (ValueType X509PKIPathv1) holds the portal's
     * chain as a PkiPath, the root first; it signs with the end certificate. Accepted as PORTAL (SCE013 before).
     */
    @Test
    void wss4jsPkiPathTokenIsAccepted() {
        String messageId = messageId("transport-pkipath");
        Document envelope = new Wss4jRequests(key("portal")).chainToken().sign(RawSoap.envelope(portalApplication(messageId)));
        assertThat(RawSoap.first(envelope, WsNames.WSSE, "BinarySecurityToken").getAttribute("ValueType")).endsWith("#X509PKIPathv1");
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), envelope), messageId);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).isPresent();
    }

    /** The same token holding the portal's certificate and the ЦОН system's (not one chain): SCE006 naming the token. */
    @Test
    void aPkiPathTokenThatIsNotTheSignersChainIsRefused() throws Exception {
        String messageId = messageId("transport-pkipath-not-a-chain");
        Document envelope = new Wss4jRequests(key("portal")).chainToken().sign(RawSoap.envelope(portalApplication(messageId)));
        byte[] path = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(key("portal").certificate(), key("con").certificate())).getEncoded("PkiPath");
        RawSoap.first(envelope, WsNames.WSSE, "BinarySecurityToken").setTextContent(Base64.getEncoder().encodeToString(path));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains("X509PKIPathv1", "not one chain");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    // ------------------------------------------------------------------ helpers

    private static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";

    /** {@code application} signed by {@code xmlsec1 --sign --pkcs12}: an enveloped signature over the whole element. */
    private static Element xmlsec1Signed(Element application, Path pkcs12) throws Exception {
        Document doc = application.getOwnerDocument();
        Element signature = (Element) application.appendChild(doc.createElementNS(WsNames.DS, "ds:Signature"));
        Element signedInfo = child(signature, "SignedInfo");
        child(signedInfo, "CanonicalizationMethod").setAttribute("Algorithm", EXC_C14N);
        child(signedInfo, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        Element reference = child(signedInfo, "Reference");
        reference.setAttribute("URI", "");
        Element transforms = child(reference, "Transforms");
        child(transforms, "Transform").setAttribute("Algorithm", WsNames.ENVELOPED);
        child(transforms, "Transform").setAttribute("Algorithm", EXC_C14N);
        child(reference, "DigestMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmlenc#sha256");
        child(reference, "DigestValue");
        child(signature, "SignatureValue");
        child(child(signature, "KeyInfo"), "X509Data");
        Path template = Files.write(files.resolve(UUID.randomUUID() + "-template.xml"), SecureXml.serialize(doc));
        Path out = files.resolve(UUID.randomUUID() + "-signed.xml");
        Process xmlsec1 = new ProcessBuilder("xmlsec1", "--sign", "--pkcs12", pkcs12.toString(), "--pwd", "qaqpa-test",
                "--output", out.toString(), template.toString()).redirectErrorStream(true).start();
        String output = new String(xmlsec1.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(xmlsec1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(xmlsec1.exitValue()).as(output).isZero();
        return SecureXml.parse(Files.readAllBytes(out)).getDocumentElement();
    }

    private static Element child(Element parent, String localName) {
        return (Element) parent.appendChild(parent.getOwnerDocument().createElementNS(WsNames.DS, "ds:" + localName));
    }


    /** The signer's certificate, its issuing CA's and its root's, in the order named. */
    private static List<X509Certificate> inOrder(String order, KeyMaterial signer) {
        assertThat(signer.chain()).hasSize(3);
        List<X509Certificate> certificates = new ArrayList<>();
        for (String name : order.split("-")) {
            certificates.add(signer.chain().get(List.of("signer", "issuing", "root").indexOf(name)));
        }
        return certificates;
    }

    /** The signer's certificate and its issuing CA's with {@code extra}. */
    private static List<X509Certificate> withExtra(String extra, KeyMaterial signer) {
        X509Certificate issuing = signer.chain().get(1);
        List<X509Certificate> certificates = new ArrayList<>(List.of(signer.certificate(), issuing));
        switch (extra) {
            case "ca-of-another-chain" -> certificates.add(gateway.pki().issuingCas().stream()
                    .filter(ca -> !ca.equals(issuing)).findFirst().orElseThrow());
            case "ca-of-the-same-name" -> certificates.set(1, gateway.pki().issueByImpostorCa("citizen-bolat").chain().get(1));
            case "second-end-entity" -> certificates.add(key("citizen-bolat").certificate());
            case "duplicate" -> certificates.add(issuing);
            case "too-many" -> certificates.addAll(Collections.nCopies(7, signer.chain().get(2)));
            default -> throw new IllegalArgumentException(extra);
        }
        return certificates;
    }

    /**
     * The portal's sending of {@code sample} signed by {@code signer}, its X509Data then holding {@code certificates}:
     * refused with {@code code}, nothing stored; the fault's text.
     */
    private static String refusedDocument(String messageId, SampleApplication sample, KeyMaterial signer,
                                          List<X509Certificate> certificates, String code) {
        Element signed = signedWith(sample, signer, certificates);
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.PORTAL).request(signed, messageId), key("portal"))),
                ShepAnswers.SEND_MESSAGE_FAULT, code);
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        return fault;
    }

    /** {@code sample} signed by {@code signer}, its signature's X509Data (not digested) then holding {@code certificates}. */
    private static Element signedWith(SampleApplication sample, KeyMaterial signer, List<X509Certificate> certificates) {
        Element signed = ChannelClient.sign(sample.build(), signer);
        fill((Element) signed.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0), certificates);
        return signed;
    }

    /** The application signed as the gateway's own signer signs, its KeyInfo then replaced by X509Data of these. */
    private static Document withX509Data(String messageId, List<X509Certificate> certificates) {
        Document envelope = RawSoap.signed(portalApplication(messageId), key("portal"));
        Element keyInfo = RawSoap.first(envelope, WsNames.DS, "KeyInfo");
        while (keyInfo.getFirstChild() != null) {
            keyInfo.removeChild(keyInfo.getFirstChild());
        }
        fill((Element) keyInfo.appendChild(envelope.createElementNS(WsNames.DS, "ds:X509Data")), certificates);
        return envelope;
    }

    private static void fill(Element x509Data, List<X509Certificate> certificates) {
        while (x509Data.getFirstChild() != null) {
            x509Data.removeChild(x509Data.getFirstChild());
        }
        for (X509Certificate certificate : certificates) {
            x509Data.appendChild(x509Data.getOwnerDocument().createElementNS(WsNames.DS, "ds:X509Certificate"))
                    .setTextContent(encoded(certificate));
        }
    }

    private static String encoded(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SendMessage portalApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(ChannelClient.sign(sample.build(), key(sample.signerAlias())), messageId);
    }

    private static KeyMaterial key(String alias) {
        return gateway.pki().key(alias);
    }

    private static String messageId(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
