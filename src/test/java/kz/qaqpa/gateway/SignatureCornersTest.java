package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.spec.ExcC14NParameterSpec;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * attack23: XML-DSig corners of the sender's transport signature that {@link AttackTest} and {@link InteropTest} do not
 * send, each over HTTP to a running gateway. Signatures made with the JDK's JSR-105 API ({@link WcfRequests}) verify, so
 * only a rule refuses them; where a form was put in after the signing, the rule is checked before any digest and the
 * fault names the rule, not a broken digest.
 */
class SignatureCornersTest {
    private static final String BASE64 = "http://www.w3.org/2000/09/xmldsig#base64";
    private static final String DSIG11 = "http://www.w3.org/2009/xmldsig11#";
    private static final String HEX_BINARY =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#HexBinary";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();

    /**
     * The enveloped-signature transform first on the Body's reference, then exclusive C14N: accepted (interop25; it was
     * SCE006 until node-soap, which writes it by default, was found refused). It leaves out only the signature it
     * belongs to, which is in the header, not in the Body: the Body is digested whole. After the C14N it is refused
     * ({@code ForeignToolkitsTest.anEnvelopedTransformAfterTheCanonicalizationIsRefused}).
     */
    @Test
    void anEnvelopedTransformFirstOnTheBodyReferenceIsAccepted() {
        String messageId = messageId("enveloped-on-body");
        Document envelope = wcf(messageId, factory -> List.of(factory.newTransform(Transform.ENVELOPED,
                (javax.xml.crypto.dsig.spec.TransformParameterSpec) null)));
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), envelope), messageId);
    }

    /** A base64 transform put before the Body reference's C14N: refused by name, before any digest. */
    @Test
    void aBase64TransformOnTheBodyReference() {
        String messageId = messageId("base64-on-body");
        Document envelope = wcf(messageId, factory -> List.of());
        Element transforms = first(envelope, WsNames.DS, "Transforms");
        Element base64 = envelope.createElementNS(WsNames.DS, "Transform");
        base64.setAttributeNS(null, "Algorithm", BASE64);
        transforms.insertBefore(base64, transforms.getFirstChild());
        assertThat(refused(envelope, messageId, "SCE006")).contains("transform " + BASE64);
    }

    /**
     * Exclusive C14N with an InclusiveNamespaces PrefixList on the Body's reference: accepted. A PrefixList only adds
     * the declarations it names to what is digested; it cannot leave anything of the Body out.
     */
    @Test
    void anInclusiveNamespacesPrefixListIsAccepted() {
        String messageId = messageId("prefix-list");
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), wcf(messageId, factory -> List.of(
                factory.newTransform(javax.xml.crypto.dsig.CanonicalizationMethod.EXCLUSIVE, new ExcC14NParameterSpec(List.of("#default", "s", "u")))))),
                messageId);
    }

    /** The Body's id named by an XPointer (or the whole document's): only the bare "#id" form is a reference. */
    @ParameterizedTest
    @ValueSource(strings = {"#xpointer(id('_1'))", "#xpointer(/)", ""})
    void aReferenceUriInAnotherForm(String uri) {
        String messageId = messageId("xpointer");
        Document envelope = wcf(messageId, factory -> List.of());
        first(envelope, WsNames.DS, "Reference").setAttributeNS(null, "URI", uri);
        assertThat(refused(envelope, messageId, "SCE006")).contains("references '" + uri + "'");
    }

    /** HMAC (not allowed at all) with a truncated HMACOutputLength of 8 bits: refused by the policy first. */
    @Test
    void hmacWithATruncatedOutput() {
        String messageId = messageId("hmac-short");
        Element payload = SoapEnvelopes.payload(RawSoap.envelope(portalApplication(messageId)));
        Document envelope = WcfRequests.signed(payload, rsa("portal"), factory -> List.of(), SignatureMethod.HMAC_SHA256,
                new SecretKeySpec("attacker's own secret, 32 bytes!".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Element method = first(envelope, WsNames.DS, "SignatureMethod");
        method.appendChild(envelope.createElementNS(WsNames.DS, "HMACOutputLength")).setTextContent("8");
        assertThat(refused(envelope, messageId, "SCE012")).contains("hmac");
    }

    /**
     * ds:X509Data holding the portal's certificate and the ЦОН system's: not one chain (XML-DSig 1.0 4.4.4: every
     * certificate there relates to the signer's), refused either way round, SCE006 naming the X509Data (chain28). It
     * was accepted as PORTAL with the ЦОН's after it (only the first was read) and SCE006 "does not verify with the
     * certificate of CON" the other way; the signer's own chain is accepted in any order ({@code KeyInfoChainTest}).
     */
    @Test
    void x509DataWithAnotherSystemsCertificateIsRefusedEitherWay() throws Exception {
        String after = messageId("x509data-signer-first");
        assertThat(refused(withX509Data(after, key("portal").certificate(), key("con").certificate()), after, "SCE006"))
                .contains("transport signature's X509Data", "CN=");
        String before = messageId("x509data-other-first");
        assertThat(refused(withX509Data(before, key("con").certificate(), key("portal").certificate()), before, "SCE006"))
                .contains("transport signature's X509Data");
        ShepAnswers.assertNotStored(gateway, "CON", before);
    }

    /**
     * attack59 (attack58's Left): the portal's signed request whose KeyInfo is an X509Data of the portal's certificate
     * with, beside it, an X509CRL, an OCSP answer (XML-DSig 1.1), an element of another namespace or text: none is read
     * (the gateway asks the CA itself), and the message log would keep it as the portal's. The KeyInfo is outside the
     * digest, so the signature verifies. Seen FAILING before the fix: HTTP 200 each, accepted as PORTAL. Now SCE013
     * naming what the X509Data holds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"X509CRL", "OCSPResponse", "foreign-element", "text"})
    void x509DataWithWhatTheGatewayDoesNotReadIsRefused(String beside) throws Exception {
        String messageId = messageId("x509data-" + beside);
        Document envelope = withX509Data(messageId, key("portal").certificate());
        Element data = first(envelope, WsNames.DS, "X509Data");
        String revocation = Base64.getEncoder().encodeToString("a list nobody checked".getBytes(StandardCharsets.UTF_8));
        switch (beside) {
            case "X509CRL" -> data.appendChild(envelope.createElementNS(WsNames.DS, "ds:X509CRL")).setTextContent(revocation);
            case "OCSPResponse" -> data.appendChild(envelope.createElementNS(DSIG11, "dsig11:OCSPResponse"))
                    .setTextContent(revocation);
            case "foreign-element" -> data.appendChild(envelope.createElementNS("urn:example:extension", "x:Representing"))
                    .setTextContent("CON");
            default -> data.insertBefore(envelope.createTextNode("signed on behalf of CON"), data.getFirstChild());
        }
        assertThat(refused(envelope, messageId, "SCE013")).contains("ds:X509Data holds");
    }

    /**
     * attack59: the gateway's own KeyIdentifier form (the certificate inline, X509v3) relabelled EncodingType
     * {@code #HexBinary} after the signing (outside the digest): the gateway read the text as base64 whatever the label,
     * a WSS toolkit reading the logged request decodes it as hex. Seen FAILING before the fix: HTTP 200, accepted. Now
     * SCE013, as a BinarySecurityToken's other encodings were.
     */
    @Test
    void aKeyIdentifierLabelledHexIsRefused() {
        String messageId = messageId("key-identifier-hex");
        Document envelope = RawSoap.signed(portalApplication(messageId), key("portal"));
        first(envelope, WsNames.WSSE, "KeyIdentifier").setAttributeNS(null, "EncodingType", HEX_BINARY);
        assertThat(refused(envelope, messageId, "SCE013")).contains("EncodingType " + HEX_BINARY);
    }

    /**
     * A BinarySecurityToken labelled a chain (X509PKIPathv1) that holds one certificate's DER, not a PkiPath: SCE006
     * naming the token (chain28: a real PkiPath is read, {@code KeyInfoChainTest.wss4jsPkiPathTokenIsAccepted}; it was
     * SCE013 "not supported" before).
     */
    @Test
    void aBinarySecurityTokenMislabelledAChain() {
        String messageId = messageId("bst-pkipath");
        Document envelope = wcf(messageId, factory -> List.of());
        String pkiPath = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1";
        first(envelope, WsNames.WSSE, "BinarySecurityToken").setAttributeNS(null, "ValueType", pkiPath);
        assertThat(refused(envelope, messageId, "SCE006")).contains("X509PKIPathv1");
    }

    /** A BinarySecurityToken holding another sender's certificate than the key that signed. */
    @Test
    void aBinarySecurityTokenWhoseKeyDidNotSign() throws Exception {
        String messageId = messageId("bst-other-key");
        Document envelope = wcf(messageId, factory -> List.of());
        first(envelope, WsNames.WSSE, "BinarySecurityToken").setTextContent(encoded(rsa("con").certificate()));
        assertThat(refused(envelope, messageId, "SCE006")).contains("does not verify with the certificate of");
    }

    /**
     * A second ds:Signature (a copy of the citizen's) in the Body beside the operation, or in {@code data} beside the
     * citizen's document, under the sender's signature: a second element the gateway would sign, log and pass on but
     * never read (SCE001). A copy of the sender's own signature in a header block of its own, outside wsse:Security, is
     * not the sender's proof and is ignored (accepted).
     */
    @ParameterizedTest
    @ValueSource(strings = {"Body", "data", "Header"})
    void aSecondSignatureElsewhere(String where) {
        String messageId = messageId("second-signature-in-" + where);
        Document envelope = RawSoap.envelope(portalApplication(messageId));
        if ("Header".equals(where)) {
            Document signed = RawSoap.signed(envelope, key("portal"));
            first(signed, WsNames.SOAP11, "Header").appendChild(signed.createElementNS("urn:example:extension", "x:Copy"))
                    .appendChild(first(signed, WsNames.DS, "Signature").cloneNode(true));
            ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), signed), messageId);
            return;
        }
        Element holder = "Body".equals(where) ? first(envelope, WsNames.SOAP11, "Body") : RawSoap.first(envelope, "data");
        holder.appendChild(first(envelope, WsNames.DS, "Signature").cloneNode(true));
        assertThat(refused(RawSoap.signed(envelope, key("portal")), messageId, "SCE001")).contains("Signature");
    }

    /**
     * attack58: the signed application with its Header moved after the Body, or an element put after the Body (the
     * signature still verifies: neither is digested), or a header block marked mustUnderstand "yes": SCE001 each. A
     * probe on the code before sent the same three: HTTP 200, accepted; the fixed unsigned forms in
     * {@code AttackTest.aFixedAttackRequestIsRefusedWithItsCode} were seen failing (SCE007).
     */
    @ParameterizedTest
    @ValueSource(strings = {"header-after-body", "element-after-body", "must-understand-yes"})
    void aSignedEnvelopeOfAnotherShapeIsRefused(String shape) {
        String messageId = messageId(shape);
        Document envelope = RawSoap.signed(portalApplication(messageId), key("portal"));
        Element root = envelope.getDocumentElement();
        Element header = first(envelope, WsNames.SOAP11, "Header");
        if ("header-after-body".equals(shape)) {
            root.appendChild(header);
        } else if ("element-after-body".equals(shape)) {
            root.appendChild(envelope.createElementNS("urn:example:extension", "x:Trailer")).setTextContent("unread");
        } else {
            Element block = (Element) header.appendChild(envelope.createElementNS("urn:example:extension", "x:Priority"));
            block.setAttributeNS(WsNames.SOAP11, "soapenv:mustUnderstand", "yes");
        }
        assertThat(refused(envelope, messageId, "SCE001")).containsAnyOf("after the Body", "mustUnderstand 'yes'");
    }

    /**
     * attack60: what SOAP forbids where no signature covers it, put in after the portal's signing: a header block in no
     * namespace (SOAP 1.1 4.2), with or without mustUnderstand; soapenv:encodingStyle on the Envelope (it declares the
     * message SOAP-encoded, the contract being document/literal) and soapenv:actor on the Header (WS-I Basic Profile
     * R1032); and soapenv:mustUnderstand on the Body, there before the signing (the Body's digest covers its
     * attributes). Seen FAILING before the fix: HTTP 200 each but the marked block's (SCE019), the application
     * accepted. Now SCE001 naming it, nothing stored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"header-block-without-namespace", "header-block-without-namespace-must-understand",
            "encoding-style-on-envelope", "actor-on-header", "must-understand-on-body"})
    void aSignedEnvelopeWithWhatSoapForbidsOutsideItsBlocksIsRefused(String what) {
        String messageId = messageId(what);
        Document envelope = RawSoap.envelope(portalApplication(messageId));
        if ("must-understand-on-body".equals(what)) {
            soapAttribute(first(envelope, WsNames.SOAP11, "Body"), "mustUnderstand", "1");
        }
        envelope = RawSoap.signed(envelope, key("portal"));
        Element header = first(envelope, WsNames.SOAP11, "Header");
        switch (what) {
            case "header-block-without-namespace" -> header.appendChild(envelope.createElementNS(null, "Priority"));
            case "header-block-without-namespace-must-understand" -> soapAttribute(
                    (Element) header.appendChild(envelope.createElementNS(null, "Priority")), "mustUnderstand", "1");
            case "encoding-style-on-envelope" -> soapAttribute(envelope.getDocumentElement(), "encodingStyle",
                    "http://schemas.xmlsoap.org/soap/encoding/");
            case "actor-on-header" -> soapAttribute(header, "actor", "http://schemas.xmlsoap.org/soap/actor/next");
            default -> { } // on the Body, before the signing
        }
        assertThat(refused(envelope, messageId, "SCE001")).containsAnyOf("<Priority> in no namespace",
                "carries the SOAP attribute");
    }

    /**
     * attack60 (held, passes before and after): attributes of other namespaces on the Envelope and Header (xml:lang,
     * xml:base, a foreign one), which the SOAP 1.1 envelope schema allows (anyAttribute ##other), put in after the
     * signing: nothing in the gateway reads them, exclusive C14N leaves them out of the Body's digest, and no provider
     * sees them (the gateway writes its own envelopes). The application is accepted.
     */
    @Test
    void foreignAttributesOnTheEnvelopeAndHeaderAreTaken() {
        String messageId = messageId("foreign-attributes");
        Document envelope = RawSoap.signed(portalApplication(messageId), key("portal"));
        Element root = envelope.getDocumentElement();
        root.setAttributeNS(XML_NAMESPACE, "xml:lang", "kk");
        root.setAttributeNS(XML_NAMESPACE, "xml:base", "http://attacker.example/");
        root.setAttributeNS(WsNames.XMLNS, "xmlns:t", "urn:example:extension");
        root.setAttributeNS("urn:example:extension", "t:trace", "1");
        first(envelope, WsNames.SOAP11, "Header").setAttributeNS(XML_NAMESPACE, "xml:lang", "ru");
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), envelope), messageId);
    }

    private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

    /** Sets SOAP 1.1's attribute {@code name} on {@code element}, with the envelope's prefix. */
    private static void soapAttribute(Element element, String name, String value) {
        element.setAttributeNS(WsNames.SOAP11, element.getOwnerDocument().getDocumentElement().getPrefix() + ":" + name,
                value);
    }

    /**
     * attack59: a processing instruction in a signed request (SOAP 1.1 section 3: a SOAP message holds none). Before
     * the Envelope or between the Header and the Body, put in after the sender's signing (no signature covers either);
     * inside the citizen's document, where the citizen signed it (C14N digests it, so both signatures verify),
     * splitting the child's ИИН, inline or escaped as text in {@code data}. Seen FAILING before the fix: HTTP 200 each,
     * the application accepted (the citizen's with the instruction stored for the provider). Now SCE001 naming where,
     * nothing stored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"before-envelope", "between-header-and-body", "signed-by-the-citizen", "escaped-in-data"})
    void aProcessingInstructionInASignedRequestIsRefused(String where) {
        String messageId = messageId("pi-" + where);
        Document envelope = switch (where) {
            case "signed-by-the-citizen", "escaped-in-data" -> RawSoap.signed(withInstructionSignedByTheCitizen(
                    messageId, "escaped-in-data".equals(where)), key("portal"));
            default -> RawSoap.signed(portalApplication(messageId), key("portal"));
        };
        Element root = envelope.getDocumentElement();
        if ("before-envelope".equals(where)) {
            envelope.insertBefore(envelope.createProcessingInstruction("xml-stylesheet",
                    "type=\"text/xsl\" href=\"show.xsl\""), root);
        } else if ("between-header-and-body".equals(where)) {
            root.insertBefore(envelope.createProcessingInstruction("note", "read another Body"),
                    first(envelope, WsNames.SOAP11, "Body"));
        }
        assertThat(refused(envelope, messageId, "SCE001")).contains("processing instruction <?")
                .doesNotContain("read another Body");
    }

    /** The portal's application whose form the citizen signed with {@code <?x?>} inside the child's ИИН. */
    private static SendMessage withInstructionSignedByTheCitizen(String messageId, boolean escaped) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element form = ShepXml.toElement(sample.build());
        Element childIin = (Element) ((Element) form.getElementsByTagNameNS("*", "child").item(0))
                .getElementsByTagNameNS("*", "iin").item(0);
        String iin = childIin.getTextContent();
        childIin.setTextContent(iin.substring(0, 4));
        childIin.appendChild(form.getOwnerDocument().createProcessingInstruction("x", ""));
        childIin.appendChild(form.getOwnerDocument().createTextNode(iin.substring(4)));
        DocumentSigner.sign(form, key(sample.signerAlias()));
        SendMessage request = gateway.client(Channel.PORTAL).request(form, messageId);
        if (escaped) {
            request.getRequest().getMessageData().setData(SecureXml.toString(form));
        }
        return request;
    }

    @Test
    void aGoodApplicationIsStillAccepted() {
        String messageId = messageId("still-serving");
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(portalApplication(messageId), key("portal"))), messageId);
    }

    // ------------------------------------------------------------------ helpers

    private static Document wcf(String messageId, WcfRequests.Transforms transforms) {
        Element payload = SoapEnvelopes.payload(RawSoap.envelope(portalApplication(messageId)));
        KeyMaterial portal = rsa("portal");
        return WcfRequests.signed(payload, portal, transforms, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                portal.privateKey());
    }

    /** The application signed as the gateway's own signer signs, its KeyInfo then replaced by X509Data of these. */
    private static Document withX509Data(String messageId, X509Certificate... certificates)
            throws CertificateEncodingException {
        Document envelope = RawSoap.signed(portalApplication(messageId), key("portal"));
        Element keyInfo = first(envelope, WsNames.DS, "KeyInfo");
        while (keyInfo.getFirstChild() != null) {
            keyInfo.removeChild(keyInfo.getFirstChild());
        }
        Element data = (Element) keyInfo.appendChild(envelope.createElementNS(WsNames.DS, "ds:X509Data"));
        for (X509Certificate certificate : certificates) {
            data.appendChild(envelope.createElementNS(WsNames.DS, "ds:X509Certificate")).setTextContent(encoded(certificate));
        }
        return envelope;
    }

    private static String encoded(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String refused(Document envelope, String messageId, String code) {
        String message = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, code);
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        return message;
    }

    private static Element first(Document doc, String namespace, String localName) {
        return RawSoap.first(doc, namespace, localName);
    }

    private static String messageId(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static KeyMaterial key(String alias) {
        return gateway.pki().key(alias);
    }

    /** RSA whatever the PKI's default family: JSR-105 knows no GOST. */
    private static KeyMaterial rsa(String alias) {
        return gateway.pki().key(alias, KeyAlgorithm.RSA);
    }

    private static SendMessage portalApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }
}
