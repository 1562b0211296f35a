package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.XmlCharacters;
import org.bouncycastle.asn1.ASN1Sequence;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

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
 *
 * <p>How the certificates found there are read is a {@link Reading}: today's, or (the message log's checks of a
 * record taken before session 39, {@link #loggedSigner}) the one the gateway had then.
 */
final class TokenReference {
    private static final FaultCode UNSUPPORTED = FaultCode.TOKEN_REFERENCE_NOT_SUPPORTED;
    private static final FaultCode INVALID = FaultCode.TRANSPORT_SIGNATURE_INVALID;
    /** A chain rule's refusal ({@link SignerChain}), its words naming the transport signature. */
    private static final Function<String, ShepException> REFUSAL =
            why -> new ShepException(INVALID, "transport signature's " + why);
    /** The WSS X509PKIPathv1 token, as its refusals name it. */
    private static final String PKI_PATH_TOKEN = "wsse:BinarySecurityToken (X509PKIPathv1)";

    /** How the certificates a KeyInfo carries are read. */
    enum Reading {
        /**
         * Each text exactly one certificate's own DER bytes in strict base64 (review39b, {@link CertificateText}); an
         * X509Data's certificates, or a PkiPath token's, the signer's one chain (chain28, {@link SignerChain}).
         */
        TODAY {
            @Override
            X509Certificate single(String base64, String what) {
                return CertificateText.read(base64, what, why -> new ShepException(INVALID, why));
            }

            @Override
            X509Certificate ofX509Data(List<Element> certificates, SignaturePolicy policy) {
                return SignerChain.endOfTexts(certificates.stream().map(Element::getTextContent).toList(), policy,
                        "X509Data", "ds:X509Certificate", REFUSAL);
            }

            @Override
            X509Certificate ofPkiPath(Element token, SignaturePolicy policy) {
                return SignerChain.endOf(decodePath(token.getTextContent(), policy.maxKeyInfoCertificates()), policy,
                        PKI_PATH_TOKEN, REFUSAL);
            }
        },
        /**
         * The gateway's before session 39 (chain28, review39b), for the log's records taken by it: an X509Data's first
         * certificate, the others not read; a text decoded leniently (the MIME decoder skips characters base64 does
         * not have) and its first certificate taken, bytes after it ignored; no PkiPath token (ValueType X509v3 only).
         */
        BEFORE_SESSION_39 {
            @Override
            X509Certificate single(String base64, String what) {
                try {
                    byte[] der = Base64.getMimeDecoder().decode(base64.trim());
                    return (X509Certificate) CertificateText.factory().generateCertificate(new ByteArrayInputStream(der));
                } catch (CertificateException | IllegalArgumentException e) {
                    throw new ShepException(INVALID, what + " does not hold a readable X.509 certificate", e);
                }
            }

            @Override
            X509Certificate ofX509Data(List<Element> certificates, SignaturePolicy policy) {
                return single(certificates.get(0).getTextContent(), "ds:X509Certificate");
            }

            @Override
            X509Certificate ofPkiPath(Element token, SignaturePolicy policy) {
                throw new ShepException(UNSUPPORTED, "wsse:BinarySecurityToken ValueType '" + WsNames.X509_PKI_PATH
                        + "' is not supported; X509v3 is");
            }
        };

        /** The one certificate of a wsse:KeyIdentifier or an X509v3 wsse:BinarySecurityToken, {@code what}. */
        abstract X509Certificate single(String base64, String what);

        /** The signer's certificate among an X509Data's ds:X509Certificate elements (one at least). */
        abstract X509Certificate ofX509Data(List<Element> certificates, SignaturePolicy policy);

        /** The signer's certificate of an X509PKIPathv1 token. */
        abstract X509Certificate ofPkiPath(Element token, SignaturePolicy policy);
    }

    /** A logged message's signer certificate, and today's refusal of its KeyInfo when the earlier rule took it. */
    record Taken(X509Certificate certificate, String refusedToday) {
    }

    private TokenReference() {
    }

    /** {@code policy}: how many certificates one ds:X509Data may hold, and which CA certificates beside the signer's. */
    static X509Certificate signerCertificate(Element signature, Element security, Map<String, Element> ids,
                                             SignaturePolicy policy) {
        return signerCertificate(signature, security, ids, policy, Reading.TODAY);
    }

    /**
     * The signer certificate of a message the log holds with {@code logged}, the certificate the gateway verified it
     * with when it took it. Today's rule first; when it refuses the KeyInfo, the rule before session 39 (an IN record
     * may have been taken by it, and no record says which version took it), but only where that rule takes exactly
     * {@code logged}: then its signature is verified with that certificate's key as it was then. Otherwise today's
     * refusal stands, so a KeyInfo that does not carry the logged certificate as the old rule read it is still named.
     */
    static Taken loggedSigner(Element signature, Element security, Map<String, Element> ids, SignaturePolicy policy,
                              X509Certificate logged) {
        try {
            return new Taken(signerCertificate(signature, security, ids, policy, Reading.TODAY), null);
        } catch (ShepException today) {
            X509Certificate earlier;
            try {
                earlier = signerCertificate(signature, security, ids, policy, Reading.BEFORE_SESSION_39);
            } catch (ShepException alsoThen) {
                throw today;
            }
            if (!earlier.equals(logged)) {
                throw today;
            }
            return new Taken(earlier, today.getMessage());
        }
    }

    private static X509Certificate signerCertificate(Element signature, Element security, Map<String, Element> ids,
                                                     SignaturePolicy policy, Reading reading) {
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
            return fromSecurityTokenReference(item, security, ids, policy, reading);
        }
        if (Dom.is(item, WsNames.DS, "X509Data")) {
            return fromX509Data(item, policy, reading);
        }
        throw new ShepException(UNSUPPORTED, "KeyInfo/" + item.getLocalName() + " is not supported; send the certificate as"
                + " a wsse:BinarySecurityToken, a wsse:KeyIdentifier (X509v3) or ds:X509Data/ds:X509Certificate");
    }

    private static X509Certificate fromSecurityTokenReference(Element str, Element security, Map<String, Element> ids,
                                                              SignaturePolicy policy, Reading reading) {
        List<Element> forms = Dom.elementChildren(str);
        if (forms.size() != 1) {
            throw new ShepException(UNSUPPORTED, "wsse:SecurityTokenReference must hold one reference, found " + forms.size());
        }
        Element form = forms.get(0);
        if (Dom.is(form, WsNames.WSSE, "KeyIdentifier")) {
            requireX509v3(form, "wsse:KeyIdentifier (a thumbprint or key identifier cannot be looked up here)");
            if (reading == Reading.TODAY) {
                requireBase64(form, "wsse:KeyIdentifier");
            }
            return reading.single(form.getTextContent(), "wsse:KeyIdentifier");
        }
        if (Dom.is(form, WsNames.WSSE, "Reference")) {
            return fromBinarySecurityToken(form, security, ids, policy, reading);
        }
        if (Dom.is(form, WsNames.DS, "X509Data")) {
            return fromX509Data(form, policy, reading); // python zeep's wsse.Signature: the certificate beside its issuer and serial
        }
        throw new ShepException(UNSUPPORTED, "wsse:SecurityTokenReference/" + form.getLocalName() + " is not supported:"
                + " the gateway keeps no store of senders' certificates to look an issuer and serial up in; send the"
                + " certificate itself (WSS4J/CXF: signatureKeyIdentifier=DirectReference or X509KeyIdentifier)");
    }

    private static X509Certificate fromBinarySecurityToken(Element reference, Element security, Map<String, Element> ids,
                                                           SignaturePolicy policy, Reading reading) {
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
        requireBase64(token, "wsse:BinarySecurityToken");
        if (WsNames.X509_PKI_PATH.equals(type)) {
            return reading.ofPkiPath(token, policy);
        }
        return reading.single(token.getTextContent(), "wsse:BinarySecurityToken");
    }

    /**
     * The end certificate of the X509Data's chain (XML-DSig 1.0 4.4.4, in any order: {@link SignerChain}). Before
     * chain28 the first was taken and the rest not read, so another's certificate rode along unchecked and a chain
     * written CA-first was read as signed by its CA.
     */
    private static X509Certificate fromX509Data(Element x509Data, SignaturePolicy policy, Reading reading) {
        if (reading == Reading.TODAY) {
            requireOnlyWhatIsRead(x509Data);
        }
        List<Element> elements = Dom.children(x509Data, WsNames.DS, "X509Certificate");
        if (elements.isEmpty()) {
            throw new ShepException(UNSUPPORTED, "ds:X509Data without ds:X509Certificate is not supported (issuer and serial,"
                    + " subject names and key identifiers need a certificate store)");
        }
        X509Certificate signer = reading.ofX509Data(elements, policy);
        if (reading == Reading.TODAY) {
            requireNamesOfTheSigner(x509Data, signer);
        }
        return signer;
    }

    /**
     * attack58: the names beside the certificate (zeep writes its issuer and serial) are outside the digest, and the
     * message log keeps them as part of the sender's signed request: they must name the certificate that signed, as a
     * document's must ({@link KeyInfoNames}). Before, they were not read: another system's issuer and serial, or its
     * subject name, rode along unchecked.
     */
    private static void requireNamesOfTheSigner(Element x509Data, X509Certificate signer) {
        try {
            new KeyInfoNames(signer, INVALID, "transport signature's KeyInfo", true)
                    .requireNamesOf(new org.apache.xml.security.keys.content.X509Data(x509Data, ""));
        } catch (org.apache.xml.security.exceptions.XMLSecurityException | IllegalArgumentException
                 | IndexOutOfBoundsException e) {
            // as for a document (attack43): Santuario reads a name's value unguarded
            throw new ShepException(INVALID, "transport signature's KeyInfo: a name of its certificate cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * attack59 (attack58's Left): what a transport X509Data holds is read whole, as a document's is
     * ({@link SignatureContent}): the signer's certificate, its chain and names of that certificate (XML-DSig 1.0 4.4.4's
     * X509Certificate, X509SubjectName, X509IssuerSerial, X509SKI, 1.1's X509Digest), each checked. Before, an
     * X509CRL, an OCSP answer, another namespace's element or text there was not read, and the message log kept it
     * as part of the sender's signed request: a revocation list or answer the gateway never looked at (it asks the CA
     * itself), beside a certificate it did. Refused by name before any certificate is decoded.
     */
    private static void requireOnlyWhatIsRead(Element x509Data) {
        requireOnlyKnownChildren(x509Data);
        for (Element issuerSerial : Dom.children(x509Data, WsNames.DS, "X509IssuerSerial")) {
            requireOnlyKnownChildren(issuerSerial);
        }
    }

    private static void requireOnlyKnownChildren(Element parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && !SignatureContent.mayHold(parent, e)) {
                throw new ShepException(UNSUPPORTED, "ds:" + parent.getLocalName() + " holds " + e.getLocalName()
                        + (e.getNamespaceURI() == null ? "" : " of " + e.getNamespaceURI()) + ", which the gateway does"
                        + " not read: a transport signature's ds:" + parent.getLocalName() + " holds only "
                        + SignatureContent.allowedIn(parent));
            }
            boolean text = child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE;
            if (text && !XmlCharacters.isAllSpace(child.getNodeValue())) {
                throw new ShepException(UNSUPPORTED, "ds:" + parent.getLocalName() + " holds text, which the gateway"
                        + " does not read: a transport signature's ds:" + parent.getLocalName() + " holds only "
                        + SignatureContent.allowedIn(parent));
            }
        }
    }

    /**
     * A token's or key identifier's EncodingType: base64 (WSS 1.1 X.509 Token Profile 3.1 and 3.2, the default when
     * absent), the one way the gateway reads the text. attack59: a KeyIdentifier's was not read, so base64 labelled
     * {@code #HexBinary} was taken as base64 while a WSS toolkit reading the logged request decodes it as hex.
     */
    private static void requireBase64(Element element, String what) {
        String encoding = element.getAttribute("EncodingType");
        if (!encoding.isEmpty() && !WsNames.BASE64_BINARY.equals(encoding)) {
            throw new ShepException(UNSUPPORTED, what + " EncodingType " + encoding + " is not supported; "
                    + WsNames.BASE64_BINARY + " is");
        }
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
    private static List<X509Certificate> decodePath(String base64, int most) {
        List<? extends java.security.cert.Certificate> path;
        try {
            byte[] der = CertificateText.bytes(base64, PKI_PATH_TOKEN, REFUSAL);
            SignerChain.requireAtMost(ASN1Sequence.getInstance(der).size(), most, PKI_PATH_TOKEN, REFUSAL);
            path = CertificateText.factory().generateCertPath(new ByteArrayInputStream(der), "PkiPath").getCertificates();
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ShepException(INVALID, PKI_PATH_TOKEN + " does not hold a readable PkiPath", e);
        }
        if (path.isEmpty()) {
            throw new ShepException(INVALID, PKI_PATH_TOKEN + " holds no certificate");
        }
        return path.stream().map(X509Certificate.class::cast).toList();
    }
}
