package kz.qaqpa.gateway;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dom.DOMStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.WsNames;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An envelope in the shape WCF (basicHttpBinding, message security with a certificate, SOAP 1.1, no addressing)
 * sends: prefixes {@code s}/{@code o}/{@code u}, the Timestamp first ({@code u:Id="_0"}), then the
 * BinarySecurityToken, then an unprefixed XML-DSig Signature over the Body ({@code u:Id="_1"}) and the Timestamp
 * whose KeyInfo references the token. Signed with the JDK's own XML-DSig API (JSR-105), not with Qaqpa's signer.
 */
final class WcfRequests {
    static final String WCF_SIGNATURE_METHOD = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    /** Transforms for the Body reference, made with the signing factory. */
    @FunctionalInterface
    interface Transforms {
        List<Transform> of(XMLSignatureFactory factory) throws GeneralSecurityException;
    }

    private WcfRequests() {
    }

    /** The operation element {@code payload} in a new envelope signed as WCF signs it with {@code key}. */
    static Document signed(Element payload, KeyMaterial key) {
        return signed(payload, key, factory -> List.of(), WCF_SIGNATURE_METHOD, key.privateKey());
    }

    /**
     * The same envelope, but with the caller's transforms before the Body reference's exclusive C14N and the caller's
     * signature method and signing key (e.g. an XSLT transform, or HMAC with a secret key): attacks that need a
     * signature that really verifies, so that only the gateway's rules can refuse them.
     */
    static Document signed(Element payload, KeyMaterial key, Transforms bodyTransforms,
                           String signatureMethod, java.security.Key signingKey) {
        try {
            Document doc = SecureXml.newDocument();
            Element envelope = (Element) doc.appendChild(doc.createElementNS(WsNames.SOAP11, "s:Envelope"));
            envelope.setAttributeNS(WsNames.XMLNS, "xmlns:s", WsNames.SOAP11);
            envelope.setAttributeNS(WsNames.XMLNS, "xmlns:u", WsNames.WSU);
            Element header = child(envelope, WsNames.SOAP11, "s:Header");
            Element security = child(header, WsNames.WSSE, "o:Security");
            security.setAttributeNS(WsNames.XMLNS, "xmlns:o", WsNames.WSSE);
            security.setAttributeNS(WsNames.SOAP11, "s:mustUnderstand", "1");
            Element timestamp = withId(child(security, WsNames.WSU, "u:Timestamp"), "_0");
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            child(timestamp, WsNames.WSU, "u:Created").setTextContent(now.toString());
            child(timestamp, WsNames.WSU, "u:Expires").setTextContent(now.plus(Duration.ofMinutes(5)).toString());
            String tokenId = "uuid-" + UUID.randomUUID() + "-1";
            Element token = withId(child(security, WsNames.WSSE, "o:BinarySecurityToken"), tokenId);
            token.setAttributeNS(null, "ValueType", WsNames.X509V3);
            token.setAttributeNS(null, "EncodingType", WsNames.BASE64_BINARY);
            token.setTextContent(Base64.getEncoder().encodeToString(key.certificate().getEncoded()));
            Element body = withId(child(envelope, WsNames.SOAP11, "s:Body"), "_1");
            body.appendChild(doc.importNode(payload, true));

            Element reference = doc.createElementNS(WsNames.WSSE, "o:SecurityTokenReference");
            Element tokenReference = child(reference, WsNames.WSSE, "o:Reference");
            tokenReference.setAttributeNS(null, "ValueType", WsNames.X509V3);
            tokenReference.setAttributeNS(null, "URI", "#" + tokenId);
            sign(security, signingKey, reference, bodyTransforms, signatureMethod);
            return SecureXml.parse(SecureXml.serialize(doc));
        } catch (GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new IllegalStateException("JSR-105 could not sign the envelope", e);
        }
    }

    private static void sign(Element security, java.security.Key key, Element securityTokenReference,
                             Transforms bodyTransforms, String signatureMethod)
            throws GeneralSecurityException, MarshalException, XMLSignatureException {
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        DigestMethod sha256 = factory.newDigestMethod(DigestMethod.SHA256, null);
        List<Transform> excC14n = List.of(factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null));
        List<Transform> body = new java.util.ArrayList<>(bodyTransforms.of(factory));
        body.addAll(excC14n);
        List<Reference> references = List.of(factory.newReference("#_1", sha256, body, null, null),
                factory.newReference("#_0", sha256, excC14n, null, null));
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(signatureMethod, null), references);
        KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
        DOMSignContext context = new DOMSignContext(key, security);
        context.setDefaultNamespacePrefix("");
        factory.newXMLSignature(signedInfo, keyInfos.newKeyInfo(List.of(new DOMStructure(securityTokenReference))))
                .sign(context);
    }

    private static Element child(Element parent, String namespace, String qualifiedName) {
        return (Element) parent.appendChild(parent.getOwnerDocument().createElementNS(namespace, qualifiedName));
    }

    private static Element withId(Element element, String id) {
        element.setAttributeNS(WsNames.WSU, "u:Id", id);
        element.setIdAttributeNS(WsNames.WSU, "Id", true);
        return element;
    }
}
