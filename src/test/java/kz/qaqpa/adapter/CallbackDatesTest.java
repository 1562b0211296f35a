package kz.qaqpa.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncChangeStatusNotifyRequest;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.client.types.ChangeMassageStatusNotification;
import kz.qaqpa.contract.common.ChangeStatusNotification;
import kz.qaqpa.contract.common.MessageState;
import kz.qaqpa.contract.common.MessageStatusInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Which date of a stored callback an attempt sets (dates65): a status callback's requestDate at every attempt, a
 * sendMessage's messageDate only when made anew after an SCE018; nothing else of the callback, and each new date with
 * the offset the stored one was written with. The delivery over HTTP is CallbackAnswersTest's outage case.
 */
class CallbackDatesTest {
    private static final ZoneId AQTAU = ZoneId.of("Asia/Aqtau");
    private static final Instant MADE = Instant.parse("2026-12-07T04:00:00Z");
    private static final Instant SENT = Instant.parse("2026-12-07T09:30:00.250Z");

    @Test
    void aStatusCallbacksRequestDateIsTheAttemptsAndTheNotificationIsAsMade() {
        Element callback = SecureXml.parseText(statusCallback()).getDocumentElement();
        CallbackDates.requestDatedAt(callback, SENT);
        assertThat(field(callback, "requestDate")).isEqualTo("2026-12-07T14:30:00.250+05:00");
        assertThat(field(callback, "notificationDate")).as("the notification's making").isEqualTo(made());
        assertThat(field(callback, "statusDate")).as("the status's change").isEqualTo(made());
        assertThat(field(callback, "notificationId")).isEqualTo("n-1");
        assertThat(CallbackDates.messageDatedAt(statusCallback(), SENT)).as("no messageDate to make anew").isNull();
    }

    @Test
    void aResultsMessageDateIsMadeAnewOnlyWhenAskedAndItsRequestDateIsNotTouched() {
        String stored = resultCallback();
        Element callback = SecureXml.parseText(stored).getDocumentElement();
        CallbackDates.requestDatedAt(callback, SENT);
        assertThat(SecureXml.toString(callback)).as("a result at an attempt: as stored").isEqualTo(
                SecureXml.toString(SecureXml.parseText(stored).getDocumentElement()));
        Element redated = SecureXml.parseText(CallbackDates.messageDatedAt(stored, SENT)).getDocumentElement();
        assertThat(field(redated, "messageDate")).isEqualTo("2026-12-07T14:30:00.250+05:00");
        assertThat(field(redated, "messageId")).as("the same messageId").isEqualTo("m-1");
        assertThat(field(redated, "requestDate")).as("the status call it carries, as made").isEqualTo(made());
    }

    @Test
    void onlySce018AsksForANewDate() {
        assertThat(CallbackDates.refusedForItsDate("SCE018")).isTrue();
        assertThat(CallbackDates.refusedForItsDate(FaultCode.DUPLICATE_MESSAGE_CONFLICT.code())).isFalse();
        assertThat(CallbackDates.refusedForItsDate(null)).isFalse();
    }

    private static String made() {
        return SoapEnvelopes.dateTime(MADE, AQTAU).toXMLFormat();
    }

    /** A status callback as ChannelNotifications makes it, every date written at {@link #MADE} in Aqtau's zone. */
    private static ChangeMassageStatusNotification statusCall() {
        ChangeStatusNotification n = new ChangeStatusNotification();
        n.setNotificationId("n-1");
        n.setMessageId("portal-1");
        n.setNotificationDate(SoapEnvelopes.dateTime(MADE, AQTAU));
        n.setMessageState(MessageState.DELIVERED);
        MessageStatusInfo status = new MessageStatusInfo();
        status.setStatusCode("ACCEPTED");
        status.setStatusMessage("accepted");
        status.setStatusDate(SoapEnvelopes.dateTime(MADE, AQTAU));
        n.setStatus(status);
        AsyncChangeStatusNotifyRequest request = new AsyncChangeStatusNotifyRequest();
        request.setNotification(n);
        request.setRequestDate(SoapEnvelopes.dateTime(MADE, AQTAU));
        ChangeMassageStatusNotification call = new ChangeMassageStatusNotification();
        call.setRequest(request);
        return call;
    }

    private static String statusCallback() {
        return SecureXml.toString(ShepXml.toElement(statusCall()));
    }

    /** A sendMessage carrying the status call (as a history notice does), dated at {@link #MADE}. */
    private static String resultCallback() {
        SendMessage call = AsyncMessages.sendMessage("NOTIFICATION", "m-1", "{c-1}", "SERVICE", "GATEWAY", null,
                ShepXml.toElement(statusCall()), SoapEnvelopes.dateTime(MADE, AQTAU));
        return SecureXml.toString(ShepXml.toElement(call));
    }

    private static String field(Element callback, String localName) {
        return callback.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }
}
