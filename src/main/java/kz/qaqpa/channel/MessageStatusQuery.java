package kz.qaqpa.channel;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import kz.qaqpa.contract.async.itypes.AsyncGetMessageStatusResponse;
import kz.qaqpa.contract.async.types.GetMessageStatus;
import kz.qaqpa.contract.async.types.GetMessageStatusResponse;
import kz.qaqpa.contract.common.MessageState;
import kz.qaqpa.contract.common.MessageStatusInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.MessageLog;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.w3c.dom.NodeList;

/**
 * getMessageStatus: a sender asks about a message it sent, by its own messageId, and is told the status of the
 * application the message is about: the application itself (its first messageId, kept with it), or a later message
 * about it the gateway accepted (a channel's consent, a provider's report: review40 row 6), found by the message log's
 * entry of that message, whose answer named the application's correlationId. That entry is kept for
 * qaqpa.retention.message-log; after it, only the application's own messageId is known.
 */
public final class MessageStatusQuery {
    private static final String CORRELATION_ID = "correlationId";
    /** The one operation whose logged answer names an application (the async channel's sendMessage). */
    private static final String ABOUT_AN_APPLICATION = "sendMessage";
    private final Applications applications;
    private final MessageLog messageLog;
    private final ServiceZones zones;

    public MessageStatusQuery(Applications applications, MessageLog messageLog, ServiceZones zones) {
        this.applications = applications;
        this.messageLog = messageLog;
        this.zones = zones;
    }

    public void answer(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        String messageId = ((GetMessageStatus) in.request()).getRequest().getMessageId();
        Applications.Application a = applications.byMessage(in.sender().id(), messageId)
                .or(() -> laterMessage(in.sender().id(), messageId))
                .orElseThrow(() -> new ShepException(FaultCode.UNKNOWN_MESSAGE,
                        "sender '" + in.sender().id() + "' sent no message '" + messageId + "'"));
        MessageStatusInfo status = new MessageStatusInfo();
        status.setStatusCode(a.statusCode());
        status.setStatusMessage(a.statusMessage());
        // when the status changed on the regulation clock, as its callback said (store V30), not the row's store time;
        // this answer's dates in the zone of the application's service (interop47)
        status.setStatusDate(zones.dateTime(a.serviceId(), a.statusChangedAt().toInstant()));
        AsyncGetMessageStatusResponse response = new AsyncGetMessageStatusResponse();
        response.setMessageState(MessageState.fromValue(a.messageState()));
        response.setStatus(status);
        response.setResponseDate(zones.now(a.serviceId()));
        response.setSessionId(in.sessionId());
        GetMessageStatusResponse reply = new GetMessageStatusResponse();
        reply.setResponse(response);
        exchange.setVariable(Replies.REPLY, reply);
    }

    /**
     * The application a message the sender sent after it is about: the gateway's own answer to that message, logged for
     * replay, names its correlationId (sendMessageResponse). Only an accepted message has an entry; the gateway
     * accepted it from this sender about this application, so the sender may know its status. Only the async
     * sendMessage's answer names an application (attack45): a sync look-up's names the look-up's own messageId as its
     * correlationId, the sender's choice, which could be another channel's application's.
     */
    private Optional<Applications.Application> laterMessage(String senderId, String messageId) {
        return messageLog.find(senderId, messageId)
                .filter(entry -> ABOUT_AN_APPLICATION.equals(entry.operation()))
                .map(MessageLog.Entry::reply)
                .flatMap(MessageStatusQuery::correlationId)
                .flatMap(applications::byCorrelationId);
    }

    private static Optional<String> correlationId(String reply) {
        NodeList named = SecureXml.parse(reply.getBytes(StandardCharsets.UTF_8)).getDocumentElement()
                .getElementsByTagNameNS("*", CORRELATION_ID);
        return named.getLength() == 0 ? Optional.empty()
                : Optional.of(named.item(0).getTextContent().trim()).filter(id -> !id.isEmpty());
    }
}
