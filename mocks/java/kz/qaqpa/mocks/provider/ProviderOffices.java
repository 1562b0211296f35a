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
        // seed 003: the Astana archive (its ЖАО АЖ, sender ARCHIVE) decides both archival certificate services
        offices.add(new OfficeDefinition("ARCHIVE", "archive-secret", "archive", "МҰР", pki -> List.of(
                new kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules(
                        kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules.PERSONS, pki.key("employee-archive")),
                new kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules(
                        kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules.ENTITIES, pki.key("employee-archive")))));
        return offices;
    }
}
