package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What clients vary at the HTTP and encoding level, sent as raw HTTP to the running gateway: the SOAP version
 * (a SOAP 1.2 client gets its refusal as a SOAP 1.2 fault it can read). The message log still verifies (last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpVariantsTest {
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String SOAP12_CONTENT_TYPE = "application/soap+xml; charset=utf-8";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();

    // ------------------------------------------------------------------ SOAP 1.2

    /**
     * A SOAP 1.2 envelope, with SOAP 1.2's Content-Type or with SOAP 1.1's: a SOAP 1.2 fault (env:VersionMismatch,
     * the env:Upgrade header naming the SOAP 1.1 envelope), application/soap+xml, HTTP 500, the operation's ErrorInfo
     * with SCE001, signed. Before, the SOAP 1.2 client got a SOAP 1.1 fault in text/xml, which its stack cannot read.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SOAP12_CONTENT_TYPE + "; action=\"sendMessage\"", "text/xml; charset=UTF-8"})
    void aSoap12EnvelopeGetsASoap12VersionMismatchFault(String contentType) {
        RawSoap.Response answer = post(gateway.asyncUrl(), RawSoap.request("soap12-envelope.xml"),
                Map.of("Content-Type", contentType));

        Element fault = assertSoap12Fault(answer, "VersionMismatch", ShepAnswers.SEND_MESSAGE_FAULT, "SCE001");
        Element upgrade = child(child(fault.getOwnerDocument().getDocumentElement(), SOAP12, "Header"), SOAP12, "Upgrade");
        Element supported = child(upgrade, SOAP12, "SupportedEnvelope");
        String qname = supported.getAttribute("qname");
        assertThat(supported.lookupNamespaceURI(qname.substring(0, qname.indexOf(':'))))
                .isEqualTo("http://schemas.xmlsoap.org/soap/envelope/");
        assertThat(qname).endsWith(":Envelope");
    }

    @Test
    void aSoap12SyncLookUpGetsTheSyncChannelsFaultInSoap12() {
        byte[] request = ("<env:Envelope xmlns:env=\"" + SOAP12 + "\"><env:Body><s:SendMessage xmlns:s="
                + "\"http://bip.bee.kz/SyncChannel/v10/Types\"><request/></s:SendMessage></env:Body></env:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
        assertSoap12Fault(post(gateway.syncUrl(), request, Map.of("Content-Type", SOAP12_CONTENT_TYPE)),
                "VersionMismatch", ShepAnswers.SYNC_FAULT, "SCE001");
    }

    /** Broken XML declared as SOAP 1.2: not a version mismatch, the sender's fault (env:Sender), in SOAP 1.2. */
    @Test
    void brokenXmlDeclaredSoap12GetsASoap12SenderFault() {
        assertSoap12Fault(post(gateway.asyncUrl(), RawSoap.request("malformed.xml"), Map.of("Content-Type", SOAP12_CONTENT_TYPE)),
                "Sender", ShepAnswers.SEND_MESSAGE_FAULT, "SCE001");
    }

    /** Refused by the HTTP server while it streamed in (above the size limit): in SOAP 1.2 all the same. */
    @Test
    void anOversizedSoap12RequestGetsItsFaultInSoap12() {
        byte[] large = new byte[6 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) ' ');
        assertSoap12Fault(post(gateway.asyncUrl(), large, Map.of("Content-Type", SOAP12_CONTENT_TYPE)),
                "Sender", ShepAnswers.SEND_MESSAGE_FAULT, "SCE010");
    }

    /**
     * Last: the message log keeps every message above as received and every answer and fault as sent (the SOAP 1.2
     * faults too), and verifies from its bytes alone.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theMessageLogOfAllAboveVerifies() {
        assertThat(operatorGet("/message-log/verify")).startsWith("OK");
    }

    // ------------------------------------------------------------------ helpers

    private static RawSoap.Response post(String url, byte[] body, Map<String, String> headers) {
        return RawSoap.post(url, body, headers, false, false);
    }

    /**
     * HTTP 500, application/soap+xml, a SOAP 1.2 Fault with {@code code} (env:VersionMismatch, env:Sender, ...), a
     * Reason starting with the error code, and in Detail the operation's ErrorInfo with {@code errorCode}; signed by
     * the gateway's key. Returns the Fault element.
     */
    private static Element assertSoap12Fault(RawSoap.Response answer, String code, QName detailElement, String errorCode) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/soap+xml");
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\tat ");
        Document doc = answer.document();
        Element envelope = doc.getDocumentElement();
        assertThat(new QName(envelope.getNamespaceURI(), envelope.getLocalName())).isEqualTo(new QName(SOAP12, "Envelope"));
        Element fault = child(child(envelope, SOAP12, "Body"), SOAP12, "Fault");
        Element value = child(child(fault, SOAP12, "Code"), SOAP12, "Value");
        String prefixed = value.getTextContent().trim();
        assertThat(value.lookupNamespaceURI(prefixed.substring(0, prefixed.indexOf(':')))).isEqualTo(SOAP12);
        assertThat(prefixed.substring(prefixed.indexOf(':') + 1)).isEqualTo(code);
        assertThat(child(child(fault, SOAP12, "Reason"), SOAP12, "Text").getTextContent()).startsWith(errorCode + ":");
        Element info = SoapEnvelopes.firstElement(child(fault, SOAP12, "Detail"));
        assertThat(new QName(info.getNamespaceURI(), info.getLocalName())).isEqualTo(detailElement);
        assertThat(child(info, null, "errorCode").getTextContent()).isEqualTo(errorCode);
        assertThat(WireSignatures.bySantuario(answer.body())).as("signed by the gateway")
                .isIn(gateway.pki().key("gateway", KeyAlgorithm.RSA).certificate(),
                        gateway.pki().key("gateway", KeyAlgorithm.GOST).certificate());
        return fault;
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())
                    && java.util.Objects.equals(namespace, e.getNamespaceURI())) {
                return e;
            }
        }
        throw new AssertionError("no " + localName + " in " + parent.getLocalName());
    }

    private static String operatorGet(String path) {
        return RawSoap.get("http://127.0.0.1:" + gateway.property("qaqpa.operator.port") + path).text();
    }
}
