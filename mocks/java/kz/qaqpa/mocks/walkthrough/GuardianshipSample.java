package kz.qaqpa.mocks.walkthrough;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.nkoguardianship.Address;
import kz.qaqpa.document.nkoguardianship.Applicant;
import kz.qaqpa.document.nkoguardianship.Application;
import kz.qaqpa.document.nkoguardianship.AttachedDocument;
import kz.qaqpa.document.nkoguardianship.BankDepositsRequest;
import kz.qaqpa.document.nkoguardianship.Channel;
import kz.qaqpa.document.nkoguardianship.Child;
import kz.qaqpa.document.nkoguardianship.ChildBase;
import kz.qaqpa.document.nkoguardianship.CoSignature;
import kz.qaqpa.document.nkoguardianship.GuardianshipCertificateRequest;
import kz.qaqpa.document.nkoguardianship.IdentityDocument;
import kz.qaqpa.document.nkoguardianship.ListedChild;
import kz.qaqpa.document.nkoguardianship.PensionSavingsRequest;
import kz.qaqpa.document.nkoguardianship.Person;
import kz.qaqpa.document.nkoguardianship.PersonName;
import kz.qaqpa.document.nkoguardianship.PropertyPledgeRequest;
import kz.qaqpa.document.nkoguardianship.Representative;
import kz.qaqpa.document.nkoguardianship.ServiceCode;
import kz.qaqpa.document.nkoguardianship.VehicleTransactionRequest;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.regulation.DocumentFields;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.IdentificationNumber;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * A filled-in application of seed 000's guardianship family (xsd/nko-2012-guardianship.xsd), as the portal or the
 * Centre sends it, signed as the regulation wants: by the applicant on the portal, with the co-signatures the form
 * requires (the other spouse; each child over ten, writing «келісемін»), or by the Centre's operator. The families
 * are those of persons.csv (North Kazakhstan rows): the SERIKBAYEVs (ASKAR, GAUHAR; DIAS, 14 in 2026, and AIYM, 6)
 * and the guardian ZHUMABEKOV NURLAN with his ward ARSEN. Made up: document numbers, the bank, the fund, the vehicle.
 */
public final class GuardianshipSample {
    /** The form the application fills in: S1, S2's three addressees, S3. */
    public enum Form { GUARDIANSHIP, PENSION, BANK, VEHICLE, PROPERTY }

    private static final Map<String, String> KEYS = Map.of("800102300775", "citizen-askar",
            "820505401080", "citizen-gauhar", "120315502115", "citizen-dias", "781111300463", "citizen-nurlan");
    private static final String OPERATOR_IIN = "900712302302";
    private final Form form;
    private final Channel channel;
    private final Application application = new Application();
    /** Co-signer ЖСН to what they write (null: nothing), in the order they sign. */
    private final Map<String, String> coSigners = new LinkedHashMap<>();
    /** Co-signer ЖСН to the test PKI alias whose key signs their co-signature (theirs unless changed). */
    private final Map<String, String> coSignerKeys = new HashMap<>(KEYS);
    /** Co-signer ЖСН to a key not of the test PKI's files that signs their co-signature instead. */
    private final Map<String, KeyMaterial> coSignerKeyMaterial = new HashMap<>();
    private String signerAlias;
    /** The ШЭП messageId the application will be sent under: the co-signatures name it (one application each). */
    private String messageId;
    /** An application whose co-signatures this one carries instead of its own (null: its own). */
    private Element coSignaturesOf;

    private GuardianshipSample(Form form, Channel channel) {
        this.form = form;
        this.channel = channel;
    }

    public static GuardianshipSample of(Form form, String channel) {
        GuardianshipSample s = new GuardianshipSample(form, Channel.fromValue(channel));
        Application a = s.application;
        a.setServiceCode(ServiceCode.fromValue(serviceId(form)));
        a.setChannel(s.channel);
        s.messageId = channel + "-" + UUID.randomUUID();
        a.setSubmittedOn(DataElements.date(LocalDate.now()));
        a.setSubmittedAt(DataElements.dateTime(SampleApplication.nextSubmission()));
        a.setAddressee("Солтүстік Қазақстан облысы Мағжан Жұмабаев ауданының білім бөлімі");
        boolean guardian = form == Form.GUARDIANSHIP;
        a.setApplicant(guardian ? applicant("781111300463", "ZHUMABEKOV", "NURLAN", LocalDate.of(1978, 11, 11), "Sovetskaya st.")
                : applicant("800102300775", "SERIKBAYEV", "ASKAR", LocalDate.of(1980, 1, 2), "Yubileinaya st."));
        s.signerAlias = KEYS.get(a.getApplicant().getIin());
        if (s.channel == Channel.CON) {
            a.setOperatorIin(OPERATOR_IIN);
            a.setConNumber("002013922928");
            s.signerAlias = "operator-con";
        }
        s.fill();
        return s;
    }

