package kz.qaqpa.mocks.provider.childwelfare;

import java.util.List;
import java.util.Set;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.trust.KeyMaterial;

/**
 * What the six services of seed 004 part B share: a serviceId, the attachments the document check requires, para
 * 8.1-8.3 as {@link WelfareOffice#decide} runs them, then the service's own decision on a complete package.
 */
abstract class WelfareRules implements ServiceRules {
    private final String serviceId;
    private final Set<String> required;
    final WelfareOffice office;

    /** @param head signs the results; @param specialist signs the housing-conditions acts */
    WelfareRules(String serviceId, Set<String> required, KeyMaterial head, KeyMaterial specialist) {
        this.serviceId = serviceId;
        this.required = required;
        this.office = new WelfareOffice(head, specialist);
    }

    @Override
    public final String serviceId() {
        return serviceId;
    }

    @Override
    public final List<OfficeStep> decide(ReceivedApplication a) {
        return office.decide(a, required, application -> decision(a, application));
    }

    /** The steps after a complete package. */
    abstract List<OfficeStep> decision(ReceivedApplication a, Application application);

    /** Para 8.3's examination, then {@code document} (a JAXB result) signed by the head. */
    final List<OfficeStep> examinedWithResult(ReceivedApplication a, Object document) {
        return List.of(WelfareOffice.examined(a), OfficeStep.result("result", ShepXml.toElement(document), office.head()));
    }
}
