package kz.qaqpa.channel;

import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.contract.sync.request.RequestData;
import kz.qaqpa.contract.sync.request.SyncSendMessageRequest;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.contract.sync.types.SyncMessageInfo;
import org.w3c.dom.Element;

/** Builds the sync channel's SendMessage (a look-up) around a query document; the one way to do it. */
public final class SyncMessages {
    private SyncMessages() {
    }

    /**
     * @param sessionId the gateway's session id when the gateway asks, or null when a sender asks
     * @param password  the sender's password, or null when the gateway sends
     */
    public static SendMessage sendMessage(String messageId, String serviceId, String sessionId, String senderId,
                                          String password, Element query) {
        return sendMessage(messageId, serviceId, sessionId, senderId, password, query, SoapEnvelopes.now());
    }

    /** The same, dated {@code messageDate}: the gateway's own look-ups, in its zone ({@link ServiceZones#gatewayNow()}). */
    public static SendMessage sendMessage(String messageId, String serviceId, String sessionId, String senderId,
                                          String password, Element query, XMLGregorianCalendar messageDate) {
        SyncMessageInfo info = new SyncMessageInfo();
        info.setMessageId(messageId);
        info.setServiceId(serviceId);
        info.setMessageDate(messageDate);
        info.setSessionId(sessionId);
        info.setSender(AsyncMessages.sender(senderId, password));
        RequestData data = new RequestData();
        data.setData(ShepXml.dataElement(query));
        SyncSendMessageRequest request = new SyncSendMessageRequest();
        request.setRequestInfo(info);
        request.setRequestData(data);
        SendMessage message = new SendMessage();
        message.setRequest(request);
        return message;
    }
}
