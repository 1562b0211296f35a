package kz.qaqpa.channel;

import kz.qaqpa.contract.async.itypes.AsyncGetMessageStatusResponse;
import kz.qaqpa.contract.async.types.GetMessageStatus;
import kz.qaqpa.contract.async.types.GetMessageStatusResponse;
import kz.qaqpa.contract.common.MessageState;
import kz.qaqpa.contract.common.MessageStatusInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import org.apache.camel.Exchange;

/** getMessageStatus: a sender asks about an application it sent, by its own messageId. */
public final class MessageStatusQuery {
    private final Applications applications;

    public MessageStatusQuery(Applications applications) {
        this.applications = applications;
    }

    public void answer(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        String messageId = ((GetMessageStatus) in.request()).getRequest().getMessageId();
        Applications.Application a = applications.byMessage(in.sender().id(), messageId)
                .orElseThrow(() -> new ShepException(FaultCode.UNKNOWN_MESSAGE,
                        "sender '" + in.sender().id() + "' sent no message '" + messageId + "'"));
        MessageStatusInfo status = new MessageStatusInfo();
        status.setStatusCode(a.statusCode());
        status.setStatusMessage(a.statusMessage());
        status.setStatusDate(SoapEnvelopes.dateTime(a.updatedAt().toInstant()));
        AsyncGetMessageStatusResponse response = new AsyncGetMessageStatusResponse();
        response.setMessageState(MessageState.fromValue(a.messageState()));
        response.setStatus(status);
        response.setResponseDate(SoapEnvelopes.now());
        response.setSessionId(in.sessionId());
        GetMessageStatusResponse reply = new GetMessageStatusResponse();
        reply.setResponse(response);
        exchange.setVariable(Replies.REPLY, reply);
    }
}
