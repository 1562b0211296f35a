package kz.qaqpa.channel;

import kz.qaqpa.contract.async.types.GetMessageStatus;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.SendDeliveryNotification;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.common.SenderInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/** The routing facts every operation carries, read uniformly from the operation's request object. */
public record RequestFacts(String senderId, String password, String messageId, String serviceId, String messageType,
                           String correlationId) {

    /** Longest identifiers the gateway stores; the published contract leaves them unbounded. */
    private static final int MAX_ID = 128;

    public static RequestFacts of(Object request) {
        return read(request).requireBoundedIds();
    }

    private RequestFacts requireBoundedIds() {
        for (String id : new String[] {senderId, messageId, serviceId, correlationId}) {
            if (id != null && id.length() > MAX_ID) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "identifiers are limited to " + MAX_ID
                        + " characters; got one of " + id.length());
            }
            if (id != null && id.codePoints().anyMatch(RequestFacts::noIdHolds)) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "identifiers hold no control character, format"
                        + " character (bidirectional control, zero-width character) or line separator");
            }
        }
        return this;
    }

    /**
     * Ours (attack21): the ids are quoted in the gateway's log, where a line break in one began a line of the sender's
     * choosing; no ШЭП identifier holds a control character, U+2028 or U+2029. attack51: nor a format character (the
     * contract types the ids xs:string, a UUID in every example; no real id holds one): a bidirectional control
     * (U+202E) shows the rest of the id reversed, a zero-width character, a soft hyphen or a tag makes an id that reads
     * as another, in the sender's records, the operator's pages and the log alike.
     */
    private static boolean noIdHolds(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT;
    }

    private static RequestFacts read(Object request) {
        if (request instanceof SendMessage m) {
            var info = require(m.getRequest(), "request").getMessageInfo();
            return new RequestFacts(id(info.getSender()), password(info.getSender()), info.getMessageId(),
                    info.getServiceId(), info.getMessageType(), info.getCorrelationId());
        }
        if (request instanceof kz.qaqpa.contract.sync.types.SendMessage m) {
            var info = require(m.getRequest(), "request").getRequestInfo();
            return new RequestFacts(id(info.getSender()), password(info.getSender()), info.getMessageId(),
                    info.getServiceId(), null, info.getCorrelationId());
        }
        if (request instanceof GetMessages m) {
            var r = require(m.getRequest(), "request");
            return new RequestFacts(id(r.getSender()), password(r.getSender()), r.getMessageId(), r.getServiceId(), null,
                    r.getCorrelationId());
        }
        if (request instanceof SendDeliveryNotification m) {
            var r = require(m.getRequest(), "request");
            return new RequestFacts(id(r.getSender()), password(r.getSender()), r.getNotification().getMessageId(),
                    r.getNotification().getServiceId(), null, null);
        }
        if (request instanceof GetMessageStatus m) {
            var r = require(m.getRequest(), "request");
            return new RequestFacts(id(r.getSender()), password(r.getSender()), r.getMessageId(), null, null, null);
        }
        throw new ShepException(FaultCode.MALFORMED_MESSAGE, "unsupported request " + request.getClass().getSimpleName());
    }

    /**
     * The messageId, which identifies the message for repeats: it must have a visible character, and no space at either
     * end (ours: the store compares exactly since V12, but a retry told from another message only by invisible
     * characters at its ends is a sender's mistake, refused rather than taken for a second message).
     */
    public String requireMessageId() {
        if (messageId == null || messageId.isBlank()) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "messageId is required");
        }
        if (isSpace(messageId.codePointAt(0)) || isSpace(messageId.codePointBefore(messageId.length()))) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "messageId must not begin or end with a space");
        }
        if (messageId.codePoints().allMatch(c -> isSpace(c) || Character.getType(c) == Character.FORMAT)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "messageId has no visible character");
        }
        return messageId;
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + name + "> is missing or nil");
        }
        return value;
    }

    private static String id(SenderInfo s) {
        return s == null ? null : s.getSenderId();
    }

    private static String password(SenderInfo s) {
        return s == null ? null : s.getPassword();
    }
}
