package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.MadeCertificates;
import kz.qaqpa.trust.SignaturePolicy;
import kz.qaqpa.trust.WsNames;
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
 * signatures of the test PKI: in the citizen's document signature and in the transport signature. Only the gateway's
 * configured CA certificates may accompany the signer's (chain28's review); anything that is not the signer's one
 * chain is refused.
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
        String correlationId = ShepAnswers.assertStored(gateway, Channel.CON, signed, messageId);
        assertThat(gateway.mocks().con().awaitResult(correlationId, Duration.ofSeconds(30))).isPresent();
    }

    /**
     * A citizen's document signed by xmlsec1 (1.2, OpenSSL) with the citizen's PKCS#12, which holds the issuing CA's
     * and the root's certificates: xmlsec1 writes them all into the X509Data, the signer's last. Accepted and stored.
     * (Skipped where xmlsec1 is not installed, unless {@value kz.qaqpa.ExternalTools#REQUIRED}.) SCE016 "holds 3
     * certificates" on the code before.
     */
    @Test
    void aDocumentSignedByXmlsec1WithItsPkcs12ChainIsAccepted() throws Exception {
        kz.qaqpa.ExternalTools.assumeXmlsec1();
        String messageId = messageId("document-xmlsec1-pkcs12");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        assertThat(signer.certificate().getPublicKey().getAlgorithm()).as("xmlsec1 knows no GOST").isEqualTo("RSA");
        Element signed = Xmlsec1.signed(ShepXml.toElement(sample.build()), gateway.pki().keyFile(sample.signerAlias()), files);
        List<String> written = new ArrayList<>();
        NodeList certificates = signed.getElementsByTagNameNS(WsNames.DS, "X509Certificate");
        for (int i = 0; i < certificates.getLength(); i++) {
            written.add(certificates.item(i).getTextContent().replaceAll("\\s", ""));
        }
        assertThat(written).hasSize(3).last().isEqualTo(encoded(signer.certificate()));
        ShepAnswers.assertStored(gateway, Channel.PORTAL, signed, messageId);
    }

    /**
     * What is not the signer's one chain: the issuing CA of another family (another chain), a CA certificate under
     * the issuing CA's very name that did not issue the signer's, another citizen's certificate of the same CA beside
     * the chain, the issuing CA twice, and more distinct certificates than qaqpa.trust.max-key-info-certificates; and
     * the review's forgery ("forged-chain", {@link #forgedChain}). SCE016 naming the X509Data and the case's own
     * reason, nothing stored. (Refused before too, by the one-certificate rule, except the forgery: accepted on the
     * code before this review.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"ca-of-another-chain", "ca-of-the-same-name", "second-end-entity", "duplicate", "too-many",
            "forged-chain"})
    void aDocumentWhoseX509DataIsNotTheSignersChainIsRefused(String extra) {
        String messageId = messageId("document-not-a-chain-" + extra);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        assertThat(refusedDocument(messageId, sample, signer, withExtra(extra, signer), "SCE016"))
                .contains("document signature's KeyInfo: X509Data", reason(extra));
    }

    /**
     * Only the gateway's configured CA certificates may accompany the signer's: a signer issued by a CA the gateway is
     * not configured with (a key the client made, under the issuing CA's very name), that CA's certificate beside the
     * signer's, is refused by the chain rule (SCE016), its key never used. (Before the review: tolerated, then refused
     * by the certificate check, SCE015 "trusted".)
     */
    @Test
    void aCaCertificateOfTheClientsKeyInX509DataIsRefused() {
        String messageId = messageId("document-chain-untrusted-ca");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial impostor = gateway.pki().issueByImpostorCa(sample.signerAlias());
        assertThat(refusedDocument(messageId, sample, impostor, impostor.chain(), "SCE016"))
                .contains("not a certificate the gateway trusts");
    }

    /** Nine (the bound and one) ds:X509Certificate elements that are no certificate: the bound's words, nothing decoded. */
    @Test
    void moreUndecodableCertificatesThanTheBoundAreRefusedByTheBound() {
        String messageId = messageId("document-undecodable");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        fillUndecodable((Element) signed.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.PORTAL).request(signed, messageId), key("portal"))),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE016");
        assertThat(fault).contains(tooMany());
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * review39b: one ds:X509Certificate whose text is the signer's certificate followed by another citizen's
     * ("appended"), or with a character base64 does not have inside it ("not-base64", which a MIME decoder skips).
     * The JDK's factory reads the first certificate of the bytes and ignores the rest, so the document was verified
     * as the signer's and passed on with the second identity in its bytes (HTTP 200 on the code before). SCE016,
     * nothing stored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"appended", "not-base64"})
    void aDocumentCertificateHoldingMoreThanItsOwnBytesIsRefused(String form) {
        String messageId = messageId("document-certificate-" + form);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        Element signed = GatewayHarness.signed(sample, signer);
        Element certificate = (Element) signed.getElementsByTagNameNS(WsNames.DS, "X509Certificate").item(0);
        certificate.setTextContent(textOf(form, signer.certificate(), key("con").certificate()));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.PORTAL).request(signed, messageId), key("portal"))),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE016");
        assertThat(fault).contains("X509Certificate", ownBytesReason(form));
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
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
    @ValueSource(strings = {"second-end-entity", "ca-of-another-chain", "duplicate", "forged-chain", "too-many"})
    void aTransportX509DataThatIsNotTheSignersChainIsRefused(String extra) {
        String messageId = messageId("transport-not-a-chain-" + extra);
        List<X509Certificate> certificates = "second-end-entity".equals(extra)
                ? List.of(key("portal").certificate(), key("con").certificate())
                : withExtra(extra, key("portal"));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), withX509Data(messageId, certificates)),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains("transport signature's X509Data", reason(extra));
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /** The transport signature's certificate text holding the portal's certificate and the ЦОН's after it: SCE006. */
    @ParameterizedTest
    @ValueSource(strings = {"appended", "not-base64"})
    void aTransportCertificateHoldingMoreThanItsOwnBytesIsRefused(String form) {
        String messageId = messageId("transport-certificate-" + form);
        Document envelope = withX509Data(messageId, List.of(key("portal").certificate()));
        RawSoap.first(envelope, WsNames.DS, "X509Certificate")
                .setTextContent(textOf(form, key("portal").certificate(), key("con").certificate()));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains("X509Certificate", ownBytesReason(form));
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /** The transport signature's X509Data of nine undecodable certificates: SCE006 with the bound's words. */
    @Test
    void aTransportX509DataOfMoreUndecodableCertificatesThanTheBoundIsRefusedByTheBound() {
        String messageId = messageId("transport-undecodable");
        Document envelope = withX509Data(messageId, List.of(key("portal").certificate()));
        fillUndecodable(RawSoap.first(envelope, WsNames.DS, "X509Data"));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains("transport signature's X509Data", tooMany());
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
        assertThat(fault).contains("X509PKIPathv1", "not a certificate the gateway trusts");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * A PkiPath of more distinct certificates than the bound, and one of as many DER elements that are no certificate:
     * refused with the bound's words, its elements counted before any is decoded (the second "does not hold a readable
     * PkiPath" on the code before).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aPkiPathTokenOfMoreThanTheBoundIsRefusedBeforeItIsDecoded(boolean certificates) throws Exception {
        String messageId = messageId("transport-pkipath-too-many");
        Document envelope = new Wss4jRequests(key("portal")).chainToken().sign(RawSoap.envelope(portalApplication(messageId)));
        byte[] path = certificates ? java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertPath(distinct(tooManyCount(), key("portal"))).getEncoded("PkiPath") : undecodablePath();
        RawSoap.first(envelope, WsNames.WSSE, "BinarySecurityToken").setTextContent(Base64.getEncoder().encodeToString(path));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains("X509PKIPathv1", tooMany());
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    // ------------------------------------------------------------------ helpers

    /** A certificate's text: {@code own}'s bytes then {@code other}'s, or {@code own}'s with a '!' in its middle. */
    private static String textOf(String form, X509Certificate own, X509Certificate other) {
        try {
            if ("appended".equals(form)) {
                byte[] first = own.getEncoded();
                byte[] second = other.getEncoded();
                byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
                System.arraycopy(second, 0, both, first.length, second.length);
                return Base64.getEncoder().encodeToString(both);
            }
            String text = Base64.getEncoder().encodeToString(own.getEncoded());
            return text.substring(0, 40) + "!" + text.substring(40);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ownBytesReason(String form) {
        return "appended".equals(form) ? "more than one certificate's own DER encoding" : "is not base64 text";
    }

    /** Each refusal case's own words. */
    private static String reason(String extra) {
        return switch (extra) {
            case "ca-of-another-chain" -> "outside the chain of the signer's";
            case "ca-of-the-same-name", "second-end-entity", "forged-chain" -> "not a certificate the gateway trusts";
            case "duplicate" -> "twice";
            case "too-many" -> tooMany();
            default -> throw new IllegalArgumentException(extra);
        };
    }

    /** One more than the bound (SignaturePolicy.DEFAULT's, which the harness configures). */
    private static int tooManyCount() {
        return SignaturePolicy.DEFAULT.maxKeyInfoCertificates() + 1;
    }

    private static String tooMany() {
        return "holds " + tooManyCount() + " certificates, more than " + SignaturePolicy.DEFAULT.maxKeyInfoCertificates();
    }

    /** {@code count} distinct certificates of the test PKI, {@code signer}'s chain first. */
    private static List<X509Certificate> distinct(int count, KeyMaterial signer) {
        List<X509Certificate> certificates = java.util.stream.Stream.concat(signer.chain().stream(),
                gateway.pki().aliases().stream().sorted().map(alias -> key(alias).certificate())).distinct().limit(count).toList();
        assertThat(certificates).hasSize(count);
        return certificates;
    }

    /** A DER SEQUENCE of as many INTEGERs as {@link #tooManyCount}: a PkiPath's shape, no certificate in it. */
    private static byte[] undecodablePath() throws java.io.IOException {
        org.bouncycastle.asn1.ASN1EncodableVector elements = new org.bouncycastle.asn1.ASN1EncodableVector();
        for (int i = 0; i < tooManyCount(); i++) {
            elements.add(new org.bouncycastle.asn1.ASN1Integer(i));
        }
        return new org.bouncycastle.asn1.DERSequence(elements).getEncoded();
    }

    /** {@code x509Data} then holding as many ds:X509Certificate elements as {@link #tooManyCount}, none a certificate. */
    private static void fillUndecodable(Element x509Data) {
        while (x509Data.getFirstChild() != null) {
            x509Data.removeChild(x509Data.getFirstChild());
        }
        for (int i = 0; i < tooManyCount(); i++) {
            x509Data.appendChild(x509Data.getOwnerDocument().createElementNS(WsNames.DS, "ds:X509Certificate"))
                    .setTextContent(Base64.getEncoder().encodeToString(("not a certificate " + i).getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /**
     * The review's forgery (chain28, MEDIUM): A, the signer's real certificate; B, under the issuing CA's name and with
     * its real public key (so B "issues" A), named as issued by C and signed by C's key; C, a CA certificate under
     * another citizen's name (the victim's ИИН) of a key the attacker made. A reader that takes the last certificate
     * sees the victim. Accepted as one chain on the code before the review.
     */
    private static List<X509Certificate> forgedChain(KeyMaterial signer) {
        X509Certificate issuing = signer.chain().get(1);
        java.security.KeyPair attacker = MadeCertificates.keys();
        javax.security.auth.x500.X500Principal victim = key("citizen-bolat").certificate().getSubjectX500Principal();
        X509Certificate b = MadeCertificates.certificate(issuing.getSubjectX500Principal(), issuing.getPublicKey(), victim,
                attacker.getPrivate(), true);
        X509Certificate c = MadeCertificates.certificate(victim, attacker.getPublic(), issuing.getSubjectX500Principal(),
                attacker.getPrivate(), true);
        return List.of(signer.certificate(), b, c);
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
            case "too-many" -> {
                return distinct(tooManyCount(), signer);
            }
            case "forged-chain" -> {
                return forgedChain(signer);
            }
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
        Element signed = GatewayHarness.signed(sample, signer);
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
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }

    private static KeyMaterial key(String alias) {
        return gateway.pki().key(alias);
    }

    private static String messageId(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
