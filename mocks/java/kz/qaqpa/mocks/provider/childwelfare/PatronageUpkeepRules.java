package kz.qaqpa.mocks.provider.childwelfare;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.UpkeepDecision;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S8, money for the upkeep of children with a patronage carer: registered, resolution, then the decision of Std
 * App. 1 signed by the head, {@value #MONTHLY_PER_CHILD} a month per child named (an invented amount: the seed has
 * none) from the first day of the next month; refused for documents without the identity document or the
 * patronage contract.
 */
public final class PatronageUpkeepRules extends WelfareRules {
    public static final String SERVICE_ID = "ALMATY_PATRONAGE_UPKEEP_2015";
    static final String MONTHLY_PER_CHILD = "38000.00";
    static final Set<String> REQUIRED = Set.of("IDENTITY_DOCUMENT", "PATRONAGE_CONTRACT");

    public PatronageUpkeepRules(KeyMaterial head, KeyMaterial specialist) {
        super(SERVICE_ID, REQUIRED, head, specialist);
    }

    @Override
    List<OfficeStep> decision(ReceivedApplication a, Application application) {
        UpkeepDecision d = new UpkeepDecision();
        d.setHeader(office.resultHeader(a));
        d.setDecisionNumber("КБ-" + a.registrationNumber());
        d.setCarer(WelfareOffice.applicant(application));
        d.getChild().addAll(application.getChild());
        d.setMonthlyAmount(new BigDecimal(MONTHLY_PER_CHILD).multiply(BigDecimal.valueOf(application.getChild().size())));
        d.setPaidFrom(WelfareOffice.date(WelfareOffice.today(a).withDayOfMonth(1).plusMonths(1)));
        return examinedWithResult(a, d);
    }
}
