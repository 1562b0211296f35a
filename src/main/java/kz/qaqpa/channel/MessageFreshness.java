package kz.qaqpa.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;

/**
 * A new message's {@code messageDate} must lie within {@code maxSkew} of the gateway's clock, either way: an old
 * message replayed by a third party, or one dated in the future, is refused (SCE013). The routes ask only after
 * the repeated-messageId check, so a sender's genuine retry of a message already answered still gets its answer.
 */
public final class MessageFreshness {
    private final Duration maxSkew;
    private final Clock clock;

    public MessageFreshness(Duration maxSkew, Clock clock) {
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    public void check(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        XMLGregorianCalendar date = messageDate(in.request());
        if (date == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "messageDate is required");
        }
        if (date.getTimezone() == javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "messageDate " + date + " has no time zone");
        }
        Instant sent = date.toGregorianCalendar().toInstant();
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(maxSkew)) || sent.isAfter(now.plus(maxSkew))) {
            throw new ShepException(FaultCode.MESSAGE_DATE_OUT_OF_WINDOW, "messageDate " + date + " is more than "
                    + maxSkew + " away from the gateway's time " + now);
        }
    }

    private static XMLGregorianCalendar messageDate(Object request) {
        if (request instanceof SendMessage m && m.getRequest() != null && m.getRequest().getMessageInfo() != null) {
            return m.getRequest().getMessageInfo().getMessageDate();
        }
        if (request instanceof kz.qaqpa.contract.sync.types.SendMessage m && m.getRequest() != null
                && m.getRequest().getRequestInfo() != null) {
            return m.getRequest().getRequestInfo().getMessageDate();
        }
        throw new ShepException(FaultCode.MALFORMED_MESSAGE, "operation " + request.getClass().getSimpleName()
                + " carries no messageDate");
    }
}
