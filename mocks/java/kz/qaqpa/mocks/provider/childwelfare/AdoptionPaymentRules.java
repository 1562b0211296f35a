package kz.qaqpa.mocks.provider.childwelfare;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import kz.qaqpa.document.childwelfare.AdoptionPaymentDecision;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S10, the one-time payment for an adoption: registered, resolution, then the decision of Std App. 1 signed by the
 * head, {@value #AMOUNT} (an invented amount: the seed has none) for the first child named; refused for documents
 * without the identity document or the court decision on the adoption.
 */
public final class AdoptionPaymentRules extends WelfareRules {
    public static final String SERVICE_ID = "ALMATY_ADOPTION_PAYMENT_2015";
    static final String AMOUNT = "147680.00";
    static final Set<String> REQUIRED = Set.of("IDENTITY_DOCUMENT", "COURT_DECISION");

    public AdoptionPaymentRules(KeyMaterial head, KeyMaterial specialist) {
        super(SERVICE_ID, REQUIRED, head, specialist);
    }

    @Override
    List<OfficeStep> decision(ReceivedApplication a, Application application) {
        AdoptionPaymentDecision d = new AdoptionPaymentDecision();
        d.setHeader(office.resultHeader(a));
        d.setDecisionNumber("БТ-" + a.registrationNumber());
        d.setAdopter(WelfareOffice.applicant(application));
        d.setChild(application.getChild().get(0));
        d.setAmount(new BigDecimal(AMOUNT));
        return examinedWithResult(a, d);
    }
}
