package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.NamespaceDeclarations;
import kz.qaqpa.xml.SecureXml;
import org.apache.xml.security.Init;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Santuario bootstrap (with the GOST algorithms, {@link GostXmlDsig}, and the RSA engines that keep their JCA signature
 * on the thread, {@link RsaXmlDsig}) and the transform policy shared by both verifiers.
 */
final class Santuario {
    /** Canonicalizations are harmless as reference transforms; XPath/XSLT/base64 are never accepted. */
    static final Set<String> CANONICALIZATIONS = Set.of(
            WsNames.EXC_C14N,
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
            "http://www.w3.org/2006/12/xml-c14n11",
            "http://www.w3.org/2006/12/xml-c14n11#WithComments");

    static {
        // Base64 values on one line: line breaks are written as &#13; entities that some ШЭП clients mis-handle.
        if (System.getProperty("org.apache.xml.security.ignoreLineBreaks") == null) {
            System.setProperty("org.apache.xml.security.ignoreLineBreaks", "true");
        }
        // Init is idempotent and synchronized, but registering algorithms on every call would be wasted work.
        Init.init();
        RsaXmlDsig.register();
        GostXmlDsig.register();
    }

    private Santuario() {
    }

    /** Touching this class runs the static initializer exactly once per class loader. */
    static void init() {
    }

    /**
     * {@code signature.checkSignatureValue(certificate)}, where base64 that cannot be read (a SignatureValue or a
     * DigestValue of base64's letters with a broken end: the JDK's decoder throws IllegalArgumentException, which
     * Santuario lets through) is a signature that does not verify, refused with {@code invalid} naming {@code what}
     * (attack43: before, an internal error, SCE909).
     */
    static boolean checkValue(XMLSignature signature, X509Certificate certificate, FaultCode invalid, String what)
            throws XMLSecurityException {
        try {
            return signature.checkSignatureValue(certificate);
        } catch (IllegalArgumentException e) {
            throw new ShepException(invalid, what + " holds base64 that cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * After a failed check: true when a reference digest failed (content changed), false when the SignatureValue
     * itself did not verify (Santuario then stops before checking the references).
     */
    static boolean digestFailed(XMLSignature signature) {
        try {
            for (int i = 0; i < signature.getSignedInfo().getLength(); i++) {
                if (!signature.getSignedInfo().getVerificationResult(i)) {
                    return true;
                }
            }
            return false;
        } catch (XMLSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Returns the transform algorithm URIs of a reference, in order. */
    static List<String> transforms(Reference reference) throws XMLSecurityException {
        Transforms transforms = reference.getTransforms();
        List<String> uris = new ArrayList<>();
        for (int i = 0; transforms != null && i < transforms.getLength(); i++) {
            uris.add(transforms.item(i).getURI());
        }
        return uris;
    }

    /**
     * A copy of {@code element} as the document element of a fresh document, with namespace declarations that it
     * inherited from its old ancestors made explicit. Signing and verifying a copy makes {@code URI=""} mean exactly
     * this element, wherever it is embedded (a SOAP body, a JAXB-built tree without xmlns attributes, ...).
     */
    static Document detachedCopy(Element element) {
        Document copy = SecureXml.newDocument();
        copy.appendChild(copy.importNode(element, true));
        declareNamespaces(copy.getDocumentElement());
        return copy;
    }

    /**
     * Santuario's canonicalizers take namespace declarations from xmlns attributes only. DOMs built with
     * createElementNS have none, so the digest would differ after a serialize/parse round trip;
     * {@link NamespaceDeclarations} adds the missing declarations.
     */
    static void declareNamespaces(Element root) {
        NamespaceDeclarations.declareMissing(root);
    }
}
