package kz.qaqpa.regulation;

import java.util.Optional;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/** Reads an application as its provider received it, for the checks of what the provider reports about it. */
final class QueuedApplications {
    private final ProviderQueue queue;
    private final Applications applications;

    QueuedApplications(ProviderQueue queue, Applications applications) {
        this.queue = queue;
        this.applications = applications;
    }

    /**
     * The application document as it was queued for the provider. Only while the application is open: a final one's
     * body may be gone (qaqpa.retention.closed-request-body), and its provider's events are refused before this. The
     * provider's refusal to take it (NOT_RESEND) does not wait for the application's turn ({@link ApplicationLocks}),
     * though: made final while an event was being checked, its body dropped meanwhile, the event is refused as it
     * would have been had it come after the refusal (SCE032), not as the gateway's error (ops27).
     */
    Element of(Applications.Application application) {
        Optional<String> queued = queue.application(application.correlationId());
        if (queued.isEmpty()) {
            applications.byCorrelationId(application.correlationId())
                    .ifPresent(now -> EventIdentification.requireOpen(now, false));
            throw new ShepException(FaultCode.INTERNAL_ERROR, "application " + application.correlationId()
                    + " has no body in the provider queue");
        }
        return SecureXml.parseText(queued.get()).getDocumentElement();
    }
}
