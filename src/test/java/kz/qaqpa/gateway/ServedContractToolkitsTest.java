package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.ExternalTools;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * interop49: a client an integrator builds without CXF and without our Java, from the served contract alone. python
 * zeep (Debian's python3-zeep with python3-xmlsec) reads {@code ?wsdl} and every {@code ?wsdl=}/{@code ?xsd=} it
 * imports from the gateway's URLs, builds the envelope and the operation element itself (only the business document in
 * {@code data} is given), signs it with its own wsse.Signature and verifies the gateway's signed answer, a fault too,
 * with the gateway's certificate (src/test/resources/toolkits/zeep-client.py). xmllint (libxml2, XSD 1.0 only) loads
 * the channels' schemas from the served {@code ?xsd=} URLs and validates what zeep sent and what the gateway answered.
 * Skipped where a program is missing, failed then with {@value ExternalTools#REQUIRED}.
 */
class ServedContractToolkitsTest {
    private static final String ZEEP_MISSING = "python3 with zeep and xmlsec is not installed"
            + " (apt-get install python3-zeep python3-xmlsec)";
    private static final String ASYNC_SCHEMA = "?xsd=types/async-channel.xsd";
    private static final String SYNC_SCHEMA = "?xsd=types/sync-channel.xsd";
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.test-pki.gateway-key-algorithm", "RSA")
            .with("qaqpa.mocks.provider.poll-interval", "PT1H");
    @TempDir
    static Path files;

    /** zeep's sendMessage, signed by zeep: accepted and stored; its answer verified by zeep; both valid to xmllint. */
    @Test
    void aSendMessageZeepBuiltFromTheServedWsdlIsAcceptedAndItsAnswerVerifies() throws Exception {
        String messageId = "zeep-served-" + UUID.randomUUID();
        Zeep zeep = zeep("async-send", gateway.asyncUrl(), application(), messageId, "PORTAL", "portal-secret",
                kz.qaqpa.mocks.walkthrough.ChannelClient.SERVICE_ID, true);
        assertThat(zeep.outcome()).as(zeep.output()).containsEntry("outcome", "answer")
                .containsEntry("messageId", messageId);
        assertThat(zeep.outcome().get("correlationId")).as(zeep.output()).isNotBlank();
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).as("stored").isPresent();
        assertValidToXmllint(gateway.asyncUrl() + ASYNC_SCHEMA, zeep.sent(), zeep.answer());
    }

    /**
     * The same with the document given as zeep gives a string to an xs:anyType (its AnyObject of xs:string: escaped
     * text, {@code xsi:type="xs:string"}): accepted and stored as the same application.
     */
    @Test
    void aSendMessageWithTheDocumentAsZeepsStringIsAccepted() throws Exception {
        String messageId = "zeep-text-" + UUID.randomUUID();
        Zeep zeep = zeep("async-send", gateway.asyncUrl(), application(), "text", messageId, "PORTAL", "portal-secret",
                kz.qaqpa.mocks.walkthrough.ChannelClient.SERVICE_ID, true);
        assertThat(new String(zeep.sent(), StandardCharsets.UTF_8)).as("zeep wrote the document as text")
                .contains("&lt;", "xs:string");
        assertThat(zeep.outcome()).as(zeep.output()).containsEntry("outcome", "answer")
                .containsEntry("messageId", messageId);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).as("stored").isPresent();
    }

    /** zeep's verification can say no: the same answer, verified with another certificate (the portal's), is refused. */
    @Test
    void zeepRefusesTheAnswerVerifiedWithAnotherCertificate() throws Exception {
        String messageId = "zeep-other-verifier-" + UUID.randomUUID();
        Zeep zeep = run("async-send", gateway.asyncUrl(), application(), "inline", messageId, "PORTAL", "portal-secret",
                kz.qaqpa.mocks.walkthrough.ChannelClient.SERVICE_ID, true,
                gateway.pki().key("portal", KeyAlgorithm.RSA).certificate());
        assertThat(zeep.exit()).as(zeep.output()).isNotZero();
        assertThat(zeep.output()).contains("SignatureVerificationFailed");
    }

    /** Unsigned: the contract's fault, SCE007, read by zeep as the operation's fault, its signature verified by zeep. */
    @Test
    void anUnsignedSendMessageGetsTheDeclaredFaultZeepReadsAndVerifies() throws Exception {
        String messageId = "zeep-unsigned-" + UUID.randomUUID();
        Zeep zeep = zeep("async-send", gateway.asyncUrl(), application(), messageId, "PORTAL", "portal-secret",
                kz.qaqpa.mocks.walkthrough.ChannelClient.SERVICE_ID, false);
        assertThat(zeep.outcome()).as(zeep.output()).containsEntry("outcome", "fault").containsEntry("code", "SCE007");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        assertValidToXmllint(gateway.asyncUrl() + ASYNC_SCHEMA, zeep.sent());
    }

    /**
     * zeep's sync look-up from the served sync WSDL: answered (SCSS001, its correlationId the look-up's messageId, as
     * state systems name the request they answer), the answer verified by zeep, both valid to xmllint.
     */
    @Test
    void aSyncLookUpZeepBuiltFromTheServedWsdlIsAnsweredAndItsAnswerVerifies() throws Exception {
        PersonRequest person = new PersonRequest();
        person.setIin("850315401201");
        String messageId = "zeep-sync-" + UUID.randomUUID();
        Zeep zeep = zeep("sync-send", gateway.syncUrl(), ShepXml.toElement(person), messageId, "PORTAL", "portal-secret",
                "GBDFL_PERSON", true);
        assertThat(zeep.outcome()).as(zeep.output()).containsEntry("outcome", "answer")
                .containsEntry("responseInfo.correlationId", messageId).containsEntry("responseInfo.status.code", "SCSS001");
        assertValidToXmllint(gateway.syncUrl() + SYNC_SCHEMA, zeep.sent(), zeep.answer());
    }

    /**
     * A provider's poll (getMessages) by zeep from the served WSDL, signed by zeep as the provider's system: answered,
     * the application the portal sent among its messages, the answer verified by zeep; both valid to xmllint.
     */
    @Test
    void aProvidersPollZeepBuiltFromTheServedWsdlGetsTheApplicationAndItsAnswerVerifies() throws Exception {
        String correlationId = gateway.client(Channel.PORTAL).submit(application(), "zeep-polled-" + UUID.randomUUID())
                .getCorrelationId();
        Zeep zeep = zeep("async-poll", gateway.asyncUrl(), null, "zeep-poll-" + UUID.randomUUID(), "EASTANA",
                "eastana-secret", kz.qaqpa.mocks.walkthrough.ChannelClient.SERVICE_ID, true);
        assertThat(zeep.outcome()).as(zeep.output()).containsEntry("outcome", "answer");
        assertThat(zeep.output()).contains("messages.messageInfo.correlationId=" + correlationId);
        assertValidToXmllint(gateway.asyncUrl() + ASYNC_SCHEMA, zeep.sent(), zeep.answer());
    }

    // ------------------------------------------------------------------ zeep

    /** What the script printed ("path=value" lines, read into {@code outcome}), sent and was answered (envelopes). */
    private record Zeep(int exit, String output, Map<String, String> outcome, byte[] sent, byte[] answer) {
    }

    private static Zeep zeep(String operation, String url, Element data, String messageId, String sender,
                             String password, String serviceId, boolean signed) throws Exception {
        return zeep(operation, url, data, "inline", messageId, sender, password, serviceId, signed);
    }

    private static Zeep zeep(String operation, String url, Element data, String dataForm, String messageId, String sender,
                             String password, String serviceId, boolean signed) throws Exception {
        Zeep zeep = run(operation, url, data, dataForm, messageId, sender, password, serviceId, signed,
                gateway.pki().key("gateway", KeyAlgorithm.RSA).certificate());
        assertThat(zeep.exit()).as(zeep.output()).isZero();
        return zeep;
    }

    /**
     * The script run: {@code dataForm} inline (the document's element in {@code data}) or text (zeep's AnyObject of
     * xs:string); zeep verifies the answer with {@code verifier}'s key.
     */
    private static Zeep run(String operation, String url, Element data, String dataForm, String messageId, String sender,
                            String password, String serviceId, boolean signed, java.security.cert.X509Certificate verifier)
            throws Exception {
        String python = ExternalTools.python(ZEEP_MISSING, "zeep, xmlsec");
        Path script = files.resolve("zeep-client.py");
        if (!Files.exists(script)) {
            try (var in = ServedContractToolkitsTest.class.getResourceAsStream("/toolkits/zeep-client.py")) {
                Files.copy(in, script);
            }
        }
        KeyMaterial key = gateway.pki().key(sender.toLowerCase(java.util.Locale.ROOT), KeyAlgorithm.RSA);
        List<String> dataFile = data == null ? List.of() : List.of("--data", Files.write(files.resolve(messageId + "-data.xml"),
                SecureXml.serialize(data.getOwnerDocument())).toString(), "--data-form", dataForm);
        Path sent = files.resolve(messageId + "-sent.xml");
        Path answer = files.resolve(messageId + "-answer.xml");
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--wsdl", url + "?wsdl",
                "--operation", operation,
                "--key", pem(messageId + "-key.pem", "PRIVATE KEY", key.privateKey().getEncoded()).toString(),
                "--cert", pem(messageId + "-cert.pem", "CERTIFICATE", key.certificate().getEncoded()).toString(),
                "--gateway-cert", pem(messageId + "-verifier.pem", "CERTIFICATE", verifier.getEncoded()).toString(),
                "--message-id", messageId, "--sender", sender, "--password", password, "--service", serviceId,
                "--sent-out", sent.toString(), "--answer-out", answer.toString()));
        command.addAll(dataFile);
        if (!signed) {
            command.add("--unsigned");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        Map<String, String> outcome = new LinkedHashMap<>();
        output.lines().filter(line -> line.contains("=")).forEach(line -> outcome.putIfAbsent(
                line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return new Zeep(process.exitValue(), output, outcome, Files.exists(sent) ? Files.readAllBytes(sent) : null,
                Files.exists(answer) ? Files.readAllBytes(answer) : null);
    }

    private static Path pem(String name, String label, byte[] der) throws Exception {
        return Files.writeString(files.resolve(name), "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n");
    }

    private static Element application() {
        return gateway.signed(SampleApplication.on(Channel.PORTAL));
    }

    // ------------------------------------------------------------------ xmllint

    /**
     * The operation element of each envelope is valid to {@code xmllint --schema} loading the schema from the served
     * {@code schemaUrl} (its imports from the URLs it names): the schema resolves from the served URLs alone and is
     * XSD 1.0 (libxml2 knows no other).
     */
    static void assertValidToXmllint(String schemaUrl, byte[]... envelopes) throws Exception {
        ExternalTools.assumeRuns("xmllint is not installed (apt-get install libxml2-utils)", "xmllint", "--version");
        for (byte[] envelope : envelopes) {
            assertThat(envelope).as("an envelope").isNotNull();
            Element payload = SoapEnvelopes.payload(SecureXml.parse(envelope));
            Path file = Files.createTempFile("interop49-", "-payload.xml");
            Files.write(file, SecureXml.toString(payload).getBytes(StandardCharsets.UTF_8));
            Process xmllint = new ProcessBuilder("xmllint", "--noout", "--schema", schemaUrl, file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(xmllint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(xmllint.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
            assertThat(xmllint.exitValue()).as("xmllint --schema %s on\n%s\n%s", schemaUrl,
                    SecureXml.toString(payload), output).isZero();
            assertThat(output).contains(" validates");
            Files.delete(file);
        }
    }
}
