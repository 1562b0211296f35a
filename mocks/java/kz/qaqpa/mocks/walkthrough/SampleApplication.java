package kz.qaqpa.mocks.walkthrough;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.document.kindergarten.Applicant;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Attachment;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Child;
import kz.qaqpa.document.kindergarten.ChildName;
import kz.qaqpa.document.kindergarten.HeadBlock;
import kz.qaqpa.document.kindergarten.IdentityDocument;
import kz.qaqpa.document.kindergarten.KindergartenChoice;
import kz.qaqpa.document.kindergarten.Location;
import kz.qaqpa.document.kindergarten.PersonName;
import kz.qaqpa.mocks.eastana.Kindergarten;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.trust.IdentificationNumber;
import kz.qaqpa.channel.ShepXml;
import org.w3c.dom.Element;

/**
 * Sample applications of the test data (mocks/data): on each channel a family of persons.csv applies, and the
 * person who signs is the one the regulation names: the parent on PORTAL and EASTANA, the ЦОН operator on CON,
 * the ЖАО employee on ZHAO. Every field Appendices 8 and 9 mark required is filled in, with data that fit each
 * other: birth dates and genders follow the ИИНs, addresses are the families' Astana districts, the chosen
 * organisations' districts and names come from the provider's register (kindergartens.csv). {@link #full()} adds
 * the optional fields too. The people (the head of the Education Department, the registry officers) are made up.
 */
public final class SampleApplication implements WalkthroughSample {
    /** The addressee of App. 9: the head of the Education Department (a made-up person). */
    private static final String[] HEAD_OF_EDUCATION_DEPARTMENT = {"ZHAKENOVA", "ALMAGUL", "SERIKKYZY"};
    private static final Map<String, Household> HOUSEHOLDS = Map.of(
            "850315401201", new Household("Есіл", "Мәңгілік Ел даңғылы, 20-үй, 45-пәтер", "+7 701 555 12 34",
                    "045678912", LocalDate.of(2019, 4, 10), "DAURENKYZY"),
            "881122303409", new Household("Алматы", "Тәуелсіздік даңғылы, 33-үй, 12-пәтер", "+7 702 318 44 09",
                    "038112765", LocalDate.of(2017, 11, 2), "BOLATULY"),
            "870203407800", new Household("Сарыарқа", "Бейбітшілік көшесі, 14-үй, 7-пәтер", "+7 747 210 35 61",
                    "041203358", LocalDate.of(2018, 2, 21), "ASKARULY"),
            "830421302206", new Household("Алматы", "Рысқұлов көшесі, 6-үй, 88-пәтер", "+7 705 644 21 80",
                    "036905117", LocalDate.of(2016, 8, 15), "MARATULY"),
            "911111305502", new Household("Есіл", "Тұран даңғылы, 37-үй, 101-пәтер", "+7 707 911 11 30",
                    "047711305", LocalDate.of(2021, 11, 11), "ERLANKYZY"));
    private static final Household ELSEWHERE = new Household("Байқоңыр", "Абай даңғылы, 52-үй, 3-пәтер",
            "+7 700 123 45 67", "049901234", LocalDate.of(2020, 6, 1), null);

    private static final AtomicLong LAST_SUBMISSION = new AtomicLong();
    private final Application application = new Application();
    private String signerAlias;

    /** Where a family lives and the papers it holds; childPatronymic null = derived from "ASKAR". */
    private record Household(String district, String street, String phone, String idNumber, LocalDate idIssuedOn,
                             String childPatronymic) {
        String address() {
            return "Астана қ., " + district + " ауданы, " + street;
        }
    }

    private SampleApplication(Channel channel) {
        application.setServiceCode("ASTANA_KINDERGARTEN_2012");
        application.setChannel(channel);
        application.setSubmittedAt(DataElements.dateTime(nextSubmission()));
        application.setAddressee(name(HEAD_OF_EDUCATION_DEPARTMENT[0], HEAD_OF_EDUCATION_DEPARTMENT[1],
                HEAD_OF_EDUCATION_DEPARTMENT[2]));
        Location location = new Location();
        location.setRegion("Астана");
        location.setCity("Астана");
        application.setLocation(location);
        attach("BIRTH_CERTIFICATE");
        attach("IDENTITY_DOCUMENT");
    }

