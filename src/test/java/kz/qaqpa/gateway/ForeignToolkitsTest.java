package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.WsNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * interop25: what SOAP toolkits that are not CXF send by default, with the HTTP head each writes, over a raw
 * connection to the running gateway. Found against a demo gateway, with node-soap itself and, for the others, their
 * signing as their source writes it and the heads they are known to send: node-soap's signature (the
 * enveloped-signature transform on the Timestamp's reference), zeep's KeyInfo (the certificate in {@code ds:X509Data}
 * inside the SecurityTokenReference) and a deflate-encoded body (PHP's SoapClient, SoapUI, .NET's DeflateStream) were
 * refused.
 */
class ForeignToolkitsTest {
    private static final String WS_ADDRESSING = "http://www.w3.org/2005/08/addressing";
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    @TempDir
    static Path files;

    /** node-soap 1.13's WSSecurityCert with its defaults (RSA-SHA256 and SHA-256 chosen), as node-soap writes the head. */
    @Test
    void nodeSoapsDefaultSignatureIsAccepted() {
        String messageId = messageId("node-soap");
        byte[] envelope = ToolkitRequests.nodeSoap(payload(messageId), rsa("portal"));
        RawSoap.Response answer = RawSoap.postAsWritten(gateway.asyncUrl(), List.of(
                "Accept: text/html,application/xhtml+xml,application/xml,text/xml;q=0.9,*/*;q=0.8",
                "Content-Type: text/xml; charset=utf-8", "User-Agent: node-soap/1.13.0", "Accept-Encoding: none",
                "Accept-Charset: utf-8", "SOAPAction: \"\""), envelope);
        ShepAnswers.assertAccepted(gateway, answer, messageId);
    }

    /** zeep 4's wsse.Signature (signature_method RSA-SHA256, digest_method SHA-256), as requests writes zeep's head. */
    @Test
    void zeepsSignatureIsAccepted() {
        String messageId = messageId("zeep");
        byte[] envelope = ToolkitRequests.zeep(payload(messageId), rsa("portal"));
        RawSoap.Response answer = RawSoap.postAsWritten(gateway.asyncUrl(), List.of(
                "User-Agent: Zeep/4.2.1 (www.python-zeep.org)", "Accept-Encoding: gzip, deflate", "Accept: */*",
                "Connection: keep-alive", "SOAPAction: \"\"", "Content-Type: text/xml; charset=utf-8"), envelope);
        ShepAnswers.assertAccepted(gateway, answer, messageId);
    }

