package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class DocumentSignatureTest {
    private static final String APPLICATION = """
            <app:Application xmlns:app="urn:qaqpa:application"><app:iin>850315401201</app:iin>\
            <app:service>Анықтама / справка</app:service></app:Application>""";

    @Test
    void signedDocumentVerifiesAfterTransport() {
        Document doc = parse(APPLICATION);
        Element signature = DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        assertThat(doc.getDocumentElement().getLastChild()).isSameAs(signature);

        Document received = SecureXml.parse(SecureXml.serialize(doc));
        assertThat(DocumentVerifier.verify(received.getDocumentElement()))
                .isEqualTo(SharedTestPki.key("citizen-aigerim").certificate());
        assertThat(SecureXml.toString(received)).contains("URI=\"\"", WsNames.ENVELOPED, "X509Certificate");
    }

    /** The signed document travels inside a SOAP data element; URI="" must still mean only that document. */
    @Test
    void signedDocumentVerifiesInsideSoapBodyAndSurvivesTransportSignature() {
        Document application = parse(APPLICATION);
        DocumentSigner.sign(application.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        Document envelope = parse("<soap:Envelope xmlns:soap=\"" + WsNames.SOAP11 + "\" xmlns:app=\"urn:qaqpa:application\">"
                + "<soap:Body><m:SendMessage xmlns:m=\"urn:test\"><m:data/></m:SendMessage></soap:Body></soap:Envelope>");
        Element data = (Element) envelope.getElementsByTagNameNS("urn:test", "data").item(0);
        data.appendChild(envelope.importNode(application.getDocumentElement(), true));
        EnvelopeSigner.sign(envelope, SharedTestPki.key("portal"));

        Document received = SecureXml.parse(SecureXml.serialize(envelope));
        EnvelopeVerifier.verify(received);
        Element receivedApplication = Dom.firstChildElement((Element) received.getElementsByTagNameNS("urn:test", "data").item(0));
        assertThat(DocumentVerifier.verify(receivedApplication)).isEqualTo(SharedTestPki.key("citizen-aigerim").certificate());
    }

    @Test
    void elementInsideALargerDocumentCanBeSignedInPlace() {
        Document envelope = parse("<w:wrapper xmlns:w=\"urn:w\"><w:data>" + APPLICATION + "</w:data></w:wrapper>");
        Element application = Dom.firstChildElement(Dom.firstChildElement(envelope.getDocumentElement()));
        DocumentSigner.sign(application, SharedTestPki.key("citizen-bolat"));

        Document received = SecureXml.parse(SecureXml.serialize(envelope));
        Element receivedApplication = Dom.firstChildElement(Dom.firstChildElement(received.getDocumentElement()));
        assertThat(DocumentVerifier.verify(receivedApplication)).isEqualTo(SharedTestPki.key("citizen-bolat").certificate());
    }

    @Test
    void modifiedDocumentIsInvalid() {
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        Document received = SecureXml.parse(SecureXml.serialize(doc));
        received.getElementsByTagNameNS("urn:qaqpa:application", "iin").item(0).setTextContent("881122303409");

        assertThatThrownBy(() -> DocumentVerifier.verify(received.getDocumentElement()))
                .isInstanceOf(ShepException.class)
                .hasMessageContaining("changed after signing")
                .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID);
    }

    @Test
    void unsignedDocumentIsNotSigned() {
        assertThatThrownBy(() -> DocumentVerifier.verify(parse(APPLICATION).getDocumentElement()))
                .isInstanceOf(ShepException.class)
                .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_NOT_SIGNED);
    }

    /** The document goes on to the channel as it came: a KeyInfo pointing elsewhere is refused, not passed on. */
    @Test
    void aKeyInfoPointingElsewhereIsRefused() {
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        Element keyInfo = (Element) doc.getElementsByTagNameNS(WsNames.DS, "KeyInfo").item(0);
        Element retrieval = doc.createElementNS(WsNames.DS, "ds:RetrievalMethod");
        retrieval.setAttribute("URI", "http://127.0.0.1:9/certificate");
        keyInfo.insertBefore(retrieval, keyInfo.getFirstChild());
        Document received = SecureXml.parse(SecureXml.serialize(doc));

        assertThatThrownBy(() -> DocumentVerifier.verify(received.getDocumentElement()))
                .isInstanceOf(ShepException.class)
                .hasMessageContaining("not RetrievalMethod")
                .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID);
    }

    @Test
    void twoSignaturesAreRefused() {
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-bolat"));

        assertThatThrownBy(() -> DocumentVerifier.verify(doc.getDocumentElement()))
                .isInstanceOf(ShepException.class)
                .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID);
    }

    /** Documents and provider results follow the same allow-list as transport signatures, checked before digesting. */
    @Test
    void weakOrUnsupportedAlgorithmsInADocumentAreRefusedByName() {
        Document doc = parse(APPLICATION);
        KeyMaterial key = SharedTestPki.key("employee-zhao");
        DocumentSigner.sign(doc.getDocumentElement(), key);
        String signed = SecureXml.toString(doc);

        Document sha1 = parse(signed.replace(key.algorithm().digestUri(), "http://www.w3.org/2000/09/xmldsig#sha1"));
        assertThatThrownBy(() -> DocumentVerifier.verify(sha1.getDocumentElement()))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.ALGORITHM_NOT_ALLOWED))
                .hasMessageContaining("document digest method");
        Document gost = parse(signed.replace(key.algorithm().signatureUri(), "http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311"));
        assertThatThrownBy(() -> DocumentVerifier.verify(gost.getDocumentElement()))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.ALGORITHM_NOT_SUPPORTED))
                .hasMessageContaining("GOST");
    }

    /**
     * fix42 (review42 row 2): the allow-list of a document signature is by name, and must take what signers write:
     * an Id on the Signature, exclusive c14n with an InclusiveNamespaces PrefixList on a transform, and a KeyInfo
     * naming the signer by KeyName, KeyValue, X509SubjectName and X509IssuerSerial beside its certificate (Santuario's
     * own forms). Verified as the signer's.
     */
    @Test
    void everyPartASignerMayWriteIsAccepted() throws Exception {
        Document doc = parse(APPLICATION);
        KeyMaterial key = SharedTestPki.key("citizen-aigerim");
        Santuario.init();
        org.apache.xml.security.signature.XMLSignature signature = new org.apache.xml.security.signature.XMLSignature(
                doc, "", key.algorithm().signatureUri(), WsNames.EXC_C14N);
        signature.setId("signature-1");
        doc.getDocumentElement().appendChild(signature.getElement());
        org.apache.xml.security.transforms.Transforms transforms = new org.apache.xml.security.transforms.Transforms(doc);
        transforms.addTransform(WsNames.ENVELOPED);
        transforms.addTransform(WsNames.EXC_C14N, new org.apache.xml.security.transforms.params.InclusiveNamespaces(
                doc, "app").getElement());
        signature.addDocument("", transforms, key.algorithm().digestUri());
        org.apache.xml.security.keys.content.X509Data data = new org.apache.xml.security.keys.content.X509Data(doc);
        data.addCertificate(key.certificate());
        data.addSubjectName(key.certificate());
        data.addIssuerSerial(key.certificate().getIssuerX500Principal().getName(), key.certificate().getSerialNumber());
        signature.getKeyInfo().add(data);
        // Santuario writes no KeyValue of a GOST key (its ECKeyValue knows no GOST curve): RSA's only (engines68)
        boolean keyValue = key.algorithm() == SigningAlgorithm.RSA_SHA256;
        if (keyValue) {
            signature.getKeyInfo().addKeyValue(key.certificate().getPublicKey());
        }
        signature.getKeyInfo().addKeyName(key.certificate().getSubjectX500Principal().getName());
        signature.sign(key.privateKey());

        Document received = SecureXml.parse(SecureXml.serialize(doc));
        assertThat(SecureXml.toString(received)).contains("PrefixList=\"app\"", "Id=\"signature-1\"",
                "X509IssuerSerial", "KeyName");
        assertThat(SecureXml.toString(received).contains("KeyValue")).isEqualTo(keyValue);
        assertThat(DocumentVerifier.verify(received.getDocumentElement())).isEqualTo(key.certificate());
    }

    /**
     * A JAXB or WCF client declares every namespace of its context on the root it marshals, used or not (here
     * {@code ns3}, a namespace no name of the document uses, and {@code ns4} added after the signing, which exclusive
     * C14N does not digest either): a namespace name is an identifier, not text a reader takes as the applicant's,
     * so it is accepted. Prose in its place is refused (AttackTest, attack44). Before: SCE016 for both.
     */
    @Test
    void aContextsUnusedNamespaceDeclarationsAreAccepted() {
        Document doc = parse(APPLICATION.replace("xmlns:app=", "xmlns:ns3=\"http://bip.bee.kz/SyncChannel/v10/Types\" xmlns:app="));
        DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        doc.getDocumentElement().setAttributeNS(WsNames.XMLNS, "xmlns:ns4", "urn:kz:egov:portal:forms:v2");
        Document received = SecureXml.parse(SecureXml.serialize(doc));

        assertThat(DocumentVerifier.verify(received.getDocumentElement()))
                .isEqualTo(SharedTestPki.key("citizen-aigerim").certificate());
    }

    /**
     * fix42 (review42 row 2): a comment put into the signature after the signing is content nobody signed (the
     * enveloped transform leaves the signature out): refused like text. Before: accepted (only elements were looked at).
     */
    @Test
    void aCommentInsideTheSignatureIsRefused() {
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        doc.getElementsByTagNameNS(WsNames.DS, "KeyInfo").item(0).appendChild(doc.createComment("applicant: someone else"));
        Document received = SecureXml.parse(SecureXml.serialize(doc));

        assertThatThrownBy(() -> DocumentVerifier.verify(received.getDocumentElement()))
                .isInstanceOf(ShepException.class)
                .hasMessageContaining("not signed")
                .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID);
    }

    /**
     * attack43: an X509IssuerSerial whose serial number is no integer, or has no serial number, or an issuer name that
     * is no distinguished name: refused as naming another certificate, SCE016. Before: Santuario's NumberFormatException
     * (or NullPointerException) escaped the verifier. The signer's own issuer and serial with xs:integer's legal
     * whitespace around the serial (a pretty-printed KeyInfo): accepted (before: NumberFormatException).
     */
    @Test
    void anIssuerSerialIsReadAsXmlDsigWritesIt() {
        KeyMaterial key = SharedTestPki.key("citizen-aigerim");
        String issuer = key.certificate().getIssuerX500Principal().getName();
        String serial = key.certificate().getSerialNumber().toString();
        assertThat(DocumentVerifier.verify(withIssuerSerial(issuer, "\n      " + serial + "\n    ").getDocumentElement()))
                .isEqualTo(key.certificate());
        for (String[] names : new String[][] {{"CN=Test", "not-a-number"}, {"not a name", "1"}, {"CN=Test", " 12 "},
                {issuer, null}, {issuer, serial + "x"}}) {
            Document received = withIssuerSerial(names[0], names[1]);
            assertThatThrownBy(() -> DocumentVerifier.verify(received.getDocumentElement()))
                    .as("X509IssuerName %s, X509SerialNumber '%s'", names[0], names[1])
                    .isInstanceOf(ShepException.class)
                    .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID);
        }
    }

    /**
     * attack43: X509SubjectName and KeyName texts that are no distinguished name (a lone escape, a quote left open, a
     * separator alone): refused as naming another certificate, SCE016, never an exception of Santuario's name parser.
     */
    @Test
    void aSubjectNameThatIsNoNameIsRefusedAsSuch() {
        for (String text : new String[] {"\\", "=", "a=\\", "+", ",", "a=b+", "\"", "CN=\"open", "a=#zz", "=#", "a=b,\\"}) {
            for (String element : new String[] {"X509SubjectName", "KeyName"}) {
                Document doc = parse(APPLICATION);
                DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
                Element parent = (Element) doc.getElementsByTagNameNS(WsNames.DS,
                        "KeyName".equals(element) ? "KeyInfo" : "X509Data").item(0);
                parent.appendChild(doc.createElementNS(WsNames.DS, "ds:" + element)).setTextContent(text);
                Document received = SecureXml.parse(SecureXml.serialize(doc));

                assertThatThrownBy(() -> DocumentVerifier.verify(received.getDocumentElement()))
                        .as("%s '%s'", element, text)
                        .isInstanceOf(ShepException.class)
                        .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID);
            }
        }
    }

    /**
     * replay44 (attack43's Left), held: base64 and whitespace as signers write them outside SignedInfo are accepted:
     * lines of 76 ended by CRLF (RFC 2045, the JDK's MIME encoder), lines of 64 ended by LF with a line break before and
     * after (xmlsec1, Santuario and Kalkan around their values), one line (.NET, the gateway's own signer), the
     * certificate in lines of 64, KeyInfo's elements on lines of their own, indented by spaces or by tabs. Accepted
     * before and after; the shapes no signer writes are {@code AttackTest.whitespaceNoSignerWritesIsRefused}.
     */
    @Test
    void whitespaceAsSignersWriteItIsAccepted() {
        for (String shape : new String[] {"76-CRLF", "64-LF-around", "one-line", "certificate-in-lines",
                "indented-KeyInfo", "tab-indented-KeyInfo"}) {
            Document doc = parse(APPLICATION);
            DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
            Element value = (Element) doc.getElementsByTagNameNS(WsNames.DS, "SignatureValue").item(0);
            String base64 = value.getTextContent().replaceAll("\\s", "");
            Element certificate = (Element) doc.getElementsByTagNameNS(WsNames.DS, "X509Certificate").item(0);
            Element keyInfo = (Element) doc.getElementsByTagNameNS(WsNames.DS, "KeyInfo").item(0);
            Element x509Data = (Element) doc.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0);
            String indent = shape.startsWith("tab") ? "\t" : "  ";
            switch (shape) {
                case "76-CRLF" -> value.setTextContent(lines(base64, 76, "\r\n"));
                case "64-LF-around" -> value.setTextContent("\n" + lines(base64, 64, "\n") + "\n");
                case "one-line" -> value.setTextContent(base64);
                case "certificate-in-lines" -> certificate.setTextContent(
                        "\n" + lines(certificate.getTextContent().replaceAll("\\s", ""), 64, "\n") + "\n");
                default -> {
                    keyInfo.insertBefore(doc.createTextNode("\n" + indent.repeat(2)), x509Data);
                    keyInfo.appendChild(doc.createTextNode("\n" + indent));
                    x509Data.insertBefore(doc.createTextNode("\n" + indent.repeat(3)), certificate);
                    x509Data.appendChild(doc.createTextNode("\n" + indent.repeat(2)));
                }
            }
            Document received = SecureXml.parse(SecureXml.serialize(doc));
            assertThat(DocumentVerifier.verify(received.getDocumentElement())).as(shape)
                    .isEqualTo(SharedTestPki.key("citizen-aigerim").certificate());
        }
    }

    /** {@code base64} in lines of {@code length}, each but the last ended by {@code lineBreak}. */
    private static String lines(String base64, int length, String lineBreak) {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < base64.length(); i += length) {
            written.append(i == 0 ? "" : lineBreak).append(base64, i, Math.min(base64.length(), i + length));
        }
        return written.toString();
    }

    /** The application signed by citizen-aigerim, an X509IssuerSerial of these texts added (no serial when null). */
    private static Document withIssuerSerial(String issuer, String serial) {
        Document doc = parse(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), SharedTestPki.key("citizen-aigerim"));
        Element data = (Element) doc.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0);
        Element issuerSerial = (Element) data.appendChild(doc.createElementNS(WsNames.DS, "ds:X509IssuerSerial"));
        issuerSerial.appendChild(doc.createElementNS(WsNames.DS, "ds:X509IssuerName")).setTextContent(issuer);
        if (serial != null) {
            issuerSerial.appendChild(doc.createElementNS(WsNames.DS, "ds:X509SerialNumber")).setTextContent(serial);
        }
        return SecureXml.parse(SecureXml.serialize(doc));
    }

    /**
     * attack53: a Reference without URI where the rule asks {@code URI=""}, its SignedInfo signed again as it stands, so
     * the signature value verifies and only the reference can be refused: SCE016 by the rule. Seen FAILING before the
     * fix: SCE016 only because Santuario found nothing to dereference ("The Reference for URI  has no
     * XMLSignatureInput"), the rule's check having read the absent attribute as "".
     */
    @Test
    void aReferenceWithoutUriIsRefusedThoughItsSignatureValueVerifies() throws Exception {
        Document doc = parse(APPLICATION);
        KeyMaterial key = SharedTestPki.key("citizen-aigerim");
        DocumentSigner.sign(doc.getDocumentElement(), key);
        Document received = SecureXml.parse(SecureXml.serialize(doc));
        Element signedInfo = (Element) received.getElementsByTagNameNS(WsNames.DS, "SignedInfo").item(0);
        ((Element) signedInfo.getElementsByTagNameNS(WsNames.DS, "Reference").item(0)).removeAttribute("URI");
        java.io.ByteArrayOutputStream canonical = new java.io.ByteArrayOutputStream();
        org.apache.xml.security.c14n.Canonicalizer.getInstance(WsNames.EXC_C14N).canonicalizeSubtree(signedInfo, canonical);
        org.apache.xml.security.algorithms.SignatureAlgorithm method =
                new org.apache.xml.security.algorithms.SignatureAlgorithm(received, key.algorithm().signatureUri());
        method.initSign(key.privateKey());
        method.update(canonical.toByteArray());
        received.getElementsByTagNameNS(WsNames.DS, "SignatureValue").item(0)
                .setTextContent(java.util.Base64.getEncoder().encodeToString(method.sign()));

        assertThatThrownBy(() -> DocumentVerifier.verify(received.getDocumentElement()))
                .isInstanceOf(ShepException.class)
                .hasMessageContaining("must reference the whole element (URI=\"\"), found no URI")
                .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.DOCUMENT_SIGNATURE_INVALID);
    }

    private static Document parse(String xml) {
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
