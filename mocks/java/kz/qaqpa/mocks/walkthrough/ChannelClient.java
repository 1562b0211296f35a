package kz.qaqpa.mocks.walkthrough;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.MessageProperties;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncGetMessageStatusRequest;
import kz.qaqpa.contract.async.itypes.AsyncGetMessageStatusResponse;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.contract.async.types.GetMessageStatus;
import kz.qaqpa.contract.async.types.GetMessageStatusResponse;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.async.types.SendMessageResponse;
import kz.qaqpa.contract.common.Property;
import kz.qaqpa.contract.common.SenderInfo;
import kz.qaqpa.document.kindergarten.Consent;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * A channel system (portal, ЦОН IS, E-Astana) talking to the gateway's async channel: submits signed
 * applications and asks for their status. Used by the walkthrough command and the tests.
 */
public final class ChannelClient {
    public static final String SERVICE_ID = "ASTANA_KINDERGARTEN_2012";
    private final String asyncUrl;
    private final String senderId;
    private final String password;
    private final SignedSoapClient client;

    public ChannelClient(String asyncUrl, String senderId, String password, KeyMaterial systemKey,
                         Consumer<X509Certificate> gatewayCheck) {
        this.asyncUrl = asyncUrl;
        this.senderId = senderId;
        this.password = password;
        this.client = new SignedSoapClient(systemKey, gatewayCheck, Duration.ofSeconds(30));
    }

    /** A document (JAXB root object) signed (enveloped XML-DSig) by the person's key. */
    public static Element sign(Object document, KeyMaterial signer) {
        Element element = ShepXml.toElement(document);
        DocumentSigner.sign(element, signer);
        return element;
    }

    public SendMessage request(Element signedApplication, String messageId) {
        return request(SERVICE_ID, signedApplication, messageId);
    }

    /** The REQUEST of an application of any service, from this client's sender. */
    public SendMessage request(String serviceId, Element signedApplication, String messageId) {
        return AsyncMessages.sendMessage("REQUEST", messageId, null, serviceId, senderId, password, signedApplication);
    }

    /** Submits; returns the gateway's answer with the application's correlationId. */
    public AsyncSendMessageResponse submit(Element signedApplication, String messageId) {
        return send(request(signedApplication, messageId));
    }

    /** Sends a prepared message as is (e.g. again, as a retry after a lost answer would). */
    public AsyncSendMessageResponse send(SendMessage message) {
        Element answer = client.call(asyncUrl, message);
        return ShepXml.fromNode(answer, SendMessageResponse.class).getResponse();
    }

    /** Submits an application of any service (the kindergarten's methods above name seed 002's). */
    public AsyncSendMessageResponse submit(String serviceId, Element signedApplication, String messageId) {
        return send(request(serviceId, signedApplication, messageId));
    }

    /**
     * A channel's document about an application of any service: a NOTIFICATION (e.g. HANDED_OVER, with the
     * consumer's arrival when not null) or an UPDATE (e.g. the questionnaire).
     */
    public AsyncSendMessageResponse report(String messageType, String serviceId, String correlationId, Element document,
                                           Instant arrivedAt) {
        SendMessage message = AsyncMessages.sendMessage(messageType, UUID.randomUUID().toString(), correlationId,
                serviceId, senderId, password, document);
        if (arrivedAt != null) {
            message.getRequest().getMessageInfo().getProperties().add(arrival(arrivedAt));
        }
        return send(message);
    }

    public AsyncSendMessageResponse submit(Element signedApplication) {
        return submit(signedApplication, UUID.randomUUID().toString());
    }

    /**
     * The consumer's written consent (or refusal) to the place offered for the application (seed 002 para 8.10),
     * signed by the consumer, sent as an UPDATE with the application's correlationId.
     */
    public AsyncSendMessageResponse consent(String correlationId, String kindergartenCode, boolean agreed,
                                            KeyMaterial consumer) {
        Consent consent = new Consent();
        consent.setCorrelationId(correlationId);
        consent.setKindergartenCode(kindergartenCode);
        consent.setAgreed(agreed);
        consent.setText(agreed ? "Ұсынылған МБҰ-ға келісемін (I agree to the offered pre-school organisation)"
                : "Ұсынылған МБҰ-ға келіспеймін (I do not agree to the offered pre-school organisation)");
        consent.setSignedAt(SoapEnvelopes.now());
        return send(AsyncMessages.sendMessage("UPDATE", UUID.randomUUID().toString(), correlationId, SERVICE_ID,
                senderId, password, sign(consent, consumer)));
    }

    /**
     * The channel's employee handed the result to the consumer (ХҚКО process 8, ЖАО Table 1 action 9); {@code
     * arrivedAt}, when the consumer came to the desk, may be null.
     */
    public AsyncSendMessageResponse handOver(String correlationId, Instant arrivedAt) {
        return report("NOTIFICATION", SERVICE_ID, correlationId, ShepXml.toElement(handedOver(correlationId)),
                arrivedAt);
    }

    /** Seed 002's statusNotification HANDED_OVER about the application, dated now. */
    public static StatusNotification handedOver(String correlationId) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(correlationId);
        n.setStatus("HANDED_OVER");
        n.setChangedAt(SoapEnvelopes.now());
        return n;
    }

    /** The consumer's answers to the quality questionnaire (Appendix 12) about a finished application, as an UPDATE. */
    public AsyncSendMessageResponse questionnaire(String correlationId, Object questionnaire) {
        return send(AsyncMessages.sendMessage("UPDATE", UUID.randomUUID().toString(), correlationId, SERVICE_ID,
                senderId, password, ShepXml.toElement(questionnaire)));
    }

    /** ШЭП property consumerArrivedAt: when the consumer came to the desk (front-office norms run from then). */
    public static Property arrival(Instant arrivedAt) {
        Property p = new Property();
        p.setKey(MessageProperties.CONSUMER_ARRIVED_AT);
        p.setValue(arrivedAt.atOffset(ZoneOffset.ofHours(5)).toString());
        return p;
    }

    public AsyncGetMessageStatusResponse status(String messageId) {
        return ShepXml.fromNode(client.call(asyncUrl, statusRequest(sender(), messageId)), GetMessageStatusResponse.class)
                .getResponse();
    }

    /** A getMessageStatus of {@code sender} about its message {@code messageId}, dated now. */
    public static GetMessageStatus statusRequest(SenderInfo sender, String messageId) {
        AsyncGetMessageStatusRequest request = new AsyncGetMessageStatusRequest();
        request.setMessageId(messageId);
        request.setRequestDate(SoapEnvelopes.now());
        request.setSender(sender);
        GetMessageStatus call = new GetMessageStatus();
        call.setRequest(request);
        return call;
    }

    private SenderInfo sender() {
        return AsyncMessages.sender(senderId, password);
    }
}
