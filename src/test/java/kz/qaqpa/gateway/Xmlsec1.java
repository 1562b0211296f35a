package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Documents signed by xmlsec1 (1.2, OpenSSL) itself, as a signer using it sends them. */
final class Xmlsec1 {
    private static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    private static final long WAIT_SECONDS = 30;
    private static final String PASSWORD = "qaqpa-test";

    private Xmlsec1() {
    }

    /**
     * {@code application} signed by {@code xmlsec1 --sign --pkcs12} (password qaqpa-test): an enveloped signature over
     * the whole element, exclusive C14N, RSA-SHA256. Its KeyInfo's template: one empty X509Data (xmlsec1 writes the
     * PKCS#12's certificates into it), or one X509Data per name in {@code x509DataChildren}, each holding that empty
     * child (xmlsec1 fills one kind of child per X509Data). Files go into {@code dir}.
     */
    static Element signed(Element application, Path pkcs12, Path dir, String... x509DataChildren) throws Exception {
        template(application, "", true, x509DataChildren);
        return SecureXml.parse(run(application.getOwnerDocument(), pkcs12, dir)).getDocumentElement();
    }

    /**
     * interop48: the ШЭП operation element {@code payload} in a SOAP 1.1 envelope whose {@code wsse:Security} header
     * ({@code mustUnderstand="1"}) xmlsec1 signs from a template: one reference to the Body by its {@code wsu:Id}
     * (xmlsec1's {@code --id-attr}), exclusive C14N, RSA-SHA256, SHA-256, KeyInfo/X509Data filled with the PKCS#12's
     * certificate. The bytes as xmlsec1 wrote them.
     */
    static byte[] signedEnvelope(Element payload, Path pkcs12, Path dir) throws Exception {
        String bodyId = "body-" + UUID.randomUUID();
        Document envelope = SecureXml.parseText("<soapenv:Envelope xmlns:soapenv=\"" + WsNames.SOAP11 + "\"><soapenv:Header>"
                + "<wsse:Security xmlns:wsse=\"" + WsNames.WSSE + "\" soapenv:mustUnderstand=\"1\"/></soapenv:Header>"
                + "<soapenv:Body xmlns:wsu=\"" + WsNames.WSU + "\" wsu:Id=\"" + bodyId + "\">" + SecureXml.toString(payload)
                + "</soapenv:Body></soapenv:Envelope>");
        template(RawSoap.first(envelope, WsNames.WSSE, "Security"), "#" + bodyId, false);
        return run(envelope, pkcs12, dir, "--id-attr:Id", WsNames.SOAP11 + ":Body");
    }

    /** A PKCS#12 file in {@code dir} (password qaqpa-test) holding {@code signer}'s key and certificate, without its chain. */
    static Path pkcs12(KeyMaterial signer, Path dir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = PASSWORD.toCharArray();
        store.setKeyEntry("signer", signer.privateKey(), password, new Certificate[] {signer.certificate()});
        Path file = dir.resolve(UUID.randomUUID() + ".p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    /**
     * A signature template appended to {@code parent}: one reference to {@code uri}, the enveloped-signature transform
     * first when {@code enveloped}, then exclusive C14N; the KeyInfo as {@link #signed} says.
     */
    private static void template(Element parent, String uri, boolean enveloped, String... x509DataChildren) {
        Document doc = parent.getOwnerDocument();
        Element signature = (Element) parent.appendChild(doc.createElementNS(WsNames.DS, "ds:Signature"));
        Element signedInfo = child(signature, "SignedInfo");
        child(signedInfo, "CanonicalizationMethod").setAttribute("Algorithm", EXC_C14N);
        child(signedInfo, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        Element reference = child(signedInfo, "Reference");
        reference.setAttribute("URI", uri);
        Element transforms = child(reference, "Transforms");
        if (enveloped) {
            child(transforms, "Transform").setAttribute("Algorithm", WsNames.ENVELOPED);
        }
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
    }

    /** {@code xmlsec1 --sign} of the template {@code doc} (written into {@code dir}) with {@code options}: what it wrote. */
    private static byte[] run(Document doc, Path pkcs12, Path dir, String... options) throws Exception {
        Path template = Files.write(dir.resolve(UUID.randomUUID() + "-template.xml"), SecureXml.serialize(doc));
        Path out = dir.resolve(UUID.randomUUID() + "-signed.xml");
        List<String> command = new ArrayList<>(List.of("xmlsec1", "--sign", "--pkcs12", pkcs12.toString(), "--pwd",
                PASSWORD));
        command.addAll(List.of(options));
        command.addAll(List.of("--output", out.toString(), template.toString()));
        Process xmlsec1 = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(xmlsec1.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(xmlsec1.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(xmlsec1.exitValue()).as(output).isZero();
        return Files.readAllBytes(out);
    }

    private static Element child(Element parent, String localName) {
        return (Element) parent.appendChild(parent.getOwnerDocument().createElementNS(WsNames.DS, "ds:" + localName));
    }
}
