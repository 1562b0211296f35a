package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import kz.qaqpa.TestResources;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class EnvelopeSignatureTest {
    private static final String ENVELOPE = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\
            <soap:Body><m:SendMessage xmlns:m="urn:test"><m:text>Сәлем, ШЭП</m:text></m:SendMessage></soap:Body>\
            </soap:Envelope>""";

    /** What travels: signed, serialized, parsed again by the receiver. */
    private static Document signedOnTheWire() {
        Document signed = EnvelopeSigner.sign(parse(ENVELOPE), SharedTestPki.key("portal"));
        return SecureXml.parse(SecureXml.serialize(signed));
    }

    @Test
    void signedEnvelopeVerifiesAndYieldsTheSignerCertificate() {
        Document received = signedOnTheWire();

        assertThat(EnvelopeVerifier.verify(received)).isEqualTo(SharedTestPki.key("portal").certificate());
        Element header = Dom.firstChildElement(received.getDocumentElement());
        assertThat(header.getLocalName()).isEqualTo("Header");
        Element security = Dom.children(header, WsNames.WSSE, "Security").get(0);
        assertThat(security.getAttributeNS(WsNames.SOAP11, "mustUnderstand")).isEqualTo("1");
        assertThat(SecureXml.toString(received)).contains(WsNames.X509V3, SharedTestPki.key("portal").algorithm().signatureUri(),
                WsNames.EXC_C14N);
    }

    /**
     * replay45: the SignedInfo octets the check verified are handed on (a poll is known by them), and are what reading
     * the envelope again gives, as the start's read-back from the message log does: the same key either way.
     */
    @Test
    void theVerifiedSignedInfoIsTheOneReadAgainFromTheEnvelope() {
        Document received = signedOnTheWire();
        EnvelopeVerifier.Verified verified = EnvelopeVerifier.verifyWithSignedInfo(received, SignaturePolicy.DEFAULT);

        assertThat(verified.certificate()).isEqualTo(SharedTestPki.key("portal").certificate());
        assertThat(new String(verified.signedInfo(), StandardCharsets.UTF_8)).contains("SignedInfo", "DigestValue")
                .doesNotContain("SignatureValue");
        assertThat(EnvelopeVerifier.signedInfoDigest(verified.signedInfo()))
                .isEqualTo(EnvelopeVerifier.signedInfoDigest(SecureXml.parse(SecureXml.serialize(received))));
    }

    /**
     * perf55c: the signer's certificate goes into each KeyIdentifier as one text, encoded once for the key (seen
     * failing before: each signature encoded it anew), and the envelope still verifies with that certificate.
     */
    @Test
    void eachSignatureCarriesTheKeysOneCertificateText() {
        KeyMaterial key = SharedTestPki.key("gateway");
        Document first = EnvelopeSigner.sign(parse(ENVELOPE), key);
        Document second = EnvelopeSigner.sign(parse(ENVELOPE), key);

        assertThat(keyIdentifier(second)).isSameAs(keyIdentifier(first))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(certificateBytes(key)));
        assertThat(EnvelopeVerifier.verify(SecureXml.parse(SecureXml.serialize(second)))).isEqualTo(key.certificate());
    }

    private static String keyIdentifier(Document signed) {
        return signed.getElementsByTagNameNS(WsNames.WSSE, "KeyIdentifier").item(0).getFirstChild().getNodeValue();
    }

    private static byte[] certificateBytes(KeyMaterial key) {
        try {
            return key.certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void existingHeaderAndBodyIdAreReused() {
        Document doc = parse(ENVELOPE.replace("<soap:Body>",
                "<soap:Header><h:trace xmlns:h=\"urn:h\">1</h:trace></soap:Header>"
                        + "<soap:Body xmlns:wsu=\"" + WsNames.WSU + "\" wsu:Id=\"id-mine\">"));
        EnvelopeSigner.sign(doc, SharedTestPki.key("gateway"));
        Document received = SecureXml.parse(SecureXml.serialize(doc));

        assertThat(EnvelopeVerifier.verify(received)).isEqualTo(SharedTestPki.key("gateway").certificate());
        assertThat(SecureXml.toString(received)).contains("URI=\"#id-mine\"").containsOnlyOnce("<soap:Header");
    }

    @Test
    void tamperedBodyIsInvalid() {
        Document received = signedOnTheWire();
        received.getElementsByTagNameNS("urn:test", "text").item(0).setTextContent("Сәлем, шабуыл");

        assertFault(received, FaultCode.TRANSPORT_SIGNATURE_INVALID).hasMessageContaining("Body was changed");
    }

    @Test
    void unsignedEnvelopeIsNotSigned() {
        Document unsigned = SecureXml.parse(TestResources.read("attacks/unsigned-envelope.xml"));
        assertFault(unsigned, FaultCode.TRANSPORT_NOT_SIGNED);
        assertFault(parse(ENVELOPE), FaultCode.TRANSPORT_NOT_SIGNED);
    }

    /** Classic XML signature wrapping: the signed Body is hidden in a header, a forged Body takes its place. */
    @Test
    void signedBodyMovedIntoHeaderWrapperIsRejected() {
        Document received = signedOnTheWire();
        Element envelope = received.getDocumentElement();
        Element signedBody = SoapEnvelope.body(envelope);
        Element wrapper = received.createElementNS("urn:attacker", "x:Wrapper");
        SoapEnvelope.header(envelope).appendChild(wrapper);
        wrapper.appendChild(signedBody);
        Element forged = (Element) envelope.appendChild(received.createElementNS(WsNames.SOAP11, "soap:Body"));
        forged.appendChild(received.createElementNS("urn:test", "m:SendMessage")).setTextContent("transfer everything");
        Document reparsed = SecureXml.parse(SecureXml.serialize(received));

        assertFault(reparsed, FaultCode.TRANSPORT_SIGNATURE_INVALID);
    }

    /** Same wrapping, but the forged Body copies the signed Body's id: duplicate ids must not be resolved. */
    @Test
    void forgedBodyWithDuplicateIdIsRejected() {
        Document received = signedOnTheWire();
        Element envelope = received.getDocumentElement();
        Element signedBody = SoapEnvelope.body(envelope);
        Element forged = (Element) signedBody.cloneNode(true);
        forged.getElementsByTagNameNS("urn:test", "text").item(0).setTextContent("forged");
        Element wrapper = received.createElementNS("urn:attacker", "x:Wrapper");
        SoapEnvelope.header(envelope).appendChild(wrapper);
        wrapper.appendChild(signedBody);
        envelope.appendChild(forged);
        Document reparsed = SecureXml.parse(SecureXml.serialize(received));

        assertFault(reparsed, FaultCode.TRANSPORT_SIGNATURE_INVALID).hasMessageContaining("is used by more than one element");
    }

    /** A valid signature whose only Reference covers a header element, not the Body. */
    @Test
    void signatureOverAnotherElementIsRejected() throws Exception {
        Document doc = parse(ENVELOPE.replace("<soap:Body>",
                "<soap:Header><h:ts xmlns:h=\"urn:h\" xmlns:wsu=\"" + WsNames.WSU + "\" wsu:Id=\"ts-1\">now</h:ts></soap:Header>"
                        + "<soap:Body xmlns:wsu=\"" + WsNames.WSU + "\" wsu:Id=\"body-1\">"));
        Element header = SoapEnvelope.header(doc.getDocumentElement());
        Element ts = Dom.firstChildElement(header);
        ts.setIdAttributeNS(WsNames.WSU, "Id", true);
        Element security = (Element) header.appendChild(doc.createElementNS(WsNames.WSSE, "wsse:Security"));
        SigningAlgorithm algorithm = SharedTestPki.key("portal").algorithm();
        XMLSignature signature = new XMLSignature(doc, "", algorithm.signatureUri(), WsNames.EXC_C14N);
        security.appendChild(signature.getElement());
        Transforms transforms = new Transforms(doc);
        transforms.addTransform(WsNames.EXC_C14N);
        signature.addDocument("#ts-1", transforms, algorithm.digestUri());
        signature.addKeyInfo(SharedTestPki.key("portal").certificate());
        signature.sign(SharedTestPki.key("portal").privateKey());
        Document reparsed = SecureXml.parse(SecureXml.serialize(doc));

        assertFault(reparsed, FaultCode.TRANSPORT_SIGNATURE_INVALID).hasMessageContaining("references '#ts-1'");
    }

    @Test
    void signatureMadeWithAnotherKeyThanTheCertificateIsInvalid() {
        KeyMaterial portal = SharedTestPki.key("portal");
        KeyMaterial mixed = new KeyMaterial(SharedTestPki.key("gateway").privateKey(), portal.certificate(), portal.chain());
        Document received = SecureXml.parse(SecureXml.serialize(EnvelopeSigner.sign(parse(ENVELOPE), mixed)));

        assertFault(received, FaultCode.TRANSPORT_SIGNATURE_INVALID).hasMessageContaining("CN=EGOV PORTAL");
    }

    /**
     * An RSA signature (a GOST one in the GOST-key suite) whose token carries an EC certificate: the fault says why,
     * not "null".
     */
    @Test
    void aKeyOfAnotherAlgorithmThanTheSignatureIsNamedInTheFault() throws Exception {
        KeyMaterial portal = SharedTestPki.key("portal");
        java.security.KeyPair ec = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=EC");
        java.util.Date now = new java.util.Date();
        X509Certificate ecCertificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE, now,
                        new java.util.Date(now.getTime() + 86_400_000L), name, ec.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                                .build(ec.getPrivate())));
        KeyMaterial mixed = new KeyMaterial(portal.privateKey(), ecCertificate, java.util.List.of(ecCertificate));
        Document received = SecureXml.parse(SecureXml.serialize(EnvelopeSigner.sign(parse(ENVELOPE), mixed)));

        // the portal's key's method: rsa-sha256 (the GOST-key suite: the GOST URI, refused the same way)
        assertFault(received, FaultCode.TRANSPORT_SIGNATURE_INVALID).hasMessage("transport signature method "
                + portal.algorithm().signatureUri() + " does not fit the EC key of CN=EC");
    }

    @Test
    void nonSoapDocumentIsMalformed() {
        assertFault(parse("<a/>"), FaultCode.MALFORMED_MESSAGE);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFault(Document doc, FaultCode code) {
        var thrown = assertThatThrownBy(() -> EnvelopeVerifier.verify(doc)).isInstanceOf(ShepException.class);
        thrown.extracting(e -> ((ShepException) e).code()).isEqualTo(code);
        return thrown;
    }

    private static Document parse(String xml) {
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
