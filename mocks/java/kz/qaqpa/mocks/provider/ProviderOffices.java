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
        // seed 000: Magzhan Zhumabayev district education department (North Kazakhstan), three guardianship services
        offices.add(new OfficeDefinition("MZH_EDU", "mzh-edu-secret", "mzh-edu", "МЖБ", pki -> List.of(
                new kz.qaqpa.mocks.provider.nko.GuardianshipCertificateRules(pki.key("employee-mzh-edu")),
                new kz.qaqpa.mocks.provider.nko.MinorsDepositsRules(pki.key("employee-mzh-edu")),
                new kz.qaqpa.mocks.provider.nko.MinorsPropertyRules(pki.key("employee-mzh-edu")))));
        return offices;
    }
}
