package kz.qaqpa.mocks.provider.nko;

import java.util.Set;
import kz.qaqpa.document.nkoguardianship.Application;
import kz.qaqpa.document.nkoguardianship.PropertyTransactionCertificate;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;

/**
 * S3, the certificate for a transaction with a minor's property (App. 4): with the spouses' identity documents, the
 * children's birth certificates, the bank's letter and the property's title document attached, the permission for the
 * transaction the application asks (a pledge, «кепілдікке қою», unless it names another), valid one month; one
 * missing gives a reasoned refusal.
 */
public final class MinorsPropertyRules extends DistrictEducationRules {
    public static final String SERVICE_ID = "NKO_MZH_MINORS_PROPERTY_TRANSACTIONS_2012";
    static final Set<String> REQUIRED = Set.of("IDENTITY_DOCUMENT", "BIRTH_CERTIFICATE", "BANK_LETTER", "TITLE_DOCUMENT");

    public MinorsPropertyRules(KeyMaterial employee) {
        super(SERVICE_ID, REQUIRED, employee);
    }

    @Override
    PropertyTransactionCertificate certificate(ReceivedApplication a, Application application) {
        PropertyTransactionCertificate c = new PropertyTransactionCertificate();
        c.setHeader(office.header(a, application));
        c.getMinor().addAll(DistrictEducationOffice.minors(application));
        c.setPropertyAddress(application.getPropertyPledge().getPropertyAddress());
        String transaction = application.getPropertyPledge().getTransaction();
        c.setPermittedAction(transaction != null ? transaction : "кепілдікке қоюға");
        c.setValidUntil(DistrictEducationOffice.oneMonthFromIssue(c.getHeader()));
        return c;
    }
}