    public static String serviceId(Form form) {
        return switch (form) {
            case GUARDIANSHIP -> "NKO_MZH_GUARDIANSHIP_CERTIFICATE_2012";
            case PENSION, BANK, VEHICLE -> "NKO_MZH_MINORS_DEPOSITS_INHERITANCE_2012";
            case PROPERTY -> "NKO_MZH_MINORS_PROPERTY_TRANSACTIONS_2012";
        };
    }

    public String serviceId() {
        return serviceId(form);
    }

    /** The messageId to send the application under (a new one per sample unless set). */
    public String messageId() {
        return messageId;
    }

    public GuardianshipSample messageId(String id) {
        messageId = id;
        return this;
    }

    private void fill() {
        attach("IDENTITY_DOCUMENT", "N 045112233");
        switch (form) {
            case GUARDIANSHIP -> guardianship();
            case PENSION -> pension();
            case BANK -> bank();
            case VEHICLE -> vehicle();
            case PROPERTY -> property();
        }
    }

    private void guardianship() {
        GuardianshipCertificateRequest r = new GuardianshipCertificateRequest();
        r.setWard(child(new Child(), "130612501153", "ZHUMABEKOV", "ARSEN", null, LocalDate.of(2013, 6, 12)));
        r.setAkimDecisionNumber("218");
        r.setAkimDecisionDate(DataElements.date(LocalDate.of(2024, 9, 2)));
        application.setGuardianshipCertificate(r);
        attach("AKIM_DECISION", "218");
    }

    private void pension() {
        PensionSavingsRequest r = new PensionSavingsRequest();
        r.setPensionFundName("«БЖЗҚ» АҚ (Бірыңғай жинақтаушы зейнетақы қоры)");
        r.setDepositorName(name("SERIKBAYEV", "BOLAT", "KAIRATULY"));
        r.setDeathCertificateNumber("I-ҚС 0456789");
        r.setDeathCertificateIssuedOn(DataElements.date(LocalDate.of(2025, 12, 1)));
        r.getChild().addAll(children());
        application.setPensionSavings(r);
        attach("BIRTH_CERTIFICATE", "I-ҚС 0123456");
        attach("DEATH_CERTIFICATE", "I-ҚС 0456789");
        attach("INHERITANCE_CERTIFICATE", "0004512-2026");
    }

    private void bank() {
        BankDepositsRequest r = new BankDepositsRequest();
        r.setBankName("«Halyk Bank» АҚ");
        r.getChild().addAll(listedChildren());
        r.setFather(person("800102300775", "SERIKBAYEV", "ASKAR"));
        r.setMother(person("820505401080", "SERIKBAYEVA", "GAUHAR"));
        application.setBankDeposits(r);
        attach("BIRTH_CERTIFICATE", "I-ҚС 0123456");
        coSignedByFamily();
    }

    private void vehicle() {
        VehicleTransactionRequest r = new VehicleTransactionRequest();
        r.getChild().addAll(children());
        r.setVehicle("Toyota Camry, 2015, 123 ABC 15");
        r.setTransaction("сату (sale)");
        application.setVehicleTransaction(r);
        attach("BIRTH_CERTIFICATE", "I-ҚС 0123456");
        attach("TITLE_DOCUMENT", "15 ТС 004512");
    }

    private void property() {
        PropertyPledgeRequest r = new PropertyPledgeRequest();
        r.setPropertyAddress("Булаево қ., Юбилейная к-сі, 12 үй");
        r.getChild().addAll(listedChildren());
        r.setFather(person("800102300775", "SERIKBAYEV", "ASKAR"));
        r.setMother(person("820505401080", "SERIKBAYEVA", "GAUHAR"));
        r.setBankLetterNumber("HB-2026/0312");
        r.setAlternativeResidence("Булаево қ., Советская к-сі, 40 үй, 3 пәтер (ата-анасы / the grandparents)");
        r.setUndertaking("Бұдан әрі балаларды тұрғын үйсіз қалдырмауға міндеттенемін");
        application.setPropertyPledge(r);
        attach("BIRTH_CERTIFICATE", "I-ҚС 0123456");
        attach("BANK_LETTER", "HB-2026/0312");
        attach("TITLE_DOCUMENT", "15-2026-000123");
        coSignedByFamily();
    }

