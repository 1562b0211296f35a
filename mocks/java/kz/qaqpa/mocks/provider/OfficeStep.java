package kz.qaqpa.mocks.provider;

import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * One message a provider sends about an application.
 *
 * @param step        a name unique within the application (it derives the messageId, so a resend is a duplicate)
 * @param messageType NOTIFICATION (a status) or RESPONSE (the result, final or interim)
 * @param document    the document in the service's namespace, unsigned
 * @param signer      the employee whose key signs the document (enveloped XML-DSig), or null to send it unsigned
 */
public record OfficeStep(String step, String messageType, Element document, KeyMaterial signer) {

    public static OfficeStep notification(String step, Element document) {
        return new OfficeStep(step, "NOTIFICATION", document, null);
    }

    /** A status notification signed by an employee (e.g. a housing-conditions act, a resolution). */
    public static OfficeStep signedNotification(String step, Element document, KeyMaterial signer) {
        return new OfficeStep(step, "NOTIFICATION", document, signer);
    }

    public static OfficeStep result(String step, Element document, KeyMaterial signer) {
        return new OfficeStep(step, "RESPONSE", document, signer);
    }
}
