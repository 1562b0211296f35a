package kz.qaqpa.trust;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Business-data signature: an enveloped XML-DSig over a whole element ({@code Reference URI=""}, enveloped-signature
 * + exclusive C14N, the key's {@link SigningAlgorithm} (RSA-SHA256 or GOST), {@code KeyInfo/X509Data/X509Certificate}), appended as the last child of that element.
 *
 * <p>The digest is computed on a detached copy of the element (see {@link DocumentVerifier}), so the element may
 * already sit inside a larger document such as a SOAP body without {@code URI=""} covering the whole envelope.
 */
public final class DocumentSigner {

    private DocumentSigner() {
    }

    /** Appends the signature to {@code root} and returns the appended ds:Signature element. */
    public static Element sign(Element root, KeyMaterial key) {
        Santuario.init();
        Document copy = Santuario.detachedCopy(root);
        Element signature = signDocumentElement(copy, key);
        Element imported = (Element) root.getOwnerDocument().importNode(signature, true);
        root.appendChild(imported);
        return imported;
    }

    private static Element signDocumentElement(Document doc, KeyMaterial key) {
        try {
            XMLSignature signature = new XMLSignature(doc, "", key.algorithm().signatureUri(), WsNames.EXC_C14N);
            doc.getDocumentElement().appendChild(signature.getElement());
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(WsNames.ENVELOPED);
            transforms.addTransform(WsNames.EXC_C14N);
            signature.addDocument("", transforms, key.algorithm().digestUri());
            signature.addKeyInfo(key.certificate());
            signature.sign(key.privateKey());
            SignatureCounter.signed();
            return signature.getElement();
        } catch (XMLSecurityException e) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "document signature could not be created: " + e.getMessage(), e);
        }
    }
}
