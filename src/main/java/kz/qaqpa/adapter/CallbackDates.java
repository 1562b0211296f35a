package kz.qaqpa.adapter;

import java.time.Instant;
import java.time.OffsetDateTime;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * The date a callback is sent with (dates65, review64 2). The outbox keeps a callback as it was made; a retry after an
 * outage longer than its recipient's clock window carried the first attempt's date, and a recipient holding dates to a
 * window as this gateway holds its senders' (qaqpa.message-date.max-skew, SCE018) refused every retry. The contract
 * tells the two dates apart:
 * <ul>
 * <li>a status callback's {@code requestDate} is «Дата запроса», the date of the request: each attempt is a request,
 * so each is dated when it is sent ({@link #requestDatedAt}). The notification's own {@code notificationDate}
 * («Дата создания уведомления», when the notification was made) and {@code statusDate} (when the status changed) stay
 * as made, as do its {@code notificationId} and session, by which the recipient knows a repeat.</li>
 * <li>a sendMessage callback (a result, a history notice) has one date, {@code messageDate}, «Дата создания
 * сообщения»: kept, since a recipient telling a repeat by its content, as this gateway does (README: a request rebuilt
 * with a new messageDate under the same messageId is SCE009), would take a re-dated copy for another message. Only
 * when the recipient refuses it for its date (SCE018) is it made anew under the same messageId, dated now
 * ({@link #messageDatedAt}), as README's fault table tells this gateway's own senders: "send again with a new date".
 * </li>
 * </ul>
 * Each new date keeps the offset the callback was written with (its service's zone when it was made): the instant is
 * the sending's, and the outbox keeps no serviceId for a status callback to ask the zone again (ours).
 */
final class CallbackDates {
    private static final String STATUS_CALLBACK = "changeMassageStatusNotification";
    private static final String MESSAGE_CALLBACK = "sendMessage";

    private CallbackDates() {
    }

    /** A status callback's requestDate set to {@code now}; any other callback is left as it is. */
    static void requestDatedAt(Element callback, Instant now) {
        if (STATUS_CALLBACK.equals(callback.getLocalName())) {
            redate(Dom.childElement(Dom.childElement(callback, "request"), "requestDate"), now);
        }
    }

    /** Whether {@code fault} refuses a callback for its date (SCE018): a sendMessage callback is then dated anew. */
    static boolean refusedForItsDate(String faultCode) {
        return FaultCode.MESSAGE_DATE_OUT_OF_WINDOW.code().equals(faultCode);
    }

    /**
     * The sendMessage callback {@code stored} with its messageDate set to {@code now}, everything else as it was; null
     * for a callback without one (a status callback, dated at each attempt already).
     */
    static String messageDatedAt(String stored, Instant now) {
        Element callback = SecureXml.parseText(stored).getDocumentElement();
        if (!MESSAGE_CALLBACK.equals(callback.getLocalName())) {
            return null;
        }
        Element date = Dom.childElement(Dom.childElement(Dom.childElement(callback, "request"), "messageInfo"),
                "messageDate");
        if (date == null) {
            return null;
        }
        redate(date, now);
        return SecureXml.toString(callback);
    }

    private static void redate(Element date, Instant now) {
        if (date != null) {
            OffsetDateTime made = OffsetDateTime.parse(date.getTextContent().strip());
            date.setTextContent(SoapEnvelopes.dateTime(now, made.getOffset()).toXMLFormat());
        }
    }
}
