package kz.qaqpa.gateway;

import java.util.List;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.WsNames;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.keys.content.x509.XMLX509IssuerSerial;
import org.apache.xml.security.keys.content.x509.XMLX509SubjectName;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * interop48: a citizen's document signed as a Java signer that does not use our DocumentSigner signs it, with the
 * KeyInfo naming the signer from the certificate through the signing API's own calls: Santuario's and the JDK's
 * XML-DSig (JSR 105). Enveloped, over the whole document ({@code URI=""}), exclusive C14N after the enveloped
 * transform, RSA-SHA256, the signature the document element's last child, as the ШЭП asks.
 */
final class JavaSigners {
    private static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    private JavaSigners() {
    }

    /**
     * With Santuario's API: KeyInfo/X509Data of the certificate, {@code new XMLX509SubjectName(doc, certificate)} and
     * {@code new XMLX509IssuerSerial(doc, certificate)}. The signature element.
     */
    static Element santuario(Element document, KeyMaterial signer) throws Exception {
        org.apache.xml.security.Init.init();
        Document doc = document.getOwnerDocument();
        XMLSignature signature = new XMLSignature(doc, "", RSA_SHA256, WsNames.EXC_C14N);
        document.appendChild(signature.getElement());
        Transforms transforms = new Transforms(doc);
        transforms.addTransform(WsNames.ENVELOPED);
        transforms.addTransform(WsNames.EXC_C14N);
        signature.addDocument("", transforms, "http://www.w3.org/2001/04/xmlenc#sha256");
        X509Data data = new X509Data(doc);
        data.addCertificate(signer.certificate());
        data.add(new XMLX509SubjectName(doc, signer.certificate()));
        data.add(new XMLX509IssuerSerial(doc, signer.certificate()));
        signature.getKeyInfo().add(data);
        signature.sign(signer.privateKey());
        return signature.getElement();
    }

    /**
     * With the JDK's XML-DSig: a KeyName and an X509Data of the certificate, its subject's
     * {@code X500Principal.getName()} and {@code newX509IssuerSerial(issuer.getName(), serial)}, as JSR 105's
     * javadoc shows. The signature element.
     */
    static Element jsr105(Element document, KeyMaterial signer) throws Exception {
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Reference reference = factory.newReference("", factory.newDigestMethod(DigestMethod.SHA256, null),
                List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null, null);
        SignedInfo signedInfo = factory.newSignedInfo(factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE,
                (C14NMethodParameterSpec) null), factory.newSignatureMethod(RSA_SHA256, null), List.of(reference));
        KeyInfoFactory keys = factory.getKeyInfoFactory();
        String subject = signer.certificate().getSubjectX500Principal().getName();
        KeyInfo keyInfo = keys.newKeyInfo(List.of(keys.newKeyName(subject), keys.newX509Data(List.of(
                signer.certificate(), subject, keys.newX509IssuerSerial(
                        signer.certificate().getIssuerX500Principal().getName(), signer.certificate().getSerialNumber())))));
        DOMSignContext context = new DOMSignContext(signer.privateKey(), document);
        context.setDefaultNamespacePrefix("ds");
        factory.newXMLSignature(signedInfo, keyInfo).sign(context);
        return (Element) document.getLastChild();
    }
}
