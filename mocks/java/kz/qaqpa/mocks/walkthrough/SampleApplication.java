package kz.qaqpa.mocks.walkthrough;

import java.time.Instant;
import java.time.LocalDate;
import kz.qaqpa.document.kindergarten.Applicant;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Attachment;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Child;
import kz.qaqpa.document.kindergarten.KindergartenChoice;
import kz.qaqpa.document.kindergarten.PersonName;
import kz.qaqpa.document.kindergarten.Representative;
import kz.qaqpa.mocks.soap.DataElements;

/**
 * Sample applications of the test data (mocks/data): on each channel a family of persons.csv applies, and the
 * person who signs is the one the regulation names: the parent on PORTAL and EASTANA, the ЦОН operator on CON,
 * the ЖАО employee on ZHAO.
 */
public final class SampleApplication {
    private final Application application = new Application();
    private String signerAlias;

    private SampleApplication(Channel channel) {
        application.setServiceCode("ASTANA_KINDERGARTEN_2012");
        application.setChannel(channel);
        application.setSubmittedAt(DataElements.dateTime(Instant.now()));
        attach("BIRTH_CERTIFICATE");
        attach("IDENTITY_DOCUMENT");
    }

    /** The default family and signer of each channel. */
    public static SampleApplication on(Channel channel) {
        SampleApplication s = new SampleApplication(channel);
        switch (channel) {
            case PORTAL -> s.family("850315401201", "NURLANOVA", "AIGERIM", "210908615601", "NURLANOVA", "ARUZHAN",
                    LocalDate.of(2021, 9, 8)).signedBy("citizen-aigerim");
            case EASTANA -> s.family("881122303409", "ZHAKSYLYKOV", "BOLAT", "200506504503", "ZHAKSYLYKOV", "TIMUR",
                    LocalDate.of(2020, 5, 6)).signedBy("citizen-bolat");
            case CON -> s.family("870203407800", "SEITOVA", "DANA", "220301501101", "SEITOV", "ALIKHAN",
                    LocalDate.of(2022, 3, 1)).operator("900712302302").signedBy("operator-con");
            case ZHAO -> s.family("850315401201", "NURLANOVA", "AIGERIM", "210908615601", "NURLANOVA", "ARUZHAN",
                    LocalDate.of(2021, 9, 8)).operator("750618409005").signedBy("employee-zhao");
        }
        return s.kindergartens("MBU-050");
    }

    public SampleApplication family(String parentIin, String parentLast, String parentFirst, String childIin,
                                    String childLast, String childFirst, LocalDate birthDate) {
        Applicant applicant = new Applicant();
        applicant.setIin(parentIin);
        applicant.setName(name(parentLast, parentFirst));
        applicant.setIdentityDocumentNumber("045678912");
        applicant.setAddress("Astana, Mangilik Yel ave. 20, apt. 45");
        applicant.setPhone("+7 701 555 12 34");
        applicant.setEmail(parentFirst.toLowerCase() + "@example.kz");
        application.setApplicant(applicant);
        Child child = new Child();
        child.setIin(childIin);
        child.setName(name(childLast, childFirst));
        child.setBirthDate(DataElements.date(birthDate));
        child.setBirthRecordNumber("1234");
        child.setBirthCertificateNumber("I-АҚ 0123456");
        application.setChild(child);
        return this;
    }

    public SampleApplication applicantIin(String iin) {
        application.getApplicant().setIin(iin);
        return this;
    }

    public SampleApplication operator(String iin) {
        application.setOperatorIin(iin);
        return this;
    }

    public SampleApplication representative(String iin, String powerOfAttorneyNumber) {
        Representative r = new Representative();
        r.setIin(iin);
        r.setPowerOfAttorneyNumber(powerOfAttorneyNumber);
        application.setRepresentative(r);
        return this;
    }

    public SampleApplication kindergartens(String... codes) {
        application.getKindergarten().clear();
        for (String code : codes) {
            KindergartenChoice choice = new KindergartenChoice();
            choice.setCode(code);
            choice.setDistrict("Есіл");
            application.getKindergarten().add(choice);
        }
        return this;
    }

    public SampleApplication withoutAttachment(String kind) {
        application.getAttachment().removeIf(a -> a.getKind().equals(kind));
        return this;
    }

    public SampleApplication signedBy(String alias) {
        signerAlias = alias;
        return this;
    }

    public String signerAlias() {
        return signerAlias;
    }

    public Application build() {
        return application;
    }

    private void attach(String kind) {
        Attachment a = new Attachment();
        a.setKind(kind);
        a.setFileName(kind.toLowerCase() + ".pdf");
        a.setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        application.getAttachment().add(a);
    }

    private static PersonName name(String last, String first) {
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        return n;
    }
}
