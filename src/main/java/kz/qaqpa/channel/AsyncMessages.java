package kz.qaqpa.channel;

import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageRequest;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.common.MessageData;
import kz.qaqpa.contract.common.SenderInfo;
import org.w3c.dom.Element;

/** Builds the async channel's sendMessage around a business document; the one way to do it. */
public final class AsyncMessages {
    private AsyncMessages() {
    }

    /**
     * @param messageType   REQUEST, NOTIFICATION, UPDATE or RESPONSE
     * @param correlationId the application's, or null for a REQUEST
     * @param password      the sender's password, or null when the gateway sends
     */
    public static SendMessage sendMessage(String messageType, String messageId, String correlationId, String serviceId,
                                          String senderId, String password, Element document) {
        return sendMessage(messageType, messageId, correlationId, serviceId, senderId, password, document,
                SoapEnvelopes.now());
    }

    /** The same, dated {@code messageDate}: for a sender that keeps a clock of its own (the provider mocks). */
    public static SendMessage sendMessage(String messageType, String messageId, String correlationId, String serviceId,
                                          String senderId, String password, Element document,
                                          XMLGregorianCalendar messageDate) {
        AsyncMessageInfo info = new AsyncMessageInfo();
        info.setMessageId(messageId);
        info.setCorrelationId(correlationId);
        info.setServiceId(serviceId);
        info.setMessageType(messageType);
        info.setMessageDate(messageDate);
        info.setSender(sender(senderId, password));
        MessageData data = new MessageData();
        data.setData(ShepXml.dataElement(document));
        AsyncSendMessageRequest request = new AsyncSendMessageRequest();
        request.setMessageInfo(info);
        request.setMessageData(data);
        SendMessage message = new SendMessage();
        message.setRequest(request);
        return message;
    }

    public static SenderInfo sender(String senderId, String password) {
        SenderInfo sender = new SenderInfo();
        sender.setSenderId(senderId);
        sender.setPassword(password);
        return sender;
    }
}
