package kz.qaqpa.mocks;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import kz.qaqpa.document.kindergarten.Applicant;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Attachment;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Child;
import kz.qaqpa.document.kindergarten.KindergartenChoice;
import kz.qaqpa.document.kindergarten.PersonName;
import kz.qaqpa.mocks.soap.DataElements;

/** Test applications: aigerim applies for aruzhan (born 2021-09-08) with both required attachments. */
final class Applications {
    private Applications() {
    }

    static Application aruzhan(String... kindergartenCodes) {
        Application a = new Application();
        a.setServiceCode("ASTANA_KINDERGARTEN_2012");
        a.setChannel(Channel.PORTAL);
        a.setSubmittedAt(DataElements.dateTime(OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneOffset.ofHours(5)).toInstant()));
        Applicant applicant = new Applicant();
        applicant.setIin("850315401201");
        applicant.setName(name("NURLANOVA", "AIGERIM"));
        applicant.setIdentityDocumentNumber("045678912");
        applicant.setAddress("Astana, Yesil district, Mangilik Yel ave. 20, apt. 45");
        applicant.setPhone("+7 701 555 12 34");
        applicant.setEmail("aigerim@example.kz");
        a.setApplicant(applicant);
        Child child = new Child();
        child.setIin("210908615601");
        child.setName(name("NURLANOVA", "ARUZHAN"));
        child.setBirthDate(DataElements.date(LocalDate.of(2021, 9, 8)));
        child.setBirthRecordNumber("1234");
        child.setBirthCertificateNumber("I-АҚ 0123456");
        a.setChild(child);
        for (String code : kindergartenCodes) {
            KindergartenChoice choice = new KindergartenChoice();
            choice.setCode(code);
            choice.setDistrict("Есіл");
            a.getKindergarten().add(choice);
        }
        a.getAttachment().add(attachment("BIRTH_CERTIFICATE"));
        a.getAttachment().add(attachment("IDENTITY_DOCUMENT"));
        return a;
    }

    static Attachment attachment(String kind) {
        Attachment at = new Attachment();
        at.setKind(kind);
        at.setFileName(kind.toLowerCase() + ".pdf");
        at.setSha256("0".repeat(64));
        return at;
    }

    static PersonName name(String last, String first) {
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        return n;
    }
}