    /**
     * Now, or a millisecond after the sample before when that was as late: every sample (of any service) is another
     * form, even two of one family made in the same millisecond (a copy of one form is accepted from one system only, SCE026).
     */
    public static Instant nextSubmission() {
        long now = Instant.now().toEpochMilli();
        return Instant.ofEpochMilli(LAST_SUBMISSION.updateAndGet(last -> Math.max(now, last + 1)));
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

    /**
     * Every optional field of the forms filled in as well: the applicant's patronymic, three chosen organisations
     * with their names, a benefit type (LARGE_FAMILY, an example: the regulation names none) with its proof.
     */
    public SampleApplication full() {
        application.getApplicant().getName().setMiddleName("SERIKKYZY");
        kindergartens("MBU-031", "MBU-045", "MBU-050");
        application.setBenefitCategory("LARGE_FAMILY");
        attach("BENEFIT_PROOF");
        return this;
    }

    /**
     * The applicant and the child: the applicant's birth date and the child's son-or-daughter follow their ИИНs, the
     * rest comes from the family's household (a default one for families the samples do not know).
     */
    public SampleApplication family(String parentIin, String parentLast, String parentFirst, String childIin,
                                    String childLast, String childFirst, LocalDate birthDate) {
        Household home = HOUSEHOLDS.getOrDefault(parentIin, ELSEWHERE);
        Applicant applicant = new Applicant();
        applicant.setIin(parentIin);
        applicant.setName(name(parentLast, parentFirst, null));
        applicant.setBirthDate(DataElements.date(IdentificationNumber.birthDate(parentIin)));
        IdentityDocument id = new IdentityDocument();
        id.setNumber(home.idNumber());
        id.setIssuedBy("ҚР ІІМ");
        id.setIssuedOn(DataElements.date(home.idIssuedOn()));
        applicant.setIdentityDocument(id);
        applicant.setAddress(home.address());
        applicant.setPhone(home.phone());
        applicant.setEmail(parentFirst.toLowerCase() + "." + parentLast.toLowerCase() + "@mail.kz");
        application.setApplicant(applicant);

        boolean son = IdentificationNumber.gender(childIin) == IdentificationNumber.Gender.MALE;
        Child child = new Child();
        child.setIin(childIin);
        ChildName childName = new ChildName();
        childName.setLastName(childLast);
        childName.setFirstName(childFirst);
        childName.setMiddleName(home.childPatronymic() != null ? home.childPatronymic() : son ? "ASKARULY" : "ASKARKYZY");
        child.setName(childName);
        child.setBirthDate(DataElements.date(birthDate));
        String registryOffice = "Астана қаласы " + home.district() + " ауданының АХАЖ бөлімі";
        child.setBirthRecordNumber(String.valueOf(1000 + Math.floorMod(childIin.hashCode(), 9000)));
        child.setBirthRecordIssuedBy(registryOffice);
        child.setBirthCertificateNumber("№ 0" + childIin.substring(6, 12));
        child.setSonOrDaughter(son ? "SON" : "DAUGHTER");
        application.setChild(child);

        HeadBlock head = new HeadBlock();
        head.setSource(registryOffice);
        head.setHeadName(name("KASENOVA", "GULNARA", "TALGATKYZY"));
        head.setIssuedOn(DataElements.date(birthDate.plusDays(12)));
        head.setRegion("Астана");
        application.setHead(head);
        return this;
    }

    /** Another applicant's ИИН; the birth date follows it where the ИИН names one (the gateway checks that they agree). */
    public SampleApplication applicantIin(String iin) {
        application.getApplicant().setIin(iin);
        if (IdentificationNumber.namesBirthDate(iin)) {
            application.getApplicant().setBirthDate(DataElements.date(IdentificationNumber.birthDate(iin)));
        }
        return this;
    }

    public SampleApplication operator(String iin) {
        application.setOperatorIin(iin);
        return this;
    }

    /** The chosen organisations by their register number, with district and name from the register. */
    public SampleApplication kindergartens(String... codes) {
        Map<String, Kindergarten> register = Kindergarten.byCode();
        application.getKindergarten().clear();
        for (String code : codes) {
            KindergartenChoice choice = new KindergartenChoice();
            Kindergarten k = register.get(code);
            choice.setDistrict(k != null ? k.district() : "Есіл");
            choice.setCode(code);
            choice.setName(k != null ? k.name() : null);
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

    @Override
    public String signerAlias() {
        return signerAlias;
    }

    @Override
    public Application build() {
        return application;
    }

    @Override
    public String serviceId() {
        return ChannelClient.SERVICE_ID;
    }

    /** Seed 002's statusNotification names no collector (its schema has no field for one). */
    @Override
    public Element handOver(String correlationId) {
        return ShepXml.toElement(ChannelClient.handedOver(correlationId));
    }

    @Override
    public String collector() {
        return "";
    }

    private void attach(String kind) {
        Attachment a = new Attachment();
        a.setKind(kind);
        a.setFileName(kind.toLowerCase() + ".pdf");
        a.setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        application.getAttachment().add(a);
    }

    private static PersonName name(String last, String first, String middle) {
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        n.setMiddleName(middle);
        return n;
    }
}
