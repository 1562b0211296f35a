package kz.qaqpa.mocks.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * The provider offices the embedded mocks start besides seed 002's back office, grouped by regulation family
 * (mocks/README.md lists their rules). Add an office with one {@code offices.add(...)} line in its family's group.
 */
public final class ProviderOffices {
    private ProviderOffices() {
    }

    public static List<OfficeDefinition> all() {
        List<OfficeDefinition> offices = new ArrayList<>();
        // seed 004 part B: the Almaty city Education Department, S5 and S7-S11 (kz.qaqpa.mocks.provider.childwelfare)
        offices.add(new OfficeDefinition("ALMATY_EDU", "almaty-edu-secret", "almaty-edu", "АББ",
                pki -> kz.qaqpa.mocks.provider.childwelfare.ChildWelfareServices.rules(pki.key("employee-almaty-head"),
                        pki.key("employee-almaty-specialist"))));
        return offices;
    }
}
