package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.async.types.SendMessageResponse;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.trust.EnvelopeVerifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** What the tests of refused and accepted requests check of the gateway's answers and store, in one place. */
final class ShepAnswers {
    static final String ASYNC = "http://bip.bee.kz/AsyncChannel/v10/Types";
    static final QName SEND_MESSAGE_FAULT = new QName(ASYNC, "sendMessageFault1_sendMessageFault");
    static final QName GET_MESSAGES_FAULT = new QName(ASYNC, "getMessagesFault1_getMessagesFault");
    static final QName SYNC_FAULT =
            new QName("http://bip.bee.kz/SyncChannel/v10/Types", "SendMessageFault1_SendMessageFault");
    /** "\tat kz.qaqpa.Foo.bar(Foo.java:12)", "Caused by:", or an exception class name: internals that must not leak. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(\\bat\\s+[\\w$.]+\\([\\w$]+\\.java:\\d+\\))|Caused by:|\\b(java|javax|jakarta|org|kz)\\.[\\w.$]*(Exception|Error)\\b");

    private ShepAnswers() {
    }

    /**
     * HTTP 500, a SOAP 1.1 Fault whose detail is the operation's ErrorInfo element with {@code code} and a
     * non-empty message, no stack trace, signed by the gateway. Returns the errorMessage.
     */
    static String assertFault(GatewayHarness gateway, RawSoap.Response answer, QName detailElement, String code) {
        String body = answer.text();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.contentType()).startsWith("text/xml");
        assertNoStackTrace(body);
        Document doc = answer.document();
        assertThat(SoapEnvelopes.isFault(doc)).as(body).isTrue();
        Element fault = SoapEnvelopes.payload(doc);
        Element detail = child(fault, null, "detail");
        assertThat(detail).as("Fault/detail in\n%s", body).isNotNull();
        Element info = Dom.firstChildElement(detail);
        assertThat(info).as("ErrorInfo in detail").isNotNull();
        assertThat(new QName(info.getNamespaceURI(), info.getLocalName())).as(body).isEqualTo(detailElement);
        Element errorCode = child(info, "*", "errorCode");
        Element errorMessage = child(info, "*", "errorMessage");
        assertThat(errorCode).as(body).isNotNull();
        assertThat(errorMessage).as(body).isNotNull();
        assertThat(errorCode.getTextContent()).as(body).isEqualTo(code);
        assertThat(errorMessage.getTextContent()).as(body).isNotBlank();
        assertThat(child(fault, null, "faultstring").getTextContent()).startsWith(code);
        assertSignedByGateway(gateway, doc);
        return errorMessage.getTextContent();
    }

    /** The code of a signed fault with the operation's ErrorInfo, checked as {@link #assertFault} checks it. */
    static String errorCode(GatewayHarness gateway, RawSoap.Response answer, QName detailElement) {
        Element info = Dom.firstChildElement(child(SoapEnvelopes.payload(answer.document()), null, "detail"));
        assertThat(info).as(answer.toString()).isNotNull();
        String code = child(info, "*", "errorCode").getTextContent();
        assertFault(gateway, answer, detailElement, code);
        return code;
    }

    /** A signed fault with {@code code}, whichever operation's detail element carries it. */
    static void assertFaultCode(GatewayHarness gateway, RawSoap.Response answer, String code) {
        assertFaultCode(gateway, answer, 500, code);
    }

    /** As {@link #assertFaultCode(GatewayHarness, RawSoap.Response, String)}, with another HTTP status than 500. */
    static void assertFaultCode(GatewayHarness gateway, RawSoap.Response answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        Document doc = answer.document();
        assertThat(SoapEnvelopes.isFault(doc)).as(answer.toString()).isTrue();
        Element info = Dom.firstChildElement(child(SoapEnvelopes.payload(doc), null, "detail"));
        assertThat(child(info, "*", "errorCode").getTextContent()).as(answer.toString()).isEqualTo(code);
        assertNoStackTrace(answer.text());
        assertSignedByGateway(gateway, doc);
    }

    /** HTTP 200, signed by the gateway, a sendMessageResponse for {@code messageId}; returns its correlationId. */
    static String assertAccepted(GatewayHarness gateway, RawSoap.Response answer, String messageId) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Document doc = answer.document();
        assertSignedByGateway(gateway, doc);
        var response = ShepXml.fromNode(SoapEnvelopes.payload(doc), SendMessageResponse.class).getResponse();
        assertThat(response.getMessageId()).isEqualTo(messageId);
        assertThat(response.getCorrelationId()).isNotBlank();
        return response.getCorrelationId();
    }

    /**
     * The citizen's {@code document} sent over HTTP by {@code channel}'s system, its sendMessage signed with that
     * system's key (named by its sender id in lower case, as in {@link GatewayHarness#client(Channel)}): accepted and
     * stored for that sender; returns the correlationId.
     */
    static String assertStored(GatewayHarness gateway, Channel channel, Element document, String messageId) {
        SendMessage request = gateway.client(channel).request(document, messageId);
        String sender = request.getRequest().getMessageInfo().getSender().getSenderId();
        String correlationId = assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(request, gateway.pki().key(sender.toLowerCase(Locale.ROOT)))), messageId);
        assertThat(gateway.assembly().applications().byMessage(sender, messageId)).as("stored").isPresent();
        return correlationId;
    }

    /**
     * {@code message}, sent by {@code client}, is refused with the fault {@code code} and an errorMessage containing
     * {@code contained}; nothing is stored for its sender and messageId.
     */
    static void assertRefusedNothingStored(GatewayHarness gateway, ChannelClient client, SendMessage message,
                                           String code, String contained) {
        assertRefusedNothingStored(gateway, client, message, code, text -> assertThat(text).contains(contained));
    }

    /** As above, the errorMessage checked by {@code errorMessage} (a prefix, several parts, a pattern). */
    static void assertRefusedNothingStored(GatewayHarness gateway, ChannelClient client, SendMessage message,
                                           String code, Consumer<String> errorMessage) {
        AsyncMessageInfo info = message.getRequest().getMessageInfo();
        assertThatThrownBy(() -> client.send(message)).isInstanceOfSatisfying(RemoteFault.class, f -> {
            assertThat(f.code()).as("%s: %s", info.getMessageId(), f.error().getErrorMessage()).isEqualTo(code);
            errorMessage.accept(f.error().getErrorMessage());
        });
        assertNotStored(gateway, info.getSender().getSenderId(), info.getMessageId());
    }

    static void assertNotStored(GatewayHarness gateway, String senderId, String messageId) {
        assertThat(gateway.assembly().applications().byMessage(senderId, messageId))
                .as("nothing stored for refused message %s of %s", messageId, senderId).isEmpty();
    }

    static void assertSignedByGateway(GatewayHarness gateway, Document doc) {
        X509Certificate signer = EnvelopeVerifier.verify(doc);
        // the gateway's RSA or GOST key, as qaqpa.test-pki.gateway-key-algorithm picks it
        assertThat(signer).isIn(gateway.pki().key("gateway", KeyAlgorithm.RSA).certificate(),
                gateway.pki().key("gateway", KeyAlgorithm.GOST).certificate());
    }

    private static void assertNoStackTrace(String body) {
        assertThat(STACK_TRACE.matcher(body).find()).as("stack trace or exception class in\n%s", body).isFalse();
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
