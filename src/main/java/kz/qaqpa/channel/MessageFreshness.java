package kz.qaqpa.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.contract.async.types.GetMessageStatus;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.SendDeliveryNotification;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.XsDateTime;
import org.apache.camel.Exchange;

/**
 * A new message's {@code messageDate}, and the {@code requestDate} of a poll, an acknowledgement or a status query,
 * must lie within {@code maxSkew} of the gateway's clock, either way: an old request replayed by a third party, or
 * one dated in the future, is refused (SCE018). Those three carry no messageId to be repeated by, so the date is what
 * keeps a captured one from being sent again later; a poll's requestDate is optional in the contract and checked when
 * it is there. The routes ask only after the repeated-messageId check, so a sender's genuine retry of a message
 * already answered still gets its answer.
 */
public final class MessageFreshness {
    private final Duration maxSkew;
    private final Clock clock;

    public MessageFreshness(Duration maxSkew, Clock clock) {
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    public void check(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        Dated dated = dateOf(in.request());
        XMLGregorianCalendar date = dated.date();
        if (date == null) {
            if (dated.optional()) {
                return;
            }
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, dated.name() + " is required");
        }
        Instant sent;
        try {
            sent = XsDateTime.instant(date);
        } catch (IllegalArgumentException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, dated.name() + " " + e.getMessage());
        }
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(maxSkew)) || sent.isAfter(now.plus(maxSkew))) {
            throw new ShepException(FaultCode.MESSAGE_DATE_OUT_OF_WINDOW, dated.name() + " " + date + " is more than "
                    + maxSkew + " away from the gateway's time " + now);
        }
    }

    /** The date a request is held to, by the name the contract gives it, and whether the contract lets it be absent. */
    private record Dated(String name, XMLGregorianCalendar date, boolean optional) {
    }

    private static Dated dateOf(Object request) {
        if (request instanceof SendMessage m && m.getRequest() != null && m.getRequest().getMessageInfo() != null) {
            return new Dated("messageDate", m.getRequest().getMessageInfo().getMessageDate(), false);
        }
        if (request instanceof kz.qaqpa.contract.sync.types.SendMessage m && m.getRequest() != null
                && m.getRequest().getRequestInfo() != null) {
            return new Dated("messageDate", m.getRequest().getRequestInfo().getMessageDate(), false);
        }
        if (request instanceof GetMessages m && m.getRequest() != null) {
            return new Dated("requestDate", m.getRequest().getRequestDate(), true);
        }
        if (request instanceof SendDeliveryNotification m && m.getRequest() != null) {
            return new Dated("requestDate", m.getRequest().getRequestDate(), false);
        }
        if (request instanceof GetMessageStatus m && m.getRequest() != null) {
            return new Dated("requestDate", m.getRequest().getRequestDate(), false);
        }
        throw new ShepException(FaultCode.MALFORMED_MESSAGE, "operation " + request.getClass().getSimpleName()
                + " carries no date");
    }
}
