package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;

/**
 * Finds the signer certificate of a transport signature in the forms clients send it (read from the DOM, so
 * nothing is fetched or looked up):
 * <ul>
 *   <li>{@code wsse:SecurityTokenReference/wsse:KeyIdentifier[@ValueType=#X509v3]}, the whole certificate inline
 *       (ШЭП clients, NCANode, Qaqpa itself);</li>
 *   <li>{@code wsse:SecurityTokenReference/wsse:Reference[@URI=#id]} to a {@code wsse:BinarySecurityToken} (X509v3)
 *       in the same wsse:Security header (WSS4J/CXF with DirectReference, WCF);</li>
 *   <li>{@code ds:X509Data/ds:X509Certificate}, as a KeyInfo's child or inside a {@code wsse:SecurityTokenReference}
 *       (python zeep's {@code wsse.Signature}, which writes the certificate's issuer and serial beside it).</li>
 * </ul>
 * Anything else (issuer and serial, thumbprint, subject key identifier, KeyName, KeyValue, RetrievalMethod, a token
 * outside this header or in another URI) needs a certificate store the gateway does not keep, or is an attack
 * vector, and is refused with {@link FaultCode#TOKEN_REFERENCE_NOT_SUPPORTED}.
 */
final class TokenReference {
    private static final FaultCode UNSUPPORTED = FaultCode.TOKEN_REFERENCE_NOT_SUPPORTED;
    private static final FaultCode INVALID = FaultCode.TRANSPORT_SIGNATURE_INVALID;

    private TokenReference() {
    }

    static X509Certificate signerCertificate(Element signature, Element security, Map<String, Element> ids) {
        List<Element> keyInfos = Dom.children(signature, WsNames.DS, "KeyInfo");
        if (keyInfos.size() != 1) {
            throw new ShepException(INVALID, "transport signature must have one KeyInfo with the signer certificate, found "
                    + keyInfos.size());
        }
        List<Element> items = Dom.elementChildren(keyInfos.get(0));
        if (items.size() != 1) {
            throw new ShepException(UNSUPPORTED, "KeyInfo must hold one wsse:SecurityTokenReference or ds:X509Data, found "
                    + items.size() + " elements");
        }
        Element item = items.get(0);
        if (Dom.is(item, WsNames.WSSE, "SecurityTokenReference")) {
            return fromSecurityTokenReference(item, security, ids);
        }
        if (Dom.is(item, WsNames.DS, "X509Data")) {
            return fromX509Data(item);
        }
        throw new ShepException(UNSUPPORTED, "KeyInfo/" + item.getLocalName() + " is not supported; send the certificate as"
                + " a wsse:BinarySecurityToken, a wsse:KeyIdentifier (X509v3) or ds:X509Data/ds:X509Certificate");
    }

    private static X509Certificate fromSecurityTokenReference(Element str, Element security, Map<String, Element> ids) {
        List<Element> forms = Dom.elementChildren(str);
        if (forms.size() != 1) {
            throw new ShepException(UNSUPPORTED, "wsse:SecurityTokenReference must hold one reference, found " + forms.size());
        }
        Element form = forms.get(0);
        if (Dom.is(form, WsNames.WSSE, "KeyIdentifier")) {
            requireX509v3(form, "wsse:KeyIdentifier (a thumbprint or key identifier cannot be looked up here)");
            return decode(form.getTextContent(), "wsse:KeyIdentifier");
        }
        if (Dom.is(form, WsNames.WSSE, "Reference")) {
            return fromBinarySecurityToken(form, security, ids);
        }
        if (Dom.is(form, WsNames.DS, "X509Data")) {
            return fromX509Data(form); // python zeep's wsse.Signature: the certificate beside its issuer and serial
        }
        throw new ShepException(UNSUPPORTED, "wsse:SecurityTokenReference/" + form.getLocalName() + " is not supported:"
                + " the gateway keeps no store of senders' certificates to look an issuer and serial up in; send the"
                + " certificate itself (WSS4J/CXF: signatureKeyIdentifier=DirectReference or X509KeyIdentifier)");
    }

    private static X509Certificate fromBinarySecurityToken(Element reference, Element security, Map<String, Element> ids) {
        String uri = reference.getAttribute("URI");
        if (!uri.startsWith("#") || uri.length() == 1) {
            throw new ShepException(UNSUPPORTED, "wsse:Reference URI '" + uri + "' is not a reference within the message");
        }
        if (reference.hasAttribute("ValueType")) {
            requireX509v3(reference, "wsse:Reference");
        }
        Element token = ids.get(uri.substring(1));
        if (token == null || token.getParentNode() != security || !Dom.is(token, WsNames.WSSE, "BinarySecurityToken")) {
            throw new ShepException(INVALID, "wsse:Reference " + uri + " does not name a wsse:BinarySecurityToken of the"
                    + " same wsse:Security header");
        }
        requireX509v3(token, "wsse:BinarySecurityToken");
        String encoding = token.getAttribute("EncodingType");
        if (!encoding.isEmpty() && !WsNames.BASE64_BINARY.equals(encoding)) {
            throw new ShepException(UNSUPPORTED, "wsse:BinarySecurityToken EncodingType " + encoding + " is not supported");
        }
        return decode(token.getTextContent(), "wsse:BinarySecurityToken");
    }

    private static X509Certificate fromX509Data(Element x509Data) {
        List<Element> certificates = Dom.children(x509Data, WsNames.DS, "X509Certificate");
        if (certificates.isEmpty()) {
            throw new ShepException(UNSUPPORTED, "ds:X509Data without ds:X509Certificate is not supported (issuer and serial,"
                    + " subject names and key identifiers need a certificate store)");
        }
        // a chain may follow; the signer's certificate comes first, as Santuario reads it
        return decode(certificates.get(0).getTextContent(), "ds:X509Certificate");
    }

    private static void requireX509v3(Element element, String what) {
        String valueType = element.getAttribute("ValueType");
        if (!WsNames.X509V3.equals(valueType)) {
            throw new ShepException(UNSUPPORTED, what + " ValueType '" + valueType + "' is not supported; X509v3 is");
        }
    }

    /** The provider look-up of getInstance is a measurable part of reading a small message; one factory per thread. */
    private static final ThreadLocal<CertificateFactory> X509 = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    });

    private static X509Certificate decode(String base64, String what) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.trim());
            return (X509Certificate) X509.get().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ShepException(INVALID, what + " does not hold a readable X.509 certificate", e);
        }
    }
}
