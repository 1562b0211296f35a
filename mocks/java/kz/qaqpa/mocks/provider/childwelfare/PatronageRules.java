package kz.qaqpa.mocks.provider.childwelfare;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.childwelfare.ActKind;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.Channel;
import kz.qaqpa.document.childwelfare.ContractNotice;
import kz.qaqpa.document.childwelfare.PatronageContract;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S7, transfer of a child into patronage upbringing: registered, resolution, documents checked (identity document
 * and medical certificate required, the mock's rule), the specialist's home visit and its act (Std App. 2), then on
 * the office channel the contract (one child in the department's care, for a year), on the portal the notice about
 * concluding it (Std App. 1; para 3: the recipient then comes to the address the notice names; the day and time the
 * mock gives, the next calendar day at 10:00 by {@link WelfareOffice#comeOn}, are its own); where the act finds the
 * conditions unsuitable, the reasoned refusal on the grounds of para 10 of the Standard instead.
 */
public final class PatronageRules extends WelfareRules {
    public static final String SERVICE_ID = "ALMATY_PATRONAGE_2015";
    static final Set<String> REQUIRED = Set.of("IDENTITY_DOCUMENT", "MEDICAL_CERTIFICATE");
    /** The child in the department's care the mock places (an invented ИИН with a valid check digit). */
    static final String CHILD_IIN = "130707500002";

    public PatronageRules(KeyMaterial head, KeyMaterial specialist) {
        super(SERVICE_ID, REQUIRED, head, specialist);
    }

    @Override
    List<OfficeStep> decision(ReceivedApplication a, Application application) {
        List<OfficeStep> steps = new ArrayList<>();
        steps.add(HomeVisit.act(office, a, ActKind.STUDY));
        steps.add(WelfareOffice.examined(a));
        if (!HomeVisit.suitable(application)) {
            steps.add(office.reasonedRefusal(a,
                    "Тұрғын үй-тұрмыстық жағдайын зерделеу актісі бойынша баланы патронаттық тәрбиеге беруге жағдай жоқ"));
            return steps;
        }
        steps.add(application.getChannel() == Channel.PORTAL ? notice(a) : contract(a, application));
        return steps;
    }

    private OfficeStep contract(ReceivedApplication a, Application application) {
        PatronageContract c = new PatronageContract();
        c.setHeader(office.resultHeader(a));
        LocalDate today = WelfareOffice.today(a);
        c.setContractNumber("ПТ-" + a.registrationNumber());
        c.setCarer(WelfareOffice.applicant(application));
        c.getChild().add(WelfareOffice.person(CHILD_IIN, "SAPAROV", "ALIBEK", LocalDate.of(2013, 7, 7)));
        c.setValidFrom(WelfareOffice.date(today));
        c.setValidUntil(WelfareOffice.date(today.plusYears(1)));
        return OfficeStep.result("result", ShepXml.toElement(c), office.head());
    }

    private OfficeStep notice(ReceivedApplication a) {
        ContractNotice n = new ContractNotice();
        n.setHeader(office.resultHeader(a));
        n.setAddress(WelfareOffice.ADDRESS);
        n.setComeOn(WelfareOffice.comeOn(a));
        n.setActConclusion(true);
        return OfficeStep.result("result", ShepXml.toElement(n), office.head());
    }
}
