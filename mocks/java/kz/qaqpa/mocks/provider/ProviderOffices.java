package kz.qaqpa.mocks.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kz.qaqpa.mocks.provider.almaty.AlmatyEducationOffice;
import kz.qaqpa.mocks.provider.archive.ArchivalCertificateRules;
import kz.qaqpa.mocks.provider.childwelfare.ChildWelfareServices;
import kz.qaqpa.mocks.provider.mangystau.MangystauOffices;
import kz.qaqpa.mocks.provider.nko.GuardianshipCertificateRules;
import kz.qaqpa.mocks.provider.nko.MinorsDepositsRules;
import kz.qaqpa.mocks.provider.nko.MinorsPropertyRules;

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
                MangystauOffices::karakiyak));
        offices.add(new OfficeDefinition("MANGYSTAU_BASKUDUK_AKIM", "baskuduk-secret", "baskuduk-akim", "БСК",
                MangystauOffices::baskuduk));
        // seed 004: the Almaty city Education Department (family and children): S1-S4, S6
        // (kz.qaqpa.mocks.provider.almaty) and part B, S5 and S7-S11 (kz.qaqpa.mocks.provider.childwelfare)
        offices.add(new OfficeDefinition(AlmatyEducationOffice.SENDER_ID,
                AlmatyEducationOffice.PASSWORD,
                AlmatyEducationOffice.SYSTEM_KEY,
                AlmatyEducationOffice.NUMBER_PREFIX,
                pki -> Stream.concat(
                        AlmatyEducationOffice.services(pki).stream(),
                        ChildWelfareServices.rules(pki.key("employee-almaty-head"),
                                pki.key("employee-almaty-specialist")).stream()).toList()));
        // seed 000: Magzhan Zhumabayev district education department (North Kazakhstan), three guardianship services
        offices.add(new OfficeDefinition("MZH_EDU", "mzh-edu-secret", "mzh-edu", "МЖБ", pki -> List.of(
                new GuardianshipCertificateRules(pki.key("employee-mzh-edu")),
                new MinorsDepositsRules(pki.key("employee-mzh-edu")),
                new MinorsPropertyRules(pki.key("employee-mzh-edu")))));
        // seed 003: the Astana archive (its ЖАО АЖ, sender ARCHIVE) decides both archival certificate services
        offices.add(new OfficeDefinition("ARCHIVE", "archive-secret", "archive", "МҰР", pki -> List.of(
                new ArchivalCertificateRules(
                        ArchivalCertificateRules.PERSONS, pki.key("employee-archive")),
                new ArchivalCertificateRules(
                        ArchivalCertificateRules.ENTITIES, pki.key("employee-archive")))));
        return offices;
    }
}
