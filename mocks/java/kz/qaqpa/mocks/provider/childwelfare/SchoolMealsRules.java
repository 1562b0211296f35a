package kz.qaqpa.mocks.provider.childwelfare;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.MealsCertificate;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S5, free and reduced-price school meals: registered, resolution, then the certificate of Std App. 1 signed by the
 * head, valid to the end of the school year (25 May); refused for documents when the birth certificate or the
 * school's certificate is not attached (the mock's rule).
 */
public final class SchoolMealsRules extends WelfareRules {
    public static final String SERVICE_ID = "ALMATY_SCHOOL_MEALS_2015";
    static final Set<String> REQUIRED = Set.of("BIRTH_CERTIFICATE", "SCHOOL_CERTIFICATE");

    public SchoolMealsRules(KeyMaterial head, KeyMaterial specialist) {
        super(SERVICE_ID, REQUIRED, head, specialist);
    }

    @Override
    List<OfficeStep> decision(ReceivedApplication a, Application application) {
        MealsCertificate c = new MealsCertificate();
        c.setHeader(office.resultHeader(a));
        c.setPupil(application.getChild().get(0));
        c.setSchool(application.getSchoolMeals().getSchool());
        c.setGrade(application.getSchoolMeals().getGrade());
        c.setMealKind(application.getSchoolMeals().getMealKind());
        LocalDate today = WelfareOffice.today(a);
        // the school year's end, 25 May: this year's until it has passed (26-31 May too), then next year's
        LocalDate thisYearsEnd = LocalDate.of(today.getYear(), 5, 25);
        LocalDate yearEnd = today.isAfter(thisYearsEnd) ? thisYearsEnd.plusYears(1) : thisYearsEnd;
        c.setValidFrom(WelfareOffice.date(today));
        c.setValidUntil(WelfareOffice.date(yearEnd));
        return examinedWithResult(a, c);
    }
}
