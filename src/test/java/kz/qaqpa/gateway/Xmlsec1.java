package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Documents signed by xmlsec1 (1.2, OpenSSL) itself, as a signer using it sends them. */
final class Xmlsec1 {
    private static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    private static final long WAIT_SECONDS = 30;

    private Xmlsec1() {
    }

    /**
     * {@code application} signed by {@code xmlsec1 --sign --pkcs12} (password qaqpa-test): an enveloped signature over
     * the whole element, exclusive C14N, RSA-SHA256. Its KeyInfo's template: one empty X509Data (xmlsec1 writes the
     * PKCS#12's certificates into it), or one X509Data per name in {@code x509DataChildren}, each holding that empty
     * child (xmlsec1 fills one kind of child per X509Data). Files go into {@code dir}.
     */
    static Element signed(Element application, Path pkcs12, Path dir, String... x509DataChildren) throws Exception {
        Document doc = application.getOwnerDocument();
        Element signature = (Element) application.appendChild(doc.createElementNS(WsNames.DS, "ds:Signature"));
        Element signedInfo = child(signature, "SignedInfo");
        child(signedInfo, "CanonicalizationMethod").setAttribute("Algorithm", EXC_C14N);
        child(signedInfo, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        Element reference = child(signedInfo, "Reference");
        reference.setAttribute("URI", "");
        Element transforms = child(reference, "Transforms");
        child(transforms, "Transform").setAttribute("Algorithm", WsNames.ENVELOPED);
        child(transforms, "Transform").setAttribute("Algorithm", EXC_C14N);
        child(reference, "DigestMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmlenc#sha256");
        child(reference, "DigestValue");
        child(signature, "SignatureValue");
        Element keyInfo = child(signature, "KeyInfo");
        if (x509DataChildren.length == 0) {
            child(keyInfo, "X509Data");
        }
        for (String name : x509DataChildren) {
            child(child(keyInfo, "X509Data"), name);
        }
        Path template = Files.write(dir.resolve(UUID.randomUUID() + "-template.xml"), SecureXml.serialize(doc));
        Path out = dir.resolve(UUID.randomUUID() + "-signed.xml");
        Process xmlsec1 = new ProcessBuilder("xmlsec1", "--sign", "--pkcs12", pkcs12.toString(), "--pwd", "qaqpa-test",
                "--output", out.toString(), template.toString()).redirectErrorStream(true).start();
        String output = new String(xmlsec1.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(xmlsec1.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(xmlsec1.exitValue()).as(output).isZero();
        return SecureXml.parse(Files.readAllBytes(out)).getDocumentElement();
    }

    private static Element child(Element parent, String localName) {
        return (Element) parent.appendChild(parent.getOwnerDocument().createElementNS(WsNames.DS, "ds:" + localName));
    }
}
