package kz.qaqpa.mocks.provider;

import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.contract.async.itypes.AsyncSendDeliveryNotificationRequest;
import kz.qaqpa.contract.async.types.SendDeliveryNotification;
import kz.qaqpa.contract.common.DeliveryNotification;
import kz.qaqpa.contract.common.DeliveryStatusInfo;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.contract.common.SenderInfo;

/**
 * Builds a provider's acknowledgement of a message it polled ({@code sendDeliveryNotification}); the one way to do
 * it, for the provider mock and for the tests that play the provider. It lives with the mocks, not beside
 * {@code AsyncMessages}, because the gateway never sends one: the production jar has no use for it.
 */
public final class DeliveryNotifications {
    private DeliveryNotifications() {
    }

    /**
     * @param receiveStatus MESSAGE_ACCEPTED or MESSAGE_NOT_ACCTEPTED (the contract's spelling)
     * @param resendMessage RESEND or NOT_RESEND
     * @param error         why the message was not accepted, or null
     * @param date          the acknowledgement's statusDate, notificationDate and requestDate
     */
    public static SendDeliveryNotification acknowledgement(String serviceId, String messageId, String receiveStatus,
                                                           String resendMessage, ErrorInfo error, SenderInfo sender,
                                                           XMLGregorianCalendar date) {
        DeliveryStatusInfo status = new DeliveryStatusInfo();
        status.setReceiveStatus(receiveStatus);
        status.setStatusDate(date);
        status.setResendMessage(resendMessage);
        status.setError(error);
        DeliveryNotification notification = new DeliveryNotification();
        notification.setMessageId(messageId);
        notification.setServiceId(serviceId);
        notification.setNotificationDate(date);
        notification.setDeliveryStatus(status);
        AsyncSendDeliveryNotificationRequest request = new AsyncSendDeliveryNotificationRequest();
        request.setNotification(notification);
        request.setRequestDate(date);
        request.setSender(sender);
        SendDeliveryNotification acknowledgement = new SendDeliveryNotification();
        acknowledgement.setRequest(request);
        return acknowledgement;
    }
}
