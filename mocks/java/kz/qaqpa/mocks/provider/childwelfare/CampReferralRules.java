package kz.qaqpa.mocks.provider.childwelfare;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Set;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.CampKind;
import kz.qaqpa.document.childwelfare.CampReferral;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S11, camp referrals for children of low-income families (office only, paper): registered, resolution, then the
 * register entry of the paper referral, signed by the head: an out-of-town camp («Балдәурен») or the child's school
 * camp, a 21-day session from the first Monday of next June (the mock's rule). Never refused: S11's text names no
 * refusal (no portal, no ЦОН; para 3 only the referral), so the office checks no required attachment.
 */
public final class CampReferralRules extends WelfareRules {
    public static final String SERVICE_ID = "ALMATY_CAMP_REFERRAL_2015";
    static final Set<String> REQUIRED = Set.of();

    public CampReferralRules(KeyMaterial head, KeyMaterial specialist) {
        super(SERVICE_ID, REQUIRED, head, specialist);
    }

    @Override
    List<OfficeStep> decision(ReceivedApplication a, Application application) {
        CampReferral r = new CampReferral();
        r.setHeader(office.resultHeader(a));
        r.setReferralNumber("ЛЖ-" + a.registrationNumber());
        r.setChild(application.getChild().get(0));
        CampKind kind = application.getCamp().getCampKind();
        r.setCampKind(kind);
        r.setCampName(kind == CampKind.OUT_OF_TOWN ? "«Балдәурен» қала сыртындағы лагері" : "Мектеп жанындағы лагерь");
        LocalDate today = WelfareOffice.today(a);
        LocalDate june = LocalDate.of(today.getMonthValue() >= 6 ? today.getYear() + 1 : today.getYear(), 6, 1);
        LocalDate start = june.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        r.setSessionFrom(WelfareOffice.date(start));
        r.setSessionUntil(WelfareOffice.date(start.plusDays(20)));
        return examinedWithResult(a, r);
    }
}
