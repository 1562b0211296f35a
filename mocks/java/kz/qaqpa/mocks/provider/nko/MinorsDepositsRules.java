package kz.qaqpa.mocks.provider.nko;

import java.util.HashSet;
import java.util.Set;
import kz.qaqpa.document.nkoguardianship.Application;
import kz.qaqpa.document.nkoguardianship.BankCertificate;
import kz.qaqpa.document.nkoguardianship.LegalRepresentative;
import kz.qaqpa.document.nkoguardianship.PensionFundCertificate;
import kz.qaqpa.document.nkoguardianship.PensionSavingsRequest;
import kz.qaqpa.document.nkoguardianship.VehicleCertificate;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S2, the certificates for pension funds, banks and the road police: the application's form names the addressee and
 * the office answers with that addressee's certificate (App. 4 forms 1-3), valid one month. Required documents: the
 * applicant's identity document and the children's birth certificates, plus for the pension fund the depositor's
 * death certificate and the certificate of the right to inheritance (its number names the notary's certificate),
 * for the road police the vehicle's title document; one missing gives a reasoned refusal.
 */
public final class MinorsDepositsRules extends DistrictEducationRules {
    public static final String SERVICE_ID = "NKO_MZH_MINORS_DEPOSITS_INHERITANCE_2012";
    private static final Set<String> ALWAYS = Set.of("IDENTITY_DOCUMENT", "BIRTH_CERTIFICATE");

    public MinorsDepositsRules(KeyMaterial employee) {
        super(SERVICE_ID, ALWAYS, employee);
    }

    /** The identity document and the birth certificates, plus what the addressee's certificate rests on. */
    @Override
    Set<String> required(Application application) {
        Set<String> required = new HashSet<>(super.required(application));
        if (application.getPensionSavings() != null) {
            required.addAll(Set.of("DEATH_CERTIFICATE", "INHERITANCE_CERTIFICATE"));
        } else if (application.getVehicleTransaction() != null) {
            required.add("TITLE_DOCUMENT");
        }
        return required;
    }

    @Override
    Object certificate(ReceivedApplication a, Application application) {
        if (application.getPensionSavings() != null) {
            return pensionFund(a, application);
        }
        if (application.getBankDeposits() != null) {
            BankCertificate c = new BankCertificate();
            c.setHeader(office.header(a, application));
            c.setBankName(application.getBankDeposits().getBankName());
            c.getMinor().addAll(DistrictEducationOffice.minors(application));
            c.setLegalRepresentative(parent(application));
            c.setValidUntil(DistrictEducationOffice.oneMonthFromIssue(c.getHeader()));
            return c;
        }
        VehicleCertificate c = new VehicleCertificate();
        c.setHeader(office.header(a, application));
        c.getMinor().addAll(DistrictEducationOffice.minors(application));
        c.setPermittedAction(application.getVehicleTransaction().getTransaction());
        c.setVehicle(application.getVehicleTransaction().getVehicle());
        c.setValidUntil(DistrictEducationOffice.oneMonthFromIssue(c.getHeader()));
        return c;
    }

    private PensionFundCertificate pensionFund(ReceivedApplication a, Application application) {
        PensionSavingsRequest request = application.getPensionSavings();
        PensionFundCertificate c = new PensionFundCertificate();
        c.setHeader(office.header(a, application));
        c.setPensionFundName(request.getPensionFundName());
        c.getMinor().addAll(DistrictEducationOffice.minors(application));
        c.setLegalRepresentative(parent(application));
        c.setDepositorName(request.getDepositorName());
        c.setDeathCertificateNumber(request.getDeathCertificateNumber());
        c.setDeathCertificateIssuedOn(request.getDeathCertificateIssuedOn());
        c.setInheritanceBasis("BY_LAW");
        // made up: the office's record of the notary who issued the certificate of the right to inheritance
        c.setNotary("Notary MUKANOVA A.S., Bulaevo");
        c.setInheritanceCertificateIssuedOn(request.getDeathCertificateIssuedOn());
        c.setNotaryLicenceNumber("0004512");
        c.setValidUntil(DistrictEducationOffice.oneMonthFromIssue(c.getHeader()));
        return c;
    }

    static LegalRepresentative parent(Application application) {
        LegalRepresentative r = new LegalRepresentative();
        r.setKind("PARENT");
        r.setName(application.getApplicant().getName());
        r.setBirthDate(application.getApplicant().getBirthDate());
        r.setIdentityDocument(application.getApplicant().getIdentityDocument());
        return r;
    }
}
