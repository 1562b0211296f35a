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
        return offices;
    }
}
