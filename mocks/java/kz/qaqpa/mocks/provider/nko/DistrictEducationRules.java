package kz.qaqpa.mocks.provider.nko;

import java.util.List;
import java.util.Set;
import kz.qaqpa.document.nkoguardianship.Application;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.trust.KeyMaterial;

/**
 * What the three services of the district education department share: a serviceId, the documents the service
 * requires, {@link DistrictEducationOffice#decide} (registered, the check of the documents, the refusal), then the
 * service's own certificate on a complete package.
 */
abstract class DistrictEducationRules implements ServiceRules {
    private final String serviceId;
    private final Set<String> required;
    final DistrictEducationOffice office;

    /**
     * @param required the kinds of document ({@code attachedDocument/kind}) every application must attach
     * @param employee the department's employee who signs every result
     */
    DistrictEducationRules(String serviceId, Set<String> required, KeyMaterial employee) {
        this.serviceId = serviceId;
        this.required = Set.copyOf(required);
        this.office = new DistrictEducationOffice(employee);
    }

    @Override
    public final String serviceId() {
        return serviceId;
    }

    @Override
    public final List<OfficeStep> decide(ReceivedApplication a) {
        return office.decide(a, this::required, this::certificate);
    }

    /** The kinds of document this application must attach: those of every application unless the service says more. */
    Set<String> required(Application application) {
        return required;
    }

    /** The certificate (a JAXB result) the office grants on a complete package. */
    abstract Object certificate(ReceivedApplication a, Application application);
}
