package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks the transport signature made by {@link EnvelopeSigner} (or a ШЭП client) and returns the signer certificate.
 *
 * <p>The certificate is <em>not</em> validated here; the caller passes it to {@link CertificateValidator}.
 * Against signature wrapping, the single Reference must resolve to the one Body that is a direct child of the
 * Envelope, and its id must be unique in the whole message.
 */
public final class EnvelopeVerifier {
    private static final FaultCode INVALID = FaultCode.TRANSPORT_SIGNATURE_INVALID;

    private EnvelopeVerifier() {
    }

    public static X509Certificate verify(Document soapEnvelope) {
        Santuario.init();
        Element envelope = soapEnvelope.getDocumentElement();
        Element body = SoapEnvelope.body(envelope);
        Element signatureElement = findSignature(envelope);
        registerIds(envelope);
        String bodyId = requireUniqueId(envelope, body);
        try {
            XMLSignature signature = new XMLSignature(signatureElement, "", true);
            Reference reference = singleReferenceTo(signature, bodyId);
            X509Certificate certificate = signerCertificate(signature.getKeyInfo());
            checkValue(signature, certificate);
            requireReferencedNode(reference, body);
            return certificate;
        } catch (XMLSecurityException e) {
            throw new ShepException(INVALID, "transport signature cannot be processed: " + e.getMessage(), e);
        }
    }

    private static Element findSignature(Element envelope) {
        Element header = SoapEnvelope.header(envelope);
        List<Element> securities = header == null ? List.of() : Dom.children(header, WsNames.WSSE, "Security");
        if (securities.isEmpty()) {
            throw new ShepException(FaultCode.TRANSPORT_NOT_SIGNED, "message has no wsse:Security header");
        }
        if (securities.size() > 1) {
            throw new ShepException(INVALID, "message has " + securities.size() + " wsse:Security headers, expected one");
        }
        List<Element> signatures = Dom.children(securities.get(0), WsNames.DS, "Signature");
        if (signatures.isEmpty()) {
            throw new ShepException(FaultCode.TRANSPORT_NOT_SIGNED, "wsse:Security header holds no ds:Signature");
        }
        if (signatures.size() > 1) {
            throw new ShepException(INVALID, "wsse:Security header holds " + signatures.size() + " signatures, expected one");
        }
        return signatures.get(0);
    }

    /** DOM does not know which attributes are IDs; wsu:Id is the standard one, a plain Id is used by some clients. */
    private static void registerIds(Element envelope) {
        Dom.forEachElement(envelope, e -> {
            if (e.hasAttributeNS(WsNames.WSU, "Id")) {
                e.setIdAttributeNS(WsNames.WSU, "Id", true);
            }
            if (e.hasAttributeNS(null, "Id")) {
                e.setIdAttributeNS(null, "Id", true);
            }
        });
    }

    private static String requireUniqueId(Element envelope, Element body) {
        String id = body.hasAttributeNS(WsNames.WSU, "Id") ? body.getAttributeNS(WsNames.WSU, "Id") : body.getAttributeNS(null, "Id");
        if (id.isEmpty()) {
            throw new ShepException(INVALID, "soap:Body carries no wsu:Id, so the signature cannot cover it");
        }
        List<Element> carriers = new ArrayList<>();
        Dom.forEachElement(envelope, e -> {
            if (id.equals(e.getAttributeNS(WsNames.WSU, "Id")) || id.equals(e.getAttributeNS(null, "Id"))) {
                carriers.add(e);
            }
        });
        if (carriers.size() != 1) {
            throw new ShepException(INVALID, "id '" + id + "' of soap:Body is used by " + carriers.size() + " elements");
        }
        return id;
    }

    private static Reference singleReferenceTo(XMLSignature signature, String bodyId) throws XMLSecurityException {
        int count = signature.getSignedInfo().getLength();
        if (count != 1) {
            throw new ShepException(INVALID, "transport signature must have exactly one Reference (to soap:Body), found " + count);
        }
        Reference reference = signature.getSignedInfo().item(0);
        if (!("#" + bodyId).equals(reference.getURI())) {
            throw new ShepException(INVALID, "transport signature references '" + reference.getURI()
                    + "' but soap:Body has id '" + bodyId + "'; only the Body may be signed");
        }
        for (String transform : Santuario.transforms(reference)) {
            if (!Santuario.CANONICALIZATIONS.contains(transform)) {
                throw new ShepException(INVALID, "transform " + transform + " is not accepted in the transport signature");
            }
        }
        return reference;
    }

    /** wsse:KeyIdentifier (X509v3) as ШЭП sends it; ds:X509Data is accepted too. */
    private static X509Certificate signerCertificate(KeyInfo keyInfo) throws XMLSecurityException {
        if (keyInfo == null) {
            throw new ShepException(INVALID, "transport signature has no KeyInfo with the signer certificate");
        }
        // read the DOM directly: Santuario's "unknown element" list is only filled when building a KeyInfo
        for (Element reference : Dom.children(keyInfo.getElement(), WsNames.WSSE, "SecurityTokenReference")) {
            for (Element identifier : Dom.children(reference, WsNames.WSSE, "KeyIdentifier")) {
                if (WsNames.X509V3.equals(identifier.getAttribute("ValueType"))) {
                    return decode(identifier.getTextContent());
                }
            }
        }
        X509Certificate fromX509Data = keyInfo.getX509Certificate();
        if (fromX509Data == null) {
            throw new ShepException(INVALID, "KeyInfo holds no wsse:KeyIdentifier (X509v3) nor ds:X509Certificate");
        }
        return fromX509Data;
    }

    private static X509Certificate decode(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.trim());
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ShepException(INVALID, "wsse:KeyIdentifier does not hold a readable X.509 certificate", e);
        }
    }

    private static void checkValue(XMLSignature signature, X509Certificate certificate) throws XMLSecurityException {
        SignatureCounter.verified();
        if (signature.checkSignatureValue(certificate)) {
            return;
        }
        throw new ShepException(INVALID, Santuario.digestFailed(signature)
                ? "digest of soap:Body does not match the transport signature: the Body was changed after signing"
                : "transport signature value does not verify with the certificate of " + Certificates.describe(certificate));
    }

    /** Belt and braces: what Santuario actually digested must be this very Body node. */
    private static void requireReferencedNode(Reference reference, Element body) throws XMLSecurityException {
        Node signed = reference.getContentsBeforeTransformation().getSubNode();
        if (signed != body) {
            throw new ShepException(INVALID, "transport signature covers an element other than the processed soap:Body");
        }
    }
}
