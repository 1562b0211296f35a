package kz.qaqpa.mocks.provider.nko;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.nkoguardianship.Application;
import kz.qaqpa.document.nkoguardianship.AttachedDocument;
import kz.qaqpa.document.nkoguardianship.ChildBase;
import kz.qaqpa.document.nkoguardianship.Minor;
import kz.qaqpa.document.nkoguardianship.PersonName;
import kz.qaqpa.document.nkoguardianship.Refusal;
import kz.qaqpa.document.nkoguardianship.ResultHeader;
import kz.qaqpa.document.nkoguardianship.StatusNotification;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.regulation.Norm;
import kz.qaqpa.regulation.calendar.CalendarFile;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SubjectIdentity;

/**
 * What the three services of the Magzhan Zhumabayev district education department (seed 000) decide alike
 * (mocks/README.md, "Seed 000"): the office registers each application and says when its result will be ready (para
 * 6 process 6: five working days from its arrival, on the working-day calendar), then checks the documents attached
 * against the kinds the service's rules require (condition 3 on the portal, condition 2 at the Centre): one missing
 * gives a reasoned refusal (a letter on the commission's conclusion, App. 4 of S2/S3; at the Centre the documents go
 * back to it), else the service's certificate. Every result is signed by the department's employee.
 */
final class DistrictEducationOffice {
    static final ZoneId ZONE = ZoneId.of("Asia/Almaty");
    /** The Standard's term as S1 and S2 print it (Table 1); S3 prints none, the office promises the same. */
    private static final Norm READY_IN = Norm.parse("5 working-days");
    private static final WorkingCalendar CALENDAR = CalendarFile.load("classpath:calendar/kz-working-days.yaml", ZONE);
    /** Made up: the head of the department, whom every result form names («Аудандық білім бөлімінің бастығы»). */
    private static final String[] HEAD = {"BEKMAGAMBETOV", "ERBOL", "SAPARULY"};
    private final KeyMaterial employee;

    DistrictEducationOffice(KeyMaterial employee) {
        this.employee = employee;
    }

    /** When the office says the result will be ready: five working days from the application's arrival. */
    static Instant readyAt(ReceivedApplication a) {
        return READY_IN.dueFrom(a.receivedAt(), CALENDAR);
    }

    /**
     * REGISTERED with the ready date and time, then the refusal if a document the application must attach is
     * missing, else the certificate {@code grant} builds.
     */
    List<OfficeStep> decide(ReceivedApplication a, Function<Application, Set<String>> requiredDocuments,
                            BiFunction<ReceivedApplication, Application, Object> grant) {
        Application application = ShepXml.fromNode(a.document(), Application.class);
        List<OfficeStep> steps = new ArrayList<>();
        steps.add(OfficeStep.notification("registered", ShepXml.toElement(registered(a))));
        List<String> missing = missing(application, requiredDocuments.apply(application));
        Object result = missing.isEmpty() ? grant.apply(a, application) : refusal(a, application, missing);
        steps.add(OfficeStep.result("result", ShepXml.toElement(result), employee));
        return steps;
    }

    private static StatusNotification registered(ReceivedApplication a) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(a.correlationId());
        n.setStatus("REGISTERED");
        n.setRegistrationNumber(a.registrationNumber());
        n.setReadyAt(DataElements.dateTime(readyAt(a)));
        n.setChangedAt(DataElements.dateTime(a.clock().instant()));
        return n;
    }

    private static List<String> missing(Application application, Set<String> required) {
        Set<String> attached = new HashSet<>();
        for (AttachedDocument d : application.getAttachedDocument()) {
            attached.add(d.getKind());
        }
        return required.stream().filter(kind -> !attached.contains(kind)).sorted().toList();
    }

    private Refusal refusal(ReceivedApplication a, Application application, List<String> missing) {
        Refusal r = new Refusal();
        r.setHeader(header(a, application));
        r.setReasonCode("DOCUMENTS_NOT_CONFORMING");
        r.setLetter("Стандарттың 11-тармағында көрсетілген құжаттар толық емес: " + String.join(", ", missing)
                + " (the documents of para 11 of the Standard are incomplete)");
        r.setCommissionConclusion("Комиссия құжаттарды толық емес деп тапты (the commission found the documents"
                + " incomplete)");
        r.setDocumentsReturned("CON".equals(application.getChannel().value()) ? Boolean.TRUE : null);
        return r;
    }

    /** What a result is about (the gateway's correlationId, the office's number, the first minor) and who signs. */
    ResultHeader header(ReceivedApplication a, Application application) {
        ResultHeader h = new ResultHeader();
        h.setCorrelationId(a.correlationId());
        h.setRegistrationNumber(a.registrationNumber());
        h.setSubmittedOn(application.getSubmittedOn());
        h.setIssuedAt(DataElements.dateTime(a.clock().instant()));
        h.setEmployeeIin(SubjectIdentity.of(employee.certificate()).iin());
        h.setChildIin(firstChild(application).getIin());
        h.setHeadOfDepartment(name(HEAD[0], HEAD[1], HEAD[2]));
        return h;
    }

    static ChildBase firstChild(Application a) {
        if (a.getGuardianshipCertificate() != null) {
            return a.getGuardianshipCertificate().getWard();
        }
        return children(a).get(0);
    }

    static List<? extends ChildBase> children(Application a) {
        return a.getPensionSavings() != null ? a.getPensionSavings().getChild()
                : a.getBankDeposits() != null ? a.getBankDeposits().getChild()
                : a.getVehicleTransaction() != null ? a.getVehicleTransaction().getChild()
                : a.getPropertyPledge() != null ? a.getPropertyPledge().getChild()
                : List.of(a.getGuardianshipCertificate().getWard());
    }

    static List<Minor> minors(Application a) {
        return children(a).stream().map(c -> {
            Minor m = new Minor();
            m.setName(c.getName());
            m.setBirthDate(c.getBirthDate());
            return m;
        }).toList();
    }

    /**
     * One month from the day the certificate is issued (its header's issuedAt, in the district's zone): «Анықтама
     * берілген күннен бастап 1 (бір) ай ішінде жарамды».
     */
    static XMLGregorianCalendar oneMonthFromIssue(ResultHeader issued) {
        return DataElements.date(LocalDate.ofInstant(issued.getIssuedAt().toGregorianCalendar().toInstant(), ZONE)
                .plusMonths(1));
    }

    static PersonName name(String last, String first, String middle) {
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        n.setMiddleName(middle);
        return n;
    }
}
