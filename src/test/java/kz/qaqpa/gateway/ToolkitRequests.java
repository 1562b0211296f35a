package kz.qaqpa.gateway;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
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
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.WsNames;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Envelopes in the shapes SOAP toolkits that are not CXF sign them by default (interop25, read off their wire and
 * their source), signed here with the JDK's own XML-DSig API (JSR-105):
 * <ul>
 * <li>node-soap's {@code WSSecurityCert} (npm {@code soap} 1.13, xml-crypto): the envelope written as text, a
 * BinarySecurityToken, an unprefixed {@code Timestamp} in the wsu namespace with a plain {@code Id="_1"}, the Body
 * with a plain {@code Id="_0"}; the Body's reference with exclusive C14N, the Timestamp's with the enveloped-signature
 * transform and then exclusive C14N (its default {@code signatureTransformations}); the Signature last in the
 * header, its KeyInfo a {@code wsse:Reference} to the token;</li>
 * <li>python zeep's {@code wsse.Signature} (python-xmlsec): no Timestamp, the Signature first in the header, the Body
 * with a {@code wsu:Id="id-…"}, exclusive C14N, and a KeyInfo of {@code wsse:SecurityTokenReference/ds:X509Data} with
 * the certificate's issuer and serial and then the certificate itself.</li>
 * </ul>
 */
final class ToolkitRequests {
    private static final String ASYNC = "http://bip.bee.kz/AsyncChannel/v10/Types";
    /** A namespace declaration in a start tag, with the whitespace before it. */
    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile("\\s+xmlns(:[\\w.-]+)?=\"[^\"]*\"");

    private ToolkitRequests() {
    }

