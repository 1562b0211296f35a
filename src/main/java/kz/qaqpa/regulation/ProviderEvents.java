package kz.qaqpa.regulation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import kz.qaqpa.channel.ChannelNotifications;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * What a provider system reports about an application (NOTIFICATION, UPDATE, RESPONSE with its correlationId):
 * identifies the application and the event, verifies a result's employee signature, and commits the new status,
 * the steps and the notifications owed to the channels in one transaction.
 */
public final class ProviderEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderEvents.class);
    private final Database db;
    private final SenderRegistry senders;
    private final Applications applications;
    private final StatusHistory history;
    private final Trail trail;
    private final ChannelNotifications notifications;
    private final CertificateValidator certificates;
    private final Replies replies;
    private final ProviderQueue queue;
    private final java.util.Map<String, String> resultSignerBins;

    /** @param resultSignerBins serviceId to the БИН of the organisation whose employees sign its results */
    public ProviderEvents(Database db, SenderRegistry senders, Applications applications, StatusHistory history,
                          ProviderQueue queue, Trail trail, ChannelNotifications notifications,
                          CertificateValidator certificates, Replies replies, java.util.Map<String, String> resultSignerBins) {
        this.replies = replies;
        this.queue = queue;
        this.resultSignerBins = java.util.Map.copyOf(resultSignerBins);
        this.db = db;
        this.senders = senders;
        this.applications = applications;
        this.history = history;
        this.trail = trail;
        this.notifications = notifications;
        this.certificates = certificates;
    }

    /** Sets variables application, event (REGISTERED, IN_WORK, RESULT) and channel for the regulation's route. */
    public void identify(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        RequestFacts facts = RequestFacts.of(in.request());
        facts.requireMessageId();
        senders.requireProvider(in.sender(), facts.serviceId());
        Applications.Application a = applications.byCorrelationId(String.valueOf(facts.correlationId()))
                .filter(app -> app.serviceId().equals(facts.serviceId()))
                .orElseThrow(() -> new ShepException(FaultCode.UNKNOWN_CORRELATION, "no application of service '"
                        + facts.serviceId() + "' has correlationId '" + facts.correlationId() + "'"));
        if (!queue.receiverOf(a.correlationId()).map(in.sender().id()::equals).orElse(false)) {
            throw new ShepException(FaultCode.UNKNOWN_CORRELATION, "application '" + a.correlationId()
                    + "' was not sent to '" + in.sender().id() + "'");
        }
        if ("COMPLETED".equals(a.statusCode())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId()
                    + "' is completed; its result was already delivered");
        }
        exchange.setVariable("application", a);
        exchange.setVariable("channel", a.channel());
        exchange.setVariable("event", event(facts.messageType(), in.businessDocument()));
        exchange.setVariable("awaitingSince", history.lastEnded(a.correlationId()).map(t -> t.toInstant()).orElse(null));
        exchange.setVariable(Replies.REPLY, Replies.accepted(facts.messageId(), a.correlationId(), in.sessionId()));
    }

    public void registered(Exchange exchange) {
        String number = child(document(exchange), "registrationNumber");
        exchange.setVariable("registrationNumber", number);
        exchange.setVariable("outcome", "registered as " + number);
    }

    public void inWork(Exchange exchange) {
        exchange.setVariable("outcome", "in work");
    }

    /** The result must be signed by an employee of the provider organisation, with a valid certificate. */
    public void verifyResult(Exchange exchange) {
        Element result = document(exchange);
        if (result == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a RESPONSE must carry the result document in data");
        }
        requireResultDocument(exchange, result);
        X509Certificate signer = DocumentVerifier.verify(result, certificates.policy());
        certificates.validate(signer, Purpose.DOCUMENT, true, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID);
        SubjectIdentity employee = SubjectIdentity.of(signer);
        Applications.Application application = exchange.getVariable("application", Applications.Application.class);
        requireAbout(exchange, result, "correlationId", application.correlationId(), true);
        requireAbout(exchange, result, "childIin", application.childIin(), false);
        requireAbout(exchange, result, "employeeIin", employee.iin(), false);
        String serviceId = application.serviceId();
        String providerBin = resultSignerBins.get(serviceId);
        if (employee.bin() == null || !employee.bin().equals(providerBin)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the result must be signed by an employee of the provider"
                    + " (БИН " + providerBin + "), not by " + employee.commonName() + " (БИН " + employee.bin() + ")");
        }
        exchange.setVariable("outcome", result.getLocalName() + " signed by employee " + employee.iin());
    }

    /** The document is one of the results the regulation names (route parameter resultDocuments). */
    private static void requireResultDocument(Exchange exchange, Element result) {
        String allowed = exchange.getVariable("resultDocuments", "", String.class);
        if (!java.util.Arrays.asList(allowed.split(",")).contains(result.getLocalName())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + result.getLocalName()
                    + "> is not a result of this service (expected one of " + allowed + ")");
        }
    }

    /**
     * A result speaks of its application: the field the route file names (variable {@code result.<field>}) must
     * hold what the gateway knows. The correlationId is always required; other fields when the route names them.
     */
    private static void requireAbout(Exchange exchange, Element result, String field, String expected,
                                     boolean required) {
        String path = exchange.getVariable("result." + field, String.class);
        if (path == null && !required) {
            return;
        }
        String actual = DocumentFields.read(result, path);
        if (actual == null || !actual.equals(expected)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the result's " + field + " '" + actual
                    + "' does not match the application ('" + expected + "')");
        }
    }

    public void deliverResult(Exchange exchange) {
        exchange.setVariable("outcome", "sent to " + exchange.getVariable("application", Applications.Application.class).senderId());
    }

    public void commit(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        RequestFacts facts = RequestFacts.of(in.request());
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        String event = exchange.getVariable("event", String.class);
        String statusCode = "RESULT".equals(event) ? "COMPLETED" : event;
        String statusMessage = exchange.getVariable("statusMessage", statusCode, String.class);
        Instant awaitingSince = exchange.getVariable("awaitingSince", Instant.class);
        replies.firstCommitWins(exchange, () -> db.inTransaction(() -> {
            replies.record(exchange);
            // queue row before application row, in the same order as ProviderPolling, so the two never deadlock
            queue.markAnswered(a.correlationId());
            if (!applications.advanceStatus(a.correlationId(), ProviderQueue.DELIVERED, statusCode, statusMessage)) {
                throw new ShepException(FaultCode.STATUS_CONFLICT, "application '" + a.correlationId()
                        + "' is already past " + statusCode);
            }
            if (exchange.getVariable("registrationNumber") != null) {
                applications.setRegistrationNumber(a.correlationId(), exchange.getVariable("registrationNumber", String.class));
            }
            trail.persist(exchange, a.correlationId(), awaitingSince);
            notifications.statusChanged(a, ProviderQueue.DELIVERED, statusCode, statusMessage);
            if ("RESULT".equals(event)) {
                Element result = document(exchange);
                applications.setResult(a.correlationId(), result.getLocalName(), SecureXml.toString(result));
                notifications.resultReady(a, result);
            }
            return null;
        }));
        if (!exchange.getVariable("replayed", false, Boolean.class)) {
            LOG.info("session {} application {} {} by {}", in.sessionId(), a.correlationId(), statusCode, in.sender().id());
        }
    }

    private static String event(String messageType, Element document) {
        if ("RESPONSE".equals(messageType)) {
            return "RESULT";
        }
        String status = document != null && "statusNotification".equals(document.getLocalName())
                ? child(document, "status") : null;
        if ("REGISTERED".equals(status) || "IN_WORK".equals(status)) {
            return status;
        }
        throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a " + messageType
                + " from a provider must carry a <statusNotification> with status REGISTERED or IN_WORK;"
                + " a result must be sent as RESPONSE");
    }

    /** A provider's statusNotification (any service's namespace) carries status and registrationNumber. */
    private static String child(Element parent, String localName) {
        org.w3c.dom.NodeList found = parent.getElementsByTagNameNS(parent.getNamespaceURI(), localName);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }

    private static Element document(Exchange exchange) {
        return exchange.getVariable(Inbound.VARIABLE, Inbound.class).businessDocument();
    }
}
