package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.XmlCharacters;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.keys.content.x509.XMLX509Digest;
import org.apache.xml.security.keys.content.x509.XMLX509IssuerSerial;
import org.apache.xml.security.keys.content.x509.XMLX509SKI;
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
    /** xs:integer's lexical form (its whitespace collapsed first). */
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    private DocumentVerifier() {
    }

    /** With the default policy (mocks and test clients; the gateway passes its configured one). */
    public static X509Certificate verify(Element root) {
        return verify(root, SignaturePolicy.DEFAULT);
    }

    public static X509Certificate verify(Element root, SignaturePolicy policy) {
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
            SignatureCounter.verified();
            if (!Santuario.checkValue(signature, certificate, INVALID, "document signature")) {
                throw new ShepException(INVALID, Santuario.digestFailed(signature)
                        ? "digest of <" + root.getLocalName() + "> does not match its signature: the data was changed after signing"
                        : "document signature value does not verify with the certificate of " + Certificates.describe(certificate));
            }
            return certificate;
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
        // attack49: each principal's forms made once, however many names the KeyInfo holds
        Map<X500Principal, Set<String>> forms = new HashMap<>();
        for (int i = 0; i < keyInfo.lengthX509Data(); i++) {
            requireNamesOf(keyInfo.itemX509Data(i), certificate, forms);
        }
        Document doc = keyInfo.getElement().getOwnerDocument();
        for (int i = 0; i < keyInfo.lengthKeyName(); i++) {
            Element name = keyInfo.itemKeyName(i).getElement();
            requireWrittenAsSignersWrite(name, certificate.getSubjectX500Principal(),
                    () -> subjectName(doc, name.getTextContent()).equals(new XMLX509SubjectName(doc, certificate)), certificate,
                    forms);
        }
    }

    /**
     * attack46: a name compared as Santuario compares distinguished names (RFC2253Parser: spaces around a separator
     * dropped, an attribute type in any case) could differ from the certificate's in ways that carry bits nobody signed
     * (the KeyInfo is outside the digest), as replay44's whitespace could. So the text must be, letter for letter, one
     * of the forms signers' toolkits write the certificate's name in ({@link SignerNameForms}): such a text names the
     * certificate by construction (interop47: the forms of OpenSSL, xmlsec1, BouncyCastle and .NET name the ИИН
     * attribute, which Santuario's comparison never matched with the JDK's {@code 2.5.4.5=#13…}; interop48: Python's
     * {@code cryptography} writes it {@code 2.5.4.5=IIN…}). Any other text is
     * refused: as naming another certificate unless Santuario's comparison ({@code sameToSantuario}, asked only
     * then) says it is the certificate's, else as written otherwise than a signer writes it.
     */
    private static void requireWrittenAsSignersWrite(Element name, X500Principal principal, BooleanSupplier sameToSantuario,
                                                     X509Certificate certificate, Map<X500Principal, Set<String>> forms) {
        if (formsOf(principal, forms).contains(name.getTextContent())) {
            return;
        }
        String element = name.getLocalName();
        requireSame(sameToSantuario.getAsBoolean(), "X509IssuerName".equals(element) ? "X509IssuerSerial" : element, certificate);
        throw new ShepException(INVALID, "document signature's KeyInfo writes its " + element
                + " otherwise than a signer writes the certificate's name (RFC 2253, RFC 1779, canonical, or as OpenSSL,"
                + " BouncyCastle, .NET or Python's cryptography write it, without other spaces or case): what it carries"
                + " is not signed");
    }

    /**
     * {@code principal}'s {@link SignerNameForms}, made once a verification ({@code made}); a name longer than any a
     * certificate authority writes (attack49: a self-made certificate's, whose forms would take a worker seconds) is
     * refused before any is made.
     */
    private static Set<String> formsOf(X500Principal principal, Map<X500Principal, Set<String>> made) {
        try {
            return made.computeIfAbsent(principal, SignerNameForms::of);
        } catch (SignerNameForms.NameTooLong e) {
            throw new ShepException(INVALID, "document signature's KeyInfo names its certificate, but " + e.getMessage());
        }
    }

    /** {@code text} read as a distinguished name, or an empty one when it is none. */
    private static XMLX509SubjectName subjectName(Document doc, String text) {
        try {
            return new XMLX509SubjectName(doc, text);
        } catch (RuntimeException e) {
            return new XMLX509SubjectName(doc, "");
        }
    }

    /** An X509Data's names of a certificate (subject, issuer and serial, key identifier) name the one it carries. */
    private static void requireNamesOf(X509Data data, X509Certificate certificate,
                                       Map<X500Principal, Set<String>> forms) throws XMLSecurityException {
        Document doc = data.getElement().getOwnerDocument();
        for (int i = 0; i < data.lengthSubjectName(); i++) {
            XMLX509SubjectName subject = data.itemSubjectName(i);
            requireWrittenAsSignersWrite(subject.getElement(), certificate.getSubjectX500Principal(),
                    () -> subject.equals(new XMLX509SubjectName(doc, certificate)), certificate, forms);
        }
        for (int i = 0; i < data.lengthIssuerSerial(); i++) {
            Element issuerSerial = data.itemIssuerSerial(i).getElement();
            WrittenSerial serial = requireSerialOf(issuerSerial, certificate);
            requireWrittenAsSignersWrite(Dom.children(issuerSerial, WsNames.DS, "X509IssuerName").get(0),
                    certificate.getIssuerX500Principal(), () -> namesTheIssuerOf(issuerSerial, certificate), certificate,
                    forms);
            requireSerialAsSignersWrite(serial, certificate);
        }
        for (int i = 0; i < data.lengthSKI(); i++) {
            requireSame(data.itemSKI(i).equals(new XMLX509SKI(doc, certificate)), "X509SKI", certificate);
        }
        for (int i = 0; i < data.lengthDigest(); i++) {
            XMLX509Digest digest = data.itemDigest(i);
            requireSame(Arrays.equals(digest.getDigestBytes(), XMLX509Digest.getDigestBytesFromCert(certificate, digest.getAlgorithm())),
                    "X509Digest", certificate);
        }
    }

    /**
     * attack46: the serial number as a signer writes it, in decimal without a sign or leading zeros (a "+" and any
     * number of zeros name the same certificate, and carry bits nobody signed); around it, as a pretty-printed KeyInfo
     * has it (attack43), nothing or a line break and an indentation, as between the signature's elements (replay44),
     * not spaces and tabs in any order. Called with the X509SerialNumber's text once the serial is known to be the
     * certificate's ({@link #requireSerialOf}).
     */
    private static void requireSerialAsSignersWrite(WrittenSerial serial, X509Certificate certificate) {
        if (!serial.digits().equals(certificate.getSerialNumber().toString())
                || !SignatureContent.isIndentation(serial.before()) || !SignatureContent.isIndentation(serial.after())) {
            throw new ShepException(INVALID, "document signature's KeyInfo writes its X509SerialNumber otherwise than a"
                    + " signer writes the certificate's serial (in decimal, without a sign or leading zeros, on its line"
                    + " or indented): what it carries is not signed");
        }
    }

    /**
     * attack43: Santuario's {@code XMLX509IssuerSerial} reads the serial number's text as it stands, so a serial that is
     * no integer, one in xs:integer's legal whitespace (a pretty-printed KeyInfo), or a missing child escaped as an
     * internal error. Read here: one issuer name and one serial number, the serial an integer after xs:integer's
     * whitespace is collapsed, the certificate's; else SCE016 as another certificate's name. Returns the serial
     * number's text as written, read and split once (interop48b, interop49).
     */
    private static WrittenSerial requireSerialOf(Element issuerSerial, X509Certificate certificate) {
        List<Element> issuers = Dom.children(issuerSerial, WsNames.DS, "X509IssuerName");
        List<Element> serials = Dom.children(issuerSerial, WsNames.DS, "X509SerialNumber");
        WrittenSerial serial = WrittenSerial.of(serials.size() == 1 ? serials.get(0).getTextContent() : "");
        requireSame(issuers.size() == 1 && serials.size() == 1 && INTEGER.matcher(serial.digits()).matches()
                && new java.math.BigInteger(serial.digits()).equals(certificate.getSerialNumber()), "X509IssuerSerial",
                certificate);
        return serial;
    }

    /**
     * An X509SerialNumber's text split once (interop49: it was stripped twice, here and where its form is checked)
     * into the XML whitespace before the serial, the serial, and the whitespace after it.
     */
    private record WrittenSerial(String before, String digits, String after) {
        static WrittenSerial of(String text) {
            int start = 0;
            while (start < text.length() && XmlCharacters.isSpace(text.charAt(start))) {
                start++;
            }
            int end = text.length();
            while (end > start && XmlCharacters.isSpace(text.charAt(end - 1))) {
                end--;
            }
            return new WrittenSerial(text.substring(0, start), text.substring(start, end), text.substring(end));
        }
    }

    /**
     * The issuer name, compared as Santuario compares distinguished names, is the certificate's issuer's. Called once
     * {@link #requireSerialOf} found one issuer name and the certificate's serial.
     */
    private static boolean namesTheIssuerOf(Element issuerSerial, X509Certificate certificate) {
        String issuer = Dom.children(issuerSerial, WsNames.DS, "X509IssuerName").get(0).getTextContent();
        Document doc = issuerSerial.getOwnerDocument();
        return new XMLX509IssuerSerial(doc, issuer, certificate.getSerialNumber()).equals(new XMLX509IssuerSerial(doc, certificate));
    }

    private static void requireSame(boolean same, String what, X509Certificate certificate) {
        if (!same) {
            throw new ShepException(INVALID, "document signature's KeyInfo names in its " + what + " another certificate"
                    + " than its own, " + Certificates.describe(certificate));
        }
    }
}
