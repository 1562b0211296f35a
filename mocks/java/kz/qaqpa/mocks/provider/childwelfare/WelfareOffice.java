package kz.qaqpa.mocks.provider.childwelfare;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.Attachment;
import kz.qaqpa.document.childwelfare.Person;
import kz.qaqpa.document.childwelfare.PersonName;
import kz.qaqpa.document.childwelfare.Refusal;
import kz.qaqpa.document.childwelfare.RefusalGround;
import kz.qaqpa.document.childwelfare.ResultHeader;
import kz.qaqpa.document.childwelfare.StatusNotification;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Element;

/**
 * What the Almaty Education Department's office system does alike for its six services of seed 004 part B (S5,
 * S7-S11): the statuses of its internal chain (para 8: the office registers the application and gives the receipt,
 * the head passes it to the specialist with a resolution), the document check of para 8.3 against the attachments
 * its rules require (the Standard's para 9 list is not in the seed), the reasoned refusal, and the header of every
 * document it signs. The head of the department signs the results, the specialist who visited signs the
 * housing-conditions act.
 */
final class WelfareOffice {
    static final ZoneId ZONE = ZoneId.of("Asia/Almaty");
    /** The department's address, where the portal's notices send the applicant (S7, S9 para 3). */
    static final String ADDRESS = "Almaty, Auezov district, Zhandosov st. 6, room 214";
    private static final DatatypeFactory DATES = datatypes();
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

    /** Para 8.1 and 8.2: registered with a receipt (15 min), then passed to the specialist with the head's resolution. */
    List<OfficeStep> chain(ReceivedApplication a) {
        return List.of(OfficeStep.notification("registered", status(a, "REGISTERED")),
                OfficeStep.notification("in-work", status(a, "IN_WORK")));
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
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** A reasoned refusal signed by the head. */
    OfficeStep refusal(ReceivedApplication a, RefusalGround ground, List<String> reasons) {
        Refusal r = new Refusal();
        r.setHeader(header(a, head, "HEAD OF THE EDUCATION DEPARTMENT"));
        r.setGround(ground);
        r.getReason().addAll(reasons);
        return OfficeStep.result("result", ShepXml.toElement(r), head);
    }

    OfficeStep documentsRefusal(ReceivedApplication a, Set<String> missing) {
        return refusal(a, RefusalGround.DOCUMENTS, List.of("Стандарттың 9-тармағында көрсетілген құжаттар толық емес: "
                + String.join(", ", missing)));
    }

    ResultHeader resultHeader(ReceivedApplication a) {
        return header(a, head, "HEAD OF THE EDUCATION DEPARTMENT");
    }

    ResultHeader actHeader(ReceivedApplication a) {
        return header(a, specialist, "SPECIALIST OF THE EDUCATION DEPARTMENT");
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
