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
        // seed 001, Mangystau 2012 (several providers per service, each for its localities)
        offices.add(new OfficeDefinition("MANGYSTAU_KARAKIYAK_EDU", "karakiyak-secret", "karakiyak-edu", "КРК",
                kz.qaqpa.mocks.provider.mangystau.MangystauOffices::karakiyak));
        offices.add(new OfficeDefinition("MANGYSTAU_BASKUDUK_AKIM", "baskuduk-secret", "baskuduk-akim", "БСК",
                kz.qaqpa.mocks.provider.mangystau.MangystauOffices::baskuduk));
        // seed 004: the Almaty city Education Department (family and children): S1-S4, S6
        // (kz.qaqpa.mocks.provider.almaty) and part B, S5 and S7-S11 (kz.qaqpa.mocks.provider.childwelfare)
        offices.add(new OfficeDefinition(kz.qaqpa.mocks.provider.almaty.AlmatyEducationOffice.SENDER_ID,
                kz.qaqpa.mocks.provider.almaty.AlmatyEducationOffice.PASSWORD,
                kz.qaqpa.mocks.provider.almaty.AlmatyEducationOffice.SYSTEM_KEY,
                kz.qaqpa.mocks.provider.almaty.AlmatyEducationOffice.NUMBER_PREFIX,
                pki -> java.util.stream.Stream.concat(
                        kz.qaqpa.mocks.provider.almaty.AlmatyEducationOffice.services(pki).stream(),
                        kz.qaqpa.mocks.provider.childwelfare.ChildWelfareServices.rules(pki.key("employee-almaty-head"),
                                pki.key("employee-almaty-specialist")).stream()).toList()));
        // seed 000: Magzhan Zhumabayev district education department (North Kazakhstan), three guardianship services
        offices.add(new OfficeDefinition("MZH_EDU", "mzh-edu-secret", "mzh-edu", "МЖБ", pki -> List.of(
                new kz.qaqpa.mocks.provider.nko.GuardianshipCertificateRules(pki.key("employee-mzh-edu")),
                new kz.qaqpa.mocks.provider.nko.MinorsDepositsRules(pki.key("employee-mzh-edu")),
                new kz.qaqpa.mocks.provider.nko.MinorsPropertyRules(pki.key("employee-mzh-edu")))));
        // seed 003: the Astana archive (its ЖАО АЖ, sender ARCHIVE) decides both archival certificate services
        offices.add(new OfficeDefinition("ARCHIVE", "archive-secret", "archive", "МҰР", pki -> List.of(
                new kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules(
                        kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules.PERSONS, pki.key("employee-archive")),
                new kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules(
                        kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules.ENTITIES, pki.key("employee-archive")))));
        return offices;
    }
}
