package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.bouncycastle.asn1.ASN1Sequence;
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
 *       (python zeep's {@code wsse.Signature}, which writes the certificate's issuer and serial beside it), with the
 *       signer's chain in any order ({@link SignerChain}).</li>
 * </ul>
 * Anything else (issuer and serial, thumbprint, subject key identifier, KeyName, KeyValue, RetrievalMethod, a token
 * outside this header or in another URI) needs a certificate store the gateway does not keep, or is an attack
 * vector, and is refused with {@link FaultCode#TOKEN_REFERENCE_NOT_SUPPORTED}.
 */
final class TokenReference {
    private static final FaultCode UNSUPPORTED = FaultCode.TOKEN_REFERENCE_NOT_SUPPORTED;
    private static final FaultCode INVALID = FaultCode.TRANSPORT_SIGNATURE_INVALID;
    /** A chain rule's refusal ({@link SignerChain}), its words naming the transport signature. */
    private static final Function<String, ShepException> REFUSAL =
            why -> new ShepException(INVALID, "transport signature's " + why);

    private TokenReference() {
    }

    /** {@code policy}: how many certificates one ds:X509Data may hold, and which CA certificates beside the signer's. */
    static X509Certificate signerCertificate(Element signature, Element security, Map<String, Element> ids,
                                             SignaturePolicy policy) {
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
            return fromSecurityTokenReference(item, security, ids, policy);
        }
        if (Dom.is(item, WsNames.DS, "X509Data")) {
            return fromX509Data(item, policy);
        }
        throw new ShepException(UNSUPPORTED, "KeyInfo/" + item.getLocalName() + " is not supported; send the certificate as"
                + " a wsse:BinarySecurityToken, a wsse:KeyIdentifier (X509v3) or ds:X509Data/ds:X509Certificate");
    }

    private static X509Certificate fromSecurityTokenReference(Element str, Element security, Map<String, Element> ids,
                                                              SignaturePolicy policy) {
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
            return fromBinarySecurityToken(form, security, ids, policy);
        }
        if (Dom.is(form, WsNames.DS, "X509Data")) {
            return fromX509Data(form, policy); // python zeep's wsse.Signature: the certificate beside its issuer and serial
        }
        throw new ShepException(UNSUPPORTED, "wsse:SecurityTokenReference/" + form.getLocalName() + " is not supported:"
                + " the gateway keeps no store of senders' certificates to look an issuer and serial up in; send the"
                + " certificate itself (WSS4J/CXF: signatureKeyIdentifier=DirectReference or X509KeyIdentifier)");
    }

    private static X509Certificate fromBinarySecurityToken(Element reference, Element security, Map<String, Element> ids,
                                                           SignaturePolicy policy) {
        String uri = reference.getAttribute("URI");
        if (!uri.startsWith("#") || uri.length() == 1) {
            throw new ShepException(UNSUPPORTED, "wsse:Reference URI '" + uri + "' is not a reference within the message");
        }
        if (reference.hasAttribute("ValueType")) {
            requireTokenType(reference, "wsse:Reference");
        }
        Element token = ids.get(uri.substring(1));
        if (token == null || token.getParentNode() != security || !Dom.is(token, WsNames.WSSE, "BinarySecurityToken")) {
            throw new ShepException(INVALID, "wsse:Reference " + uri + " does not name a wsse:BinarySecurityToken of the"
                    + " same wsse:Security header");
        }
        String type = requireTokenType(token, "wsse:BinarySecurityToken");
        if (reference.hasAttribute("ValueType") && !type.equals(reference.getAttribute("ValueType"))) {
            throw new ShepException(INVALID, "wsse:Reference " + uri + " names a token of ValueType "
                    + reference.getAttribute("ValueType") + ", the token is " + type);
        }
        String encoding = token.getAttribute("EncodingType");
        if (!encoding.isEmpty() && !WsNames.BASE64_BINARY.equals(encoding)) {
            throw new ShepException(UNSUPPORTED, "wsse:BinarySecurityToken EncodingType " + encoding + " is not supported");
        }
        if (WsNames.X509_PKI_PATH.equals(type)) {
            String holder = "wsse:BinarySecurityToken (X509PKIPathv1)";
            return SignerChain.endOf(decodePath(token.getTextContent(), policy.maxKeyInfoCertificates(), holder, REFUSAL),
                    policy, holder, REFUSAL);
        }
        return decode(token.getTextContent(), "wsse:BinarySecurityToken");
    }

    /**
     * The end certificate of the X509Data's chain (XML-DSig 1.0 4.4.4, in any order: {@link SignerChain}). Before
     * chain28 the first was taken and the rest not read, so another's certificate rode along unchecked and a chain
     * written CA-first was read as signed by its CA.
     */
    private static X509Certificate fromX509Data(Element x509Data, SignaturePolicy policy) {
        List<Element> elements = Dom.children(x509Data, WsNames.DS, "X509Certificate");
        if (elements.isEmpty()) {
            throw new ShepException(UNSUPPORTED, "ds:X509Data without ds:X509Certificate is not supported (issuer and serial,"
                    + " subject names and key identifiers need a certificate store)");
        }
        SignerChain.requireAtMost(elements.size(), policy.maxKeyInfoCertificates(), "X509Data", REFUSAL); // before decoding
        List<X509Certificate> certificates = elements.stream().map(e -> decode(e.getTextContent(), "ds:X509Certificate")).toList();
        return SignerChain.endOf(certificates, policy, "X509Data", REFUSAL);
    }

    private static void requireX509v3(Element element, String what) {
        String valueType = element.getAttribute("ValueType");
        if (!WsNames.X509V3.equals(valueType)) {
            throw new ShepException(UNSUPPORTED, what + " ValueType '" + valueType + "' is not supported; X509v3 is");
        }
    }

    /** A token's ValueType: a certificate (X509v3) or a chain (X509PKIPathv1), nothing else. */
    private static String requireTokenType(Element element, String what) {
        String valueType = element.getAttribute("ValueType");
        if (!WsNames.X509V3.equals(valueType) && !WsNames.X509_PKI_PATH.equals(valueType)) {
            throw new ShepException(UNSUPPORTED, what + " ValueType '" + valueType + "' is not supported; X509v3 and"
                    + " X509PKIPathv1 are");
        }
        return valueType;
    }

    /**
     * A PkiPath's certificates (in the order written; {@link SignerChain} takes any). The DER SEQUENCE's elements are
     * counted against the bound ({@code most}) before any of them is decoded as a certificate.
     */
    private static List<X509Certificate> decodePath(String base64, int most, String holder,
                                                    Function<String, ShepException> refusal) {
        List<? extends java.security.cert.Certificate> path;
        try {
            byte[] der = CertificateText.bytes(base64, "wsse:BinarySecurityToken (X509PKIPathv1)", refusal);
            SignerChain.requireAtMost(ASN1Sequence.getInstance(der).size(), most, holder, refusal);
            path = CertificateText.factory().generateCertPath(new ByteArrayInputStream(der), "PkiPath").getCertificates();
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ShepException(INVALID, "wsse:BinarySecurityToken (X509PKIPathv1) does not hold a readable PkiPath", e);
        }
        if (path.isEmpty()) {
            throw new ShepException(INVALID, "wsse:BinarySecurityToken (X509PKIPathv1) holds no certificate");
        }
        return path.stream().map(X509Certificate.class::cast).toList();
    }

    private static X509Certificate decode(String base64, String what) {
        return CertificateText.read(base64, what, why -> new ShepException(INVALID, why));
    }
}
