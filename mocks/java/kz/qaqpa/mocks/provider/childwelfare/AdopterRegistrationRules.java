package kz.qaqpa.mocks.provider.childwelfare;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.childwelfare.ActKind;
import kz.qaqpa.document.childwelfare.AdopterConclusion;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.Channel;
import kz.qaqpa.document.childwelfare.ConclusionReadyNotice;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S9, registering persons who wish to adopt: registered, resolution, documents checked (identity document and
 * medical certificate required, the mock's rule), the specialist's inspection of the home and its act (Std App. 3),
 * then the conclusion of Std App. 1 on the basis of the act: possible when the act finds the conditions suitable,
 * not possible otherwise (a negative conclusion is a result, not a refusal). On the portal the result is the notice
 * that the conclusion is ready (Std App. 2), whatever it says; the conclusion itself is paper.
 */
public final class AdopterRegistrationRules extends WelfareRules {
    public static final String SERVICE_ID = "ALMATY_ADOPTERS_2015";
    static final Set<String> REQUIRED = Set.of("IDENTITY_DOCUMENT", "MEDICAL_CERTIFICATE");

    public AdopterRegistrationRules(KeyMaterial head, KeyMaterial specialist) {
        super(SERVICE_ID, REQUIRED, head, specialist);
    }

    @Override
    List<OfficeStep> decision(ReceivedApplication a, Application application) {
        List<OfficeStep> steps = new ArrayList<>();
        steps.add(HomeVisit.act(office, a, ActKind.INSPECTION));
        steps.add(WelfareOffice.examined(a));
        steps.add(application.getChannel() == Channel.PORTAL ? notice(a) : conclusion(a, application));
        return steps;
    }

    private OfficeStep conclusion(ReceivedApplication a, Application application) {
        boolean possible = HomeVisit.suitable(application);
        AdopterConclusion c = new AdopterConclusion();
        c.setHeader(office.resultHeader(a));
        c.setConclusionNumber("АҮ-" + a.registrationNumber());
        c.getCandidate().add(WelfareOffice.applicant(application));
        if (application.getAdopter().getSpouse() != null) {
            c.getCandidate().add(application.getAdopter().getSpouse());
        }
        c.setPossible(possible);
        if (!possible) {
            c.getReason().add("Тұрғын үй-тұрмыстық жағдайларын тексеріп-қарау актісі бойынша баланы тәрбиелеуге жағдай жоқ");
        }
        return OfficeStep.result("result", ShepXml.toElement(c), office.head());
    }

    private OfficeStep notice(ReceivedApplication a) {
        ConclusionReadyNotice n = new ConclusionReadyNotice();
        n.setHeader(office.resultHeader(a));
        n.setAddress(WelfareOffice.ADDRESS);
        n.setComeOn(WelfareOffice.comeOn(a));
        return OfficeStep.result("result", ShepXml.toElement(n), office.head());
    }
}