    /**
     * review58b: zeep's X509SerialNumber beside the transport signature's certificate (outside the digest) written with
     * 2,000,000 digits. The names are read as the signer's certificate is taken, before the signature is verified, so
     * any published certificate of the PKI reaches them. attack58 reads them by KeyInfoNames.requireSerialOf, whose
     * {@code new BigInteger(text)} is quadratic in the digits: the request held a worker for many minutes. Expected:
     * SCE006 within RawSoap's 20 s (a serial longer than any certificate's, RFC 5280's 20 octets, names another
     * certificate, as in zeepsX509DataNamingAnotherCertificateIsRefused), nothing stored. Fails on main 560ac724
     * (attack58 merged): no answer within 20 s.
     */
    @Test
    void aTransportSerialNumberOfMillionsOfDigitsIsRefusedAtOnce() {
        String messageId = messageId("zeep-long-serial");
        Document envelope = SecureXml.parse(ToolkitRequests.zeep(payload(messageId), rsa("portal")));
        envelope.getElementsByTagNameNS(WsNames.DS, "X509SerialNumber").item(0).setTextContent("1".repeat(2_000_000));
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains("X509IssuerSerial", "another certificate");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * The enveloped-signature transform is taken only first, before the canonicalization (as node-soap writes it):
     * after it, it would work on canonical octets parsed again. Put there after the signing, refused by name before
     * any digest.
     */
    /**
     * attack58: zeep's KeyInfo (the certificate with its issuer and serial in one X509Data) whose names, outside the
     * signature's digest, name another system's certificate than the one that signed: the ЦОН's issuer and serial, or
     * the ЦОН's subject name put in beside. The message log keeps the request with its KeyInfo as signed evidence, so
     * it would name a second party the gateway never checked; the names must name the certificate carried, as a
     * document's must (attack23). Seen FAILING before the fix: HTTP 200, accepted as PORTAL.
     */
    @ParameterizedTest
    @ValueSource(strings = {"X509IssuerSerial", "X509SubjectName"})
    void zeepsX509DataNamingAnotherCertificateIsRefused(String name) {
        String messageId = messageId("zeep-names-another-" + name);
        Document envelope = SecureXml.parse(ToolkitRequests.zeep(payload(messageId), rsa("portal")));
        java.security.cert.X509Certificate con = rsa("con").certificate();
        if ("X509IssuerSerial".equals(name)) {
            RawSoap.first(envelope, WsNames.DS, "X509IssuerName").setTextContent(con.getIssuerX500Principal().getName());
            RawSoap.first(envelope, WsNames.DS, "X509SerialNumber").setTextContent(con.getSerialNumber().toString());
        } else {
            Element data = RawSoap.first(envelope, WsNames.DS, "X509Data");
            data.insertBefore(envelope.createElementNS(WsNames.DS, "X509SubjectName"), data.getFirstChild())
                    .setTextContent(con.getSubjectX500Principal().getName());
        }
        String fault = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(fault).contains(name, "another certificate");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    @Test
    void anEnvelopedTransformAfterTheCanonicalizationIsRefused() {
        String messageId = messageId("enveloped-after-c14n");
        Document envelope = SecureXml.parse(ToolkitRequests.nodeSoap(payload(messageId), rsa("portal")));
        Element transforms = (Element) envelope.getElementsByTagNameNS(WsNames.DS, "Transforms").item(1);
        transforms.appendChild(transforms.getFirstChild());
        String message = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE006");
        assertThat(message).contains(WsNames.ENVELOPED).contains("after another transform");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * A deflate-encoded body: the zlib format (PHP's SoapClient with SOAP_COMPRESSION_DEFLATE, its gzcompress; SoapUI's
     * request compression) or bare deflate data (.NET's DeflateStream); the PHP SoapClient's head, its SOAPAction
     * unquoted.
     */
    @ParameterizedTest(name = "zlib wrapper: {0}")
    @ValueSource(booleans = {true, false})
    void aDeflatedBodyIsAccepted(boolean zlib) {
        String messageId = messageId("deflate");
        byte[] envelope = SecureXml.serialize(RawSoap.signed(request(messageId), gateway.pki().key("portal")));
        RawSoap.Response answer = RawSoap.postAsWritten(gateway.asyncUrl(), List.of("Connection: Keep-Alive",
                "User-Agent: PHP-SOAP/8.2.7", "Content-Type: text/xml; charset=utf-8", "SOAPAction: sendMessage",
                "Accept-Encoding: gzip, deflate", "Content-Encoding: deflate"), deflate(envelope, zlib));
        ShepAnswers.assertAccepted(gateway, answer, messageId);
    }

    /** As a gzip body: the size limit holds for what it inflates to, whatever its compressed size. */
    @Test
    void aDeflatedBodyIsHeldToTheLimitAsItInflates() {
        byte[] large = new byte[6 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) ' ');
        byte[] bomb = deflate(large, true);
        assertThat(bomb.length).isLessThan(64 * 1024);
        ShepAnswers.assertFault(gateway, RawSoap.postAsWritten(gateway.asyncUrl(), List.of(
                "Content-Type: text/xml; charset=utf-8", "Content-Encoding: deflate"), bomb),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE010");
    }

    /** Bytes that are no deflate data under Content-Encoding: deflate: SCE001, not an internal error. */
    @Test
    void aBodyThatIsNotDeflateDataIsSce001() {
        String message = ShepAnswers.assertFault(gateway, RawSoap.postAsWritten(gateway.asyncUrl(), List.of(
                "Content-Type: text/xml; charset=utf-8", "Content-Encoding: deflate"), new byte[] {0x78, (byte) 0x9c, -1, -1, -1}),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE001");
        assertThat(message).contains("cannot read the request");
    }

    /**
     * attack43, held: legal XML-DSig as other signers write it, through the JDK's own implementation (JSR 105, not the
     * gateway's Santuario; a foreign toolkit's document signature): the {@code dsig:} prefix, an Id on Signature, SignedInfo, SignatureValue and KeyInfo,
     * exclusive c14n as SignedInfo's canonicalization with an InclusiveNamespaces PrefixList, KeyInfo holding
     * X509Data with the certificate only (as NCALayer and KalkanCrypt), base64 broken into lines. Accepted before and
     * after attack43's tightening of the walk.
     */
    @Test
    void aDocumentSignatureAsAnotherImplementationWritesItIsAccepted() throws Exception {
        String messageId = messageId("jsr105-document-signature");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial signer = rsa(sample.signerAlias());
        Element application = ShepXml.toElement(sample.build());
        javax.xml.crypto.dsig.XMLSignatureFactory factory = javax.xml.crypto.dsig.XMLSignatureFactory.getInstance("DOM");
        javax.xml.crypto.dsig.spec.ExcC14NParameterSpec prefixes = new javax.xml.crypto.dsig.spec.ExcC14NParameterSpec(
                List.of("xsi"));
        javax.xml.crypto.dsig.Reference reference = factory.newReference("",
                factory.newDigestMethod(javax.xml.crypto.dsig.DigestMethod.SHA256, null),
                List.of(factory.newTransform(javax.xml.crypto.dsig.Transform.ENVELOPED, (javax.xml.crypto.dsig.spec.TransformParameterSpec) null),
                        factory.newTransform(javax.xml.crypto.dsig.CanonicalizationMethod.EXCLUSIVE, prefixes)),
                null, null);
        javax.xml.crypto.dsig.SignedInfo info = factory.newSignedInfo(factory.newCanonicalizationMethod(
                javax.xml.crypto.dsig.CanonicalizationMethod.EXCLUSIVE, prefixes),
                factory.newSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", null),
                List.of(reference), "signed-info-1");
        javax.xml.crypto.dsig.keyinfo.KeyInfoFactory keys = factory.getKeyInfoFactory();
        javax.xml.crypto.dsig.keyinfo.KeyInfo keyInfo = keys.newKeyInfo(
                List.of(keys.newX509Data(List.of(signer.certificate()))), "key-info-1");
        javax.xml.crypto.dsig.dom.DOMSignContext context = new javax.xml.crypto.dsig.dom.DOMSignContext(
                signer.privateKey(), application);
        context.setDefaultNamespacePrefix("dsig");
        factory.newXMLSignature(info, keyInfo, null, "signature-1", "signature-value-1").sign(context);
        String written = SecureXml.toString(application.getOwnerDocument());
        assertThat(written).contains("<dsig:Signature", "Id=\"signed-info-1\"", "Id=\"signature-value-1\"",
                "Id=\"key-info-1\"", "PrefixList=\"xsi\"");

        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(gateway.client(Channel.PORTAL).request(application, messageId), rsa("portal"))), messageId);
    }

    private static byte[] deflate(byte[] bytes, boolean zlib) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, !zlib))) {
            deflater.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Element payload(String messageId) {
        return SoapEnvelopes.payload(RawSoap.envelope(request(messageId)));
    }
    /**
     * interop48: a sendMessage envelope signed by xmlsec1 (1.2, OpenSSL) itself from a template (its WS-Security
     * header with one reference to the Body by {@code wsu:Id}, exclusive C14N, RSA-SHA256, the sender's certificate in
     * KeyInfo/X509Data as xmlsec1 writes it, base64 in lines of 64), the citizen's signed document inside, posted by
     * curl exactly as xmlsec1 wrote it: accepted. (Skipped without xmlsec1 or curl, unless
     * {@value kz.qaqpa.ExternalTools#REQUIRED}.)
     */
    @Test
    void anEnvelopeXmlsec1SignedAndCurlPostedIsAccepted() throws Exception {
        kz.qaqpa.ExternalTools.assumeXmlsec1();
        kz.qaqpa.ExternalTools.assumeCurl();
        String messageId = messageId("xmlsec1-curl");
        byte[] envelope = Xmlsec1.signedEnvelope(payload(messageId), Xmlsec1.pkcs12(rsa("portal"), files), files);
        assertThat(new String(envelope, StandardCharsets.UTF_8)).as("xmlsec1 signed it").contains("<ds:X509Certificate>")
                .doesNotContain("<ds:DigestValue/>", "<ds:SignatureValue/>");
        ShepAnswers.assertAccepted(gateway, curl(gateway.asyncUrl(), envelope), messageId);
    }

    /**
     * interop48: a WCF client on a binding with WS-Addressing (SOAP 1.1, {@code Soap11WSAddressing10}) adds
     * {@code a:Action} and {@code a:To} with {@code s:mustUnderstand="1"}, {@code a:MessageID} and {@code a:ReplyTo}
     * (anonymous), which the ШЭП does not use. Unsigned and marked mustUnderstand: SOAP's MustUnderstand fault, SCE019,
     * naming {@code a:Action} (the gateway processes no WS-Addressing; SOAP 1.1 §4.2.3), nothing stored; the same
     * headers without mustUnderstand bind the gateway to nothing: accepted. (Signed, as WCF's message security signs
     * them by default: SCE006, {@code InteropTest.aThirdSignedPartIsRefused}.)
     */
    @ParameterizedTest(name = "mustUnderstand: {0}")
    @ValueSource(booleans = {true, false})
    void wcfsAddressingHeadersAreRefusedByMustUnderstandOrIgnored(boolean mustUnderstand) {
        String messageId = messageId("wcf-addressing-" + mustUnderstand);
        Document envelope = WcfRequests.signed(payload(messageId), rsa("portal"));
        Element header = RawSoap.first(envelope, WsNames.SOAP11, "Header");
        addressing(header, "Action", "http://bip.bee.kz/AsyncChannel/v10/Interfaces/sendMessage", mustUnderstand);
        addressing(header, "MessageID", "urn:uuid:" + UUID.randomUUID(), false);
        addressing(header, "ReplyTo", null, false).appendChild(envelope.createElementNS(WS_ADDRESSING, "a:Address"))
                .setTextContent(WS_ADDRESSING + "/anonymous");
        addressing(header, "To", gateway.asyncUrl(), mustUnderstand);
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), envelope);
        if (mustUnderstand) {
            assertThat(ShepAnswers.assertFault(gateway, answer, ShepAnswers.SEND_MESSAGE_FAULT, "SCE019"))
                    .contains("{" + WS_ADDRESSING + "}Action", "mustUnderstand");
            ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        } else {
            ShepAnswers.assertAccepted(gateway, answer, messageId);
        }
    }

    /** A WS-Addressing header {@code a:<name>} with {@code text}, appended to {@code header}. */
    private static Element addressing(Element header, String name, String text, boolean mustUnderstand) {
        Element element = (Element) header.appendChild(header.getOwnerDocument().createElementNS(WS_ADDRESSING, "a:" + name));
        if (text != null) {
            element.setTextContent(text);
        }
        if (mustUnderstand) {
            element.setAttributeNS(WsNames.SOAP11, header.getPrefix() + ":mustUnderstand", "1");
        }
        return element;
    }

    /**
     * {@code curl} POSTing {@code body} as it is to {@code url} (text/xml, SOAPAction ""), the answer as received; files
     * in {@link #files}.
     */
    private static RawSoap.Response curl(String url, byte[] body) throws Exception {
        Path request = Files.write(files.resolve(UUID.randomUUID() + "-request.xml"), body);
        Path answer = files.resolve(UUID.randomUUID() + "-answer.xml");
        Process curl = new ProcessBuilder("curl", "-sS", "-o", answer.toString(), "-w", "%{http_code} %{content_type}",
                "-H", "Content-Type: text/xml; charset=UTF-8", "-H", "SOAPAction: \"\"", "--data-binary",
                "@" + request, url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String written = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(written).isZero();
        String[] statusAndType = written.split(" ", 2);
        return new RawSoap.Response(Integer.parseInt(statusAndType[0]), statusAndType[1], Files.readAllBytes(answer),
                java.util.Set.of());
    }

    private static SendMessage request(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }

    /** RSA whatever the PKI's default family: JSR-105 knows no GOST. */
    private static KeyMaterial rsa(String alias) {
        return gateway.pki().key(alias, KeyAlgorithm.RSA);
    }

    private static String messageId(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
