package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import kz.qaqpa.trust.WsNames;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The gateway's transport signature checked as an outside verifier checks it, from the bytes on the wire and without
 * the gateway's own verifier: a plain JDK parser, the {@code wsu:Id} attributes declared as ids (as every WS-Security
 * stack does), the certificate taken from the {@code wsse:KeyIdentifier}, and the signature validated either by the
 * JDK's own XML-DSig implementation (JSR-105 provider "XMLDSig", a code base of its own, not Santuario; RSA only) or by
 * Santuario's API directly (any key the gateway has, GOST too). Either SOAP version.
 */
final class WireSignatures {
    private static final String JDK_XML_DSIG = "XMLDSig";

    private WireSignatures() {
    }

    /** Verifies with the JDK's JSR-105 implementation; returns the signer's certificate. */
    static X509Certificate byTheJdk(byte[] wire) {
        Signed signed = parse(wire);
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM", JDK_XML_DSIG);
            DOMValidateContext context = new DOMValidateContext(KeySelector.singletonKeySelector(
                    signed.certificate().getPublicKey()), signed.signature());
            XMLSignature signature = factory.unmarshalXMLSignature(context);
            @SuppressWarnings("unchecked")
            List<Reference> references = signature.getSignedInfo().getReferences();
            assertThat(references).extracting(Reference::getURI).as("one reference, to the Body")
                    .containsExactly("#" + signed.bodyId());
            boolean valid = signature.validate(context);
            assertThat(valid).as("the JDK's XML-DSig: signature value %s, reference %s",
                    signature.getSignatureValue().validate(context), references.get(0).validate(context)).isTrue();
            return signed.certificate();
        } catch (javax.xml.crypto.MarshalException | javax.xml.crypto.dsig.XMLSignatureException
                 | java.security.NoSuchProviderException e) {
            throw new AssertionError("the JDK's XML-DSig could not check the signature: " + e, e);
        }
    }

    /** Verifies with Santuario's XMLSignature API (not the gateway's verifier); returns the signer's certificate. */
    static X509Certificate bySantuario(byte[] wire) {
        Signed signed = parse(wire);
        try {
            org.apache.xml.security.Init.init();
            var signature = new org.apache.xml.security.signature.XMLSignature(signed.signature(), "");
            assertThat(signature.getSignedInfo().getLength()).isEqualTo(1);
            assertThat(signature.getSignedInfo().item(0).getURI()).isEqualTo("#" + signed.bodyId());
            assertThat(signature.checkSignatureValue(signed.certificate())).as("Santuario's verdict").isTrue();
            return signed.certificate();
        } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new AssertionError("Santuario could not check the signature: " + e, e);
        }
    }

    /** An envelope as received: its one signature in {@code Header/wsse:Security}, its Body's id, the certificate. */
    private record Signed(Document document, Element signature, String bodyId, X509Certificate certificate) {
    }

    private static Signed parse(byte[] wire) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(wire));
            Element envelope = document.getDocumentElement();
            String soap = envelope.getNamespaceURI();
            assertThat(soap).isIn(WsNames.SOAP11, "http://www.w3.org/2003/05/soap-envelope");
            Element body = child(envelope, soap, "Body");
            String bodyId = body.getAttributeNS(WsNames.WSU, "Id");
            assertThat(bodyId).as("the Body's wsu:Id").isNotEmpty();
            NodeList all = document.getElementsByTagNameNS("*", "*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                if (e.hasAttributeNS(WsNames.WSU, "Id")) {
                    e.setIdAttributeNS(WsNames.WSU, "Id", true);
                }
            }
            Element security = child(child(envelope, soap, "Header"), WsNames.WSSE, "Security");
            Element signature = child(security, WsNames.DS, "Signature");
            Element identifier = child(child(child(signature, WsNames.DS, "KeyInfo"), WsNames.WSSE,
                    "SecurityTokenReference"), WsNames.WSSE, "KeyIdentifier");
            assertThat(identifier.getAttribute("ValueType")).isEqualTo(WsNames.X509V3);
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getMimeDecoder().decode(identifier.getTextContent())));
            return new Signed(document, signature, bodyId, certificate);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("not a signed envelope: " + e + "\n" + new String(wire,
                    java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no {" + namespace + "}" + localName + " in " + parent.getLocalName());
    }
}
