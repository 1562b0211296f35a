package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.xml.datatype.DatatypeFactory;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.document.childwelfare.Applicant;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.Attachment;
import kz.qaqpa.document.childwelfare.Channel;
import kz.qaqpa.document.childwelfare.Person;
import kz.qaqpa.document.childwelfare.PersonName;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/**
 * Seed 004 part B end to end (S5 school meals, S7 patronage, S8 patronage upkeep, S9 adopters, S10 adoption payment):
 * each service on each channel its regulation names, over real HTTP, signed with the test PKI, decided by the
 * Almaty Education Department's provider office mock (its rules in mocks/README.md) and delivered to the channel's
 * mock. Each case checks the step ids in the regulation's order, the result's type and signer, the texts the
 * channel saw and the due dates planned at acceptance in the regulation's own unit: calendar days for S7 and S9,
 * working days (Nauryz 2026 is not counted) for the others. The gateway's clock stands still on Friday 20 March
 * 2026, 19:30 Almaty time, the evening before Nauryz.
 */
class AlmatyChildWelfareTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ACCEPTED_AT = "2026-03-20T19:30:00+05:00";
    private static final String HEAD_IIN = "690101300000";
    private static final String SPECIALIST_IIN = "820909400009";
    private static final String DEPARTMENT_BIN = "150540000007";
    private static final List<String> PORTAL_INTAKE = List.of("portal-condition-1", "portal-process-3",
            "portal-condition-2", "portal-process-5");
    /** Process 6 with para 8.1, para 8.2 (the head's resolution). */
    private static final List<String> PORTAL_CHAIN = List.of("portal-process-6", "portal-procedure-2");
    /** Condition 3 with para 8.3 (checked, prepared, signed), process 8 (to the personal cabinet). */
    private static final List<String> PORTAL_RESULT = List.of("portal-condition-3", "portal-process-8");
    private static final String PORTAL_ACT = "portal-procedure-3-act";

    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;

    /** The applications of every case, sent at once before the cases run, so the provider works on them together. */
    private static final Map<String, Submitted> SUBMITTED = new java.util.concurrent.ConcurrentHashMap<>();

    private record Submitted(String messageId, String correlationId) {
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() {
        gateway = new GatewayHarness(dataDir).with("qaqpa.clock", "fixed " + ACCEPTED_AT).start();
        portalCases().forEach(c -> {
            Object[] a = c.get();
            SUBMITTED.put(a[0] + " " + a[1], submitOnPortal((Service) a[0], (Consumer<Application>) a[2]));
        });
    }

    private static Submitted submitOnPortal(Service service, Consumer<Application> variant) {
        Application application = application(service, Channel.PORTAL);
        variant.accept(application);
        String messageId = "PORTAL-" + UUID.randomUUID();
        String correlationId = portal().send(AsyncMessages.sendMessage("REQUEST", messageId, null, service.serviceId,
                "PORTAL", "portal-secret", ChannelClient.sign(application, gateway.pki().key("citizen-aigerim"))))
                .getCorrelationId();
        return new Submitted(messageId, correlationId);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** One service: its serviceId, its own request block and child, the attachments its office rules require. */
    enum Service {
        S5_MEALS("ALMATY_SCHOOL_MEALS_2015", true, List.of("BIRTH_CERTIFICATE", "SCHOOL_CERTIFICATE"), a -> {
            var meals = new kz.qaqpa.document.childwelfare.SchoolMealsRequest();
            meals.setSchool("№ 12 жалпы білім беретін мектеп");
            meals.setGrade(BigInteger.valueOf(3));
            meals.setMealKind(kz.qaqpa.document.childwelfare.MealKind.FREE);
            meals.setCategory("Аз қамтылған отбасының баласы");
            a.setSchoolMeals(meals);
        }),
        S7_PATRONAGE("ALMATY_PATRONAGE_2015", false, List.of("IDENTITY_DOCUMENT", "MEDICAL_CERTIFICATE"), a -> {
            var patronage = new kz.qaqpa.document.childwelfare.PatronageRequest();
            patronage.setChildrenWanted(BigInteger.ONE);
            a.setPatronage(patronage);
        }),
        S8_UPKEEP("ALMATY_PATRONAGE_UPKEEP_2015", true, List.of("IDENTITY_DOCUMENT", "PATRONAGE_CONTRACT"), a -> {
            var upkeep = new kz.qaqpa.document.childwelfare.PatronageUpkeepRequest();
            upkeep.setContractNumber("ПТ-АББ-2026-000001");
            upkeep.setContractDate(date("2026-02-02"));
            a.setPatronageUpkeep(upkeep);
        }),
        S9_ADOPTERS("ALMATY_ADOPTERS_2015", false, List.of("IDENTITY_DOCUMENT", "MEDICAL_CERTIFICATE"),
                a -> a.setAdopter(new kz.qaqpa.document.childwelfare.AdopterRequest())),
        S10_PAYMENT("ALMATY_ADOPTION_PAYMENT_2015", true, List.of("IDENTITY_DOCUMENT", "COURT_DECISION"), a -> {
            var payment = new kz.qaqpa.document.childwelfare.AdoptionPaymentRequest();
            payment.setCourtDecisionNumber("2-1234/2026");
            payment.setCourtDecisionDate(date("2026-02-10"));
            a.setAdoptionPayment(payment);
        });

        final String serviceId;
        final boolean hasChild;
        final List<String> attachments;
        final Consumer<Application> request;

        Service(String serviceId, boolean hasChild, List<String> attachments, Consumer<Application> request) {
            this.serviceId = serviceId;
            this.hasChild = hasChild;
            this.attachments = attachments;
            this.request = request;
        }
    }

    /** What a case expects: steps after intake, the result, its planned due dates (local time), the texts seen. */
    record Expected(List<String> steps, String result, Map<String, String> due, List<String> texts) {
    }

    static Stream<Arguments> portalCases() {
        String registered = "Көрсетiлетiн қызметтi берушiнiң АЖО-да электрондық құжатты тiркеу";
        String resolution = "Көрсетiлетiн қызметтi берушi басшысының бұрыштамаға сәйкес өтiнiштi маманына орындау үшiн беруi";
        String notice = "Мемлекеттiк қызметтi көрсету нәтижесiн алатын күнi, уақыты мен орны көрсетiлген хабарлама";
        String studyAct = "Патронат тәрбиешi болуға ниет бiлдiрген азаматтардың тұрғын үй-тұрмыстық жағдайын зерделеу актiсi";
        String inspectionAct = "Көрсетiлетiн қызметтi алушының тұрғын үй-тұрмыстық жағдайларын тексерiп-қарау актiсi";
        List<String> plain = concat(PORTAL_CHAIN, PORTAL_RESULT);
        List<String> visited = concat(PORTAL_CHAIN, List.of(PORTAL_ACT), PORTAL_RESULT);
        return Stream.of(
                // S5, working days: 15 min; 1 wd (Fri 20); 3 wd (Thu 26, Fri 27, Mon 30: Nauryz 21-25 off); 1 wd (Tue 31)
                Arguments.of(Service.S5_MEALS, "golden", (Consumer<Application>) a -> { },
                        new Expected(plain, "mealsCertificate", due("2026-03-20T19:45", "2026-03-21T00:00",
                                "2026-03-31T00:00", "2026-04-01T00:00", "2026-04-01T00:00"),
                                List.of(registered, resolution, notice))),
                Arguments.of(Service.S5_MEALS, "documents", withoutAttachment("SCHOOL_CERTIFICATE"),
                        new Expected(plain, "refusal:DOCUMENTS", Map.of(), List.of(registered, resolution))),
                // S7, calendar days: 15 min; 1 cd (Fri 20); 28 cd (21 Mar - 17 Apr); 1 cd (18 Apr); the act not planned
                Arguments.of(Service.S7_PATRONAGE, "golden", (Consumer<Application>) a -> { },
                        new Expected(visited, "contractNotice", due("2026-03-20T19:45", "2026-03-21T00:00",
                                "2026-04-18T00:00", "2026-04-19T00:00", "2026-04-19T00:00"),
                                List.of(registered, resolution, studyAct, notice))),
                Arguments.of(Service.S7_PATRONAGE, "home unsuitable: reasoned refusal (para 10 of the Standard)",
                        livesInAHostel(), new Expected(visited, "refusal:STANDARD_PARA_10", Map.of(),
                                List.of(registered, resolution, studyAct))),
                Arguments.of(Service.S7_PATRONAGE, "documents", withoutAttachment("MEDICAL_CERTIFICATE"),
                        new Expected(plain, "refusal:DOCUMENTS", Map.of(), List.of(registered, resolution))),
                // S8, working days: 15 min; 1 wd; 4 wd (26, 27, 30, 31 Mar); the issue has no term of its own
                Arguments.of(Service.S8_UPKEEP, "golden", (Consumer<Application>) a -> { },
                        new Expected(plain, "upkeepDecision", due("2026-03-20T19:45", "2026-03-21T00:00",
                                "2026-04-01T00:00", null, "2026-04-01T00:00"), List.of(registered, resolution))),
                Arguments.of(Service.S8_UPKEEP, "documents", withoutAttachment("PATRONAGE_CONTRACT"),
                        new Expected(plain, "refusal:DOCUMENTS", Map.of(), List.of(registered, resolution))),
                // S9, calendar days: 15 min; 1 cd; 13 cd (21 Mar - 2 Apr); 1 cd (3 Apr)
                Arguments.of(Service.S9_ADOPTERS, "golden", (Consumer<Application>) a -> { },
                        new Expected(visited, "conclusionReadyNotice", due("2026-03-20T19:45", "2026-03-21T00:00",
                                "2026-04-03T00:00", "2026-04-04T00:00", "2026-04-04T00:00"),
                                List.of(registered, resolution, inspectionAct, notice))),
                // a negative conclusion is still the readiness notice on the portal; the act says why
                Arguments.of(Service.S9_ADOPTERS, "home unsuitable: negative conclusion, notice on the portal",
                        livesInAHostel(), new Expected(visited, "conclusionReadyNotice", Map.of(),
                                List.of(registered, resolution, inspectionAct, notice))),
                Arguments.of(Service.S9_ADOPTERS, "documents", withoutAttachment("IDENTITY_DOCUMENT"),
                        new Expected(plain, "refusal:DOCUMENTS", Map.of(), List.of(registered, resolution))),
                // S10, working days: 15 min; 1 wd; 9 wd (26 Mar - 7 Apr)
                Arguments.of(Service.S10_PAYMENT, "golden", (Consumer<Application>) a -> { },
                        new Expected(plain, "adoptionPaymentDecision", due("2026-03-20T19:45", "2026-03-21T00:00",
                                "2026-04-08T00:00", null, "2026-04-08T00:00"), List.of(registered, resolution))),
                Arguments.of(Service.S10_PAYMENT, "documents", withoutAttachment("COURT_DECISION"),
                        new Expected(plain, "refusal:DOCUMENTS", Map.of(), List.of(registered, resolution))));
    }

    @ParameterizedTest(name = "{0} on the portal: {1}")
    @MethodSource("portalCases")
    void onThePortal(Service service, String name, Consumer<Application> variant, Expected expected) {
        Submitted submitted = SUBMITTED.get(service + " " + name);
        String messageId = submitted.messageId();
        String correlationId = submitted.correlationId();
        String[] kind = expected.result().split(":");
        Element result = gateway.mocks().portal().awaitResult(correlationId, kind[0], WAIT)
                .orElseThrow(() -> new AssertionError("no " + kind[0] + " for " + service + " on the portal"));
        assertSignedByTheHead(result);
        if (kind.length > 1) {
            assertThat(text(result, "ground")).isEqualTo(kind[1]);
        }
        assertSteps(correlationId, concat(PORTAL_INTAKE, expected.steps()), "COMPLETED");
        assertPlanned(correlationId, expected.due());
        assertThat(gateway.mocks().portal().awaitStatus(messageId, "COMPLETED", WAIT)).isPresent();
        assertThat(gateway.mocks().portal().statuses(messageId)).extracting(ChannelMock.StatusEntry::statusMessage)
                .contains("Мемлекеттiк көрсетiлетiн қызметтiң сұрауын қабылдау")
                .containsSubsequence(expected.texts());
        if (expected.steps().contains(PORTAL_ACT)) {
            assertActSignedByTheSpecialist(correlationId, !name.contains("unsuitable"));
        }
    }

    /** Condition 1 (process 2) and condition 2 (process 4) of the portal block, with the regulation's messages. */
    @ParameterizedTest(name = "{0}: portal conditions 1 and 2 refuse")
    @MethodSource("services")
    void portalConditionsRefuseWithTheRegulationsMessages(Service service) {
        Element signed = ChannelClient.sign(application(service, Channel.PORTAL), gateway.pki().key("citizen-aigerim"));
        String messageId = "PORTAL-" + UUID.randomUUID();
        ChannelClient impostor = gateway.client("PORTAL", "wrong", "portal");
        assertThatThrownBy(() -> impostor.send(AsyncMessages.sendMessage("REQUEST", messageId, null,
                service.serviceId, "PORTAL", "wrong", signed))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE003");
                    assertThat(f.error().getErrorMessage()).contains("авторландырудан бас тарту");
                });
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).isEmpty();

        // signed by someone whose ЖСН is not the applicant's
        Element foreign = ChannelClient.sign(application(service, Channel.PORTAL), gateway.pki().key("citizen-erlan"));
        String second = "PORTAL-" + UUID.randomUUID();
        assertThatThrownBy(() -> portal().send(AsyncMessages.sendMessage("REQUEST", second, null, service.serviceId,
                "PORTAL", "portal-secret", foreign))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE020");
                    assertThat(f.error().getErrorMessage()).contains("ЭЦҚ түпнұсқалығының расталмауына байланысты");
                });
        assertThat(gateway.assembly().applications().byMessage("PORTAL", second)).isEmpty();
    }

    static Stream<Service> services() {
        return Stream.of(Service.values());
    }

    // ------------------------------------------------------------------ the applications

    private static Application application(Service service, Channel channel) {
        Application a = new Application();
        a.setServiceCode(service.serviceId);
        a.setChannel(channel);
        a.setSubmittedAt(DATES.newXMLGregorianCalendar(ACCEPTED_AT));
        Applicant applicant = new Applicant();
        applicant.setIin("850315401201");
        applicant.setName(name("NURLANOVA", "AIGERIM"));
        applicant.setBirthDate(date("1985-03-15"));
        applicant.setAddress("Almaty, Bostandyk district, Timiryazev st. 42, apt. 17");
        applicant.setPhone("+7 701 555 12 34");
        a.setApplicant(applicant);
        if (service.hasChild) {
            Person child = new Person();
            child.setIin("180412601230");
            child.setName(name("NURLANOVA", "AMINA"));
            child.setBirthDate(date("2018-04-12"));
            a.getChild().add(child);
        }
        service.request.accept(a);
        for (String kind : service.attachments) {
            Attachment attachment = new Attachment();
            attachment.setKind(kind);
            attachment.setFileName(kind.toLowerCase() + ".pdf");
            attachment.setSha256(sha256(kind));
            a.getAttachment().add(attachment);
        }
        return a;
    }

    private static Consumer<Application> withoutAttachment(String kind) {
        return a -> a.getAttachment().removeIf(x -> x.getKind().equals(kind));
    }

    /** The office mock's rule: a home in a hostel is unsuitable (mocks/README.md). */
    private static Consumer<Application> livesInAHostel() {
        return a -> a.getApplicant().setAddress("Almaty, Auezov district, student hostel No 3, room 12");
    }

    // ------------------------------------------------------------------ assertions

    private static void assertSignedByTheHead(Element result) {
        SubjectIdentity signer = SubjectIdentity.of(DocumentVerifier.verify(result));
        assertThat(signer.iin()).isEqualTo(HEAD_IIN);
        assertThat(signer.bin()).isEqualTo(DEPARTMENT_BIN);
        assertThat(text(result, "employeeIin")).isEqualTo(HEAD_IIN);
    }

    /** The act of the home visit is kept with the application, signed by the specialist who visited. */
    private static void assertActSignedByTheSpecialist(String correlationId, boolean suitable) {
        String act = gateway.assembly().applicationDocuments().latest(correlationId, "housingConditionsAct")
                .orElseThrow().document();
        Element element = SecureXml.parse(act.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        assertThat(SubjectIdentity.of(DocumentVerifier.verify(element)).iin()).isEqualTo(SPECIALIST_IIN);
        assertThat(text(element, "conditionsSuitable")).isEqualTo(String.valueOf(suitable));
    }

    private static void assertSteps(String correlationId, List<String> expected, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.assembly().statusHistory().of(correlationId).size() < expected.size()
                && System.nanoTime() < deadline) {
            sleep();
        }
        List<StatusHistory.Step> steps = gateway.assembly().statusHistory().of(correlationId);
        assertThat(steps).extracting(StatusHistory.Step::stepId).containsExactlyElementsOf(expected);
        assertThat(steps).allSatisfy(step -> assertThat(step.description()).isNotBlank());
        var application = gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow();
        assertThat(application.statusCode()).isEqualTo(status);
        assertThat(application.registrationNumber()).startsWith("АББ-");
    }

    /** The due dates planned at acceptance, step by step and for the whole service; null = no term of its own. */
    private static void assertPlanned(String correlationId, Map<String, String> due) {
        if (due.isEmpty()) {
            return;
        }
        Map<String, String> planned = new LinkedHashMap<>();
        for (StepPlans.Planned p : gateway.assembly().stepPlans().of(correlationId)) {
            planned.put(p.stepId(), p.dueAt() == null ? null
                    : p.dueAt().atZoneSameInstant(java.time.ZoneId.of("Asia/Almaty")).toLocalDateTime().toString());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        due.forEach((step, at) -> {
            if (at != null) {
                expected.put(step, at);
            }
        });
        assertThat(planned).containsExactlyEntriesOf(expected);
    }

    /** Process 6, para 8.2, condition 3 (8.3), process 8 and the whole term; a null is a step not planned. */
    private static Map<String, String> due(String registered, String resolution, String prepared, String issued,
                                           String term) {
        Map<String, String> due = new LinkedHashMap<>();
        due.put("portal-process-6", registered);
        due.put("portal-procedure-2", resolution);
        due.put("portal-condition-3", prepared);
        due.put("portal-process-8", issued);
        due.put(StepPlans.SERVICE_TERM, term);
        return due;
    }

    // ------------------------------------------------------------------ helpers

    private static ChannelClient portal() {
        return gateway.client("PORTAL", "portal-secret", "portal");
    }

    private static final DatatypeFactory DATES = datatypes();

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (javax.xml.datatype.DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static javax.xml.datatype.XMLGregorianCalendar date(String iso) {
        return DATES.newXMLGregorianCalendar(iso);
    }

    private static PersonName name(String last, String first) {
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        return n;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static String text(Element e, String localName) {
        return e.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