    /** The applicant's two children, as the pension and vehicle forms list them. */
    private static List<Child> children() {
        return List.of(
                child(new Child(), "120315502115", "SERIKBAYEV", "DIAS", "ASKARULY", LocalDate.of(2012, 3, 15)),
                child(new Child(), "190720603124", "SERIKBAYEVA", "AIYM", "ASKARKYZY", LocalDate.of(2019, 7, 20)));
    }

    /** The same children as the bank's and the property's forms list them: with the birth certificate's number. */
    private static List<ListedChild> listedChildren() {
        return List.of(
                listed(child(new ListedChild(), "120315502115", "SERIKBAYEV", "DIAS", "ASKARULY",
                        LocalDate.of(2012, 3, 15))),
                listed(child(new ListedChild(), "190720603124", "SERIKBAYEVA", "AIYM", "ASKARKYZY",
                        LocalDate.of(2019, 7, 20))));
    }

    /** On the portal the other spouse and the child over ten co-sign; at the Centre they sign on paper. */
    private void coSignedByFamily() {
        if (channel == Channel.PORTAL) {
            coSigners.put("820505401080", null);
            coSigners.put("120315502115", "келісемін");
        }
    }

    /** Changes the filled-in form before it is signed (a blank the form asks left out, say). */
    public GuardianshipSample edit(Consumer<Application> change) {
        change.accept(application);
        return this;
    }

    /**
     * The bank's form (S2 App. 3 form 2) or the property form (S3 App. 3) asked by one parent alone: the mother's block
     * left empty, so she does not co-sign (S2 App. 4 form 2 gives the permission to «ата-ана (ата-аналар)», a parent
     * or the parents; S3's recipient is one individual, docs/regulations-000.md, session 28).
     */
    public GuardianshipSample byOneParent() {
        parents(person("800102300775", "SERIKBAYEV", "ASKAR"), null);
        coSigners.remove("820505401080");
        return this;
    }

    /**
     * The bank's or the property form asked by the children's guardian (S2 App. 4 form 2: «қорғаншы немесе
     * қамқоршы»), NURLAN, who is neither parent: both parents' blocks left empty, nobody co-signs as a spouse.
     */
    public GuardianshipSample byAGuardian() {
        parents(null, null);
        coSigners.remove("820505401080");
        application.setApplicant(applicant("781111300463", "ZHUMABEKOV", "NURLAN", LocalDate.of(1978, 11, 11),
                "Sovetskaya st."));
        if (channel == Channel.PORTAL) {
            signerAlias = KEYS.get("781111300463");
        }
        return this;
    }

    /** The parents' blocks of the two forms that print them (S2 App. 3 form 2, S3 App. 3). */
    private void parents(Person father, Person mother) {
        switch (form) {
            case BANK -> {
                application.getBankDeposits().setFather(father);
                application.getBankDeposits().setMother(mother);
            }
            case PROPERTY -> {
                application.getPropertyPledge().setFather(father);
                application.getPropertyPledge().setMother(mother);
            }
            default -> throw new IllegalStateException(form + " prints no parents' blocks");
        }
    }

    public GuardianshipSample withoutAttachment(String kind) {
        application.getAttachedDocument().removeIf(d -> kind.equals(d.getKind()));
        return this;
    }

    public GuardianshipSample withoutCoSignatureOf(String iin) {
        coSigners.remove(iin);
        return this;
    }

    /** The co-signer writes {@code statement} instead of what the form asks. */
    public GuardianshipSample coSignatureStatement(String iin, String statement) {
        coSigners.put(iin, statement);
        return this;
    }

    /** The co-signature of {@code iin} signed with another person's key (a forgery the gateway must refuse). */
    public GuardianshipSample coSignerKey(String iin, String alias) {
        coSignerKeys.put(iin, alias);
        return this;
    }

    /** The co-signature of {@code iin} signed with {@code key} (e.g. a certificate of another role the gateway must refuse). */
    public GuardianshipSample coSignerKey(String iin, KeyMaterial key) {
        coSignerKeyMaterial.put(iin, key);
        return this;
    }

    /** A representative under a notarised power (para 7 item 2, the Centre only): GAUHAR for ASKAR by default. */
    public GuardianshipSample representedBy(String iin, String powerOfAttorneyNumber) {
        Representative r = new Representative();
        r.setIin(iin);
        r.setName(name("SERIKBAYEVA", "GAUHAR", null));
        r.setPowerOfAttorneyNumber(powerOfAttorneyNumber);
        application.setRepresentative(r);
        return this;
    }

