package kz.qaqpa.mocks.provider.childwelfare;

import java.util.Locale;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.childwelfare.ActKind;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.HousingConditionsAct;
import kz.qaqpa.document.childwelfare.PersonName;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.SubjectIdentity;

/**
 * The specialist's visit to the applicant's home (S7 and S9 para 8.3) and its act, signed by the specialist and
 * sent before the result. The mock's rule (invented: the Standard's criteria are not in the seed): the conditions
 * are unsuitable when the applicant lives in a hostel (the address says "hostel" or «жатақхана»), suitable otherwise.
 */
final class HomeVisit {
    private HomeVisit() {
    }

    static boolean suitable(Application application) {
        String address = application.getApplicant().getAddress().toLowerCase(Locale.ROOT);
        return !address.contains("hostel") && !address.contains("жатақхана");
    }

    static OfficeStep act(WelfareOffice office, ReceivedApplication a, ActKind kind) {
        Application application = WelfareOffice.read(a);
        boolean suitable = suitable(application);
        HousingConditionsAct act = new HousingConditionsAct();
        act.setHeader(office.actHeader(a));
        act.setKind(kind);
        act.setVisitedOn(WelfareOffice.date(WelfareOffice.today(a)));
        act.setAddress(application.getApplicant().getAddress());
        act.setSpecialist(name(SubjectIdentity.of(office.specialist().certificate()).commonName()));
        act.getFindings().add(suitable ? "Тұрғын үй-тұрмыстық жағдайлары баланы тәрбиелеуге жарамды"
                : "Өтініш беруші жатақханада тұрады: баланы тәрбиелеуге жеке тұрғын үй жоқ");
        act.setConditionsSuitable(suitable);
        return OfficeStep.signedNotification("home-visit", ShepXml.toElement(act), office.specialist());
    }

    /** "SURNAME NAME" as the test PKI's common names are written. */
    private static PersonName name(String commonName) {
        String[] parts = commonName.split(" ", 2);
        PersonName n = new PersonName();
        n.setLastName(parts[0]);
        n.setFirstName(parts.length > 1 ? parts[1] : parts[0]);
        return n;
    }
}
