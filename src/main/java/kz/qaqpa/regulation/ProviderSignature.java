package kz.qaqpa.regulation;

import java.security.cert.X509Certificate;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.registry.ResultSigners;
import kz.qaqpa.store.Applications;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.SignerRole;
import kz.qaqpa.trust.SubjectIdentity;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * Who signs a provider's document about an application (a result, a home-visit act) and whether it is so signed:
 * by an employee of the organisation that signs the service's results, naming this application.
 */
final class ProviderSignature {
    private final CertificateValidator certificates;
    private final GatewayMetrics metrics;
    private final ResultSigners signers;
    private final QueuedApplications queued;

    ProviderSignature(CertificateValidator certificates, GatewayMetrics metrics, ResultSigners signers,
                      QueuedApplications queued) {
        this.certificates = certificates;
        this.metrics = metrics;
        this.signers = signers;
        this.queued = queued;
    }

    /**
     * Who signs this application's result {@code kind}: the service's organisation, its provider's own, or, where the
     * service has it signed per locality, that of the locality the application names (the route's field.locality).
     */
    ResultSigners.Signer signerOf(Exchange exchange, Applications.Application application, String kind) {
        return signers.of(application.serviceId(), Inbound.of(exchange).sender().id(),
                locality(exchange, application), kind);
    }

    /** The application's locality where its service is signed per locality (read from it as queued), else null. */
    private String locality(Exchange exchange, Applications.Application application) {
        return signers.perLocality(application.serviceId())
                ? DocumentFields.read(queued.of(application), exchange.getVariable("field.locality", String.class))
                : null;
    }

    String localityNote(Exchange exchange, Applications.Application application, String kind) {
        String locality = locality(exchange, application);
        return locality == null || !signers.signedByLocality(application.serviceId(), kind) ? ""
                : " for locality " + locality;
    }

    /**
     * The БИН of the legal entity that applied, read from its application as queued (field.applicantBin of the
     * route): a result for a legal entity must name that entity.
     */
    private String applicantBin(Exchange exchange, Applications.Application application) {
        return DocumentFields.read(queued.of(application), exchange.getVariable("field.applicantBin", String.class));
    }

    /**
     * A provider's signed document about this application (a result, the housing-conditions act): signed by an
     * employee of the provider organisation with a valid certificate, naming this application (and its child and
     * signer, where the route names those fields of a result).
     */
    SubjectIdentity signedByProvider(Exchange exchange, Applications.Application application, Element signed,
                                             ResultSigners.Signer expected) {
        X509Certificate signer = metrics.verifying("document", () -> DocumentVerifier.verify(signed, certificates.policy()));
        certificates.validate(signer, Purpose.DOCUMENT, true, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID);
        SignerRole.ORGANISATION.require(signer, FaultCode.SIGNER_MISMATCH);
        SubjectIdentity employee = SubjectIdentity.of(signer);
        ProviderEvents.requireNamesApplication(exchange, signed, application.correlationId());
        EventDocumentCheck.requireSameNumber(exchange, signed, "result.registrationNumber", application);
        ProviderEvents.requireAbout(exchange, signed, "childIin", application.childIin(), false);
        ProviderEvents.requireAbout(exchange, signed, "applicantIin", application.applicantIin(), false);
        if (exchange.getVariable("result.applicantBin") != null) {
            ProviderEvents.requireAbout(exchange, signed, "applicantBin", applicantBin(exchange, application), true);
        }
        ProviderEvents.requireAbout(exchange, signed, "employeeIin", employee.iin(), false);
        // the provider the application was routed to signs with its own organisations' employees (or its locality's)
        if (!expected.employs(employee.bin())) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + signed.getLocalName() + " must be signed by an"
                    + " employee of the organisation that signs its results (БИН " + expected.binsText() + "), not by "
                    + employee.commonName() + " (БИН "
                    + employee.bin() + ")");
        }
        return employee;
    }
}
