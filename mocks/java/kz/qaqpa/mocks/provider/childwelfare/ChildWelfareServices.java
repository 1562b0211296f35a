package kz.qaqpa.mocks.provider.childwelfare;

import java.util.List;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.trust.KeyMaterial;

/** The rules of the six services of seed 004 part B, decided by the Almaty Education Department's office. */
public final class ChildWelfareServices {
    private ChildWelfareServices() {
    }

    /** @param head signs the results; @param specialist signs the housing-conditions acts */
    public static List<ServiceRules> rules(KeyMaterial head, KeyMaterial specialist) {
        return List.of(new SchoolMealsRules(head, specialist), new PatronageRules(head, specialist),
                new PatronageUpkeepRules(head, specialist), new AdopterRegistrationRules(head, specialist),
                new AdoptionPaymentRules(head, specialist), new CampReferralRules(head, specialist));
    }
}
