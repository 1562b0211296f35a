package kz.qaqpa.regulation;

import javax.xml.namespace.QName;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * The first step of every event about an accepted application (a provider's status or result, a channel's consent,
 * hand-over or questionnaire): the document it carries must be one of the service's own, valid against its schema,
 * and about this application. The envelope schema takes {@code data} as anyType, which validates what it knows (the
 * channel's gate validated the payload) and lets a foreign element through unchecked: here an element the schemas do
 * not declare is refused, as a validation of it on its own would refuse it; one they declare is not validated twice.
 *
 * <p>Reads from the regulation's progress route: {@code document} (the service's application document; its namespace
 * is the service's), {@code document.correlationId} and {@code document.registrationNumber} (where a status or a
 * channel's document names its application and the provider's number). A result's own fields are checked with its
 * kind and signer ({@link ProviderEvents#verifyResult}).
 */
public final class EventDocumentCheck {
    private final ContractSchemas schemas;

    public EventDocumentCheck(ContractSchemas schemas) {
        this.schemas = schemas;
    }

    public void check(Exchange exchange) {
        Element document = EventDocument.of(exchange);
        if (document == null) {
            return;   // a status or channel document without one was refused by identify; a bare RESPONSE by verifyResult
        }
        String namespace = serviceNamespace(exchange);
        if (!namespace.equals(document.getNamespaceURI())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + document.getLocalName() + "> in namespace '"
                    + document.getNamespaceURI() + "' is not a document of this service (namespace '" + namespace + "')");
        }
        requireDeclared(document);
        if ("RESULT".equals(exchange.getVariable("event", String.class))) {
            return;   // what a result is about is checked with its kind and signer (ProviderEvents.verifyResult)
        }
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        // as written (attack62): the identifier the gateway gave, an xs:string, spaces around it another value
        requireSame(document, "correlationId", DocumentFields.asWritten(document,
                exchange.getVariable("document.correlationId", String.class)), a.correlationId());
        requireSameNumber(exchange, document, "document.registrationNumber", a);
    }

    private void requireDeclared(Element document) {
        if (!schemas.declares(document)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + document.getLocalName() + "> does not match the"
                    + " contract: no document of the service's schema is named so");
        }
    }

    /**
     * An application has one registration number, the one its provider gave it. A number in a document (the path the
     * route names in {@code variable}) must be the application's; where the application has none yet, a document of
     * its provider that names one (a result or status that overtook a lost or late REGISTERED) gives it, and
     * {@link ApplicationEvents#commit} records it with the event, so every later document, the REGISTERED included,
     * must carry that one. A channel never gives a number: its document naming one the application lacks is refused.
     */
    static void requireSameNumber(Exchange exchange, Element document, String variable, Applications.Application a) {
        String number = DocumentFields.read(document, exchange.getVariable(variable, String.class));
        if (number == null || number.isEmpty()) {
            return;
        }
        if (a.registrationNumber() == null && exchange.getVariable("fromProvider", false, Boolean.class)) {
            exchange.setVariable(ApplicationEvents.REGISTRATION_NUMBER, number);
            return;
        }
        if (a.registrationNumber() == null) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + document.getLocalName() + " names registration"
                    + " number '" + number + "', but application '" + a.correlationId() + "' has none: its provider"
                    + " gives it");
        }
        requireSame(document, "registrationNumber", number, a.registrationNumber());
    }

    private static String serviceNamespace(Exchange exchange) {
        String document = exchange.getVariable("document", String.class);
        if (document == null) {
            throw new IllegalStateException("the regulation's progress route must name its application document"
                    + " (variable document)");
        }
        return QName.valueOf(document).getNamespaceURI();
    }

    static void requireSame(Element document, String field, String actual, String expected) {
        if (actual == null || !actual.equals(expected)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + document.getLocalName() + "'s " + field + " '"
                    + actual + "' does not match the application ('" + expected + "')");
        }
    }
}