    /** Carries the co-signatures lifted from {@code signedApplication} (an attack the gateway must refuse). */
    public GuardianshipSample coSignaturesFrom(Element signedApplication) {
        coSignaturesOf = signedApplication;
        return this;
    }

    /** Another applicant's ИИН; the birth date follows it where the ИИН names one (the gateway checks that they agree). */
    public GuardianshipSample applicant(String iin) {
        application.getApplicant().setIin(iin);
        if (IdentificationNumber.namesBirthDate(iin)) {
            application.getApplicant().setBirthDate(DataElements.date(IdentificationNumber.birthDate(iin)));
        }
        return this;
    }

    public GuardianshipSample signedBy(String alias) {
        signerAlias = alias;
        return this;
    }

    /** The application as sent: co-signatures first (each signed by its co-signer), then the signer's over all. */
    public Element signed(TestPki pki) {
        coSigners.forEach((iin, statement) -> {
            CoSignature c = new CoSignature();
            c.setIin(iin);
            c.setRole(iin.equals("120315502115") ? "CHILD" : "SPOUSE");
            c.setStatement(statement);
            c.setServiceCode(application.getServiceCode());
            c.setApplicantIin(application.getApplicant().getIin());
            c.setMessageId(messageId);
            application.getCoSignature().add(c);
        });
        Element element = ShepXml.toElement(application);
        List<String> iins = List.copyOf(coSigners.keySet());
        List<Element> signatures = coSignatures(element);
        for (int i = 0; i < signatures.size(); i++) {
            String iin = iins.get(i);
            DocumentSigner.sign(signatures.get(i), coSignerKeyMaterial.getOrDefault(iin, pki.key(coSignerKeys.get(iin))));
        }
        if (coSignaturesOf != null) {
            // the co-signatures are the last children until the signer signs: the lifted ones take their place
            signatures.forEach(element::removeChild);
            coSignatures(coSignaturesOf).forEach(c -> element.appendChild(element.getOwnerDocument().importNode(c, true)));
        }
        DocumentSigner.sign(element, pki.key(signerAlias));
        return element;
    }

    private static List<Element> coSignatures(Element application) {
        return DocumentFields.elements(application, "d:coSignature");
    }

    private void attach(String kind, String number) {
        AttachedDocument d = new AttachedDocument();
        d.setKind(kind);
        d.setNumber(number);
        if (channel == Channel.CON) {
            d.setOnPaper(true);
        }
        d.setContent(("scan of " + kind + " " + number).getBytes(StandardCharsets.UTF_8));
        application.getAttachedDocument().add(d);
    }

    private static Applicant applicant(String iin, String last, String first, LocalDate born, String street) {
        Applicant a = new Applicant();
        a.setIin(iin);
        a.setName(name(last, first, null));
        a.setBirthDate(DataElements.date(born));
        IdentityDocument id = new IdentityDocument();
        id.setNumber("045112233");
        id.setIssuedBy("ҚР ІІМ");
        id.setIssuedOn(DataElements.date(LocalDate.of(2019, 4, 10)));
        a.setIdentityDocument(id);
        Address address = new Address();
        address.setSettlement("Булаево қ., Мағжан Жұмабаев ауданы");
        address.setStreet(street);
        address.setHouse("12");
        a.setAddress(address);
        a.setPhone("+7 715 312 34 56");
        return a;
    }

    /** A parent as the bank's and the property's forms ask: name and identity card (number, issuer, date). */
    private static Person person(String iin, String last, String first) {
        Person p = new Person();
        p.setIin(iin);
        p.setName(name(last, first, null));
        IdentityDocument id = new IdentityDocument();
        id.setNumber("0" + iin.substring(4, 12));
        id.setIssuedBy("ҚР ІІМ");
        id.setIssuedOn(DataElements.date(LocalDate.of(2018, 5, 14)));
        p.setIdentityDocument(id);
        return p;
    }

    private static <C extends ChildBase> C child(C c, String iin, String last, String first, String middle,
                                                 LocalDate born) {
        c.setIin(iin);
        c.setName(name(last, first, middle));
        c.setBirthDate(DataElements.date(born));
        if (c instanceof Child known) {
            known.setBirthCertificateNumber(birthCertificateNumber(iin));
        }
        return c;
    }

    private static ListedChild listed(ListedChild c) {
        c.setBirthCertificateNumber(birthCertificateNumber(c.getIin()));
        return c;
    }

    private static String birthCertificateNumber(String iin) {
        return "I-ҚС 01" + iin.substring(6, 11);
    }

    private static PersonName name(String last, String first, String middle) {
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        n.setMiddleName(middle);
        return n;
    }
}
