package kz.qaqpa.trust;

import java.util.List;
import java.util.UUID;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Transport (WS-Security) signature of a SOAP 1.1 envelope (or of the SOAP 1.2 fault the gateway answers a SOAP 1.2
 * client with), the way ШЭП expects it:
 * {@code Header/wsse:Security[@mustUnderstand=1]/ds:Signature} with one exclusive-C14N reference to the
 * {@code wsu:Id} of {@code soap:Body}, in the algorithm of the key ({@link SigningAlgorithm}: RSA-SHA256 or GOST), and the signer certificate inline in
 * {@code KeyInfo/wsse:SecurityTokenReference/wsse:KeyIdentifier[@ValueType=#X509v3]} (not a BinarySecurityToken:
 * that is what ШЭП clients and NCANode's /wsse/verify read).
 */
public final class EnvelopeSigner {

    private EnvelopeSigner() {
    }

    /** Signs in place and returns the same document. */
    public static Document sign(Document soapEnvelope, KeyMaterial key) {
        Santuario.init();
        Element envelope = soapEnvelope.getDocumentElement();
        Element body = SoapEnvelope.anyBody(envelope);
        Element security = ensureSecurityHeader(envelope);
        String bodyId = ensureBodyId(body);
        Santuario.declareNamespaces(envelope);
        try {
            XMLSignature signature = new XMLSignature(soapEnvelope, "", key.algorithm().signatureUri(), WsNames.EXC_C14N);
            security.appendChild(signature.getElement());
            Transforms transforms = new Transforms(soapEnvelope);
            transforms.addTransform(WsNames.EXC_C14N);
            signature.addDocument("#" + bodyId, transforms, key.algorithm().digestUri());
            signature.getKeyInfo().addUnknownElement(securityTokenReference(soapEnvelope, key));
            signature.sign(key.privateKey());
            SignatureCounter.signed();
            return soapEnvelope;
        } catch (XMLSecurityException e) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "transport signature could not be created: " + e.getMessage(), e);
        }
    }

    private static Element ensureSecurityHeader(Element envelope) {
        String soap = SoapEnvelope.soapNamespace(envelope);
        Element header = SoapEnvelope.anyHeader(envelope);
        if (header == null) {
            header = envelope.getOwnerDocument().createElementNS(soap, prefixed(envelope, "Header"));
            // SOAP 1.1 requires the Header to be the first child element of the Envelope.
            envelope.insertBefore(header, Dom.firstChildElement(envelope));
        }
        List<Element> existing = Dom.children(header, WsNames.WSSE, "Security");
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        Element security = envelope.getOwnerDocument().createElementNS(WsNames.WSSE, "wsse:Security");
        security.setAttributeNS(WsNames.XMLNS, "xmlns:wsse", WsNames.WSSE);
        if (WsNames.SOAP11.equals(soap)) {
            security.setAttributeNS(soap, prefixed(envelope, "mustUnderstand"), "1");
        } // a SOAP 1.2 fault goes to a client that may know no WS-Security: it must still be able to read the fault
        header.appendChild(security);
        return security;
    }

    private static String ensureBodyId(Element body) {
        String id = body.getAttributeNS(WsNames.WSU, "Id");
        if (id.isEmpty()) {
            id = "id-" + UUID.randomUUID();
            body.setAttributeNS(WsNames.XMLNS, "xmlns:wsu", WsNames.WSU);
            body.setAttributeNS(WsNames.WSU, "wsu:Id", id);
        }
        body.setIdAttributeNS(WsNames.WSU, "Id", true);
        return id;
    }

    private static Element securityTokenReference(Document doc, KeyMaterial key) {
        Element reference = doc.createElementNS(WsNames.WSSE, "wsse:SecurityTokenReference");
        reference.setAttributeNS(WsNames.XMLNS, "xmlns:wsse", WsNames.WSSE);
        Element identifier = doc.createElementNS(WsNames.WSSE, "wsse:KeyIdentifier");
        identifier.setAttributeNS(null, "ValueType", WsNames.X509V3);
        identifier.setAttributeNS(null, "EncodingType", WsNames.BASE64_BINARY);
        identifier.setTextContent(CertificateText.of(key.certificate()));
        reference.appendChild(identifier);
        return reference;
    }

    /** Reuses the envelope's own SOAP prefix so that no second declaration of the SOAP namespace is needed. */
    private static String prefixed(Element envelope, String localName) {
        String prefix = envelope.getPrefix();
        return prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName;
    }
}
