package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.security.auth.x500.X500Principal;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.XmlCharacters;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.keys.content.x509.XMLX509Digest;
import org.apache.xml.security.keys.content.x509.XMLX509IssuerSerial;
import org.apache.xml.security.keys.content.x509.XMLX509SKI;
import org.apache.xml.security.keys.content.x509.XMLX509SubjectName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The names a signature's KeyInfo gives its certificate (X509SubjectName, X509IssuerSerial, X509SKI, X509Digest, a
 * KeyName) must name the one certificate the signature was verified with, written as signers write them: the KeyInfo is
 * outside what the signature digests, and what it names travels on (a document) or stays in the message log (a
 * request) as signed evidence. attack23 and its successors for documents ({@link DocumentVerifier}); attack58 for the
 * transport signature's X509Data ({@link TokenReference}: python zeep writes the issuer and serial beside the
 * certificate). One instance per verification: each principal's forms are made once (attack49).
 */
final class KeyInfoNames {
    /** xs:integer's lexical form (its whitespace collapsed first). */
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]+");
    /**
     * review58b (HIGH): the longest serial number text read as a number. BigInteger reads decimal text in time growing
     * with the square of its digits (400,000 took 17 s), and this runs before the transport signature is checked; a
     * certificate's serial is at most 20 octets (RFC 5280 4.1.2.2), 49 digits: longer names no certificate we accept.
     */
    private static final int MAX_SERIAL_DIGITS = 64;
    private final X509Certificate certificate;
    private final FaultCode code;
    private final String keyInfo;
    private final Map<X500Principal, Set<String>> forms = new HashMap<>();

    /**
     * @param certificate the certificate the signature is verified with
     * @param code the refusal's code (the signature's "invalid")
     * @param keyInfo what the refusals name, e.g. "document signature's KeyInfo"
     */
    private final boolean emptyIssuerSerialNamesNothing;

    KeyInfoNames(X509Certificate certificate, FaultCode code, String keyInfo) {
        this(certificate, code, keyInfo, false);
    }

    /**
     * @param emptyIssuerSerialNamesNothing whether an X509IssuerSerial with nothing in it is let be: python zeep (with
     *        libxmlsec1 1.3) sends its signer's KeyInfo so, the template's element never filled (session 58's CI: the
     *        served-contract zeep client refused as naming another certificate); it carries no name, so nothing unsigned
     */
    KeyInfoNames(X509Certificate certificate, FaultCode code, String keyInfo, boolean emptyIssuerSerialNamesNothing) {
        this.certificate = certificate;
        this.code = code;
        this.keyInfo = keyInfo;
        this.emptyIssuerSerialNamesNothing = emptyIssuerSerialNamesNothing;
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
    void requireWrittenAsSignersWrite(Element name, X500Principal principal, BooleanSupplier sameToSantuario) {
        if (formsOf(principal).contains(name.getTextContent())) {
            return;
        }
        String element = name.getLocalName();
        requireSame(sameToSantuario.getAsBoolean(), "X509IssuerName".equals(element) ? "X509IssuerSerial" : element);
        throw new ShepException(code, keyInfo + " writes its " + element
                + " otherwise than a signer writes the certificate's name (RFC 2253, RFC 1779, canonical, or as OpenSSL,"
                + " BouncyCastle, .NET or Python's cryptography write it, without other spaces or case): what it carries"
                + " is not signed");
    }

    /**
     * {@code principal}'s {@link SignerNameForms}, made once a verification ({@link #forms}); a name longer than any a
     * certificate authority writes (attack49: a self-made certificate's, whose forms would take a worker seconds) is
     * refused before any is made.
     */
    private Set<String> formsOf(X500Principal principal) {
        try {
            return forms.computeIfAbsent(principal, SignerNameForms::of);
        } catch (SignerNameForms.NameTooLong e) {
            throw new ShepException(code, keyInfo + " names its certificate, but " + e.getMessage());
        }
    }

    /** {@code text} read as a distinguished name, or an empty one when it is none. */
    static XMLX509SubjectName subjectName(Document doc, String text) {
        try {
            return new XMLX509SubjectName(doc, text);
        } catch (RuntimeException e) {
            return new XMLX509SubjectName(doc, "");
        }
    }

    /** An X509Data's names of a certificate (subject, issuer and serial, key identifier) name the one it carries. */
    void requireNamesOf(X509Data data) throws XMLSecurityException {
        Document doc = data.getElement().getOwnerDocument();
        for (int i = 0; i < data.lengthSubjectName(); i++) {
            XMLX509SubjectName subject = data.itemSubjectName(i);
            requireWrittenAsSignersWrite(subject.getElement(), certificate.getSubjectX500Principal(),
                    () -> subject.equals(new XMLX509SubjectName(doc, certificate)));
        }
        for (int i = 0; i < data.lengthIssuerSerial(); i++) {
            Element issuerSerial = data.itemIssuerSerial(i).getElement();
            if (Dom.firstChildElement(issuerSerial) == null && XmlCharacters.isAllSpace(issuerSerial.getTextContent())) {
                requireEmptyIssuerSerialLetBe();
                continue;
            }
            WrittenSerial serial = requireSerialOf(issuerSerial);
            requireWrittenAsSignersWrite(Dom.children(issuerSerial, WsNames.DS, "X509IssuerName").get(0),
                    certificate.getIssuerX500Principal(), () -> namesTheIssuerOf(issuerSerial, certificate));
            requireSerialAsSignersWrite(serial);
        }
        for (int i = 0; i < data.lengthSKI(); i++) {
            requireSame(data.itemSKI(i).equals(new XMLX509SKI(doc, certificate)), "X509SKI");
        }
        for (int i = 0; i < data.lengthDigest(); i++) {
            XMLX509Digest digest = data.itemDigest(i);
            requireSame(Arrays.equals(digest.getDigestBytes(), XMLX509Digest.getDigestBytesFromCert(certificate, digest.getAlgorithm())),
                    "X509Digest");
        }
    }

    /**
     * An empty X509IssuerSerial names no certificate, so a refusal saying it names another sent integrators after a
     * wrong certificate (walk59: python-xmlsec's template leaves it unfilled, as zeep's does); say what it is instead.
     */
    private void requireEmptyIssuerSerialLetBe() {
        if (!emptyIssuerSerialNamesNothing) {
            throw new ShepException(code, keyInfo + " has an empty X509IssuerSerial, which names no certificate"
                    + " (libxmlsec1 1.3 leaves a signing template's X509IssuerSerial unfilled): leave it out of the"
                    + " template, or write the certificate's issuer name and serial number in it");
        }
    }

    /**
     * attack46: the serial number as a signer writes it, in decimal without a sign or leading zeros (a "+" and any
     * number of zeros name the same certificate, and carry bits nobody signed); around it, as a pretty-printed KeyInfo
     * has it (attack43), nothing or a line break and an indentation, as between the signature's elements (replay44),
     * not spaces and tabs in any order. Called with the X509SerialNumber's text once the serial is known to be the
     * certificate's ({@link #requireSerialOf}).
     */
    private void requireSerialAsSignersWrite(WrittenSerial serial) {
        if (!serial.digits().equals(certificate.getSerialNumber().toString())
                || !SignatureContent.isIndentation(serial.before()) || !SignatureContent.isIndentation(serial.after())) {
            throw new ShepException(code, keyInfo + " writes its X509SerialNumber otherwise than a"
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
    private WrittenSerial requireSerialOf(Element issuerSerial) {
        List<Element> issuers = Dom.children(issuerSerial, WsNames.DS, "X509IssuerName");
        List<Element> serials = Dom.children(issuerSerial, WsNames.DS, "X509SerialNumber");
        WrittenSerial serial = WrittenSerial.of(serials.size() == 1 ? serials.get(0).getTextContent() : "");
        requireSame(issuers.size() == 1 && serials.size() == 1 && serial.digits().length() <= MAX_SERIAL_DIGITS
                && INTEGER.matcher(serial.digits()).matches()
                && new java.math.BigInteger(serial.digits()).equals(certificate.getSerialNumber()), "X509IssuerSerial");
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

    void requireSame(boolean same, String what) {
        if (!same) {
            throw new ShepException(code, keyInfo + " names in its " + what + " another certificate"
                    + " than its own, " + Certificates.describe(certificate));
        }
    }
}
