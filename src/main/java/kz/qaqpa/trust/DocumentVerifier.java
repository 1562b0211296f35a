package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.keys.content.x509.XMLX509SubjectName;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks a business-data signature made by {@link DocumentSigner} (or NCANode's /xml/sign) and returns the signer
 * certificate, which the caller then validates with {@link CertificateValidator} for {@link Purpose#DOCUMENT}.
 *
 * <p>The element usually arrives inside a SOAP {@code data} element. It is verified on a copy that is the document
 * element of a fresh Document, so {@code URI=""} means exactly this element and nothing around it.
 */
public final class DocumentVerifier {
    private static final FaultCode INVALID = FaultCode.DOCUMENT_SIGNATURE_INVALID;

    private DocumentVerifier() {
    }

    /** With the default policy (mocks and test clients; the gateway passes its configured one). */
    public static X509Certificate verify(Element root) {
        return verify(root, SignaturePolicy.DEFAULT);
    }

    public static X509Certificate verify(Element root, SignaturePolicy policy) {
        return verified(root, policy).signer();
    }

    /**
     * {@link #verify}, keeping the copy the signature was checked on for what the document says ({@link
     * VerifiedDocument#contentDigest}), so that it is not copied again for that.
     */
    public static VerifiedDocument verified(Element root, SignaturePolicy policy) {
        return verified(root, policy, LaterRules.refusing());
    }

    /**
     * A document the message log holds verified again: as {@link #verify(Element, SignaturePolicy)}, but a
     * SignatureMethod not of its key's family ({@link KeyFamily}, session 66) is noted in {@code rules}, not refused:
     * the gateway before session 66 took such a document. Its value is still verified with the certificate's key.
     */
    public static X509Certificate verifyLogged(Element root, SignaturePolicy policy, LaterRules rules) {
        return verified(root, policy, rules).signer();
    }

    private static VerifiedDocument verified(Element root, SignaturePolicy policy, LaterRules rules) {
        Santuario.init();
        requireSingleSignature(root);
        Document copy = Santuario.detachedCopy(root);
        Element signatureElement = requireSingleSignature(copy.getDocumentElement());
        policy.checkAlgorithms(signatureElement, "document", INVALID);
        SignedDocumentWalk.requireNothingUnsigned(copy.getDocumentElement(), signatureElement);
        try {
            XMLSignature signature = new XMLSignature(signatureElement, "", true);
            requireWholeElementReference(signature);
            X509Certificate certificate = signerCertificate(signature.getKeyInfo(), policy);
            policy.checkKey(certificate);
            String method = signature.getSignedInfo().getSignatureMethodURI();
            rules.apply(LaterRules.Rule.KEY_FAMILY,
                    () -> KeyFamily.requireFits(method, certificate, INVALID, "document signature"));
            SignatureCounter.verified();
            if (!Santuario.checkValue(signature, certificate, INVALID, "document signature")) {
                throw new ShepException(INVALID, Santuario.digestFailed(signature)
                        ? "digest of <" + root.getLocalName() + "> does not match its signature: the data was changed after signing"
                        : "document signature value does not verify with the certificate of " + Certificates.describe(certificate));
            }
            return new VerifiedDocument(root, certificate, copy,
                    SignedContent.referenceDigest(signature.getSignedInfo().item(0)));
        } catch (XMLSecurityException e) {
            throw new ShepException(INVALID, "document signature cannot be processed: " + e.getMessage(), e);
        }
    }

    /** Every element under {@code root} that carries a ds:Signature as a direct child (a signed document). */
    public static List<Element> signedElements(Element root) {
        List<Element> signed = new ArrayList<>();
        Dom.forEachElement(root, e -> {
            if (!Dom.children(e, WsNames.DS, "Signature").isEmpty()) {
                signed.add(e);
            }
        });
        return signed;
    }

    /**
     * The SignatureValue of the ds:Signature that is a direct child of {@code signed}, whitespace left out, or empty:
     * the same value is the same signed document (the message log finds where a document it passed on arrived).
     */
    public static Optional<String> signatureValue(Element signed) {
        return Dom.children(signed, WsNames.DS, "Signature").stream()
                .flatMap(s -> Dom.children(s, WsNames.DS, "SignatureValue").stream())
                .map(v -> v.getTextContent().replaceAll("\\s", "")).findFirst();
    }

    private static Element requireSingleSignature(Element root) {
        List<Element> signatures = Dom.children(root, WsNames.DS, "Signature");
        if (signatures.isEmpty()) {
            throw new ShepException(FaultCode.DOCUMENT_NOT_SIGNED,
                    "<" + root.getLocalName() + "> has no ds:Signature as a direct child");
        }
        if (signatures.size() > 1) {
            throw new ShepException(INVALID, "<" + root.getLocalName() + "> has " + signatures.size() + " signatures, expected one");
        }
        return signatures.get(0);
    }

    private static void requireWholeElementReference(XMLSignature signature) throws XMLSecurityException {
        int count = signature.getSignedInfo().getLength();
        if (count != 1) {
            throw new ShepException(INVALID, "document signature must have exactly one Reference, found " + count);
        }
        Reference reference = signature.getSignedInfo().item(0);
        // attack53: Santuario reads an absent URI attribute as "", so the attribute itself must be there
        if (!reference.getElement().hasAttributeNS(null, "URI")) {
            throw new ShepException(INVALID, "document signature must reference the whole element (URI=\"\"), found no URI");
        }
        if (!"".equals(reference.getURI())) {
            throw new ShepException(INVALID, "document signature must reference the whole element (URI=\"\"), found URI=\""
                    + reference.getURI() + "\"");
        }
        List<String> transforms = Santuario.transforms(reference);
        if (!transforms.contains(WsNames.ENVELOPED)) {
            throw new ShepException(INVALID, "document signature lacks the enveloped-signature transform");
        }
        for (String transform : transforms) {
            if (!transform.equals(WsNames.ENVELOPED) && !Santuario.CANONICALIZATIONS.contains(transform)) {
                throw new ShepException(INVALID, "transform " + transform + " is not accepted in a document signature");
            }
        }
        // attack46: each canonicalization after the first reads the octets of the one before, parsed again, so an
        // exclusive one anywhere in the chain leaves out a declaration no name uses, whatever the others are and
        // whatever PrefixList they name; SignedNamespaces judges the chain by one of them (it took an inclusive one as
        // digesting every declaration). No signer writes two: refused, so the one canonicalization is what is checked
        long canonicalizations = transforms.stream().filter(Santuario.CANONICALIZATIONS::contains).count();
        if (canonicalizations > 1) {
            throw new ShepException(INVALID, "document signature's Reference has " + canonicalizations
                    + " canonicalization transforms; a signer writes one at most (after the enveloped-signature one)");
        }
    }

    private static X509Certificate signerCertificate(KeyInfo keyInfo, SignaturePolicy policy) throws XMLSecurityException {
        if (keyInfo == null) {
            throw new ShepException(INVALID, "document signature has no KeyInfo/X509Data/X509Certificate");
        }
        Function<String, ShepException> refusal = why -> new ShepException(INVALID, "document signature's KeyInfo: " + why);
        X509Certificate certificate = SignerChain.endOfTexts(certificateTexts(keyInfo), policy, "X509Data",
                "X509Certificate", refusal);
        try {
            requireTheSignersKeyAlone(keyInfo, certificate);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // attack43: Santuario reads a KeyInfo name's value unguarded (base64 with a broken end, a key that is none,
            // a distinguished name its RFC2253Parser indexes past the end of, such as "=")
            throw refusal.apply("a name of its certificate cannot be read: " + e.getMessage());
        }
        return certificate;
    }

    /**
     * The texts of the certificates of the one X509Data that holds any (the signer's, its chain's after or before it:
     * XML-DSig 1.0 4.4.4, {@link SignerChain}), none decoded yet: {@link SignerChain#endOfTexts} bounds their count
     * first. attack23: certificates in a second X509Data or elsewhere in the KeyInfo are refused.
     */
    private static List<String> certificateTexts(KeyInfo keyInfo) throws XMLSecurityException {
        int[] elements = {0};
        Dom.forEachElement(keyInfo.getElement(), e -> elements[0] += Dom.is(e, WsNames.DS, "X509Certificate") ? 1 : 0);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < keyInfo.lengthX509Data(); i++) {
            X509Data data = keyInfo.itemX509Data(i);
            for (int j = 0; j < data.lengthCertificate(); j++) {
                found.add(data.itemCertificate(j).getElement().getTextContent());
            }
            if (data.lengthCertificate() > 0 && found.size() > data.lengthCertificate()) {
                throw new ShepException(INVALID, "document signature's KeyInfo holds certificates in two X509Data; the"
                        + " signer's and its chain's belong in one");
            }
        }
        if (found.isEmpty() || elements[0] != found.size()) {
            throw new ShepException(INVALID, found.isEmpty() ? "document signature has no KeyInfo/X509Data/X509Certificate"
                    : "document signature's KeyInfo holds an X509Certificate outside its X509Data");
        }
        return found;
    }

    /**
     * Ours (attack23): the KeyInfo is outside what the enveloped signature digests, and the document travels on as it
     * came. A second certificate (another identity beside the signer's chain, or any in another X509Data) or a
     * KeyValue of another key would put a second identity into the signed document that the gateway never checked,
     * for a reader who takes the last certificate or the KeyValue (Santuario's key resolvers try KeyValue first), or
     * looks a certificate up by the names beside it. The KeyInfo names the one certificate the signature was verified
     * with; a KeyValue, if any, is that certificate's key, and its subject name, issuer and serial, key identifier or
     * digest (XML-DSig 1.1 X509Digest), if given, are that certificate's. attack25: a KeyName too is a name a reader may look a key up by, and has no standard form; the
     * one form that names the signer's certificate (ours) is its subject's distinguished name, compared as an
     * X509SubjectName; any other text is refused. {@link DocumentSigner}, NCANode and KalkanCrypt write one certificate.
     * chain28: the signer's chain may stand beside its certificate in the one X509Data ({@link #certificates}); the
     * names must still name the signer's (XML-DSig 1.0 4.4.4: "MUST refer to the certificate or certificates
     * containing the validation key").
     */
    private static void requireTheSignersKeyAlone(KeyInfo keyInfo, X509Certificate certificate) throws XMLSecurityException {
        for (int i = 0; i < keyInfo.lengthKeyValue(); i++) {
            if (!certificate.getPublicKey().equals(keyInfo.itemKeyValue(i).getPublicKey())) {
                throw new ShepException(INVALID, "document signature's KeyInfo holds a KeyValue that is not the key of"
                        + " its certificate, " + Certificates.describe(certificate));
            }
        }
        KeyInfoNames names = new KeyInfoNames(certificate, INVALID, "document signature's KeyInfo");
        for (int i = 0; i < keyInfo.lengthX509Data(); i++) {
            names.requireNamesOf(keyInfo.itemX509Data(i));
        }
        Document doc = keyInfo.getElement().getOwnerDocument();
        for (int i = 0; i < keyInfo.lengthKeyName(); i++) {
            Element name = keyInfo.itemKeyName(i).getElement();
            names.requireWrittenAsSignersWrite(name, certificate.getSubjectX500Principal(),
                    () -> KeyInfoNames.subjectName(doc, name.getTextContent()).equals(new XMLX509SubjectName(doc, certificate)));
        }
    }
}
