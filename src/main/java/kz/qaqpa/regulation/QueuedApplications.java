package kz.qaqpa.regulation;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Element;

/** Reads an application as its provider received it, for the checks of what the provider reports about it. */
final class QueuedApplications {
    private final ProviderQueue queue;

    QueuedApplications(ProviderQueue queue) {
        this.queue = queue;
    }

    /**
     * The application document as it was queued for the provider. Only while the application is open: a final one's
     * body may be gone (qaqpa.retention.closed-request-body), and its provider's events are refused before this.
     */
    Element of(Applications.Application application) {
        return queue.application(application.correlationId())
                .map(xml -> SecureXml.parseText(xml).getDocumentElement())
                .orElseThrow(() -> new ShepException(FaultCode.INTERNAL_ERROR, "application "
                        + application.correlationId() + " has no body in the provider queue"));
    }
}