    /** The operation element {@code payload} as node-soap's WSSecurityCert sends it, signed with {@code key}. */
    static byte[] nodeSoap(Element payload, KeyMaterial key) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String tokenId = "x509-" + UUID.randomUUID().toString().replace("-", "");
        String text = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"" + WsNames.SOAP11
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:tns=\"http://bip.bee.kz/AsyncChannel/v10/Interfaces\""
                + " xmlns:a=\"" + ASYNC + "\"><soap:Header><wsse:Security xmlns:wsse=\"" + WsNames.WSSE + "\" xmlns:wsu=\""
                + WsNames.WSU + "\" soap:mustUnderstand=\"1\"><wsse:BinarySecurityToken EncodingType=\"" + WsNames.BASE64_BINARY
                + "\" ValueType=\"" + WsNames.X509V3 + "\" wsu:Id=\"" + tokenId + "\">" + base64(key.certificate())
                + "</wsse:BinarySecurityToken><Timestamp xmlns=\"" + WsNames.WSU + "\" Id=\"_1\"><Created>" + now
                + "</Created><Expires>" + now.plus(Duration.ofMinutes(10)) + "</Expires></Timestamp></wsse:Security>"
                + "</soap:Header><soap:Body Id=\"_0\">" + SecureXml.toString(payload) + "</soap:Body></soap:Envelope>";
        Document envelope = SecureXml.parseText(text);
        Element security = RawSoap.first(envelope, WsNames.WSSE, "Security");
        Element timestamp = RawSoap.first(envelope, WsNames.WSU, "Timestamp");
        Element body = RawSoap.first(envelope, WsNames.SOAP11, "Body");
        timestamp.setIdAttributeNS(null, "Id", true);
        body.setIdAttributeNS(null, "Id", true);
        Element str = envelope.createElementNS(WsNames.WSSE, "wsse:SecurityTokenReference");
        Element reference = (Element) str.appendChild(envelope.createElementNS(WsNames.WSSE, "wsse:Reference"));
        reference.setAttributeNS(null, "URI", "#" + tokenId);
        reference.setAttributeNS(null, "ValueType", WsNames.X509V3);
        sign(key, security, null, str, new Signed("#_0", false), new Signed("#_1", true));
        return SecureXml.serialize(envelope);
    }

    /** The operation element {@code payload} as zeep's wsse.Signature sends it (RSA-SHA256, SHA-256), signed with {@code key}. */
    static byte[] zeep(Element payload, KeyMaterial key) {
        return zeep("", SecureXml.toString(payload), key);
    }

    /**
     * As {@link #zeep(Element, KeyMaterial)}, but the namespace declarations of the payload's start tag written on the
     * Envelope instead, so that the payload inherits them (as a toolkit that declares every namespace once at the top
     * writes it).
     */
    static byte[] zeepDeclaringOnTheEnvelope(Element payload, KeyMaterial key) {
        String text = SecureXml.toString(payload);
        int tagEnd = text.indexOf('>');
        java.util.regex.Matcher declarations = DECLARATION.matcher(text.substring(0, tagEnd));
        StringBuilder moved = new StringBuilder();
        while (declarations.find()) {
            moved.append(declarations.group());
        }
        if (moved.isEmpty()) {
            throw new IllegalArgumentException("the payload's start tag declares no namespace");
        }
        String startTag = DECLARATION.matcher(text.substring(0, tagEnd)).replaceAll("");
        return zeep(moved.toString(), startTag + text.substring(tagEnd), key);
    }

    private static byte[] zeep(String envelopeDeclarations, String payloadText, KeyMaterial key) {
        String bodyId = "id-" + UUID.randomUUID();
        String text = "<soap-env:Envelope xmlns:soap-env=\"" + WsNames.SOAP11 + "\"" + envelopeDeclarations
                + "><soap-env:Header><wsse:Security xmlns:wsse=\""
                + WsNames.WSSE + "\"/></soap-env:Header><soap-env:Body xmlns:wsu=\"" + WsNames.WSU + "\" wsu:Id=\"" + bodyId
                + "\">" + payloadText + "</soap-env:Body></soap-env:Envelope>";
        Document envelope = SecureXml.parseText(text);
        Element security = RawSoap.first(envelope, WsNames.WSSE, "Security");
        RawSoap.first(envelope, WsNames.SOAP11, "Body").setIdAttributeNS(WsNames.WSU, "Id", true);
        Element str = envelope.createElementNS(WsNames.WSSE, "wsse:SecurityTokenReference");
        Element data = (Element) str.appendChild(envelope.createElementNS(WsNames.DS, "X509Data"));
        data.setAttributeNS(WsNames.XMLNS, "xmlns", WsNames.DS);
        Element issuerSerial = child(data, "X509IssuerSerial");
        X509Certificate certificate = key.certificate();
        child(issuerSerial, "X509IssuerName").setTextContent(certificate.getIssuerX500Principal().getName());
        child(issuerSerial, "X509SerialNumber").setTextContent(new BigInteger(1, certificate.getSerialNumber().toByteArray()).toString());
        child(data, "X509Certificate").setTextContent(base64(certificate));
        sign(key, security, security.getFirstChild(), str, new Signed("#" + bodyId, false));
        return SecureXml.serialize(envelope);
    }

    /** A reference of the signature, with the enveloped-signature transform before its exclusive C14N or not. */
    private record Signed(String uri, boolean enveloped) {
        Reference reference(XMLSignatureFactory factory) throws GeneralSecurityException {
            List<Transform> transforms = new java.util.ArrayList<>();
            if (enveloped) {
                transforms.add(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null));
            }
            transforms.add(factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null));
            return factory.newReference(uri, factory.newDigestMethod(DigestMethod.SHA256, null), transforms, null, null);
        }
    }

    /** An unprefixed ds:Signature in {@code security}, before {@code next} (or last), its KeyInfo {@code keyInfo}. */
    private static void sign(KeyMaterial key, Element security, Node next, Element keyInfo, Signed... signed) {
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            List<Reference> references = new java.util.ArrayList<>();
            for (Signed reference : signed) {
                references.add(reference.reference(factory));
            }
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(WsNames.RSA_SHA256, null), references);
            DOMSignContext context = next == null ? new DOMSignContext(key.privateKey(), security)
                    : new DOMSignContext(key.privateKey(), security, next);
            context.setDefaultNamespacePrefix("");
            factory.newXMLSignature(signedInfo, factory.getKeyInfoFactory().newKeyInfo(List.of(new DOMStructure(keyInfo))))
                    .sign(context);
        } catch (GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new IllegalStateException("JSR-105 could not sign the envelope", e);
        }
    }

    private static Element child(Element parent, String localName) {
        return (Element) parent.appendChild(parent.getOwnerDocument().createElementNS(WsNames.DS, localName));
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
