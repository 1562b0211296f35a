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
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.xml.XsDateTime;
import org.apache.camel.Exchange;

/**
 * A new message's {@code messageDate}, and the {@code requestDate} of a poll, an acknowledgement or a status query,
 * must lie within {@code maxSkew} of the gateway's clock, either way: an old request replayed by a third party, or
 * one dated in the future, is refused (SCE018). Those three carry no messageId to be repeated by, so the date is what
 * keeps a captured one from being sent again later. A poll's requestDate is optional in the contract (minOccurs 0):
 * ours (review42 row 1, fix42), a poll without one must be dated by the signed wsu:Timestamp of its transport
 * signature, whose Created is held to the same window; a poll dated by neither is refused (SCE001), since its signed
 * bytes would be a credential to the provider's queue for ever. Within the window a poll or a status query is
 * answered once ({@link ReplayMemory}, replay44: the contract has no nonce); an acknowledgement may be repeated, it
 * changes nothing. The routes ask only after the repeated-messageId check, so a sender's genuine retry of a message
 * already answered still gets its answer.
 */
public final class MessageFreshness {
    private final Duration maxSkew;
    private final Clock clock;
    private final ReplayMemory answered;

    /** @param answered the polls and status queries answered within the window */
    public MessageFreshness(Duration maxSkew, Clock clock, ReplayMemory answered) {
        this.maxSkew = maxSkew;
        this.clock = clock;
        this.answered = answered;
    }

    public void check(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        Dated dated = dateOf(in.request());
        XMLGregorianCalendar date = dated.date();
        if (date == null) {
            if (dated.optional()) {
                answerOnce(exchange, requireSignedTimestampWithin(in));
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
        requireWithin(sent, dated.name() + " " + date);
        answerOnce(exchange, sent);
    }

    /** A request without a messageId of its own, dated {@code sent}, is answered once within the window. */
    private void answerOnce(Exchange exchange, Instant sent) {
        if (ReplayMemory.answersOnce(Inbound.of(exchange).operation())) {
            answered.claim(exchange, sent);
        }
    }

    /** A poll without requestDate: its transport signature's signed wsu:Timestamp dates it, or nothing does. */
    private Instant requireSignedTimestampWithin(Inbound in) {
        Instant created = EnvelopeVerifier.signedCreated(in.envelope()).orElseThrow(() -> new ShepException(
                FaultCode.MALFORMED_MESSAGE, "getMessages has no requestDate and its transport signature covers no wsu:Timestamp with a Created: date the"
                + " poll by a requestDate, or by a wsu:Timestamp signed with the Body, within " + maxSkew
                + " of the gateway's time"));
        requireWithin(created, "the signed wsu:Timestamp's Created " + created);
        return created;
    }

    private void requireWithin(Instant sent, String what) {
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(maxSkew)) || sent.isAfter(now.plus(maxSkew))) {
            throw new ShepException(FaultCode.MESSAGE_DATE_OUT_OF_WINDOW, what + " is more than " + maxSkew
                    + " away from the gateway's time " + now);
        }
    }

    /**
     * The date a request is held to, by the name the contract gives it, and whether the contract lets it be absent
     * (then the signed wsu:Timestamp must date it).
     */
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
