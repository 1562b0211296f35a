package kz.qaqpa.mocks.provider.childwelfare;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.Attachment;
import kz.qaqpa.document.childwelfare.Person;
import kz.qaqpa.document.childwelfare.PersonName;
import kz.qaqpa.document.childwelfare.DocumentRefusal;
import kz.qaqpa.document.childwelfare.ReasonedRefusal;
import kz.qaqpa.document.childwelfare.ResultHeader;
import kz.qaqpa.document.childwelfare.StatusNotification;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Element;

/**
 * What the Almaty Education Department's office system does alike for its six services of seed 004 part B (S5,
 * S7-S11): the statuses of its internal chain (para 8: 8.1 the office registers the application and gives the
 * receipt, 8.2 the head passes it to the specialist with a resolution, 8.3 the specialist has examined it), the
 * document check of para 8.3 against the attachments its rules require (the Standard's para 9 list is not in the
 * seed), the refusals, and the header of every
 * document it signs. The head of the department signs the results, the specialist who visited signs the
 * housing-conditions act.
 */
final class WelfareOffice {
    static final ZoneId ZONE = ZoneId.of("Asia/Almaty");
    /** The department's address, where the portal's notices send the applicant (S7, S9 para 3). */
    static final String ADDRESS = "Almaty, Auezov district, Zhandosov st. 6, room 214";
    /** When on the next day the portal's notices ask the applicant to come (the mock's choice). */
    private static final LocalTime COME_AT = LocalTime.of(10, 0);
    private static final DatatypeFactory DATES = datatypes();
    private static final String HEAD_POSITION = "Алматы қаласы Бiлiм басқармасының басшысы";
    private static final String SPECIALIST_POSITION = "Алматы қаласы Бiлiм басқармасының маманы";
    private final KeyMaterial head;
    private final KeyMaterial specialist;

    WelfareOffice(KeyMaterial head, KeyMaterial specialist) {
        this.head = head;
        this.specialist = specialist;
    }

    KeyMaterial head() {
        return head;
    }

    KeyMaterial specialist() {
        return specialist;
    }

    static Application read(ReceivedApplication a) {
        return ShepXml.fromNode(a.document(), Application.class);
    }

    /**
     * Para 8.1-8.3 as every service of part B runs them: registered, the head's resolution, then the check of the
     * documents the rules require; a package that lacks one ends with the refusal for the documents, a complete one
     * goes on with the steps {@code decision} makes of the application.
     */
    List<OfficeStep> decide(ReceivedApplication a, Set<String> required,
                            Function<Application, List<OfficeStep>> decision) {
        Application application = read(a);
        List<OfficeStep> steps = new ArrayList<>(chain(a));
        Set<String> missing = missing(application, required);
        steps.addAll(missing.isEmpty() ? decision.apply(application) : List.of(documentsRefusal(a, missing)));
        return steps;
    }

    /** Para 8.1 and 8.2: registered with a receipt (15 min), then passed to the specialist with the head's resolution. */
    List<OfficeStep> chain(ReceivedApplication a) {
        return List.of(OfficeStep.notification("registered", status(a, "REGISTERED")),
                OfficeStep.notification("resolution", status(a, "IN_WORK")));
    }

    /** Para 8.3: the specialist has checked the documents and prepared the result for the head's signature. */
    static OfficeStep examined(ReceivedApplication a) {
        return OfficeStep.notification("examined", status(a, "EXAMINED"));
    }

    static Element status(ReceivedApplication a, String status) {
        StatusNotification s = new StatusNotification();
        s.setCorrelationId(a.correlationId());
        s.setStatus(status);
        s.setRegistrationNumber(a.registrationNumber());
        s.setChangedAt(dateTime(a.clock().instant()));
        return ShepXml.toElement(s);
    }

    /** The kinds the rules require that the application does not attach (empty: the check of para 8.3 passes). */
    static Set<String> missing(Application application, Set<String> required) {
        Set<String> attached = application.getAttachment().stream().map(Attachment::getKind).collect(Collectors.toSet());
        return required.stream().filter(k -> !attached.contains(k)).sorted()
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The reasoned refusal on the grounds of para 10 of the Standard (S7), signed by the head. */
    OfficeStep reasonedRefusal(ReceivedApplication a, String reason) {
        ReasonedRefusal r = new ReasonedRefusal();
        r.setHeader(resultHeader(a));
        r.getReason().add(reason);
        return OfficeStep.result("result", ShepXml.toElement(r), head);
    }

    /** The refusal for violations in the documents (portal condition 3, process 7; para 8.3), signed by the head. */
    OfficeStep documentsRefusal(ReceivedApplication a, Set<String> missing) {
        DocumentRefusal r = new DocumentRefusal();
        r.setHeader(resultHeader(a));
        missing.forEach(kind -> r.getViolation().add(kind + ": Стандарттың 9-тармағында көрсетілген құжат жоқ"));
        return OfficeStep.result("result", ShepXml.toElement(r), head);
    }

    ResultHeader resultHeader(ReceivedApplication a) {
        return header(a, head, HEAD_POSITION);
    }

    ResultHeader actHeader(ReceivedApplication a) {
        return header(a, specialist, SPECIALIST_POSITION);
    }

    private static ResultHeader header(ReceivedApplication a, KeyMaterial signer, String position) {
        ResultHeader h = new ResultHeader();
        h.setCorrelationId(a.correlationId());
        h.setRegistrationNumber(a.registrationNumber());
        h.setIssuedAt(dateTime(a.clock().instant()));
        h.setEmployeeIin(SubjectIdentity.of(signer.certificate()).iin());
        h.setEmployeePosition(position);
        List<Person> children = read(a).getChild();
        if (!children.isEmpty()) {
            h.setChildIin(children.get(0).getIin());
        }
        return h;
    }

    static Person person(String iin, String lastName, String firstName, LocalDate birthDate) {
        Person p = new Person();
        p.setIin(iin);
        PersonName n = new PersonName();
        n.setLastName(lastName);
        n.setFirstName(firstName);
        p.setName(n);
        p.setBirthDate(date(birthDate));
        return p;
    }

    /** The applicant as a person of a result (carer, adopter, candidate). */
    static Person applicant(Application application) {
        Person p = new Person();
        p.setIin(application.getApplicant().getIin());
        p.setName(application.getApplicant().getName());
        p.setBirthDate(application.getApplicant().getBirthDate());
        return p;
    }

    /** When the portal's notices ask the applicant to come to {@link #ADDRESS}: the next day at 10:00. */
    static XMLGregorianCalendar comeOn(ReceivedApplication a) {
        return dateTime(today(a).plusDays(1).atTime(COME_AT).atZone(ZONE).toInstant());
    }

    static LocalDate today(ReceivedApplication a) {
        return a.clock().instant().atZone(ZONE).toLocalDate();
    }

    static XMLGregorianCalendar date(LocalDate date) {
        return DATES.newXMLGregorianCalendar(date.toString());
    }

    static XMLGregorianCalendar dateTime(Instant instant) {
        return DATES.newXMLGregorianCalendar(GregorianCalendar.from(instant.atZone(ZONE)));
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
