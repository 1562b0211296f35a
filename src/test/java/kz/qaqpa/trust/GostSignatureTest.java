package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.xml.SecureXml;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * GOST R 34.10-2015 (256-bit) with GOST R 34.11-2015 in both kinds of signature, under the Kazakh PKI's URIs, and
 * GOST-signed certificates, CRLs and OCSP answers of the test НУЦ's GOST hierarchy, whatever the PKI's default family.
 */
class GostSignatureTest {
    private static final String KAZAKH_SIGNATURE = "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-256";
    private static final String KAZAKH_DIGEST = "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-256";
    private static final String ENVELOPE = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\
            <soap:Body><m:SendMessage xmlns:m="urn:test"><m:text>Сәлем, ШЭП</m:text></m:SendMessage></soap:Body>\
            </soap:Envelope>""";
    private static final String APPLICATION = """
            <app:Application xmlns:app="urn:qaqpa:application"><app:iin>850315401201</app:iin>\
            <app:service>Анықтама / справка</app:service></app:Application>""";

    private static KeyMaterial gost(String alias) {
        return SharedTestPki.pki().key(alias, KeyAlgorithm.GOST);
    }

    @Test
    void gostKeySignsTheTransportWithTheKazakhUrisAndTheSignatureVerifies() {
        KeyMaterial portal = gost("portal");
        Document received = SecureXml.parse(SecureXml.serialize(EnvelopeSigner.sign(parse(ENVELOPE), portal)));

        assertThat(portal.algorithm()).isEqualTo(SigningAlgorithm.GOST_2015_256);
        assertThat(attribute(received, "SignatureMethod")).isEqualTo(KAZAKH_SIGNATURE);
        assertThat(attribute(received, "DigestMethod")).isEqualTo(KAZAKH_DIGEST);
        assertThat(Base64.getMimeDecoder().decode(text(received, "SignatureValue"))).hasSize(64);
        assertThat(EnvelopeVerifier.verify(received)).isEqualTo(portal.certificate());
        assertThatCode(() -> SharedTestPki.validator().validate(portal.certificate(), Purpose.SIGN, true,
                FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID)).doesNotThrowAnyException();
    }

    @Test
    void aChangedBodyUnderAGostSignatureIsRefused() {
        Document received = SecureXml.parse(SecureXml.serialize(EnvelopeSigner.sign(parse(ENVELOPE), gost("portal"))));
        received.getElementsByTagNameNS("urn:test", "text").item(0).setTextContent("Сәлем, басқа");

        assertThatThrownBy(() -> EnvelopeVerifier.verify(received))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.TRANSPORT_SIGNATURE_INVALID))
                .hasMessageContaining("changed after signing");
    }

    @Test
    void gostDocumentSignatureVerifiesAndATamperedOneIsRefused() {
        KeyMaterial citizen = gost("citizen-aigerim");
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), citizen);
        String signed = SecureXml.toString(doc);

        assertThat(DocumentVerifier.verify(parse(signed).getDocumentElement())).isEqualTo(citizen.certificate());
        Document tampered = parse(signed.replace("850315401201</app:iin>", "850315401202</app:iin>"));
        assertThatThrownBy(() -> DocumentVerifier.verify(tampered.getDocumentElement()))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID))
                .hasMessageContaining("changed after signing");
    }

    /** The CryptoPro names of the same algorithm (GOST R 34.10-2012 = 34.10-2015) are verified too. */
    @Test
    void theCryptoProUrisOfTheSameAlgorithmVerify() throws Exception {
        KeyMaterial citizen = gost("citizen-aigerim");
        Document doc = parse(APPLICATION);
        XMLSignature signature = new XMLSignature(doc, "",
                "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256", WsNames.EXC_C14N);
        doc.getDocumentElement().appendChild(signature.getElement());
        Transforms transforms = new Transforms(doc);
        transforms.addTransform(WsNames.ENVELOPED);
        transforms.addTransform(WsNames.EXC_C14N);
        signature.addDocument("", transforms, "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256");
        signature.addKeyInfo(citizen.certificate());
        signature.sign(citizen.privateKey());

        assertThat(DocumentVerifier.verify(parse(SecureXml.toString(doc)).getDocumentElement())).isEqualTo(citizen.certificate());
    }

    /** An RSA signature relabelled as GOST is not tried with the RSA key: refused as invalid. */
    @Test
    void aGostUriOverAnRsaKeyIsRefused() {
        KeyMaterial rsa = SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.RSA);
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), rsa);
        String relabelled = SecureXml.toString(doc).replace(WsNames.RSA_SHA256, KAZAKH_SIGNATURE);

        assertThatThrownBy(() -> DocumentVerifier.verify(parse(relabelled).getDocumentElement()))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID));
    }

    /** The policy decides, as for RSA: without the GOST entries GOST is known but not allowed (SCE012). */
    @Test
    void aPolicyWithoutGostRefusesGostSignaturesAndCertificates() {
        SignaturePolicy rsaOnly = new SignaturePolicy(withoutGost(SignaturePolicy.DEFAULT.signatureAlgorithms()),
                withoutGost(SignaturePolicy.DEFAULT.digestAlgorithms()), withoutGost(SignaturePolicy.DEFAULT.certificateAlgorithms()),
                2048, Duration.ofMinutes(5), Clock.systemUTC(), 8);
        KeyMaterial citizen = gost("citizen-aigerim");
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), citizen);

        assertThatThrownBy(() -> DocumentVerifier.verify(doc.getDocumentElement(), rsaOnly))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.ALGORITHM_NOT_ALLOWED))
                .hasMessageContaining(KAZAKH_SIGNATURE);
        assertThatThrownBy(() -> rsaOnly.checkCertificate(citizen.certificate()))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.ALGORITHM_NOT_ALLOWED))
                .hasMessageContaining("GOST3411-2012-256WITHECGOST3410-2012-256");
    }

    @Test
    void aRevokedGostCertificateIsRefusedByTheGostSignedOcspAnswerAndByTheGostSignedCrl() {
        RevocationChecker ocspOnly = SharedTestPki.revocation(null, SharedTestPki.NOTHING_LISTENS);
        RevocationChecker crlOnly = SharedTestPki.revocation(SharedTestPki.NOTHING_LISTENS, null);
        assertThat(SharedTestPki.pki().crl(KeyAlgorithm.GOST).getSigAlgName()).isEqualTo("GOST3411-2012-256WITHECGOST3410-2012-256");

        for (RevocationChecker checker : new RevocationChecker[] {ocspOnly, crlOnly}) {
            assertThatThrownBy(() -> SharedTestPki.validator(checker).validate(gost("citizen-revoked").certificate(),
                    Purpose.DOCUMENT, true, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID))
                    .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID))
                    .hasMessageContaining("revoked at");
            assertThatCode(() -> SharedTestPki.validator(checker).validate(gost("citizen-bolat").certificate(),
                    Purpose.DOCUMENT, true, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID)).doesNotThrowAnyException();
        }
    }

    private static Set<String> withoutGost(Set<String> algorithms) {
        return algorithms.stream().filter(a -> !a.toUpperCase().contains("GOST")).collect(Collectors.toSet());
    }

    private static String attribute(Document doc, String dsElement) {
        return ((Element) doc.getElementsByTagNameNS(WsNames.DS, dsElement).item(0)).getAttribute("Algorithm");
    }

    private static String text(Document doc, String dsElement) {
        return doc.getElementsByTagNameNS(WsNames.DS, dsElement).item(0).getTextContent();
    }

    private static Document parse(String xml) {
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
