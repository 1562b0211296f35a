package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.SendMessageResponse;
import kz.qaqpa.trust.EnvelopeVerifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the tests that send raw requests (BadInputTest, InteropTest) expect of the running gateway's answers: a
 * signed fault with a code and no internals, or a signed sendMessageResponse, and nothing stored for a refusal.
 */
final class GatewayAnswers {
    /** "\tat kz.qaqpa.Foo.bar(Foo.java:12)", "Caused by:", or an exception class name: internals that must not leak. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(\\bat\\s+[\\w$.]+\\([\\w$]+\\.java:\\d+\\))|Caused by:|\\b(java|javax|jakarta|org|kz)\\.[\\w.$]*(Exception|Error)\\b");

    private final GatewayHarness gateway;

    GatewayAnswers(GatewayHarness gateway) {
        this.gateway = gateway;
    }

    void assertNotStored(String senderId, String messageId) {
        assertThat(gateway.assembly().applications().byMessage(senderId, messageId))
                .as("nothing stored for refused message %s of %s", messageId, senderId).isEmpty();
    }

    /** HTTP 200, signed by the gateway, a sendMessageResponse for {@code messageId}; returns its correlationId. */
    String assertAccepted(RawSoap.Response answer, String messageId) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Document doc = answer.document();
        assertSignedByGateway(doc);
        var response = ShepXml.fromNode(SoapEnvelopes.payload(doc), SendMessageResponse.class).getResponse();
        assertThat(response.getMessageId()).isEqualTo(messageId);
        assertThat(response.getCorrelationId()).isNotBlank();
        return response.getCorrelationId();
    }

    /**
     * HTTP 500, a SOAP 1.1 Fault whose detail is the operation's ErrorInfo element with {@code code} and a
     * non-empty message, no stack trace, signed by the gateway. Returns the errorMessage.
     */
    String assertFault(RawSoap.Response answer, QName detailElement, String code) {
        String body = answer.text();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.contentType()).startsWith("text/xml");
        assertThat(STACK_TRACE.matcher(body).find()).as("stack trace or exception class in\n%s", body).isFalse();
        Document doc = answer.document();
        assertThat(SoapEnvelopes.isFault(doc)).as(body).isTrue();
        Element fault = SoapEnvelopes.payload(doc);
        Element detail = child(fault, null, "detail");
        assertThat(detail).as("Fault/detail in\n%s", body).isNotNull();
        Element info = SoapEnvelopes.firstElement(detail);
        assertThat(info).as("ErrorInfo in detail").isNotNull();
        assertThat(new QName(info.getNamespaceURI(), info.getLocalName())).as(body).isEqualTo(detailElement);
        Element errorCode = child(info, "*", "errorCode");
        Element errorMessage = child(info, "*", "errorMessage");
        assertThat(errorCode).as(body).isNotNull();
        assertThat(errorMessage).as(body).isNotNull();
        assertThat(errorCode.getTextContent()).as(body).isEqualTo(code);
        assertThat(errorMessage.getTextContent()).as(body).isNotBlank();
        assertThat(child(fault, null, "faultstring").getTextContent()).startsWith(code);
        assertSignedByGateway(doc);
        return errorMessage.getTextContent();
    }

    /** A signed fault with {@code code}, whichever operation's detail element carries it. */
    void assertFaultCode(RawSoap.Response answer, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        Document doc = answer.document();
        assertThat(SoapEnvelopes.isFault(doc)).as(answer.toString()).isTrue();
        Element info = SoapEnvelopes.firstElement(child(SoapEnvelopes.payload(doc), null, "detail"));
        assertThat(child(info, "*", "errorCode").getTextContent()).as(answer.toString()).isEqualTo(code);
        assertThat(STACK_TRACE.matcher(answer.text()).find()).isFalse();
        assertSignedByGateway(doc);
    }

    void assertSignedByGateway(Document doc) {
        X509Certificate signer = EnvelopeVerifier.verify(doc);
        assertThat(signer).isEqualTo(gateway.pki().key("gateway").certificate());
    }

    /** A direct child by local name; namespace null = no namespace, "*" = any. */
    static Element child(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())
                    && ("*".equals(namespace) || java.util.Objects.equals(namespace, e.getNamespaceURI()))) {
                return e;
            }
        }
        return null;
    }
}
