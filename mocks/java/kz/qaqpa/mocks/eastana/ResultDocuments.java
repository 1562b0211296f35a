package kz.qaqpa.mocks.eastana;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.ChildName;
import kz.qaqpa.document.kindergarten.PersonName;
import kz.qaqpa.document.kindergarten.Referral;
import kz.qaqpa.document.kindergarten.Refusal;
import kz.qaqpa.document.kindergarten.RegistrationSlip;
import kz.qaqpa.document.kindergarten.ResultHeader;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Outcome;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Queue;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Refer;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Refuse;
import kz.qaqpa.mocks.eastana.ProviderStore.InboxRow;
import kz.qaqpa.mocks.soap.DataElements;

/**
 * The result documents the provider back office forms for a decision's {@link Outcome}: a referral to the organisation,
 * a registration slip with the queue number (App. 11), or a refusal; unsigned (the back office signs them).
 */
final class ResultDocuments {
    /** The counter of the provider's single queue (App. 11 prints one queue number). */
    static final String QUEUE = "queue";
    private final ProviderStore store;
    private final String employeeIin;

    ResultDocuments(ProviderStore store, String employeeIin) {
        this.store = store;
        this.employeeIin = employeeIin;
    }

    /** The document of {@code outcome} for the application of {@code row}, issued {@code now}. */
    Object of(InboxRow row, Application application, Outcome outcome, Instant now) {
        ResultHeader header = header(row, application, now);
        if (outcome instanceof Refer refer) {
            return referral(header, application, store.kindergartens().get(refer.kindergartenCode()), now);
        } else if (outcome instanceof Queue) {
            return slip(header, application);
        }
        Refuse refuse = (Refuse) outcome;
        Refusal refusal = new Refusal();
        refusal.setHeader(header);
        refusal.setReasonCode(refuse.reasonCode());
        refusal.getReason().addAll(refuse.reasons());
        return refusal;
    }

    /** App. 11: one queue number, drawn from the Education Department's single queue (the mock's own rule). */
    private RegistrationSlip slip(ResultHeader header, Application application) {
        RegistrationSlip slip = new RegistrationSlip();
        slip.setHeader(header);
        slip.setParentName(application.getApplicant().getName());
        slip.getChosenKindergarten().addAll(application.getKindergarten());
        slip.setQueueNumber(BigInteger.valueOf(store.next(QUEUE)));
        slip.setApplicationDate(DataElements.date(
                DataElements.localDate(application.getSubmittedAt(), KindergartenDecision.ASTANA)));
        slip.setIssuedBy(ProviderBackOffice.PROVIDER_NAME);
        return slip;
    }

    private Referral referral(ResultHeader header, Application application, Kindergarten k, Instant now) {
        Referral r = new Referral();
        r.setHeader(header);
        r.setReferralNumber(String.format("ЖОЛ-%d-%06d", now.atZone(KindergartenDecision.ASTANA).getYear(),
                store.next("referral")));
        r.setKindergartenCode(k.code());
        r.setKindergartenName(k.name());
        r.setKindergartenAddress(k.address());
        r.setKindergartenPhone(k.phone());
        r.setHomeAddress(application.getApplicant().getAddress());
        r.setHomePhone(application.getApplicant().getPhone());
        r.setHeadName(k.headName());
        LocalDate issued = now.atZone(KindergartenDecision.ASTANA).toLocalDate();
        r.setValidUntil(DataElements.date(issued.plusMonths(1)));
        return r;
    }

    private ResultHeader header(InboxRow row, Application application, Instant now) {
        ChildName child = application.getChild().getName();
        PersonName childName = new PersonName();
        childName.setLastName(child.getLastName());
        childName.setFirstName(child.getFirstName());
        childName.setMiddleName(child.getMiddleName());
        ResultHeader h = new ResultHeader();
        h.setCorrelationId(row.correlationId());
        h.setRegistrationNumber(row.registrationNumber());
        h.setIssuedAt(DataElements.dateTime(now));
        h.setEmployeeIin(employeeIin);
        h.setChildIin(application.getChild().getIin());
        h.setChildName(childName);
        h.setChildBirthDate(application.getChild().getBirthDate());
        return h;
    }
}
