package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.MadeCertificates;
import kz.qaqpa.trust.WsNames;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * interop47: a citizen's document whose KeyInfo names the signer's certificate (X509SubjectName, KeyName, and the
 * issuer's name in X509IssuerSerial) as other signers' toolkits write a НУЦ РК name, with its ИИН attribute named
 * (SERIALNUMBER=IIN…, serialNumber=IIN…), over HTTP to the running gateway: accepted, and the application reaches the
 * provider, whose result comes back. On the code before, each was SCE016 (attack46's four forms only; Santuario's
 * comparison never matched these names with the JDK's 2.5.4.5=#13…). Near-misses of them stay SCE016.
 */
class KeyInfoNamesTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    @TempDir
    static Path files;

    /**
     * The ЦОН operator's certificate (CN, SERIALNUMBER=IIN…, OU=BIN…, O, C=KZ) named as: OpenSSL's {@code -nameopt
     * RFC2253} (printed by openssl itself), BouncyCastle's X500Name (BCStyle, in the encoding's order; RFC4519Style),
     * the JDK's {@code X500Principal.toString()}, .NET's {@code X500DistinguishedName.Name} (written out: .NET does
     * not run here), Python cryptography's {@code rfc4514_string()} (written out by its rule, interop48; as python3
     * writes it in {@link #aDocumentWhoseNamesPythonWroteIsAccepted}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"openssl", "bouncycastle", "bouncycastle-rfc4519", "jdk-toString", "dotnet", "python"})
    void aDocumentNamingItsSignerAsAToolkitWritesTheNameIsAccepted(String toolkit) throws Exception {
        String messageId = messageId("named-" + toolkit);
        SampleApplication sample = SampleApplication.on(Channel.CON);
        X509Certificate signer = gateway.pki().key(sample.signerAlias()).certificate();
        assertNamedAccepted(sample, messageId, written(toolkit, signer.getSubjectX500Principal()),
                written(toolkit, signer.getIssuerX500Principal()));
    }

    /**
     * A document signed by xmlsec1 (1.2, OpenSSL) itself from a template asking for the signer's subject name and
     * issuer-serial beside its certificate, with a PKCS#12 holding the signer's key and certificate alone (with the
     * chain in it, xmlsec1 names every certificate, the CAs' too, which attack23's rule refuses): accepted and stored.
     * The issuer's name is Cyrillic, written by xmlsec1 as UTF-8 bytes {@code \XX}. (Skipped where xmlsec1 is not
     * installed.)
     */
    @Test
    void aDocumentWhoseNamesXmlsec1WroteIsAccepted() throws Exception {
        kz.qaqpa.ExternalTools.assumeXmlsec1();
        String messageId = messageId("named-xmlsec1");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        assertThat(signer.certificate().getPublicKey().getAlgorithm()).as("xmlsec1 knows no GOST").isEqualTo("RSA");
        Element signed = Xmlsec1.signed(ShepXml.toElement(sample.build()), pkcs12Alone(signer), files, "X509Certificate",
                "X509SubjectName", "X509IssuerSerial");
        String subject = signed.getElementsByTagNameNS(WsNames.DS, "X509SubjectName").item(0).getTextContent();
        assertThat(subject).as("xmlsec1 names the ИИН attribute").contains("serialNumber=IIN")
                .isEqualTo(openSsl(signer.certificate().getSubjectX500Principal()));
        String issuer = signed.getElementsByTagNameNS(WsNames.DS, "X509IssuerName").item(0).getTextContent();
        assertThat(issuer).isEqualTo(openSsl(signer.certificate().getIssuerX500Principal())).contains("\\D");
        ShepAnswers.assertStored(gateway, Channel.PORTAL, signed, messageId);
    }

    /**
     * interop48: a document whose KeyInfo names its signer (KeyName, X509SubjectName, X509IssuerSerial's issuer in
     * Cyrillic) as python3's {@code cryptography} writes the certificate's names ({@code 2.5.4.5=IIN…}, the
     * Cyrillic as it is): accepted and stored, the provider's result back. Before: SCE016 ("names … another
     * certificate"). (Skipped where python3 with cryptography is not installed, unless
     * {@value kz.qaqpa.ExternalTools#REQUIRED}.)
     */
    @Test
    void aDocumentWhoseNamesPythonWroteIsAccepted() throws Exception {
        kz.qaqpa.trust.SignerNameFormsTest.requirePython();
        String messageId = messageId("named-python3");
        SampleApplication sample = SampleApplication.on(Channel.CON);
        X509Certificate signer = gateway.pki().key(sample.signerAlias()).certificate();
        java.util.List<String> names = kz.qaqpa.trust.SignerNameFormsTest.pythonNames(signer, files);
        assertThat(names.get(0)).as("python names the ИИН attribute by its OID").contains(",2.5.4.5=IIN");
        assertThat(names.get(1)).as("python writes the Cyrillic as it is").matches(".*\\p{IsCyrillic}.*")
                .doesNotContain("\\");
        assertNamedAccepted(sample, messageId, names.get(0), names.get(1));
    }

    /**
     * CON's {@code sample}, its signer named {@code subject} (KeyName, X509SubjectName) and its issuer {@code issuer}
     * (X509IssuerSerial), sent over HTTP: accepted, stored, and the provider's result comes back.
     */
    private static void assertNamedAccepted(SampleApplication sample, String messageId, String subject, String issuer) {
        Element signed = gateway.signed(sample);
        named(signed, subject, issuer, gateway.pki().key(sample.signerAlias()).certificate());
        String correlationId = ShepAnswers.assertStored(gateway, Channel.CON, signed, messageId);
        assertThat(gateway.mocks().con().awaitResult(correlationId, Duration.ofSeconds(30))).isPresent();
    }

    /**
     * interop48: a document signed by python3 with the stdlib and cryptography alone (src/test/resources/toolkits/
     * python-enveloped-sign.py: ElementTree's C14N 2.0 for exclusive C14N, RSA-SHA256, the certificate, its subject
     * and issuer-serial as cryptography writes names), as a Python signer without an XML-DSig library writes it:
     * accepted and stored. (Skipped where python3 with cryptography is not installed, unless
     * {@value kz.qaqpa.ExternalTools#REQUIRED}.)
     */
    @Test
    void aDocumentPythonSignedIsAccepted() throws Exception {
        kz.qaqpa.trust.SignerNameFormsTest.requirePython();
        String messageId = messageId("signed-python3");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        assertThat(signer.certificate().getPublicKey().getAlgorithm()).as("the script signs with RSA").isEqualTo("RSA");
        Path script = files.resolve("python-enveloped-sign.py");
        try (var in = KeyInfoNamesTest.class.getResourceAsStream("/toolkits/python-enveloped-sign.py")) {
            java.nio.file.Files.copy(in, script);
        }
        Path document = java.nio.file.Files.write(files.resolve(messageId + ".xml"),
                kz.qaqpa.xml.SecureXml.serialize(ShepXml.toElement(sample.build()).getOwnerDocument()));
        Path key = java.nio.file.Files.writeString(files.resolve(messageId + "-key.pem"), pem("PRIVATE KEY",
                signer.privateKey().getEncoded()));
        Path certificate = java.nio.file.Files.writeString(files.resolve(messageId + "-certificate.pem"),
                pem("CERTIFICATE", signer.certificate().getEncoded()));
        Path signed = files.resolve(messageId + "-signed.xml");
        Process python = new ProcessBuilder("python3", script.toString(), document.toString(), key.toString(),
                certificate.toString(), signed.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(python.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        Element application = kz.qaqpa.xml.SecureXml.parse(java.nio.file.Files.readAllBytes(signed)).getDocumentElement();
        assertThat(application.getElementsByTagNameNS(WsNames.DS, "X509SubjectName").item(0).getTextContent())
                .contains(",2.5.4.5=IIN");
        ShepAnswers.assertStored(gateway, Channel.PORTAL, application, messageId);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /**
     * interop48: a document signed by Santuario's own API naming its signer from the certificate (an X509Data of
     * {@code XMLX509Certificate}, {@code XMLX509SubjectName(doc, certificate)} and {@code XMLX509IssuerSerial(doc,
     * certificate)}: the JDK's RFC 2253 names, each child on its line) and by the JDK's own XML-DSig (JSR 105:
     * {@code KeyInfoFactory.newX509IssuerSerial} and a subject name from {@code X500Principal.getName()}, a KeyName
     * too): accepted and stored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"santuario", "jsr105"})
    void aDocumentWhoseNamesTheJavaSignersWroteIsAccepted(String signerApi) throws Exception {
        String messageId = messageId("named-" + signerApi);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = key(sample.signerAlias());
        assertThat(signer.certificate().getPublicKey().getAlgorithm()).as("the JDK's XML-DSig knows no GOST")
                .isEqualTo("RSA");
        Element document = ShepXml.toElement(sample.build());
        Element signature = "santuario".equals(signerApi) ? JavaSigners.santuario(document, signer)
                : JavaSigners.jsr105(document, signer);
        assertThat(signature.getElementsByTagNameNS(WsNames.DS, "X509IssuerName").item(0).getTextContent())
                .isEqualTo(signer.certificate().getIssuerX500Principal().getName());
        ShepAnswers.assertStored(gateway, Channel.PORTAL, document, messageId);
    }

    /**
     * Near-misses no signer writes: OpenSSL's form with the ИИН attribute in upper case, .NET's with it in OpenSSL's
     * case, BouncyCastle's with a space after each comma, .NET's with two spaces after a comma: SCE016, nothing stored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"openssl-upper-case", "dotnet-openssl-case", "bouncycastle-spaced", "dotnet-two-spaces"})
    void aNameNoToolkitWritesIsRefused(String nearMiss) {
        String messageId = messageId("near-miss-" + nearMiss);
        SampleApplication sample = SampleApplication.on(Channel.CON);
        X509Certificate signer = gateway.pki().key(sample.signerAlias()).certificate();
        String net = dotNet(signer.getSubjectX500Principal());
        String name = switch (nearMiss) {
            case "openssl-upper-case" -> net.replace(", ", ",");
            case "dotnet-openssl-case" -> net.replace("SERIALNUMBER=", "serialNumber=");
            case "bouncycastle-spaced" -> X500Name.getInstance(signer.getSubjectX500Principal().getEncoded()).toString()
                    .replace(",", ", ");
            default -> net.replaceFirst(", ", ",  ");
        };
        assertThat(name).isNotEqualTo(net);
        Element signed = gateway.signed(sample);
        signed.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0)
                .appendChild(signed.getOwnerDocument().createElementNS(WsNames.DS, "ds:X509SubjectName")).setTextContent(name);
        String message = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.CON).request(signed, messageId), key("con"))),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE016");
        assertThat(message).contains("KeyInfo", "X509SubjectName");
        ShepAnswers.assertNotStored(gateway, "CON", messageId);
    }

    /**
     * attack49: a KeyInfo's names are compared with their certificate's forms before its chain is checked, and the
     * forms of a self-made certificate's name of a megabyte took a worker a second each name. A document signed with a
     * self-made certificate named by 400 RDNs (some 10 KB encoded), its X509SubjectName that name's RFC 2253 form:
     * SCE016 naming the name's length, before any form is made; nothing stored. Before: the forms were made and matched,
     * and the refusal came later, from the chain.
     */
    @Test
    void aSignersNameLongerThanAnyCertificateAuthorityWritesIsRefusedBeforeItsFormsAreMade() throws Exception {
        String messageId = messageId("long-name");
        SampleApplication sample = SampleApplication.on(Channel.CON);
        X509Certificate issuing = gateway.pki().key(sample.signerAlias()).chain().get(1);
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        for (int i = 0; i < 400; i++) {
            name.addRDN(BCStyle.OU, "BIN0812400033" + i);
        }
        X500Principal subject = new X500Principal(name.build().getEncoded());
        assertThat(subject.getEncoded().length).isGreaterThan(8192);
        KeyPair keys = MadeCertificates.keys();
        X509Certificate made = MadeCertificates.certificate(subject, keys.getPublic(), issuing.getSubjectX500Principal(),
                keys.getPrivate(), false);
        Element signed = GatewayHarness.signed(sample, new KeyMaterial(keys.getPrivate(), made, List.of(made)));
        signed.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0)
                .appendChild(signed.getOwnerDocument().createElementNS(WsNames.DS, "ds:X509SubjectName"))
                .setTextContent(subject.getName());
        String message = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.CON).request(signed, messageId), key("con"))),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE016");
        assertThat(message).contains("KeyInfo", "bytes encoded, longer than any certificate authority writes");
        ShepAnswers.assertNotStored(gateway, "CON", messageId);
    }

    /**
     * review58b: an X509SerialNumber of two million digits beside the signer's certificate (the KeyInfo is outside the
     * digest: anyone on the way may write it) is read by {@code new BigInteger(text)}, whose time grows with the square
     * of the digits (400,000 took 17 s at a load of 15): one request held a worker for many minutes. A certificate's
     * serial has at most 20 octets (RFC 5280 4.1.2.2), 49 digits: longer is another certificate's, SCE016 at once,
     * nothing stored. Fails on main-58 (1e329be7..af3d98eb): no answer within RawSoap's 20 s.
     */
    @Test
    void aSerialNumberOfMillionsOfDigitsIsRefusedAtOnce() {
        String messageId = messageId("long-serial");
        SampleApplication sample = SampleApplication.on(Channel.CON);
        X509Certificate signer = gateway.pki().key(sample.signerAlias()).certificate();
        Element signed = gateway.signed(sample);
        Document doc = signed.getOwnerDocument();
        Element issuerSerial = (Element) signed.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0)
                .appendChild(doc.createElementNS(WsNames.DS, "ds:X509IssuerSerial"));
        issuerSerial.appendChild(doc.createElementNS(WsNames.DS, "ds:X509IssuerName"))
                .setTextContent(signer.getIssuerX500Principal().getName());
        issuerSerial.appendChild(doc.createElementNS(WsNames.DS, "ds:X509SerialNumber"))
                .setTextContent("1".repeat(2_000_000));
        String message = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.CON).request(signed, messageId), key("con"))),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE016");
        assertThat(message).contains("KeyInfo", "X509IssuerSerial");
        ShepAnswers.assertNotStored(gateway, "CON", messageId);
    }

    /**
     * walk59: python-xmlsec (libxmlsec1 1.3) signing a document from a template that asks for an X509IssuerSerial, as
     * zeep's does, leaves that element empty. Documents keep attack43's rule (one issuer name and one serial; the
     * transport lets an empty one be, session 58), but the refusal said the KeyInfo "names in its X509IssuerSerial
     * another certificate", which sent the integrator looking for a wrong certificate. Now SCE016 says it is empty and
     * what to do; nothing stored.
     */
    @Test
    void anEmptyX509IssuerSerialIsRefusedSayingItIsEmpty() {
        String messageId = messageId("empty-issuer-serial");
        SampleApplication sample = SampleApplication.on(Channel.CON);
        Element signed = gateway.signed(sample);
        signed.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0)
                .appendChild(signed.getOwnerDocument().createElementNS(WsNames.DS, "ds:X509IssuerSerial"));
        String message = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.CON).request(signed, messageId), key("con"))),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE016");
        assertThat(message).contains("KeyInfo", "empty X509IssuerSerial", "names no certificate")
                .doesNotContain("another certificate");
        ShepAnswers.assertNotStored(gateway, "CON", messageId);
    }

    private static String written(String toolkit, X500Principal name) throws Exception {
        return switch (toolkit) {
            case "openssl" -> openSsl(name);
            case "bouncycastle" -> X500Name.getInstance(name.getEncoded()).toString();
            case "bouncycastle-rfc4519" -> X500Name.getInstance(RFC4519Style.INSTANCE, name.getEncoded()).toString();
            case "jdk-toString" -> name.toString();
            case "python" -> python(name);
            default -> dotNet(name);
        };
    }

    /**
     * Python cryptography's {@code rfc4514_string()} of the test PKI's names, written out by its rule (the last RDN
     * first, "," between, 2.5.4.5 by its OID, the text as it is): their values hold nothing it escapes.
     */
    private static String python(X500Principal name) {
        String written = name.getName(X500Principal.RFC1779).replace("OID.2.5.4.5=", "2.5.4.5=").replace(", ", ",");
        assertThat(written).as("nothing cryptography would escape").doesNotContain("\"", "\\", "+", ";", "<", ">");
        return written;
    }

    /**
     * .NET's Name of the test PKI's names, written out by its rule (X500NameEncoder: the last RDN first, ", " between,
     * SERIALNUMBER for 2.5.4.5): their values hold nothing .NET quotes.
     */
    private static String dotNet(X500Principal name) {
        String written = name.getName(X500Principal.RFC1779).replace("OID.2.5.4.5=", "SERIALNUMBER=");
        assertThat(written).as("nothing .NET would quote").doesNotContain("\"");
        return written;
    }

    /** The signer's names put into the KeyInfo of {@code signed}: a KeyName, an X509SubjectName, an X509IssuerSerial. */
    private static void named(Element signed, String subject, String issuer, X509Certificate signer) {
        Document doc = signed.getOwnerDocument();
        Element x509Data = (Element) signed.getElementsByTagNameNS(WsNames.DS, "X509Data").item(0);
        x509Data.getParentNode().insertBefore(doc.createElementNS(WsNames.DS, "ds:KeyName"), x509Data).setTextContent(subject);
        x509Data.appendChild(doc.createElementNS(WsNames.DS, "ds:X509SubjectName")).setTextContent(subject);
        Element issuerSerial = (Element) x509Data.appendChild(doc.createElementNS(WsNames.DS, "ds:X509IssuerSerial"));
        issuerSerial.appendChild(doc.createElementNS(WsNames.DS, "ds:X509IssuerName")).setTextContent(issuer);
        issuerSerial.appendChild(doc.createElementNS(WsNames.DS, "ds:X509SerialNumber"))
                .setTextContent(signer.getSerialNumber().toString());
    }

    /** What {@code openssl x509 -noout -subject -nameopt RFC2253} prints of a certificate named {@code name}. */
    private static String openSsl(X500Principal name) throws Exception {
        return kz.qaqpa.trust.SignerNameFormsTest.openSslSubject(name, files);
    }

    /** A PKCS#12 file holding {@code signer}'s key and certificate, without its chain. */
    private static Path pkcs12Alone(KeyMaterial signer) throws Exception {
        return Xmlsec1.pkcs12(signer, files);
    }

    private static KeyMaterial key(String alias) {
        return gateway.pki().key(alias);
    }

    private static String messageId(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
