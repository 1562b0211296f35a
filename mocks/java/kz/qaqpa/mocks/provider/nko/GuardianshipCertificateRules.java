package kz.qaqpa.mocks.provider.nko;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import kz.qaqpa.document.nkoguardianship.Application;
import kz.qaqpa.document.nkoguardianship.GuardianshipCertificate;
import kz.qaqpa.document.nkoguardianship.GuardianshipCertificateRequest;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S1, «Қорғаншылық және қамқоршылық жөнінде анықтама беру»: with the applicant's identity document and the akim's
 * decision attached, the certificate of App. 3 (the applicant appointed guardian of the ward, by the decision named
 * in the application; no property, the office's own default); without either, a reasoned refusal.
 */
public final class GuardianshipCertificateRules extends DistrictEducationRules {
    public static final String SERVICE_ID = "NKO_MZH_GUARDIANSHIP_CERTIFICATE_2012";
    static final Set<String> REQUIRED = Set.of("IDENTITY_DOCUMENT", "AKIM_DECISION");
    /** App. 3 l. 282-285, as printed (the duties the certificate states). */
    static final String DUTIES = "Қорғаншыға (қамқоршыға) қамқорлыққа алынушыны тәрбиелеу, оқыту, қоғамдық пайдалы"
            + " қызметке даярлау туралы, оның жеке мүліктік құқықтарын қорғау және сақтау, сотта және барлық мемлекеттік"
            + " мекемелерде арнайы өкілеттіксіз оның өкілі болу міндеті жүктеледі.";

    public GuardianshipCertificateRules(KeyMaterial employee) {
        super(SERVICE_ID, REQUIRED, employee);
    }

    @Override
    GuardianshipCertificate certificate(ReceivedApplication a, Application application) {
        GuardianshipCertificateRequest request = application.getGuardianshipCertificate();
        GuardianshipCertificate c = new GuardianshipCertificate();
        c.setHeader(office.header(a, application));
        c.setCertificateNumber(a.registrationNumber());
        c.setCitizenName(application.getApplicant().getName());
        c.setCitizenAddress(application.getApplicant().getAddress());
        c.setAkimOf("Мағжан Жұмабаев ауданы");
        c.setDecisionNumber(request.getAkimDecisionNumber() != null ? request.getAkimDecisionNumber()
                : application.getAttachedDocument().stream().filter(d -> "AKIM_DECISION".equals(d.getKind()))
                .map(d -> d.getNumber()).filter(Objects::nonNull).findFirst().orElse("—"));
        c.setDecisionDate(request.getAkimDecisionDate() != null ? request.getAkimDecisionDate()
                : DataElements.date(LocalDate.now(DistrictEducationOffice.ZONE)));
        c.setWardName(request.getWard().getName());
        c.setWardBirthDate(request.getWard().getBirthDate());
        c.setProperty("NO_PROPERTY");
        c.setRole("GUARDIAN");
        c.setDuties(DUTIES);
        return c;
    }
}
