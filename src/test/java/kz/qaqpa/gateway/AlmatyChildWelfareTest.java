package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.assertRefusedNothingStored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.document.childwelfare.ActKind;
import kz.qaqpa.document.childwelfare.Applicant;
import kz.qaqpa.document.childwelfare.Application;
import kz.qaqpa.document.childwelfare.Attachment;
import kz.qaqpa.document.childwelfare.Channel;
import kz.qaqpa.document.childwelfare.Person;
import kz.qaqpa.document.childwelfare.PersonName;
import kz.qaqpa.document.childwelfare.StatusNotification;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/**
 * Seed 004 part B end to end (S5 school meals, S7 patronage, S8 patronage upkeep, S9 adopters, S10 adoption payment,
 * S11 camp referrals): each service on each channel its regulation names (the portal and the provider's office,
 * S11 the office only), over real HTTP, signed with the test PKI, decided by the Almaty Education Department's office
 * mock (kz.qaqpa.mocks.provider.childwelfare, its rules in mocks/README.md). One table row per path: the golden path,
 * the failed document check, and where the regulation has them the home visit's outcomes (S7's reasoned refusal,
 * S9's negative conclusion). Each row checks the step ids in the regulation's order, the result's type and signer
 * (the head; the act: the specialist), the texts the channel saw and the due dates planned at acceptance in the
 * regulation's own unit: calendar days for S7 and S9, working days for the others (Nauryz 2026 is not counted).
 * The gateway's clock stands still on Friday 20 March 2026, 19:30 Almaty time, the evening before Nauryz.
 */
class AlmatyChildWelfareTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ACCEPTED_AT = "2026-03-20T19:30:00+05:00";
    private static final String HEAD_IIN = "680415401209";
    private static final String SPECIALIST_IIN = "720202301501";
    private static final String OFFICE_EMPLOYEE_IIN = "800911403308";
    private static final String DEPARTMENT_BIN = "990340001230";
    private static final Map<Channel, List<String>> INTAKE = Map.of(
            Channel.PORTAL, List.of("portal-condition-1", "portal-process-3", "portal-condition-2", "portal-process-5"),
            Channel.ZHAO, List.of("office-action-1-authorised", "office-action-1", "office-action-1-signed",
                    "office-action-1-forwarded"));
    /** Paras 5 and 8: registered, the head's resolution, [the act,] examined, signed, issued. */
    private static final List<String> CHAIN = List.of("provider-action-1", "provider-action-2",
            "provider-action-3-examined", "provider-action-3", "provider-action-4");
    private static final List<String> VISITED_CHAIN = List.of("provider-action-1", "provider-action-2",
            "provider-action-3-act", "provider-action-3-examined", "provider-action-3", "provider-action-4");
    /**
     * The document check fails: the head signs the refusal without the examination step, and the chain block's refusal
     * step takes the issue's place (portal process 7; at the office the refused issue).
     */
    /** The refusal step for the documents on each channel: portal process 7, the office's refused issue. */
    private static final Map<Channel, String> REFUSAL = Map.of(Channel.PORTAL, "portal-process-7",
            Channel.ZHAO, "provider-action-4-refused");
    private static final Map<Channel, List<String>> REFUSED_CHAIN = Map.of(
            Channel.PORTAL, List.of("provider-action-1", "provider-action-2", "provider-action-3", "portal-process-7"),
            Channel.ZHAO, List.of("provider-action-1", "provider-action-2", "provider-action-3",
                    "provider-action-4-refused"));
    /** Para 8.4 / 8.3 at the office: the paper result handed over, which the office system reports. */
    private static final String HAND_OVER = "office-action-4";
    private static final String ACT = "provider-action-3-act";

    // status texts (prefixes), from the blocks and the route files
    /** The portal's opening sentence (para 9): S7, S8 and S10 print «мемлекеттiк қызмет көрсету нәтижесiн». */
    private static final String PORTAL_ACCEPTED = "Мемлекеттiк көрсетiлетiн қызметтiң сұрауын қабылдау туралы мәртебе; ";
    private static final String PORTAL_RESULT_OF_THE_SERVICE = PORTAL_ACCEPTED + "мемлекеттiк көрсетiлетiн қызмет нәтижесiн";
    private static final String PORTAL_RESULT_OF_ITS_PROVISION = PORTAL_ACCEPTED + "мемлекеттiк қызмет көрсету нәтижесiн";
    private static final String RECEIPT = "Құжаттардың қабылданғаны туралы қолхат";
    // para 6.1 and 6.2 of each service, as printed (glued words read apart): the texts of REGISTERED and IN_WORK
    private static final String RECEIPT_BY_THE_OFFICE = "Көрсетілетін қызметті беруші кеңсесі қызметкерінің көрсетілетін"
            + " қызметті алушыға құжаттардың қабылданғаны туралы қолхат беруі";
    private static final String RECEIPT_GIVEN = "Көрсетілетін қызметті алушыға құжаттардың қабылданғаны туралы қолхат беру";
    private static final String TO_THE_SPECIALIST = "Көрсетiлетiн қызметтi берушi басшысының бұрыштамаға сәйкес көрсетiлетiн"
            + " қызметтi алушының өтiнiшiн көрсетiлетiн қызметті берушiнiң маманына орындау үшiн беруi";
    private static final String SPECIALIST_WORKS = "Көрсетілетін қызметті беруші маманының өтінішті қарауы және ұсынылған"
            + " құжаттарды тексеруі, мемлекеттiк қызмет көрсету нәтижесін ресімдеуі";
    /** Para 6.2 of S11 (L2739-2741): the responsible person, not the specialist, drew the result up. */
    private static final String S11_RESPONSIBLE_WORKS = "Көрсетілетін қызметті берушінің жауапты тұлғасының өтінішті"
            + " қарауы және ұсынылған құжаттарды тексеруі, мемлекеттiк қызмет көрсету нәтижесін ресімдеуі";
    // para 5.2 of S8 and S10 as printed (S8 begins with the Latin «i»): the text of IN_WORK where para 6 is shifted
    private static final String S8_TO_THE_SPECIALIST = "Көрсетiлетiн қызметтi берушi басшысының бұрыштамаға сәйкес"
            + " көрсетілетін қызметті алушының өтінішін көрсетілетін қызметті берушінің маманына орындау үшін беруі";
    private static final String S10_TO_THE_SPECIALIST = "Көрсетілетін қызметті беруші басшысының бұрыштамаға сәйкес"
            + " көрсетілетін қызметті алушының өтінішін көрсетілетін қызметті берушінің маманына орындау үшін беруі";
    /** Para 8.3 of S7 (L1926-1928), as printed (in the nominative): the act of study, Std App. 2 («тәрбилеушi» sic, item 35). */
    private static final String STUDY_ACT = "Патронат тәрбилеушi болуға ниет бiлдiрген азаматтардың тұрғын үй-тұрмыстық"
            + " жағдайын зерделеу актiсi";
    /** Para 8.3 of S9 (L2352-2353), as printed: «көрсетілетін қызметті» with the Kazakh «і», «тексерiп» with the Latin. */
    private static final String INSPECTION_ACT = "Көрсетілетін қызметті алушының тұрғын үй-тұрмыстық жағдайларын"
            + " тексерiп-қарау актісі";
    // para 6.4 (6.3) as printed: S5, S10 and S11 spell «Көрсетілетін ... нәтижесін»
    private static final String RESULT_RECEIVED = "Көрсетiлетiн қызметтi алушының мемлекеттiк қызмет көрсету нәтижесiн алуы";
    private static final String RESULT_RECEIVED_KZ = "Көрсетілетін қызметті алушының мемлекеттiк қызмет көрсету нәтижесін алуы";
    /**
     * reg50b: at the office COMPLETED is the head's signed result reaching the gateway, the paper not yet handed over,
     * so the office is told para 6.3, the signature, in the service's own spelling (S7 L1892, S9 L2316 without an
     * actor; S5 its own below); S8, S10 and S11, whose para 6 is shifted and prints no signature, their 6.2 (the
     * result drawn up, «...нәтижесін ресімдеуі», the item that has happened when it leaves the provider). A marker in
     * the rows: {@link #said} puts each service's own text in its place.
     */
    private static final String RESULT_SIGNED = "Мемлекеттiк қызмет көрсету нәтижесiне қол қою";
    /** OVERDUE: the text prints none, so the gateway's own (qaqpa.status-text.OVERDUE), followed by the step's id. */
    private static final String OVERDUE = "Қызмет көрсету қадамының мерзімі өтті";
    /**
     * Portal process 7 (S5 L1468-1470, S7-S10 the same words), the refusal's subject without «туралы хабарламаны
     * қалыптастыру»: the text told at the refusal for the documents on the portal and at the office.
     */
    private static final String DOCUMENTS_REFUSED = "Көрсетiлетiн қызметтi алушының құжаттарында бұзушылықтардың"
            + " болуына байланысты сұрау салынған мемлекеттiк қызметтi көрсетуден бас тарту";

    /**
     * The office system's callback (its statuses and results of the office channel): a channel mock signed with the
     * office system's key, started once the gateway's test PKI exists.
     */
    private static final int OFFICE_PORT = kz.qaqpa.mocks.pki.PkiServer.freePort();
    private static ChannelMock office;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.clock", "fixed " + ACCEPTED_AT)
            .with("qaqpa.sender.ALMATY_EDU.callback", "http://localhost:" + OFFICE_PORT + "/callback");

    /** The applications of every row, sent at once before the rows run, so the provider works on them together. */
    private static final Map<String, Submitted> SUBMITTED = new java.util.concurrent.ConcurrentHashMap<>();

    private record Submitted(Channel channel, String messageId, String correlationId) {
    }

    @BeforeAll
    static void submitEveryRow() {
        office = new ChannelMock("almaty-edu", OFFICE_PORT, gateway.pki().key("almaty-edu"), gateway.gatewayCheck());
        office.start();
        rows().forEach(row -> SUBMITTED.put(row.toString(), submit(row)));
    }

    @AfterAll
    static void stopOffice() {
        office.stop();
    }

    /** One service: its serviceId, its own request block, whether it names a child, the attachments its rules require. */
    enum Service {
        S5_MEALS("ALMATY_SCHOOL_MEALS_2015", "Көрсетілетін қызметті алушыға мемлекеттiк қызметтi көрсету үшін құжаттарды"
                + " қабылдайтын көрсетiлетiн қызметтi берушiнiң жауапты тұлғасының құжаттардың қабылданғаны туралы қолхат"
                + " беруі", "Көрсетілетін қызметті беруші басшысының бұрыштамаға сәйкес көрсетілетін қызметті алушының"
                + " өтінішін көрсетілетін қызметті берушінің маманына орындау үшін беруі", null,
                // para 6.3 of S5 (L1377-1378), «көрсетунәтижесіне» read apart
                "Көрсетілетін қызметті беруші басшысының мемлекеттiк қызмет көрсету нәтижесіне қол қоюы", true,
                List.of("BIRTH_CERTIFICATE", "SCHOOL_CERTIFICATE"), a -> {
            var meals = new kz.qaqpa.document.childwelfare.SchoolMealsRequest();
            meals.setSchool("№ 12 жалпы білім беретін мектеп");
            meals.setGrade(BigInteger.valueOf(3));
            meals.setMealKind(kz.qaqpa.document.childwelfare.MealKind.FREE);
            meals.setCategory("Аз қамтылған отбасының баласы");
            a.setSchoolMeals(meals);
        }),
        S7_PATRONAGE("ALMATY_PATRONAGE_2015", RECEIPT_BY_THE_OFFICE, TO_THE_SPECIALIST, false, List.of("IDENTITY_DOCUMENT", "MEDICAL_CERTIFICATE"), a -> {
            var patronage = new kz.qaqpa.document.childwelfare.PatronageRequest();
            patronage.setChildrenWanted(BigInteger.ONE);
            a.setPatronage(patronage);
        }),
        S8_UPKEEP("ALMATY_PATRONAGE_UPKEEP_2015", RECEIPT_GIVEN, S8_TO_THE_SPECIALIST, SPECIALIST_WORKS, SPECIALIST_WORKS, true, List.of("IDENTITY_DOCUMENT", "PATRONAGE_CONTRACT"), a -> {
            var upkeep = new kz.qaqpa.document.childwelfare.PatronageUpkeepRequest();
            upkeep.setContractNumber("ПТ-АББ-2026-000001");
            upkeep.setContractDate(date("2026-02-02"));
            a.setPatronageUpkeep(upkeep);
        }),
        S9_ADOPTERS("ALMATY_ADOPTERS_2015", RECEIPT_BY_THE_OFFICE, TO_THE_SPECIALIST, false, List.of("IDENTITY_DOCUMENT", "MEDICAL_CERTIFICATE"),
                a -> a.setAdopter(new kz.qaqpa.document.childwelfare.AdopterRequest())),
        S10_PAYMENT("ALMATY_ADOPTION_PAYMENT_2015", RECEIPT_GIVEN, S10_TO_THE_SPECIALIST, SPECIALIST_WORKS, SPECIALIST_WORKS, true, List.of("IDENTITY_DOCUMENT", "COURT_DECISION"), a -> {
            var payment = new kz.qaqpa.document.childwelfare.AdoptionPaymentRequest();
            payment.setCourtDecisionNumber("2-1234/2026");
            payment.setCourtDecisionDate(date("2026-02-10"));
            a.setAdoptionPayment(payment);
        }),
        S11_CAMP("ALMATY_CAMP_REFERRAL_2015", RECEIPT_GIVEN, "Көрсетілетін қызметті беруші басшысының бұрыштамаға"
                + " сәйкес көрсетілетін қызметті алушының өтінішін көрсетілетін қызметті берушінің жауапты тұлғасына орындау"
                + " үшін беруі", S11_RESPONSIBLE_WORKS, S11_RESPONSIBLE_WORKS, true, List.of("BIRTH_CERTIFICATE", "INCOME_CERTIFICATE"), a -> {
            var camp = new kz.qaqpa.document.childwelfare.CampRequest();
            camp.setCampKind(kz.qaqpa.document.childwelfare.CampKind.OUT_OF_TOWN);
            camp.setSeason("2026 жаз");
            a.setCamp(camp);
        });

        final String serviceId;
        /**
         * Para 6.1 and 6.2: what the channel sees at REGISTERED, IN_WORK. S8, S10, S11, whose para 6 is shifted (notes
         * §5 item 12): 6.1, para 5.2 (the head's resolution) and, at the office's EXAMINED, 6.2 (the executor's review
         * and check); the others have no text for EXAMINED ({@code null}: the project's own).
         */
        final String registered;
        final String inWork;
        final String examined;
        /** Para 6.4 (S8, S10, S11: 6.3) and the portal's opening sentence, each as the service prints it. */
        final String received;
        /** What the office is told at COMPLETED (reg50b): para 6.3 (S8, S10, S11: 6.2), as the service prints it. */
        final String signed;
        final String portalAccepted;
        final boolean hasChild;
        final List<String> attachments;
        final Consumer<Application> request;

        Service(String serviceId, String registered, String inWork, boolean hasChild, List<String> attachments,
                Consumer<Application> request) {
            this(serviceId, registered, inWork, null, RESULT_SIGNED, hasChild, attachments, request);
        }

        Service(String serviceId, String registered, String inWork, String examined, String signed, boolean hasChild,
                List<String> attachments, Consumer<Application> request) {
            this.serviceId = serviceId;
            this.registered = registered;
            this.inWork = inWork;
            this.examined = examined;
            this.signed = signed;
            this.received = name().matches("S5_.*|S10_.*|S11_.*") ? RESULT_RECEIVED_KZ : RESULT_RECEIVED;
            this.portalAccepted = name().matches("S7_.*|S8_.*|S10_.*") ? PORTAL_RESULT_OF_ITS_PROVISION
                    : PORTAL_RESULT_OF_THE_SERVICE;
            this.hasChild = hasChild;
            this.attachments = attachments;
            this.request = request;
        }
    }

    /**
     * One path: the service on a channel, a variant of its application, the steps after intake, the result (kind,
     * and for a conclusion or the act what it says), the planned due dates (local time; null = no term of its own)
     * and the prefixes of the status texts the channel saw, in order.
     */
    record Row(Service service, Channel channel, String path, Consumer<Application> variant, List<String> steps,
               String result, Map<String, String> due, List<String> texts) {
        @Override
        public String toString() {
            return service + " on " + channel + ": " + path;
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Channel channel : List.of(Channel.PORTAL, Channel.ZHAO)) {
            String accepted = channel == Channel.PORTAL ? PORTAL_ACCEPTED : RECEIPT;
            boolean portal = channel == Channel.PORTAL;
            // COMPLETED: the portal's electronic result is the applicant's at once (para 6.4); the office's is the head's
            // signature (para 6.3), the paper handed over only at ISSUED (reg50b)
            String completed = portal ? RESULT_RECEIVED : RESULT_SIGNED;
            // S5, working days from the day after the start (docs/deadlines.md): 15 min; 1 wd (Thu 26: 21-25 Mar
            // are Nauryz days off); 3 wd (Fri 27, Mon 30, Tue 31); 1 wd (Wed 1 Apr)
            rows.add(new Row(Service.S5_MEALS, channel, "golden", a -> { }, CHAIN, "mealsCertificate",
                    due("2026-03-20T19:45", "2026-03-27T00:00", "2026-04-01T00:00", "2026-04-02T00:00",
                            "2026-04-02T00:00"), said(Service.S5_MEALS, accepted, completed)));
            rows.add(documentsRefused(Service.S5_MEALS, channel, accepted, "SCHOOL_CERTIFICATE"));
            // S7, calendar days: 15 min; 1 cd (Sat 21); 28 cd (22 Mar - 18 Apr); 1 cd (19 Apr); the act not planned
            rows.add(new Row(Service.S7_PATRONAGE, channel, "golden", a -> { }, VISITED_CHAIN,
                    portal ? "contractNotice" : "patronageContract", due("2026-03-20T19:45", "2026-03-22T00:00",
                    "2026-04-19T00:00", "2026-04-20T00:00", "2026-04-20T00:00"),
                    said(Service.S7_PATRONAGE, accepted, STUDY_ACT, completed)));
            rows.add(new Row(Service.S7_PATRONAGE, channel, "home unsuitable", livesInAHostel(), VISITED_CHAIN,
                    "reasonedRefusal act:false", Map.of(),
                    said(Service.S7_PATRONAGE, accepted, STUDY_ACT, completed)));
            rows.add(documentsRefused(Service.S7_PATRONAGE, channel, accepted, "MEDICAL_CERTIFICATE"));
            // S8, working days: 15 min; 1 wd (Thu 26); 4 wd (27, 30, 31 Mar, 1 Apr) for para 5.3's issue of the
            // result, which the examination runs inside (no term of its own)
            rows.add(new Row(Service.S8_UPKEEP, channel, "golden", a -> { }, CHAIN, "upkeepDecision",
                    due("2026-03-20T19:45", "2026-03-27T00:00", null, "2026-04-02T00:00", "2026-04-02T00:00"),
                    said(Service.S8_UPKEEP, accepted, completed)));
            rows.add(documentsRefused(Service.S8_UPKEEP, channel, accepted, "PATRONAGE_CONTRACT"));
            // S9, calendar days: 15 min; 1 cd (Sat 21); 13 cd (22 Mar - 3 Apr); 1 cd (4 Apr)
            rows.add(new Row(Service.S9_ADOPTERS, channel, "golden", a -> { }, VISITED_CHAIN,
                    portal ? "conclusionReadyNotice act:true" : "adopterConclusion possible:true act:true",
                    due("2026-03-20T19:45", "2026-03-22T00:00", "2026-04-04T00:00", "2026-04-05T00:00",
                            "2026-04-05T00:00"), said(Service.S9_ADOPTERS, accepted, INSPECTION_ACT, completed)));
            // a negative conclusion is a result, not a refusal; on the portal the notice says only that it is ready
            rows.add(new Row(Service.S9_ADOPTERS, channel, "negative conclusion", livesInAHostel(), VISITED_CHAIN,
                    portal ? "conclusionReadyNotice act:false" : "adopterConclusion possible:false act:false",
                    Map.of(), said(Service.S9_ADOPTERS, accepted, INSPECTION_ACT, completed)));
            rows.add(documentsRefused(Service.S9_ADOPTERS, channel, accepted, "IDENTITY_DOCUMENT"));
            // S10, working days: 15 min; 1 wd (Thu 26); 9 wd (27 Mar - 8 Apr) for para 5.3's issue of the result
            rows.add(new Row(Service.S10_PAYMENT, channel, "golden", a -> { }, CHAIN, "adoptionPaymentDecision",
                    due("2026-03-20T19:45", "2026-03-27T00:00", null, "2026-04-09T00:00", "2026-04-09T00:00"),
                    said(Service.S10_PAYMENT, accepted, completed)));
            rows.add(documentsRefused(Service.S10_PAYMENT, channel, accepted, "COURT_DECISION"));
        }
        // S11, the office only, working days: 15 min; 1 wd (Thu 26); 14 wd (27 Mar - 15 Apr) for para 5.3's issue
        rows.add(new Row(Service.S11_CAMP, Channel.ZHAO, "golden", a -> { }, CHAIN, "campReferral",
                due("2026-03-20T19:45", "2026-03-27T00:00", null, "2026-04-16T00:00", "2026-04-16T00:00"),
                said(Service.S11_CAMP, RECEIPT, RESULT_SIGNED)));
        // S11 names no refusal (campReferralsHaveNoRefusal)
        return rows.stream();
    }

    /** {@code service}'s row on {@code channel} whose document check fails: {@code missing} is not attached. */
    private static Row documentsRefused(Service service, Channel channel, String accepted, String missing) {
        return new Row(service, channel, "documents", without(missing), REFUSED_CHAIN.get(channel), "documentRefusal",
                Map.of(), said(service, accepted, DOCUMENTS_REFUSED));
    }

    /**
     * The texts a channel sees, in order: the acceptance, para 6.1 and 6.2 of the service, then the rest; the portal's
     * opening sentence and the result received are taken in the service's own spelling.
     */
    private static List<String> said(Service service, String accepted, String... then) {
        List<String> texts = new ArrayList<>(List.of(accepted.equals(PORTAL_ACCEPTED) ? service.portalAccepted : accepted,
                service.registered, service.inWork));
        for (String text : then) {
            texts.add(text.equals(RESULT_RECEIVED) ? service.received
                    : text.equals(RESULT_SIGNED) ? service.signed : text);
        }
        return texts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachServiceOnEachChannel(Row row) {
        Submitted s = SUBMITTED.get(row.toString());
        String[] result = row.result().split(" ");
        Element document = channelMock(s.channel()).awaitResult(s.correlationId(), result[0], WAIT)
                .orElseThrow(() -> new AssertionError("no " + result[0] + " for " + row));
        assertSignedByTheHead(document);
        List<String> steps = new ArrayList<>(INTAKE.get(row.channel()));
        steps.addAll(row.steps());
        assertSteps(s, steps, "COMPLETED");
        assertPlanned(s, withTheRefusal(row));
        for (String fact : java.util.Arrays.copyOfRange(result, 1, result.length)) {
            String[] kv = fact.split(":");
            if (kv[0].equals("act")) {
                assertActSignedByTheSpecialist(s, Boolean.parseBoolean(kv[1]));
            } else {
                assertThat(text(document, kv[0])).as(kv[0]).isEqualTo(kv[1]);
            }
        }
        assertToldInOrder(row, s, false);
        if (row.channel() == Channel.ZHAO && row.steps().contains("provider-action-3-examined")) {
            // the examination (8.3): S8, S10, S11 name it in their shifted para 6.2, after IN_WORK's para 5.2; the
            // others' para 6 has no item for it, so its text is the project's own (the portal: process 8)
            String examined = row.service().examined;
            assertThat(texts(s)).containsSubsequence(row.service().inWork,
                    examined != null ? examined : AlmatyFamilyRegulationsTest.EXAMINED_PROJECTS_OWN);
            if (examined != null) {
                assertThat(texts(s)).doesNotContain(AlmatyFamilyRegulationsTest.EXAMINED_PROJECTS_OWN);
            }
        }
        String term = row.due().get(StepPlans.SERVICE_TERM);
        if (term != null) {
            // the plan's end as the channels are told it: midnight after the last day, shown as 24:00 of that day
            // (S5: para 8.4's issue ends with Tuesday 31 March, after the Nauryz days)
            String told = endOfTerm(term);
            if (row.channel() == Channel.PORTAL) {
                // portal process 8 (S5 L1471-1472, S7 L1987-1988, S9 L2411-2412): the notice names the date, time and
                // place of the result; para 1 takes the application at the provider's office, so the place is the
                // provider (project's reading, session 29; S7 and S9 then name the address in their notice, para 3)
                assertThat(texts(s)).contains("Мемлекеттiк қызметтi көрсету нәтижесiн алатын күнi, уақыты мен орны: "
                        + told + ", «Алматы қаласы Бiлiм басқармасы» КММ");
            } else {
                // para 8.1 (S7 L1909-1917, S9 L2333-2341, S11 L2758-2766): the receipt names «құжаттар берiлетiн күнi
                // (уақыты) және орны», the plan's end and the provider's office (the place: project's own)
                assertThat(texts(s)).first().asString().contains("құжаттар берiлетiн күнi (уақыты) және орны: " + told
                        + ", «Алматы қаласы Бiлiм басқармасы» КММ кеңсесi");
            }
        }
        if (row.channel() == Channel.ZHAO) {
            // para 8.4 / 8.3: the office hands the paper result over and its system reports it
            handOver(row.service(), s);
            steps.add(HAND_OVER);
            assertSteps(s, steps, "ISSUED");
            assertToldInOrder(row, s, true);
            assertThat(texts(s)).first().asString().contains("OMAROVA AIZHAN")
                    .contains(row.service().attachments.size() - (row.path().equals("documents") ? 1 : 0) + " (");
        }
    }

    /**
     * The norms the catalogue publishes for each channel's steps are the text's: para 8.1 is one procedure of 15
     * minutes (the receipt, the journal, the application to the head), counted once, at provider-action-1 where it
     * ends; the office's receipt (office-action-1) has no term of its own, nor any step of the intake (the texts
     * give them none).
     */
    @ParameterizedTest(name = "{0} on {1}: the norms of its steps")
    @MethodSource("servicesOnTheirChannels")
    void stepsCarryTheNormsOfTheText(Service service, Channel channel) {
        Map<String, String> norms = new LinkedHashMap<>();
        PublishedNorms.of(gateway, service.serviceId, channel.name()).forEach((route, steps) -> {
            norms.putAll(steps);
            if (!route.endsWith("-progress")) {
                // the ЦОН's para 9, the portal block and the office's own checks give the intake no durations
                assertThat(steps).as("intake %s", route).allSatisfy((step, norm) -> assertThat(norm).as(step).isNull());
            }
        });
        assertThat(norms).containsEntry("provider-action-1", "15 minutes");
        assertThat(norms.entrySet().stream().filter(e -> "15 minutes".equals(e.getValue())).map(Map.Entry::getKey))
                .as("para 8.1's 15 minutes, once").containsExactly("provider-action-1");
        if (channel == Channel.ZHAO) {
            assertThat(norms).containsEntry("office-action-1", null);
        }
        String issue = ISSUE_IN_PARA_5_3.get(service);
        if (issue != null) {
            // para 5 has three procedures: the third, «нәтижесін беру», is the issue of the result and carries the
            // term; the gateway's examination and the signature run inside it
            assertThat(norms).containsEntry("provider-action-4", issue).containsEntry("provider-action-3-examined", null)
                    .containsEntry("provider-action-3", null);
        }
    }

    /**
     * Para 8 of S7-S11 has three procedures (notes §4.2): the issue, and the office's hand-over, are para 8.3's last
     * act, so no step of theirs may cite a para 8.4 (S5 has one: its responsible person issues the result in 8.4).
     */
    @ParameterizedTest(name = "{0} on {1}: the paragraphs its steps cite")
    @MethodSource("threeProcedureServicesOnTheirChannels")
    void stepsCiteTheParagraphsOfTheirOwnText(Service service, Channel channel) {
        PublishedNorms.descriptions(gateway, service.serviceId, channel.name()).forEach((route, steps) ->
                assertThat(steps).as(route).allSatisfy((step, description) -> assertThat(description).as(step)
                        .doesNotContainPattern("8\\.3-8\\.4|\\b8\\.4\\b")));
    }

    /** Para 5.3 of S8, S10 and S11: «мемлекеттiк қызмет көрсету нәтижесiн беру», N working days. */
    private static final Map<Service, String> ISSUE_IN_PARA_5_3 = Map.of(Service.S8_UPKEEP, "4 working-days",
            Service.S10_PAYMENT, "9 working-days", Service.S11_CAMP, "14 working-days");

    static Stream<org.junit.jupiter.params.provider.Arguments> threeProcedureServicesOnTheirChannels() {
        return servicesOnTheirChannels().filter(a -> a.get()[0] != Service.S5_MEALS);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> servicesOnTheirChannels() {
        return Stream.of(Service.values()).flatMap(service -> Stream.of(Channel.PORTAL, Channel.ZHAO)
                .filter(c -> service != Service.S11_CAMP || c == Channel.ZHAO)
                .map(c -> org.junit.jupiter.params.provider.Arguments.of(service, c)));
    }

    /** Condition 1 (process 2) and condition 2 (process 4) of the portal block, with the regulation's messages. */
    @ParameterizedTest(name = "{0}: portal conditions 1 and 2 refuse")
    @MethodSource("portalServices")
    void portalConditionsRefuseWithTheRegulationsMessages(Service service) {
        Element signed = gateway.signed(application(service, Channel.PORTAL), "citizen-aigerim");
        String messageId = "PORTAL-" + UUID.randomUUID();
        ChannelClient impostor = gateway.client("PORTAL", "wrong", "portal");
        assertRefusedNothingStored(gateway, impostor,
                AsyncMessages.sendMessage("REQUEST", messageId, null, service.serviceId, "PORTAL", "wrong", signed),
                "SCE003", "авторландырудан бас тарту");

        // signed by someone whose ЖСН is not the applicant's
        Element foreign = gateway.signed(application(service, Channel.PORTAL), "citizen-erlan");
        String second = "PORTAL-" + UUID.randomUUID();
        assertRefusedNothingStored(gateway, client(Channel.PORTAL),
                AsyncMessages.sendMessage("REQUEST", second, null, service.serviceId, "PORTAL", "portal-secret",
                        foreign), "SCE020", "ЭЦҚ түпнұсқалығының расталмауына байланысты");

        // condition 2's other checks: «ЭЦҚ тiркеу куәлiгiнiң мерзiмiн және керi қайтарып алынған (күшiн жойған) тiркеу
        // куәлiктерiнiң тiзiмiнде болмауын» (the certificate's term, not on the revoked list): the applicant's own
        for (String[] own : new String[][] {{"citizen-expired", "791205404405"}, {"citizen-revoked", "830421302206"}}) {
            Application application = application(service, Channel.PORTAL);
            application.getApplicant().setIin(own[1]);
            application.getApplicant().setBirthDate(date(kz.qaqpa.trust.IdentificationNumber.birthDate(own[1]).toString()));
            Element lapsed = gateway.signed(application, own[0]);
            String third = "PORTAL-" + UUID.randomUUID();
            assertRefusedNothingStored(gateway, client(Channel.PORTAL),
                    AsyncMessages.sendMessage("REQUEST", third, null, service.serviceId, "PORTAL", "portal-secret",
                            lapsed), "SCE015", "ЭЦҚ түпнұсқалығының расталмауына байланысты");
        }
    }

    static Stream<Service> portalServices() {
        return Stream.of(Service.values()).filter(s -> s != Service.S11_CAMP);
    }

    /**
     * Para 8.1 of S5, S7-S11 names no information system at the office: the office's own intake conditions are ours
     * (block almaty-2015-family-office). Condition 1 (office-action-1-authorised): an office system with a wrong
     * password is refused at office-action-1-refused (SENDER_NOT_AUTHORISED, the block's message), nothing stored. On
     * every part B service's office route (session 39's step coverage: never taken on S5, S8 and S10).
     */
    @ParameterizedTest(name = "{0}: the office system is not authorised")
    @org.junit.jupiter.params.provider.EnumSource(Service.class)
    void anOfficeSystemThatMayNotUseTheServiceIsRefused(Service service) {
        Element signed = gateway.signed(application(service, Channel.ZHAO), "employee-almaty-office");
        String messageId = "ALMATY_EDU-" + UUID.randomUUID();
        ChannelClient impostor = gateway.client("ALMATY_EDU", "wrong", "almaty-edu");
        assertRefusedNothingStored(gateway, impostor,
                AsyncMessages.sendMessage("REQUEST", messageId, null, service.serviceId, "ALMATY_EDU", "wrong", signed),
                "SCE003", "Көрсетiлетiн қызметтi берушi кеңсесiнiң жүйесiн авторландырудан бас тарту");
    }

    /**
     * Condition 2 at the office (office-action-1-signed, ours as above): the office employee's EDS on the application.
     * Signed by someone who is not the employee the application names (a citizen), by another organisation's employee
     * named as the operator (the Astana Education Department's ISMAILOVA ZHANAR: only her БИН differs), or with the
     * office employee's revoked certificate: office-action-1-unsigned with the block's message (SCE020, SCE020,
     * SCE015), nothing stored. On every part B service's office route (session 39: never taken on S5, S7-S11).
     */
    @ParameterizedTest(name = "{0} at the office: {1}")
    @MethodSource("officeSignatures")
    void anOfficeEmployeesSignatureNotConfirmedIsRefused(Service service, String signer, String code) {
        Application application = application(service, Channel.ZHAO);
        kz.qaqpa.trust.KeyMaterial key = switch (signer) {
            case "a citizen" -> gateway.pki().key("citizen-aigerim");
            case "another organisation's employee" -> gateway.pki().key("employee-zhao");
            default -> gateway.pki().issueRevoked("employee-almaty-office");
        };
        if (signer.equals("another organisation's employee")) {
            application.setOperatorIin("750618409005");  // her own ЖСН: only her organisation differs
        }
        Element signed = ChannelClient.sign(application, key);
        String messageId = "ALMATY_EDU-" + UUID.randomUUID();
        assertRefusedNothingStored(gateway, client(Channel.ZHAO),
                AsyncMessages.sendMessage("REQUEST", messageId, null, service.serviceId, "ALMATY_EDU",
                        "almaty-edu-secret", signed),
                code, "Көрсетiлетiн қызметтi берушi қызметкерiнiң ЭЦҚ расталмады");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> officeSignatures() {
        return Stream.of(Service.values()).flatMap(service -> Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(service, "a citizen", "SCE020"),
                org.junit.jupiter.params.provider.Arguments.of(service, "another organisation's employee", "SCE020"),
                org.junit.jupiter.params.provider.Arguments.of(service, "a revoked certificate", "SCE015")));
    }

    /**
     * The portal's condition 2 compares «сұрау салуда көрсетiлген ЖСН/БСН және ЭЦҚ тiркеу куәлiгiнде көрсетiлген
     * ЖСН/БСН» (S5 para 9, the same block in S7-S10). Part B's services are a person's (a pupil's parent, a carer,
     * adopters): the form has no БСН, so a certificate that carries one (QAZAQ DEREK's, its director SAPAROVA ALIYA,
     * her own ЖСН in the request) does not match the request: process 4's refusal (SCE020), nothing stored. That the
     * organisation's certificate cannot stand for its holder as a person is our reading (docs/security.md, SignerRole),
     * the same as S1-S4 and S6's (AlmatyFamilyRegulationsTest#anOrganisationsRequestOnThePortalCarriesItsOwnBin).
     */
    @ParameterizedTest(name = "{0}: a person's request signed with an organisation's certificate")
    @MethodSource("portalServices")
    void aPersonsRequestSignedWithAnOrganisationsCertificateIsRefused(Service service) {
        Application application = application(service, Channel.PORTAL);
        application.getApplicant().setIin("910203404568");
        application.getApplicant().setName(name("SAPAROVA", "ALIYA"));
        application.getApplicant().setBirthDate(date("1991-02-03"));
        Element signed = gateway.signed(application, "entity-employee");
        String messageId = "PORTAL-" + UUID.randomUUID();
        assertRefusedNothingStored(gateway, client(Channel.PORTAL),
                AsyncMessages.sendMessage("REQUEST", messageId, null, service.serviceId, "PORTAL", "portal-secret",
                        signed), "SCE020", "ЭЦҚ түпнұсқалығының расталмауына байланысты");
    }

    /**
     * The provider judges a person's age by the form's birth date (S5 a pupil, S8 and S10 children in care, S11 a child
     * sent to camp; the applicant and S9's spouse, prospective carers and adopters): a date the person's ИИН contradicts
     * is refused at the form (SCE001, the project's own check, as in the family services), nothing stored; the child
     * (AMINA, 180412601230, given as born in 2016) on each channel of each service that names one, the applicant
     * (AIGERIM, 850315401201, given as born in 1986) on each channel of each service, S9's spouse (BOLAT, 881122303409,
     * given as born in 1989) on both of its channels.
     */
    @ParameterizedTest(name = "{0} on {1}: a birth date the {2}'s ИИН contradicts is refused")
    @MethodSource("personsWithBirthDates")
    void aBirthDateTheIinContradictsIsRefused(Service service, Channel channel, String person) {
        Application application = application(service, channel);
        String[] expected = switch (person) {
            case "child" -> {
                application.getChild().get(0).setBirthDate(date("2016-04-12"));
                yield new String[] {"2016-04-12", "180412601230", "2018-04-12"};
            }
            case "applicant" -> {
                application.getApplicant().setBirthDate(date("1986-03-15"));
                yield new String[] {"1986-03-15", "850315401201", "1985-03-15"};
            }
            default -> {
                Person spouse = new Person();
                spouse.setIin("881122303409");
                spouse.setName(name("ZHAKSYLYKOV", "BOLAT"));
                spouse.setBirthDate(date("1989-11-22"));
                application.getAdopter().setSpouse(spouse);
                yield new String[] {"1989-11-22", "881122303409", "1988-11-22"};
            }
        };
        refusedAtTheForm(service, channel, application, expected);
    }

    /**
     * S5 and S10 are one child's (session 31): S10's title, para 3 and 8.3 name «баланы» in the singular where this
     * resolution writes «баланы (балаларды)» for several (S6, S8); S5's result is one certificate for the pupil whose
     * school and class the application names (our reading). Session 32 (console18): S11 too, its result one referral
     * (para 3), its title's «балалардың» the category it serves, as S5's (our reading; at its office, its only channel).
     * An application naming a second child (TIMUR, a valid ИИН with his birth date) would get one result for the first:
     * refused at the form, SCE001 quoting para 3, nothing stored, on each channel.
     */
    @ParameterizedTest(name = "{0} on {1}: an application for two children is refused")
    @MethodSource("oneChildServicesOnTheirChannels")
    void anApplicationForTwoChildrenIsRefusedWhereTheResultIsOneChilds(Service service, Channel channel) {
        Application application = application(service, channel);
        application.getChild().add(person("200506504503", "NURLANOV", "TIMUR", "2020-05-06"));
        refusedAtTheForm(service, channel, application, "para 3", "one application for each");
    }

    /** The application, signed and sent on the channel, is refused at the form (SCE001 naming it), nothing stored. */
    private static void refusedAtTheForm(Service service, Channel channel, Application application, String... expected) {
        boolean office = channel == Channel.ZHAO;
        Element signed = gateway.signed(application, office ? "employee-almaty-office" : "citizen-aigerim");
        String sender = office ? "ALMATY_EDU" : "PORTAL";
        String messageId = sender + "-" + UUID.randomUUID();
        assertRefusedNothingStored(gateway, client(channel),
                AsyncMessages.sendMessage("REQUEST", messageId, null, service.serviceId, sender,
                        office ? "almaty-edu-secret" : "portal-secret", signed), "SCE001",
                text -> assertThat(text).contains(expected));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> oneChildServicesOnTheirChannels() {
        return servicesOnTheirChannels()
                .filter(a -> a.get()[0] == Service.S5_MEALS || a.get()[0] == Service.S10_PAYMENT
                        || a.get()[0] == Service.S11_CAMP);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> personsWithBirthDates() {
        Stream<org.junit.jupiter.params.provider.Arguments> children = servicesOnTheirChannels()
                .filter(a -> ((Service) a.get()[0]).hasChild).map(a -> withPerson(a, "child"));
        Stream<org.junit.jupiter.params.provider.Arguments> applicants = servicesOnTheirChannels()
                .map(a -> withPerson(a, "applicant"));
        Stream<org.junit.jupiter.params.provider.Arguments> spouses = servicesOnTheirChannels()
                .filter(a -> a.get()[0] == Service.S9_ADOPTERS).map(a -> withPerson(a, "spouse"));
        return Stream.of(children, applicants, spouses).flatMap(s -> s);
    }

    private static org.junit.jupiter.params.provider.Arguments withPerson(org.junit.jupiter.params.provider.Arguments a,
                                                                          String person) {
        return org.junit.jupiter.params.provider.Arguments.of(a.get()[0], a.get()[1], person);
    }

    /**
     * S11 has no portal (para 1): the regulation has no portal branch, and the portal's system is not granted S11
     * (qaqpa.sender.PORTAL.services), so it is refused as a sender who may not call the service (SCE008) before the
     * missing branch (SCE033) could speak (order16: who may send comes first; a sender let in meets SCE033,
     * WhoMaySendTest).
     */
    @org.junit.jupiter.api.Test
    void campReferralsAreNotOnThePortal() {
        Element signed = gateway.signed(application(Service.S11_CAMP, Channel.PORTAL), "citizen-aigerim");
        assertThatThrownBy(() -> client(Channel.PORTAL).send(AsyncMessages.sendMessage("REQUEST",
                "PORTAL-" + UUID.randomUUID(), null, Service.S11_CAMP.serviceId, "PORTAL", "portal-secret", signed)))
                .isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE008");
                    assertThat(f.error().getErrorMessage())
                            .contains("sender 'PORTAL' may not call service '" + Service.S11_CAMP.serviceId + "'");
                });
    }

    /**
     * S11's text names no refusal (L2677-2801: no portal, no ЦОН, para 3 only the referral): with the office stopped, a
     * refusal for the documents signed by the head is not a result of this service; started again, the office issues
     * the referral.
     */
    @org.junit.jupiter.api.Test
    void campReferralsHaveNoRefusal() {
        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        Submitted s;
        try {
            s = submit(new Row(Service.S11_CAMP, Channel.ZHAO, "no refusal", a -> { }, CHAIN, "campReferral",
                    Map.of(), List.of()));
            var refusal = new kz.qaqpa.document.childwelfare.DocumentRefusal();
            refusal.setHeader(header(s, HEAD_IIN));
            refusal.getViolation().add("INCOME_CERTIFICATE: Стандарттың 9-тармағында көрсетілген құжат жоқ");
            assertThatThrownBy(() -> provider(Service.S11_CAMP, s, "RESPONSE", gateway.signed(refusal,
                    "employee-almaty-head"))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                        assertThat(f.code()).isEqualTo("SCE001");
                        assertThat(f.error().getErrorMessage()).contains("<documentRefusal> is not a result of this service");
                    });
        } finally {
            provider.start();
        }
        assertThat(channelMock(Channel.ZHAO).awaitResult(s.correlationId(), "campReferral", WAIT)).isPresent();
        List<String> steps = new ArrayList<>(INTAKE.get(Channel.ZHAO));
        steps.addAll(CHAIN);
        assertSteps(s, steps, "COMPLETED");
    }

    /**
     * Examiner's cases (session 29) from the texts of the services whose para 3 gives one positive result and cites
     * no refusal ground (S5 L1339-1341, notes §5 item 22; S8 L2066-2068; S10 L2497-2499): para 1 names the office and
     * the portal only, so the ЦОН's system may not call the service (SCE008, the sender registry, nothing stored); the
     * head's reasoned refusal is not a result of the service (only the documentRefusal of portal condition 3 / the
     * check of para 8.3 is); para 8.3 has the head sign («басшысына қол қойғызады»; S5 also 6.3), so a refusal signed
     * by the specialist who prepared it is refused. Started again, the office issues the head's result.
     */
    @ParameterizedTest(name = "{0}: the examiner's cases")
    @MethodSource("singleResultServices")
    void singleResultServicesExaminersCases(Service service, String result) {
        Element fromTheCentre = gateway.signed(application(service, Channel.PORTAL), "citizen-aigerim");
        String centreMessage = "CON-" + UUID.randomUUID();
        assertThatThrownBy(() -> gateway.client("CON", "con-secret", "con").send(AsyncMessages.sendMessage("REQUEST",
                centreMessage, null, service.serviceId, "CON", "con-secret", fromTheCentre)))
                .isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE008");
                    assertThat(f.error().getErrorMessage())
                            .contains("sender 'CON' may not call service '" + service.serviceId + "'");
                });
        assertThat(gateway.assembly().applications().byMessage("CON", centreMessage)).isEmpty();

        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        Submitted s;
        try {
            s = submit(new Row(service, Channel.ZHAO, "examiner", a -> { }, CHAIN, result, Map.of(), List.of()));
            var reasoned = new kz.qaqpa.document.childwelfare.ReasonedRefusal();
            reasoned.setHeader(header(s, HEAD_IIN));
            reasoned.getReason().add("Стандарттың 10-тармағы");
            assertThatThrownBy(() -> provider(service, s, "RESPONSE", gateway.signed(reasoned,
                    "employee-almaty-head"))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                        assertThat(f.code()).isEqualTo("SCE001");
                        assertThat(f.error().getErrorMessage())
                                .contains("<reasonedRefusal> is not a result of this service");
                    });
            var bySpecialist = new kz.qaqpa.document.childwelfare.DocumentRefusal();
            bySpecialist.setHeader(header(s, SPECIALIST_IIN));
            // the refusal names the application's child, as the head's would: the signer is all that is wrong with it
            bySpecialist.getHeader().setChildIin("180412601230");
            bySpecialist.getViolation().add("IDENTITY_DOCUMENT: Стандарттың 9-тармағында көрсетілген құжат жоқ");
            assertThatThrownBy(() -> provider(service, s, "RESPONSE", gateway.signed(bySpecialist,
                    "employee-almaty-specialist"))).isInstanceOfSatisfying(RemoteFault.class,
                    f -> {
                        assertThat(f.code()).isEqualTo("SCE020");
                        assertThat(f.error().getErrorMessage())
                                .contains("the regulation names who signs the result of " + service.serviceId,
                                        "(ИИН " + SPECIALIST_IIN + ") is not that person");
                    });
        } finally {
            provider.start();
        }
        assertSignedByTheHead(channelMock(Channel.ZHAO).awaitResult(s.correlationId(), result, WAIT).orElseThrow());
        List<String> steps = new ArrayList<>(INTAKE.get(Channel.ZHAO));
        steps.addAll(CHAIN);
        assertSteps(s, steps, "COMPLETED");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> singleResultServices() {
        return Stream.of(org.junit.jupiter.params.provider.Arguments.of(Service.S5_MEALS, "mealsCertificate"),
                org.junit.jupiter.params.provider.Arguments.of(Service.S8_UPKEEP, "upkeepDecision"),
                org.junit.jupiter.params.provider.Arguments.of(Service.S10_PAYMENT, "adoptionPaymentDecision"));
    }

    /**
     * S9 para 8.3 (L2352-2355): the specialist prepares the conclusion «тексерiп-қарау актісінің негізінде» (on the
     * basis of the act of inspection). With the office stopped, after an act that found the conditions unsuitable, the
     * head's conclusion that the applicant may be a candidate is refused (SCE020) and the application waits; the
     * negative conclusion is delivered (our reading: a positive conclusion needs a suitable act).
     */
    @org.junit.jupiter.api.Test
    void theAdoptersConclusionRestsOnTheAct() {
        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        Submitted s;
        try {
            s = submit(new Row(Service.S9_ADOPTERS, Channel.ZHAO, "act basis", a -> { }, VISITED_CHAIN,
                    "adopterConclusion", Map.of(), List.of()));
            registerAsTheOffice(Service.S9_ADOPTERS, s);
            sendAct(Service.S9_ADOPTERS, s, ActKind.INSPECTION, false);
            var positive = conclusion(s, true);
            assertThatThrownBy(() -> provider(Service.S9_ADOPTERS, s, "RESPONSE", gateway.signed(positive,
                    "employee-almaty-head"))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                        assertThat(f.code()).isEqualTo("SCE020");
                        assertThat(f.error().getErrorMessage()).contains("not on the basis of the housingConditionsAct");
                    });
            assertThat(gateway.assembly().applications().byMessage("ALMATY_EDU", s.messageId()).orElseThrow()
                    .statusCode()).isNotEqualTo("COMPLETED");
            provider(Service.S9_ADOPTERS, s, "RESPONSE", gateway.signed(conclusion(s, false), "employee-almaty-head"));
        } finally {
            provider.start();
        }
        Element delivered = channelMock(Channel.ZHAO).awaitResult(s.correlationId(), "adopterConclusion", WAIT)
                .orElseThrow();
        assertThat(text(delivered, "possible")).isEqualTo("false");
    }

    private static kz.qaqpa.document.childwelfare.AdopterConclusion conclusion(Submitted s, boolean possible) {
        var conclusion = new kz.qaqpa.document.childwelfare.AdopterConclusion();
        conclusion.setHeader(header(s, HEAD_IIN));
        conclusion.setConclusionNumber("ҚР-2026-0001");
        Person candidate = new Person();
        candidate.setIin("850315401201");
        candidate.setName(name("NURLANOVA", "AIGERIM"));
        candidate.setBirthDate(date("1985-03-15"));
        conclusion.getCandidate().add(candidate);
        conclusion.setPossible(possible);
        if (!possible) {
            conclusion.getReason().add("тұрғын үй-тұрмыстық жағдайлары сәйкес емес");
        }
        return conclusion;
    }

    /**
     * The home visit comes first (para 8.3): with the office stopped, a contract notice without the act is refused
     * (SCE032), and so is an act not signed by an employee of the provider (SCE020); started again, the office takes
     * the same application through its visit to the notice as if nothing had been sent.
     */
    @org.junit.jupiter.api.Test
    void theResultNeedsTheHomeVisitsActSignedByTheProvider() {
        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        Row row = new Row(Service.S7_PATRONAGE, Channel.PORTAL, "act first", a -> { }, VISITED_CHAIN,
                "contractNotice", Map.of(), List.of());
        Submitted s;
        try {
            s = submit(row);
            var notice = new kz.qaqpa.document.childwelfare.ContractNotice();
            notice.setHeader(header(s, HEAD_IIN));
            notice.setAddress("Almaty, Zhandosov st. 6");
            notice.setComeOn(DATES.newXMLGregorianCalendar(ACCEPTED_AT));
            notice.setActConclusion(true);
            assertThatThrownBy(() -> provider(Service.S7_PATRONAGE, s, "RESPONSE", gateway.signed(notice,
                    "employee-almaty-head"))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                        assertThat(f.code()).isEqualTo("SCE032");
                        assertThat(f.error().getErrorMessage()).contains("housingConditionsAct");
                    });
            var act = new kz.qaqpa.document.childwelfare.HousingConditionsAct();
            act.setHeader(header(s, "850315401201"));
            act.setKind(kz.qaqpa.document.childwelfare.ActKind.STUDY);
            act.setVisitedOn(date("2026-03-20"));
            act.setAddress("Almaty, Bostandyk district, Timiryazev st. 42, apt. 17");
            act.setSpecialist(name("NURLANOVA", "AIGERIM"));
            act.getFindings().add("self-made");
            act.setConditionsSuitable(true);
            assertThatThrownBy(() -> provider(Service.S7_PATRONAGE, s, "NOTIFICATION", gateway.signed(act,
                    "citizen-aigerim"))).isInstanceOfSatisfying(RemoteFault.class,
                    f -> {
                        assertThat(f.code()).isEqualTo("SCE020");
                        assertThat(f.error().getErrorMessage())
                                .contains("is an individual's",
                                        "an organisation's employee signs with the certificate the НУЦ issued him");
                    });
            assertThat(gateway.assembly().applicationDocuments().latest(s.correlationId(), "housingConditionsAct"))
                    .isEmpty();
        } finally {
            provider.start();
        }
        Element notice = channelMock(Channel.PORTAL).awaitResult(s.correlationId(), "contractNotice", WAIT).orElseThrow();
        // the office's rule (mocks/README.md, S7): come to the department at 10:00 on the day after the notice
        var contractNotice = ShepXml.fromNode(notice, kz.qaqpa.document.childwelfare.ContractNotice.class);
        var issued = contractNotice.getHeader().getIssuedAt().toGregorianCalendar().toZonedDateTime();
        assertThat(contractNotice.getComeOn().toGregorianCalendar().toZonedDateTime())
                .isEqualTo(issued.toLocalDate().plusDays(1).atTime(10, 0).atZone(issued.getZone()));
        List<String> steps = new ArrayList<>(INTAKE.get(Channel.PORTAL));
        steps.addAll(VISITED_CHAIN);
        assertSteps(s, steps, "COMPLETED");
        assertActSignedByTheSpecialist(s, true);
    }

    /**
     * The home-visit act is the provider's and is kept once: six acts signed by the specialist, sent at once after the
     * registration, keep one (the others SCE032); the same act sent by the portal is SCE008.
     */
    @org.junit.jupiter.api.Test
    void theHomeVisitsActIsTheProvidersAndKeptOnceWhenSentAtOnce() throws Exception {
        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        try {
            for (int round = 0; round < 2; round++) {
                Submitted s = submit(new Row(Service.S7_PATRONAGE, Channel.PORTAL, "acts at once " + round, a -> { },
                        VISITED_CHAIN, "contractNotice", Map.of(), List.of()));
                StatusNotification registered = new StatusNotification();
                registered.setCorrelationId(s.correlationId());
                registered.setStatus("REGISTERED");
                registered.setRegistrationNumber("АББ-2026-999999");
                registered.setChangedAt(DATES.newXMLGregorianCalendar(ACCEPTED_AT));
                provider(Service.S7_PATRONAGE, s, "NOTIFICATION", ShepXml.toElement(registered));
                var act = new kz.qaqpa.document.childwelfare.HousingConditionsAct();
                var specialist = gateway.pki().key("employee-almaty-specialist");
                act.setHeader(header(s, SubjectIdentity.of(specialist.certificate()).iin()));
                act.setKind(kz.qaqpa.document.childwelfare.ActKind.STUDY);
                act.setVisitedOn(date("2026-03-20"));
                act.setAddress("Almaty, Bostandyk district, Timiryazev st. 42, apt. 17");
                act.setSpecialist(name("NURLANOVA", "AIGERIM"));
                act.getFindings().add("self-made");
                act.setConditionsSuitable(true);
                Element signedAct = ChannelClient.sign(act, specialist);

                assertThatThrownBy(() -> client(Channel.PORTAL).send(AsyncMessages.sendMessage("UPDATE",
                        UUID.randomUUID().toString(), s.correlationId(), Service.S7_PATRONAGE.serviceId, "PORTAL",
                        "portal-secret", signedAct))).isInstanceOfSatisfying(RemoteFault.class,
                        f -> {
                            assertThat(f.code()).isEqualTo("SCE008");
                            assertThat(f.error().getErrorMessage())
                                    .contains("the housingConditionsAct about application '" + s.correlationId()
                                            + "' may be reported only by its provider");
                        });
                List<org.w3c.dom.Document> acts = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    acts.add(RawSoap.signed(AsyncMessages.sendMessage("NOTIFICATION", UUID.randomUUID().toString(),
                            s.correlationId(), Service.S7_PATRONAGE.serviceId, "ALMATY_EDU", "almaty-edu-secret",
                            signedAct), gateway.pki().key("almaty-edu")));
                }
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                List<Integer> answers = AtOnce.run(6, () -> RawSoap.post(gateway.asyncUrl(),
                        acts.get(next.getAndIncrement()))).stream().map(RawSoap.Response::status).toList();
                assertThat(answers).as("round " + round).containsOnlyOnce(200);
                assertThat(gateway.assembly().applicationDocuments().of(s.correlationId()))
                        .filteredOn(d -> d.kind().equals("housingConditionsAct")).as("round " + round).hasSize(1);
            }
        } finally {
            provider.start();
        }
    }

    /**
     * Examiner's cases (session 30) from the texts of S7 (L1816-2030), S9 (L2241-2459) and S11 (L2677-2801). Para 1
     * names the provider's office and the portal (S11 the office only), no State Corporation: the ЦОН's system may not
     * call them (SCE008, nothing stored). Para 3 gives each channel its own result (S7: «шарт» at the provider, «шарт
     * жасау туралы хабарлама» on the portal; S9: «қорытынды» at the provider, «қорытындының дайындығы туралы
     * хабарлама» on the portal; S11: «жолдама»): the other channel's is not a result of the application (SCE001), nor
     * is a reasoned refusal where para 3 cites no para 10 of the Standard (S9, S11). Para 8.3 has the head sign
     * («басшысына қол қойғызады»): the result signed by the executor (the specialist, S11 the responsible person,
     * here the specialist's key) is refused (SCE020). Started again, the office takes the application to its result.
     */
    @ParameterizedTest(name = "{0} on {1}: the examiner's cases")
    @MethodSource("examinedServicesOnTheirChannels")
    void examinersCasesOfThePatronageAdoptersAndCampServices(Service service, Channel channel) {
        // the application as the channel's own (a ЦОН form naming PORTAL for S11 would be SCE033, the channel first)
        Element fromTheCentre = gateway.signed(application(service, channel), "citizen-aigerim");
        String centreMessage = "CON-" + UUID.randomUUID();
        assertThatThrownBy(() -> gateway.client("CON", "con-secret", "con").send(AsyncMessages.sendMessage("REQUEST",
                centreMessage, null, service.serviceId, "CON", "con-secret", fromTheCentre)))
                .isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE008");
                    assertThat(f.error().getErrorMessage())
                            .contains("sender 'CON' may not call service '" + service.serviceId + "'");
                });
        assertThat(gateway.assembly().applications().byMessage("CON", centreMessage)).isEmpty();

        String own = ownResult(service, channel);
        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        Submitted s;
        try {
            s = submit(new Row(service, channel, "examiner 30", a -> { }, CHAIN, own, Map.of(), List.of()));
            for (String other : notResultsOf(service, channel)) {
                assertThatThrownBy(() -> provider(service, s, "RESPONSE", gateway.signed(result(other, s, HEAD_IIN),
                        "employee-almaty-head"))).as(other).isInstanceOfSatisfying(RemoteFault.class,
                        f -> {
                            assertThat(f.code()).isEqualTo("SCE001");
                            assertThat(f.error().getErrorMessage()).contains("<" + other + "> is not a result of this service");
                        });
            }
            assertThatThrownBy(() -> provider(service, s, "RESPONSE", gateway.signed(result(own, s, SPECIALIST_IIN),
                    "employee-almaty-specialist"))).isInstanceOfSatisfying(RemoteFault.class,
                    f -> {
                        assertThat(f.code()).isEqualTo("SCE020");
                        assertThat(f.error().getErrorMessage())
                                .contains("the regulation names who signs the result of " + service.serviceId,
                                        "(ИИН " + SPECIALIST_IIN + ") is not that person");
                    });
            assertThat(gateway.assembly().applications().byMessage(channel == Channel.ZHAO ? "ALMATY_EDU" : "PORTAL",
                    s.messageId()).orElseThrow().statusCode()).isNotEqualTo("COMPLETED");
        } finally {
            provider.start();
        }
        assertSignedByTheHead(channelMock(channel).awaitResult(s.correlationId(), own, WAIT).orElseThrow());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> examinedServicesOnTheirChannels() {
        return servicesOnTheirChannels().filter(a -> List.of(Service.S7_PATRONAGE, Service.S9_ADOPTERS,
                Service.S11_CAMP).contains(a.get()[0]));
    }

    /** Para 3: the result each channel gives (S7 and S9: a notice on the portal, the paper result at the office). */
    private static String ownResult(Service service, Channel channel) {
        boolean portal = channel == Channel.PORTAL;
        return switch (service) {
            case S7_PATRONAGE -> portal ? "contractNotice" : "patronageContract";
            case S9_ADOPTERS -> portal ? "conclusionReadyNotice" : "adopterConclusion";
            case S5_MEALS -> "mealsCertificate";
            case S8_UPKEEP -> "upkeepDecision";
            case S10_PAYMENT -> "adoptionPaymentDecision";
            default -> "campReferral";
        };
    }

    /** Para 3: the other channel's result, and the reasoned refusal where the text cites no para 10 of the Standard. */
    private static List<String> notResultsOf(Service service, Channel channel) {
        boolean portal = channel == Channel.PORTAL;
        return switch (service) {
            case S7_PATRONAGE -> List.of(portal ? "patronageContract" : "contractNotice");
            case S9_ADOPTERS -> List.of(portal ? "adopterConclusion" : "conclusionReadyNotice", "reasonedRefusal");
            default -> List.of("reasonedRefusal");
        };
    }

    /**
     * S7 para 8.3 (L1924-1928): the specialist draws up «Стандарттың 2-қосымшасына сәйкес нысан бойынша ... тұрғын
     * үй-тұрмыстық жағдайын зерделеу актiсi» (the act of STUDY, Std App. 2); S9 para 8.3 (L2348-2353): «Стандарттың
     * 3-қосымшасына сәйкес нысан бойынша ... тұрғын үй-тұрмыстық жағдайларын тексерiп-қарау актісі» (the act of
     * INSPECTION, Std App. 3). With the office stopped, the specialist's act on the other service's form is refused
     * (SCE001), nothing kept and the channel not told; the act on the service's own form is kept, and the result follows.
     */
    @ParameterizedTest(name = "{0}: the act is on the form of its own service")
    @MethodSource("visitingServices")
    void theHomeVisitsActIsOnTheFormOfItsOwnService(Service service) {
        ActKind own = service == Service.S7_PATRONAGE ? ActKind.STUDY : ActKind.INSPECTION;
        ActKind other = own == ActKind.STUDY ? ActKind.INSPECTION : ActKind.STUDY;
        Submitted s = officeCase(service, "act form", VISITED_CHAIN, sent -> {
            assertThatThrownBy(() -> sendAct(service, sent, other, true)).isInstanceOfSatisfying(RemoteFault.class, f -> {
                assertThat(f.code()).isEqualTo("SCE001");
                assertThat(f.error().getErrorMessage()).contains("d:kind");
            });
            assertThat(gateway.assembly().applicationDocuments().latest(sent.correlationId(), "housingConditionsAct"))
                    .isEmpty();
            sendAct(service, sent, own, true);
        });
        assertThat(text(SecureXml.parse(gateway.assembly().applicationDocuments().latest(s.correlationId(),
                "housingConditionsAct").orElseThrow().document().getBytes(StandardCharsets.UTF_8)).getDocumentElement(),
                "kind")).isEqualTo(own.value());
    }

    /**
     * Audit, session 33 (seedaudit20): S7 and S9 para 8.3 have the specialist visit and draw up the act after the
     * application reached him (para 4: its receipt «...рәсiмдi (iс-қимылды) бастауға негiз болып табылады»), and
     * before the result; ours, as for results: not dated after it reaches the gateway. With the office stopped, the act
     * dated the day before the application was accepted, or a day ahead of the gateway's (fixed) clock, is refused
     * (SCE001; before, kept and told), nothing kept; the act dated on the day is kept.
     */
    @ParameterizedTest(name = "{0}: the act is dated while the application is open")
    @MethodSource("visitingServices")
    void theHomeVisitsActIsDatedWhileTheApplicationIsOpen(Service service) {
        ActKind own = service == Service.S7_PATRONAGE ? ActKind.STUDY : ActKind.INSPECTION;
        officeCase(service, "act dated", VISITED_CHAIN, sent -> {
            for (String[] wrong : new String[][] {{"2026-03-19T12:00:00+05:00", "before the application was accepted"},
                    {"2026-03-21T19:30:00+05:00", "after it reached the gateway"}}) {
                assertThatThrownBy(() -> sendAct(service, sent, own, true, wrong[0])).isInstanceOfSatisfying(
                        RemoteFault.class, f -> {
                            assertThat(f.code()).isEqualTo("SCE001");
                            assertThat(f.error().getErrorMessage()).contains("housingConditionsAct", wrong[1]);
                        });
            }
            assertThat(gateway.assembly().applicationDocuments().latest(sent.correlationId(), "housingConditionsAct"))
                    .isEmpty();
            sendAct(service, sent, own, true);
        });
    }

    /**
     * Audit, session 42 (seeds42b): paras 5 and 8 give each procedure its term in the service's own unit: the office's
     * registration and receipt (8.1) 15 minutes, the head's resolution (8.2) 1 working day (S5, S8, S10, S11) or 1 calendar day (S7, S9); the executor's work (8.3) 3 working
     * days (S5), 28 (S7) and 13 (S9) calendar days, and where para 5.3 makes it the issue («нәтижесiн беру») 4 (S8), 9
     * (S10) and 14 (S11) working days to the issue. Accepted on Friday 20 March 2026 at 19:30, the eve of Nauryz: the
     * working days skip 21-25 March, the calendar days count them. With the office stopped and the test reporting as it,
     * on every channel para 1 names, a procedure not done by the end of its term is told to the channel once (OVERDUE;
     * the regulation prints no such status, so the text is the gateway's own naming the step), and not a minute before;
     * the head's result then closes the application (S7, S9 after the act).
     *
     * <p>terms44: and the service term's own row. The text gives the whole service no term apart from its procedures
     * (para 5's «рәсiмнiң ұзақтығы»; the Standard's term is not part of seed 004), so the service's term ends with the
     * last procedure that has one (ours, the golden row's {@code service-term}), in that procedure's unit across
     * Nauryz; it runs out once, with that procedure, not a minute before.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRows")
    void aProcedureNotDoneInItsTermIsToldOverdueOnce(Row row) {
        Service service = row.service();
        withTheOfficeStopped(row, "overdue", s -> {
            toldOverdueOnceAtItsEnd(s, "provider-action-1", row.due().get("provider-action-1"));
            registerAsTheOffice(service, s);
            awaitEnded(s, "provider-action-1");
            toldOverdueOnceAtItsEnd(s, "provider-action-2", row.due().get("provider-action-2"));
            reportAsTheOffice(service, s, "IN_WORK");
            awaitEnded(s, "provider-action-2");
            // S8, S10, S11: the examination has no term of its own, para 5.3's days are the issue's
            String executor = row.due().get("provider-action-3-examined") != null ? "provider-action-3-examined"
                    : "provider-action-4";
            // terms44: from the executor on, each row with a term runs out at its end, the service term's own row with
            // the last (rows ending at one moment together)
            Map<String, List<String>> byEnd = new LinkedHashMap<>();
            boolean reached = false;
            for (Map.Entry<String, String> due : row.due().entrySet()) {
                reached |= due.getKey().equals(executor);
                if (reached && due.getValue() != null) {
                    byEnd.computeIfAbsent(due.getValue(), end -> new ArrayList<>()).add(due.getKey());
                }
            }
            byEnd.forEach((end, steps) -> toldOverdueOnceAtItsEnd(s, end, steps));
            if (row.steps().contains(ACT)) {
                sendAct(service, s, service == Service.S7_PATRONAGE ? ActKind.STUDY : ActKind.INSPECTION, true);
            }
            String result = ownResult(service, row.channel());
            provider(service, s, "RESPONSE", gateway.signed(result(result, s, HEAD_IIN), "employee-almaty-head"));
            assertSignedByTheHead(channelMock(row.channel()).awaitResult(s.correlationId(), result, WAIT).orElseThrow());
        });
    }

    /**
     * reg57b, an examiner's cases from kz-calendar.md for the other holidays (session 42 took Nauryz 2026, reg49 the
     * May holidays for S1-S6): S5's resolution «1 жұмыс күнi», its check «3 жұмыс күнi» and issue «1 жұмыс күнi»; S8's
     * 4, S10's 9 and S11's 14 working days of para 5.3 to the issue, each after the office's 15 minutes and the head's
     * working day; an application made on a Friday at 10:00, the dates by hand. Women's Day (Sun 8 March 2026) taken
     * on Mon 9 March; Capital Day (Mon 6 July); 30 August no holiday in 2026 (Mon 31 August worked); Republic Day (Sun 25
     * October) taken on Mon 26 October; 1 December no holiday since 2022 and 16 December the only Independence Day
     * (17 December worked); Nauryz 2027 (Sun 21 March taken on Wed 24 March, after Mon 22 and Tue 23); regs60: 2027's
     * Mon 8 March, Constitution Day (Mon 15 March, from 2027) and May (Sat 1 May taken on Mon 3, Fri 7, Sun 9 taken on
     * Mon 10). Each procedure
     * is told overdue once at its end and not a minute before, as {@link #aProcedureNotDoneInItsTermIsToldOverdueOnce}
     * runs them out; then the head's result closes the application.
     */
    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("overTheOtherHolidays")
    void aProcedureOverEachOtherHolidayEndsWhereTheCalendarSays(Row row, String accepted, String label) {
        awaitTheRowsSubmittedAtTheStart();
        gateway.assembly().clock().set(java.time.OffsetDateTime.parse(accepted).toInstant());
        try {
            aProcedureNotDoneInItsTermIsToldOverdueOnce(row);
        } finally {
            gateway.assembly().clock().set(java.time.OffsetDateTime.parse(ACCEPTED_AT).toInstant());
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> overTheOtherHolidays() {
        return Stream.of(
                holidayRow(Service.S5_MEALS, Channel.ZHAO, "2026-03-06T10:00",
                        due("2026-03-06T10:15", "2026-03-11T00:00", "2026-03-14T00:00", "2026-03-17T00:00",
                                "2026-03-17T00:00"), "8 March (Sun) taken on Mon 9 March: 10; 11-13; 16 March"),
                holidayRow(Service.S10_PAYMENT, Channel.PORTAL, "2026-07-03T10:00",
                        due("2026-07-03T10:15", "2026-07-08T00:00", null, "2026-07-21T00:00", "2026-07-21T00:00"),
                        "Capital Day Mon 6 July: 7; 8-10, 13-17, 20 July"),
                holidayRow(Service.S5_MEALS, Channel.PORTAL, "2026-08-28T10:00",
                        due("2026-08-28T10:15", "2026-09-01T00:00", "2026-09-04T00:00", "2026-09-05T00:00",
                                "2026-09-05T00:00"), "30 August no holiday in 2026: 31 August; 1-3; 4 September"),
                holidayRow(Service.S8_UPKEEP, Channel.ZHAO, "2026-10-23T10:00",
                        due("2026-10-23T10:15", "2026-10-28T00:00", null, "2026-11-03T00:00", "2026-11-03T00:00"),
                        "Republic Day taken on Mon 26 October: 27; 28-30 October, 2 November"),
                holidayRow(Service.S11_CAMP, Channel.ZHAO, "2026-11-27T10:00",
                        due("2026-11-27T10:15", "2026-12-01T00:00", null, "2026-12-22T00:00", "2026-12-22T00:00"),
                        "1 and 17 December worked, 16 December off: 30 November; 1-4, 7-11, 14, 15, 17, 18, 21 December"),
                holidayRow(Service.S10_PAYMENT, Channel.ZHAO, "2027-03-19T10:00",
                        due("2027-03-19T10:15", "2027-03-26T00:00", null, "2027-04-08T00:00", "2027-04-08T00:00"),
                        "Nauryz 2027, 22-24 March off: 25; 26, 29-31 March, 1, 2, 5-7 April"),
                holidayRow(Service.S5_MEALS, Channel.ZHAO, "2027-03-05T10:00",
                        due("2027-03-05T10:15", "2027-03-10T00:00", "2027-03-13T00:00", "2027-03-17T00:00",
                                "2027-03-17T00:00"), "regs60: 8 March (Mon) and Constitution Day Mon 15 March 2027: 9; 10-12; 16 March"),
                holidayRow(Service.S10_PAYMENT, Channel.PORTAL, "2027-03-12T10:00",
                        due("2027-03-12T10:15", "2027-03-17T00:00", null, "2027-04-02T00:00", "2027-04-02T00:00"),
                        "regs60: Constitution Day Mon 15 March 2027, Nauryz 22-24 March: 16; 17-19, 25, 26, 29-31 March, 1 April"),
                holidayRow(Service.S8_UPKEEP, Channel.ZHAO, "2027-04-30T10:00",
                        due("2027-04-30T10:15", "2027-05-05T00:00", null, "2027-05-13T00:00", "2027-05-13T00:00"),
                        "regs60: May 2027, Sat 1 May taken on Mon 3, Fri 7, Sun 9 taken on Mon 10: 4; 5, 6, 11, 12 May"));
    }

    /** {@code service}'s golden row on {@code channel} with the dues of an application accepted at {@code accepted}. */
    private static org.junit.jupiter.params.provider.Arguments holidayRow(Service service, Channel channel,
                                                                          String accepted, Map<String, String> due,
                                                                          String label) {
        Row golden = goldenRows().filter(r -> r.service() == service && r.channel() == channel).findFirst()
                .orElseThrow();
        return org.junit.jupiter.params.provider.Arguments.of(new Row(service, channel, golden.path(),
                golden.variant(), golden.steps(), golden.result(), due, golden.texts()), accepted + ":00+05:00", label);
    }

    /**
     * The rows submitted at the class's start are answered first: the scans that follow, at instants past their steps'
     * ends, would tell their open steps overdue (seen under a load of 30-40, reg57b); and a test that moves the clock
     * before their acceptance must wait for them first, or the office's results, dated by that clock, would precede
     * their applications and be refused (regs60: the holiday rows run alone failed so).
     */
    private static void awaitTheRowsSubmittedAtTheStart() {
        rows().forEach(submitted -> channelMock(submitted.channel()).awaitResult(
                SUBMITTED.get(submitted.toString()).correlationId(), submitted.result().split(" ")[0], WAIT)
                .orElseThrow(() -> new AssertionError("no result for " + submitted)));
    }

    /**
     * The row's service and channel accepted an application with the office stopped: {@code then} reports as the
     * office; the office starts again after it, and the gateway's clock is back at the acceptance.
     */
    private static void withTheOfficeStopped(Row row, String path, Consumer<Submitted> then) {
        awaitTheRowsSubmittedAtTheStart();
        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        try {
            then.accept(submit(new Row(row.service(), row.channel(), path, a -> { }, row.steps(), row.result(),
                    Map.of(), List.of())));
        } finally {
            gateway.assembly().clock().set(java.time.OffsetDateTime.parse(ACCEPTED_AT).toInstant());
            provider.start();
        }
    }

    /**
     * reg48a: the refusal for the documents (para 9 condition 3 and process 7 on the portal; para 8.3's check at the
     * office) has no term printed of its own; it comes of the executor's check, and the issue (para 5.4; S8, S10: para
     * 5.3, the check inside it) is the only procedure that hands anything to the applicant, so it is due when the issue
     * is (our reading). It binds only its branch: its running out is not told (the issue's is); a refusal after it is
     * recorded late. The office stopped, the test reports as it up to the head's resolution, lets every term run out
     * and refuses.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRowsWithARefusal")
    void aLateDocumentRefusalIsRecordedLateButNotToldOverdue(Row row) {
        Service service = row.service();
        withTheOfficeStopped(row, "late refusal", s -> {
            registerAsTheOffice(service, s);
            awaitEnded(s, "provider-action-1");
            reportAsTheOffice(service, s, "IN_WORK");
            awaitEnded(s, "provider-action-2");
            String due = refusalDue(row);
            java.time.Instant afterEveryTerm = localTime(row.due().get(StepPlans.SERVICE_TERM))
                    .plus(java.time.Duration.ofMinutes(2));
            scanForOverdueSteps(afterEveryTerm);
            gateway.assembly().clock().set(afterEveryTerm);
            var refusal = new kz.qaqpa.document.childwelfare.DocumentRefusal();
            refusal.setHeader(header(s, HEAD_IIN));
            if (service.hasChild) {
                refusal.getHeader().setChildIin("180412601230");
            }
            refusal.getViolation().add(service.attachments.get(1) + ": Стандарттың 9-тармағында көрсетілген құжат жоқ");
            provider(service, s, "RESPONSE", gateway.signed(refusal, "employee-almaty-head"));
            assertThat(channelMock(row.channel()).awaitResult(s.correlationId(), "documentRefusal", WAIT)).isPresent();
            RegulationProgress.recordedLateNotTold(gateway, s.correlationId(), channelMock(row.channel()),
                    s.messageId(), REFUSAL.get(row.channel()), localTime(due), WAIT);
        });
    }

    /** The golden rows of the services that may refuse for the documents (S11 names no refusal). */
    static Stream<Row> goldenRowsWithARefusal() {
        return goldenRows().filter(row -> row.service() != Service.S11_CAMP);
    }

    /** When the refusal for the documents is due: with the issue of the result (reg48a). */
    private static String refusalDue(Row row) {
        return row.due().get("provider-action-4");
    }

    private static java.time.Instant localTime(String at) {
        return java.time.LocalDateTime.parse(at).atZone(java.time.ZoneId.of("Asia/Almaty")).toInstant();
    }

    /** Each service on each channel its para 1 names, with the dues its golden row plans. */
    static Stream<Row> goldenRows() {
        return rows().filter(row -> row.path().equals("golden"));
    }

    /**
     * The step, still open, is not overdue a minute before {@code end} (local time, the end of its term); a minute after
     * it is, and the channel is told so once, in the gateway's text naming the step.
     */
    private static void toldOverdueOnceAtItsEnd(Submitted s, String stepId, String end) {
        toldOverdueOnceAtItsEnd(s, end, List.of(stepId));
    }

    private static void toldOverdueOnceAtItsEnd(Submitted s, String end, List<String> stepIds) {
        RegulationProgress.toldOverdueOnceAtItsEnd(gateway, s.correlationId(), channelMock(s.channel()), s.messageId(),
                java.time.LocalDateTime.parse(end).atZone(java.time.ZoneId.of("Asia/Almaty")).toInstant(), stepIds, WAIT);
    }

    /** Looks for overdue steps as the gateway's timer would at {@code at}, until none is left. */
    private static void scanForOverdueSteps(java.time.Instant at) {
        RegulationProgress.scanForOverdueSteps(gateway, at);
    }

    private static StepPlans.Planned plan(Submitted s, String stepId) {
        return gateway.assembly().stepPlans().of(s.correlationId()).stream().filter(p -> p.stepId().equals(stepId))
                .findFirst().orElseThrow();
    }

    /** The office's report has ended {@code stepId}. */
    private static void awaitEnded(Submitted s, String stepId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (plan(s, stepId).endedAt() == null && System.nanoTime() < deadline) {
            RegulationProgress.pause();
        }
        assertThat(plan(s, stepId).endedAt()).as("%s ended", stepId).isNotNull();
    }

    /** The office system reports a step of its chain (para 8), naming its journal number. */
    private static void reportAsTheOffice(Service service, Submitted s, String status) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(s.correlationId());
        n.setStatus(status);
        n.setRegistrationNumber("АББ-2026-999999");
        n.setChangedAt(DATES.newXMLGregorianCalendar(ACCEPTED_AT));
        provider(service, s, "NOTIFICATION", ShepXml.toElement(n));
    }

    static Stream<Service> visitingServices() {
        return Stream.of(Service.S7_PATRONAGE, Service.S9_ADOPTERS);
    }

    /**
     * Para 3 names whom the result is for: S7's contract transfers the child to the citizen who wishes to become the
     * patronage carer («патронат тәрбиешi болуға ниет бiлдiрген азаматтар», 8.3), the applicant; S9's conclusion is on
     * the applicant's possibility of being an adoption candidate («үмiткер(лер)»: the applicant, and the spouse who
     * applies with him); S11's referral is for the application's child; S5's certificate is on the meals of the pupil
     * the application names (L1339-1341), S8's decision assigns the upkeep to the patronage carer who applied for the
     * child (children) given to him (L2066-2068, 8.3 L2132-2135: the applicant and the application's children), S10's
     * the one-time payment for the adoption of the child the application names, to the adopter who applied
     * (L2497-2500). With the office stopped, the head's result
     * naming another person is refused (SCE020, as any result that says otherwise than its application) and the
     * application waits; the result naming the applicant's own persons is delivered. Our reading: the result's fields
     * are the project's own (xsd/almaty-2015-child-welfare.xsd), the persons they must name are the text's.
     */
    @ParameterizedTest(name = "{0}: the result names the application's own persons")
    @MethodSource("personNamingServices")
    void theResultNamesTheApplicationsOwnPersons(Service service) {
        boolean visited = service == Service.S7_PATRONAGE || service == Service.S9_ADOPTERS;
        officeCase(service, "own persons", visited ? VISITED_CHAIN : CHAIN, s -> {
            if (visited) {
                sendAct(service, s, service == Service.S7_PATRONAGE ? ActKind.STUDY : ActKind.INSPECTION, true);
            }
            for (Object other : aboutOtherPersons(service, s)) {
                assertThatThrownBy(() -> provider(service, s, "RESPONSE", gateway.signed(other,
                        "employee-almaty-head"))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                            assertThat(f.code()).isEqualTo("SCE020");
                            assertThat(f.error().getErrorMessage()).contains("is not what the application asked");
                        });
            }
            assertThat(gateway.assembly().applications().byMessage("ALMATY_EDU", s.messageId()).orElseThrow()
                    .statusCode()).isNotEqualTo("COMPLETED");
        });
    }

    /**
     * The bounds of what a result states (the Standard's forms are not in the seed: the fields and their bounds are
     * ours, xsd/almaty-2015-child-welfare.xsd). S8's and S10's decisions assign money (para 3: «... ақша қаражатын
     * тағайындау туралы шешім», «... біржолғы ақшалай төлемді тағайындау туралы шешім»): an amount that is not positive,
     * or finer than a tiyn, assigns nothing. S5's certificate, S7's contract and S11's referral state a period, which
     * may not end before it begins. S5's grade is a general-education school's (1-12). The head's result out of those
     * bounds is refused (SCE001), the application not COMPLETED; the head's own result is then delivered (officeCase).
     */
    @ParameterizedTest(name = "{0}: a result out of its bounds is refused")
    @MethodSource("boundedResultServices")
    void aResultsAmountsAndPeriodsAreWithinTheirBounds(Service service) {
        boolean visited = service == Service.S7_PATRONAGE;
        officeCase(service, "bounds", visited ? VISITED_CHAIN : CHAIN, s -> {
            if (visited) {
                sendAct(service, s, ActKind.STUDY, true);
            }
            for (Object bad : outOfBounds(service, s)) {
                assertThatThrownBy(() -> provider(service, s, "RESPONSE", gateway.signed(bad,
                        "employee-almaty-head"))).isInstanceOfSatisfying(RemoteFault.class,
                                f -> assertThat(f.code()).isEqualTo("SCE001"));
            }
            assertThat(gateway.assembly().applications().byMessage("ALMATY_EDU", s.messageId()).orElseThrow()
                    .statusCode()).isNotEqualTo("COMPLETED");
        });
    }

    /**
     * examiner68a: S7 para 3 (L1852-1859) and S9 para 3 (L2278-2283) make the portal's result a notice, after which
     * the applicant «хабарламаны алғаннан кейiн ... хабарламада көрсетiлген мекенжай бойынша хабарласуы қажет» (after
     * receiving the notice, must come to the address it gives; portal process 8: the date, time and place). A notice
     * telling him to come on a day before it was issued cannot be followed: with the office stopped, after the act,
     * the head's notice whose {@code comeOn} is the day before its {@code issuedAt} is refused (SCE001), the
     * application not COMPLETED; the head's notice naming a later day is delivered. Ours: the days compared as
     * written (the time zone left off, as reg54's periods), the notice's fields are the project's own reading.
     */
    @ParameterizedTest(name = "{0}: the notice names a day to come after it is issued")
    @MethodSource("visitingServices")
    void theNoticeNamesADayToComeNotBeforeItIsIssued(Service service) {
        String notice = ownResult(service, Channel.PORTAL);
        portalNoticeCase(service, "come after the notice", s -> {
            Object early = result(notice, s, HEAD_IIN);
            var dayBefore = DATES.newXMLGregorianCalendar(java.util.GregorianCalendar.from(gateway.assembly().clock()
                    .instant().atZone(java.time.ZoneId.of("Asia/Almaty")).minusDays(1)));
            if (early instanceof kz.qaqpa.document.childwelfare.ContractNotice n) {
                n.setComeOn(dayBefore);
            } else {
                ((kz.qaqpa.document.childwelfare.ConclusionReadyNotice) early).setComeOn(dayBefore);
            }
            assertThatThrownBy(() -> provider(service, s, "RESPONSE", gateway.signed(early, "employee-almaty-head")))
                    .isInstanceOfSatisfying(RemoteFault.class, f -> {
                        assertThat(f.code()).isEqualTo("SCE001");
                        assertThat(f.error().getErrorMessage()).contains("a " + notice + " of this service must have",
                                "d:comeOn");
                    });
            assertThat(gateway.assembly().applications().byMessage("PORTAL", s.messageId()).orElseThrow()
                    .statusCode()).isNotEqualTo("COMPLETED");
        });
    }

    /**
     * A portal case of S7 or S9 with the office stopped, the test as the office system: the application registered
     * (para 8.1) and the home visit's act sent (8.3), {@code asTheOffice} sends what the case tries, then the head's
     * own notice (para 3); started again, that notice is delivered to the portal, signed by the head.
     */
    private static Submitted portalNoticeCase(Service service, String path, Consumer<Submitted> asTheOffice) {
        return caseWithTheOfficeStopped(service, Channel.PORTAL, path, VISITED_CHAIN, s -> {
            sendAct(service, s, service == Service.S7_PATRONAGE ? ActKind.STUDY : ActKind.INSPECTION, true);
            asTheOffice.accept(s);
        });
    }

    /**
     * examiner68a: S7 and S9 take the application on the portal only (para 1, «Мемлекеттік қызмет көрсету үшін
     * өтiнiштi қабылдау», S7 L1841-1844, S9 L2267-2270); the paper contract or conclusion is had at the address the
     * notice gives (para 3), outside the regulation's steps. So the portal hands nothing over: after the notice, the
     * portal's HANDED_OVER is refused (SCE033, no step for it), nothing recorded, the application still COMPLETED.
     */
    @ParameterizedTest(name = "{0}: the portal hands nothing over")
    @MethodSource("visitingServices")
    void thePortalOfAnAcceptanceOnlyServiceHandsNothingOver(Service service) {
        Submitted s = portalNoticeCase(service, "no portal hand-over", sent -> { });
        channelMock(Channel.PORTAL).awaitStatus(s.messageId(), "COMPLETED", WAIT).orElseThrow();
        List<String> before = gateway.assembly().statusHistory().of(s.correlationId()).stream()
                .map(StatusHistory.Step::stepId).toList();
        StatusNotification handOver = new StatusNotification();
        handOver.setCorrelationId(s.correlationId());
        handOver.setStatus("HANDED_OVER");
        handOver.setChangedAt(DATES.newXMLGregorianCalendar(java.util.GregorianCalendar.from(gateway.assembly()
                .clock().instant().atZone(java.time.ZoneId.of("Asia/Almaty")))));
        assertThatThrownBy(() -> client(Channel.PORTAL).send(AsyncMessages.sendMessage("NOTIFICATION",
                UUID.randomUUID().toString(), s.correlationId(), service.serviceId, "PORTAL", "portal-secret",
                ShepXml.toElement(handOver)))).isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE033");
                    assertThat(f.error().getErrorMessage()).contains("no step for HANDED_OVER");
                });
        assertThat(gateway.assembly().statusHistory().of(s.correlationId())).extracting(StatusHistory.Step::stepId)
                .as("no step recorded").containsExactlyElementsOf(before);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", s.messageId()).orElseThrow().statusCode())
                .isEqualTo("COMPLETED");
    }

    /**
     * review54b: the school is free text the applicant types (the form is ours), the certificate prints it as the
     * provider writes it; reg54's rule (withdrawn) compared them as names, so the same school written «№12» instead of
     * «№ 12» was refused SCE020 and the application waited for a certificate the provider had no other way to write.
     * The text (S5 para 3) asks for a certificate on meals at a general-education school, not for the applicant's
     * spelling of it.
     */
    @org.junit.jupiter.api.Test
    void theSchoolAskedWrittenOtherwiseIsStillTheSchoolAsked() {
        String result = ownResult(Service.S5_MEALS, Channel.ZHAO);
        kz.qaqpa.mocks.provider.ProviderOffice office = gateway.mocks().office("ALMATY_EDU");
        office.stop(); // the test is the office system: its certificate is the application's result
        Submitted s;
        try {
            s = submit(new Row(Service.S5_MEALS, Channel.ZHAO, "the school spelled", a -> { }, CHAIN, result, Map.of(),
                    List.of()));
            registerAsTheOffice(Service.S5_MEALS, s);
            var same = (kz.qaqpa.document.childwelfare.MealsCertificate) result(result, s, HEAD_IIN);
            same.setSchool("№12 жалпы білім беретін мектеп");
            Submitted submitted = s;
            org.assertj.core.api.Assertions.assertThatCode(() -> provider(Service.S5_MEALS, submitted, "RESPONSE",
                    gateway.signed(same, "employee-almaty-head"))).as("the application's school is «№ 12 жалпы білім"
                    + " беретін мектеп»").doesNotThrowAnyException();
        } finally {
            office.start();
        }
        assertSignedByTheHead(channelMock(Channel.ZHAO).awaitResult(s.correlationId(), result, WAIT).orElseThrow());
    }

    static Stream<Service> boundedResultServices() {
        return Stream.of(Service.S5_MEALS, Service.S7_PATRONAGE, Service.S8_UPKEEP, Service.S10_PAYMENT,
                Service.S11_CAMP);
    }

    /** The head's result of the service stating an amount, a period or a grade out of its bounds. */
    private static List<Object> outOfBounds(Service service, Submitted s) {
        return switch (service) {
            case S5_MEALS -> {
                var reversed = (kz.qaqpa.document.childwelfare.MealsCertificate) result("mealsCertificate", s, HEAD_IIN);
                reversed.setValidUntil(date("2026-03-31"));
                var grade = (kz.qaqpa.document.childwelfare.MealsCertificate) result("mealsCertificate", s, HEAD_IIN);
                grade.setGrade(BigInteger.valueOf(13));
                yield List.of(reversed, grade);
            }
            case S7_PATRONAGE -> {
                var c = (kz.qaqpa.document.childwelfare.PatronageContract) result("patronageContract", s, HEAD_IIN);
                c.setValidUntil(date("2026-03-20"));
                yield List.of(c);
            }
            case S8_UPKEEP -> Stream.of("-38000.00", "0.00", "38000.005").map(amount -> {
                var d = (kz.qaqpa.document.childwelfare.UpkeepDecision) result("upkeepDecision", s, HEAD_IIN);
                d.setMonthlyAmount(new java.math.BigDecimal(amount));
                return (Object) d;
            }).toList();
            case S10_PAYMENT -> Stream.of("-147680.00", "0", "147680.001").map(amount -> {
                var d = (kz.qaqpa.document.childwelfare.AdoptionPaymentDecision) result("adoptionPaymentDecision", s,
                        HEAD_IIN);
                d.setAmount(new java.math.BigDecimal(amount));
                return (Object) d;
            }).toList();
            default -> {
                var r = (kz.qaqpa.document.childwelfare.CampReferral) result("campReferral", s, HEAD_IIN);
                r.setSessionUntil(date("2026-05-31"));
                yield List.of(r);
            }
        };
    }

    /** S5's application: the pupil's grade is a general-education school's, 1 to 12 (ours): 13 is refused at the form. */
    @ParameterizedTest(name = "S5 on {0}")
    @EnumSource(value = Channel.class, names = {"ZHAO", "PORTAL"})
    void aPupilsGradeIsASchoolsGrade(Channel channel) {
        Application application = application(Service.S5_MEALS, channel);
        application.getSchoolMeals().setGrade(BigInteger.valueOf(13));
        refusedAtTheForm(Service.S5_MEALS, channel, application, "Grade");
    }

    static Stream<Service> personNamingServices() {
        return Stream.of(Service.S5_MEALS, Service.S7_PATRONAGE, Service.S8_UPKEEP, Service.S9_ADOPTERS,
                Service.S10_PAYMENT, Service.S11_CAMP);
    }

    /** The head's result naming someone the application does not: another pupil, carer, candidate, adopter or child. */
    private static List<Object> aboutOtherPersons(Service service, Submitted s) {
        Person stranger = person("881122303409", "ZHAKSYLYKOV", "BOLAT", "1988-11-22");
        return switch (service) {
            case S7_PATRONAGE -> {
                var contract = (kz.qaqpa.document.childwelfare.PatronageContract) result("patronageContract", s, HEAD_IIN);
                contract.setCarer(stranger);
                yield List.of(contract);
            }
            case S9_ADOPTERS -> {
                var another = conclusion(s, true);
                another.getCandidate().set(0, stranger);
                // a second candidate the application does not name (it names no spouse)
                var added = conclusion(s, true);
                added.getCandidate().add(stranger);
                yield List.of(another, added);
            }
            case S5_MEALS -> {
                var certificate = (kz.qaqpa.document.childwelfare.MealsCertificate) result("mealsCertificate", s, HEAD_IIN);
                certificate.setPupil(person("130707500002", "SAPAROV", "ALIBEK", "2013-07-07"));
                yield List.of(certificate);
            }
            case S8_UPKEEP -> {
                var anotherCarer = (kz.qaqpa.document.childwelfare.UpkeepDecision) result("upkeepDecision", s, HEAD_IIN);
                anotherCarer.setCarer(stranger);
                var anotherChild = (kz.qaqpa.document.childwelfare.UpkeepDecision) result("upkeepDecision", s, HEAD_IIN);
                anotherChild.getChild().set(0, person("130707500002", "SAPAROV", "ALIBEK", "2013-07-07"));
                // a second child the application does not name
                var added = (kz.qaqpa.document.childwelfare.UpkeepDecision) result("upkeepDecision", s, HEAD_IIN);
                added.getChild().add(person("130707500002", "SAPAROV", "ALIBEK", "2013-07-07"));
                yield List.of(anotherCarer, anotherChild, added);
            }
            case S10_PAYMENT -> {
                var anotherAdopter = (kz.qaqpa.document.childwelfare.AdoptionPaymentDecision) result(
                        "adoptionPaymentDecision", s, HEAD_IIN);
                anotherAdopter.setAdopter(stranger);
                var anotherChild = (kz.qaqpa.document.childwelfare.AdoptionPaymentDecision) result(
                        "adoptionPaymentDecision", s, HEAD_IIN);
                anotherChild.setChild(person("130707500002", "SAPAROV", "ALIBEK", "2013-07-07"));
                yield List.of(anotherAdopter, anotherChild);
            }
            default -> {
                var referral = (kz.qaqpa.document.childwelfare.CampReferral) result("campReferral", s, HEAD_IIN);
                referral.setChild(person("130707500002", "SAPAROV", "ALIBEK", "2013-07-07"));
                yield List.of(referral);
            }
        };
    }

    /** The provider's result of the kind named, about the sample application, its header naming the signer. */
    private static Object result(String kind, Submitted s, String signerIin) {
        var header = header(s, signerIin);
        return switch (kind) {
            case "patronageContract" -> {
                var c = new kz.qaqpa.document.childwelfare.PatronageContract();
                c.setHeader(header);
                c.setContractNumber("ПТ-АББ-2026-999999");
                c.setCarer(person("850315401201", "NURLANOVA", "AIGERIM", "1985-03-15"));
                c.getChild().add(person("130707500002", "SAPAROV", "ALIBEK", "2013-07-07"));
                c.setValidFrom(date("2026-03-21"));
                c.setValidUntil(date("2027-03-21"));
                yield c;
            }
            case "contractNotice" -> {
                var n = new kz.qaqpa.document.childwelfare.ContractNotice();
                n.setHeader(header);
                n.setAddress("Almaty, Auezov district, Zhandosov st. 6, room 214");
                n.setComeOn(comeOn(header));
                n.setActConclusion(true);
                yield n;
            }
            case "adopterConclusion" -> {
                var c = conclusion(s, true);
                c.setHeader(header);
                yield c;
            }
            case "conclusionReadyNotice" -> {
                var n = new kz.qaqpa.document.childwelfare.ConclusionReadyNotice();
                n.setHeader(header);
                n.setAddress("Almaty, Auezov district, Zhandosov st. 6, room 214");
                n.setComeOn(comeOn(header));
                yield n;
            }
            case "mealsCertificate" -> {
                header.setChildIin("180412601230");
                var c = new kz.qaqpa.document.childwelfare.MealsCertificate();
                c.setHeader(header);
                c.setPupil(person("180412601230", "NURLANOVA", "AMINA", "2018-04-12"));
                c.setSchool("№ 12 жалпы білім беретін мектеп");
                c.setGrade(BigInteger.valueOf(3));
                c.setMealKind(kz.qaqpa.document.childwelfare.MealKind.FREE);
                c.setValidFrom(date("2026-04-01"));
                c.setValidUntil(date("2026-05-25"));
                yield c;
            }
            case "upkeepDecision" -> {
                header.setChildIin("180412601230");
                var d = new kz.qaqpa.document.childwelfare.UpkeepDecision();
                d.setHeader(header);
                d.setDecisionNumber("ПТ-Ш-2026-999999");
                d.setCarer(person("850315401201", "NURLANOVA", "AIGERIM", "1985-03-15"));
                d.getChild().add(person("180412601230", "NURLANOVA", "AMINA", "2018-04-12"));
                d.setMonthlyAmount(new java.math.BigDecimal("38000.00"));
                d.setPaidFrom(date("2026-04-01"));
                yield d;
            }
            case "adoptionPaymentDecision" -> {
                header.setChildIin("180412601230");
                var d = new kz.qaqpa.document.childwelfare.AdoptionPaymentDecision();
                d.setHeader(header);
                d.setDecisionNumber("БТ-Ш-2026-999999");
                d.setAdopter(person("850315401201", "NURLANOVA", "AIGERIM", "1985-03-15"));
                d.setChild(person("180412601230", "NURLANOVA", "AMINA", "2018-04-12"));
                d.setAmount(new java.math.BigDecimal("147680.00"));
                yield d;
            }
            case "campReferral" -> {
                header.setChildIin("180412601230");
                var r = new kz.qaqpa.document.childwelfare.CampReferral();
                r.setHeader(header);
                r.setReferralNumber("ЖЛ-АББ-2026-999999");
                r.setChild(person("180412601230", "NURLANOVA", "AMINA", "2018-04-12"));
                r.setCampKind(kz.qaqpa.document.childwelfare.CampKind.OUT_OF_TOWN);
                r.setCampName("«Балдәурен» лагері");
                r.setSessionFrom(date("2026-06-01"));
                r.setSessionUntil(date("2026-06-21"));
                yield r;
            }
            default -> {
                var r = new kz.qaqpa.document.childwelfare.ReasonedRefusal();
                r.setHeader(header);
                r.getReason().add("Стандарттың 10-тармағы");
                yield r;
            }
        };
    }

    /**
     * An office case with the office stopped, the test as the office system: the application accepted at the office and
     * registered (para 8.1), {@code asTheOffice} sends what the case tries, then the head's own result of the service;
     * started again, that result is delivered, signed by the head.
     */
    private static Submitted officeCase(Service service, String path, List<String> steps, Consumer<Submitted> asTheOffice) {
        return caseWithTheOfficeStopped(service, Channel.ZHAO, path, steps, asTheOffice);
    }

    /**
     * A case on {@code channel} with the office stopped, the test as the office system: the application registered
     * (para 8.1), {@code asTheOffice} sends what the case tries, then the head's own result or notice; started again,
     * the office delivers it to {@code channel}, signed by the head.
     */
    private static Submitted caseWithTheOfficeStopped(Service service, Channel channel, String path, List<String> steps,
                                                      Consumer<Submitted> asTheOffice) {
        String result = ownResult(service, channel);
        kz.qaqpa.mocks.provider.ProviderOffice provider = gateway.mocks().office("ALMATY_EDU");
        provider.stop();
        Submitted s;
        try {
            s = submit(new Row(service, channel, path, a -> { }, steps, result, Map.of(), List.of()));
            registerAsTheOffice(service, s);
            asTheOffice.accept(s);
            provider(service, s, "RESPONSE", gateway.signed(result(result, s, HEAD_IIN), "employee-almaty-head"));
        } finally {
            provider.start();
        }
        assertSignedByTheHead(channelMock(channel).awaitResult(s.correlationId(), result, WAIT).orElseThrow());
        return s;
    }

    /** The office system registers the application in its journal (para 8.1). */
    private static void registerAsTheOffice(Service service, Submitted s) {
        StatusNotification registered = new StatusNotification();
        registered.setCorrelationId(s.correlationId());
        registered.setStatus("REGISTERED");
        registered.setRegistrationNumber("АББ-2026-999999");
        registered.setChangedAt(DATES.newXMLGregorianCalendar(ACCEPTED_AT));
        provider(service, s, "NOTIFICATION", ShepXml.toElement(registered));
    }

    /** The specialist's act of the home visit (para 8.3), of the kind given, signed by the specialist. */
    private static void sendAct(Service service, Submitted s, ActKind kind, boolean suitable) {
        sendAct(service, s, kind, suitable, ACCEPTED_AT);
    }

    /** As above, its header dated {@code issuedAt}. */
    private static void sendAct(Service service, Submitted s, ActKind kind, boolean suitable, String issuedAt) {
        var act = new kz.qaqpa.document.childwelfare.HousingConditionsAct();
        act.setHeader(header(s, SPECIALIST_IIN));
        act.getHeader().setIssuedAt(DATES.newXMLGregorianCalendar(issuedAt));
        act.setKind(kind);
        act.setVisitedOn(date("2026-03-20"));
        act.setAddress("Almaty, Bostandyk district, Timiryazev st. 42, apt. 17");
        act.setSpecialist(name("SPECIALIST", "ALMATY"));
        act.getFindings().add(suitable ? "two rooms, heated, self-made" : "one room for four persons");
        act.setConditionsSuitable(suitable);
        provider(service, s, "NOTIFICATION", gateway.signed(act, "employee-almaty-specialist"));
    }

    private static Person person(String iin, String last, String first, String born) {
        Person p = new Person();
        p.setIin(iin);
        p.setName(name(last, first));
        p.setBirthDate(date(born));
        return p;
    }

    /** When a portal notice of S7 or S9 asks the applicant to come: 10:00 on the day after it is issued (para 3). */
    private static javax.xml.datatype.XMLGregorianCalendar comeOn(kz.qaqpa.document.childwelfare.ResultHeader header) {
        return DATES.newXMLGregorianCalendar(java.util.GregorianCalendar.from(header.getIssuedAt().toGregorianCalendar()
                .toZonedDateTime().toLocalDate().plusDays(1).atTime(10, 0).atZone(java.time.ZoneId.of("Asia/Almaty"))));
    }

    private static kz.qaqpa.document.childwelfare.ResultHeader header(Submitted s, String signerIin) {
        var h = new kz.qaqpa.document.childwelfare.ResultHeader();
        h.setCorrelationId(s.correlationId());
        h.setRegistrationNumber("АББ-2026-999999");
        // dated by the gateway's clock (qaqpa.clock, fixed at ACCEPTED_AT unless a test moves it), as the office dates
        // its results: a result is neither issued before its application nor ahead of its arrival
        h.setIssuedAt(DATES.newXMLGregorianCalendar(java.util.GregorianCalendar.from(
                gateway.assembly().clock().instant().atZone(java.time.ZoneId.of("Asia/Almaty")))));
        h.setEmployeeIin(signerIin);
        h.setEmployeePosition("басшы");
        return h;
    }

    /** A message as the provider's office system sends it about an application. */
    private static void provider(Service service, Submitted s, String type, Element document) {
        client(Channel.ZHAO).send(AsyncMessages.sendMessage(type, UUID.randomUUID().toString(), s.correlationId(),
                service.serviceId, "ALMATY_EDU", "almaty-edu-secret", document));
    }

    // ------------------------------------------------------------------ the applications

    private static Submitted submit(Row row) {
        Application application = application(row.service(), row.channel());
        row.variant().accept(application);
        boolean office = row.channel() == Channel.ZHAO;
        String sender = office ? "ALMATY_EDU" : "PORTAL";
        String messageId = sender + "-" + UUID.randomUUID();
        Element signed = gateway.signed(application, office ? "employee-almaty-office" : "citizen-aigerim");
        String correlationId = client(row.channel()).send(AsyncMessages.sendMessage("REQUEST", messageId, null,
                row.service().serviceId, sender, office ? "almaty-edu-secret" : "portal-secret", signed))
                .getCorrelationId();
        return new Submitted(row.channel(), messageId, correlationId);
    }

    private static final java.util.concurrent.atomic.AtomicInteger SAMPLES = new java.util.concurrent.atomic.AtomicInteger();

    private static Application application(Service service, Channel channel) {
        Application a = new Application();
        a.setServiceCode(service.serviceId);
        a.setChannel(channel);
        // every sample another form, submitted a millisecond before the one made before it: each a new application,
        // not a copy of one form
        javax.xml.datatype.XMLGregorianCalendar submitted = DATES.newXMLGregorianCalendar(ACCEPTED_AT);
        submitted.add(DATES.newDuration(-SAMPLES.incrementAndGet()));
        a.setSubmittedAt(submitted);
        if (channel == Channel.ZHAO) {
            a.setOperatorIin(OFFICE_EMPLOYEE_IIN);
        }
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

    private static Consumer<Application> without(String kind) {
        return a -> a.getAttachment().removeIf(x -> x.getKind().equals(kind));
    }

    /** The office mock's rule: a home in a hostel is unsuitable (mocks/README.md). */
    private static Consumer<Application> livesInAHostel() {
        return a -> a.getApplicant().setAddress("Almaty, Auezov district, student hostel No 3, room 12");
    }

    /** The office system reports that its employee handed the paper result to the applicant. */
    private static void handOver(Service service, Submitted s) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(s.correlationId());
        n.setStatus("HANDED_OVER");
        n.setChangedAt(DATES.newXMLGregorianCalendar(ACCEPTED_AT));
        client(Channel.ZHAO).send(AsyncMessages.sendMessage("NOTIFICATION", UUID.randomUUID().toString(),
                s.correlationId(), service.serviceId, "ALMATY_EDU", "almaty-edu-secret", ShepXml.toElement(n)));
    }

    // ------------------------------------------------------------------ assertions

    private static void assertSignedByTheHead(Element result) {
        SubjectIdentity signer = SubjectIdentity.of(DocumentVerifier.verify(result));
        assertThat(signer.iin()).isEqualTo(HEAD_IIN);
        assertThat(signer.bin()).isEqualTo(DEPARTMENT_BIN);
        assertThat(text(result, "employeeIin")).isEqualTo(HEAD_IIN);
    }

    /** The act of the home visit is kept with the application, signed by the specialist who visited. */
    private static void assertActSignedByTheSpecialist(Submitted s, boolean suitable) {
        String act = gateway.assembly().applicationDocuments().latest(s.correlationId(), "housingConditionsAct")
                .orElseThrow().document();
        Element element = SecureXml.parse(act.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        assertThat(SubjectIdentity.of(DocumentVerifier.verify(element)).iin()).isEqualTo(SPECIALIST_IIN);
        assertThat(text(element, "conditionsSuitable")).isEqualTo(String.valueOf(suitable));
        assertThat(gateway.assembly().statusHistory().of(s.correlationId())).filteredOn(st -> st.stepId().equals(ACT))
                .singleElement().satisfies(st -> assertThat(st.dueAt()).as("the act has no term of its own").isNull());
    }

    private static void assertSteps(Submitted s, List<String> expected, String status) {
        assertThat(RegulationProgress.assertSteps(gateway, s.correlationId(), expected, status, WAIT)
                .registrationNumber()).startsWith("АББ-");
    }

    /** The due dates planned at acceptance, step by step and for the whole service (null: no term of its own). */
    private static void assertPlanned(Submitted s, Map<String, String> due) {
        if (due.isEmpty()) {
            return;
        }
        Map<String, String> planned = new LinkedHashMap<>();
        for (StepPlans.Planned p : gateway.assembly().stepPlans().of(s.correlationId())) {
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

    /**
     * A golden row's plan with the refusal for the documents in the route's order (after the examination, before the
     * issue), due with the issue (reg48a); S11 names no refusal.
     */
    private static Map<String, String> withTheRefusal(Row row) {
        if (row.due().isEmpty() || row.service() == Service.S11_CAMP) {
            return row.due();
        }
        Map<String, String> due = new LinkedHashMap<>();
        row.due().forEach((step, at) -> {
            if (step.equals("provider-action-4")) {
                due.put(REFUSAL.get(row.channel()), refusalDue(row));
            }
            due.put(step, at);
        });
        return due;
    }

    /** Registered (15 min), the head's resolution, the examination (para 8.3), the issue, the whole term. */
    static Map<String, String> due(String registered, String resolution, String examined, String issued,
                                           String term) {
        Map<String, String> due = new LinkedHashMap<>();
        due.put("provider-action-1", registered);
        due.put("provider-action-2", resolution);
        due.put("provider-action-3-examined", examined);
        due.put("provider-action-4", issued);
        due.put(StepPlans.SERVICE_TERM, term);
        return due;
    }

    /**
     * reg50, an examiner's case (as reg49's for S1-S4, S6): everything the channel was told, in order, each status code
     * with its whole text and nothing else. The acceptance (the office's receipt, para 8.1; the portal's opening
     * sentence, para 9: read by its opening), the delivery (the project's own), para 6.1 and 6.2 (S8, S10, S11: 6.1 and
     * 5.2) as REGISTERED and IN_WORK, S7's and S9's act of para 8.3 (IN_WORK), then either the check (a second IN_WORK
     * text: portal process 8's notice; at the office S8, S10 and S11's shifted 6.2, the others the project's own) and the
     * result (COMPLETED: on the portal para 6.4, S8, S10, S11: 6.3; at the office, reg50b, para 6.3's signature, S8, S10,
     * S11: their 6.2 again, the result drawn up), or the refusal for the documents (COMPLETED, portal process 7's
     * words) straight after IN_WORK; at the office, once its system reports the paper handed over, ISSUED with 6.4
     * (6.3): para 8.4 (S7-S11: 8.3) gives the applicant what the head signed, the refusal too (reg50, docs).
     */
    private static void assertToldInOrder(Row row, Submitted s, boolean handedOver) {
        String last = handedOver ? "ISSUED" : "COMPLETED";
        assertThat(channelMock(s.channel()).awaitStatus(s.messageId(), last, WAIT)).as("%s told %s", row, last)
                .isPresent();
        List<String> texts = row.texts();
        List<String> told = new ArrayList<>(List.of("DELIVERED: " + AlmatyFamilyRegulationsTest.DELIVERED_PROJECTS_OWN,
                "REGISTERED: " + texts.get(1), "IN_WORK: " + texts.get(2)));
        texts.subList(3, texts.size() - 1).forEach(act -> told.add("IN_WORK: " + act));
        String outcome = texts.get(texts.size() - 1);
        if (!outcome.equals(DOCUMENTS_REFUSED)) {
            told.add("IN_WORK: " + examined(row));
        }
        told.add("COMPLETED: " + outcome);
        if (handedOver) {
            told.add("ISSUED: " + row.service().received);
        }
        List<ChannelMock.StatusEntry> statuses = channelMock(s.channel()).statuses(s.messageId());
        assertThat(statuses).as("what %s was told", row).isNotEmpty();
        assertThat(statuses.get(0).statusCode()).isEqualTo("ACCEPTED");
        assertThat(statuses.get(0).statusMessage()).startsWith(texts.get(0));
        assertThat(statuses.subList(1, statuses.size())).as("what %s was told after the acceptance, in order", row)
                .extracting(e -> e.statusCode() + ": " + e.statusMessage()).containsExactlyElementsOf(told);
    }

    /**
     * The check's text: portal process 8's notice with the plan's end and the place (the provider, ours, session 29);
     * at the office the service's own para 6.2 where its para 6 is shifted (S8, S10, S11), else the project's own.
     */
    private static String examined(Row row) {
        if (row.channel() == Channel.ZHAO) {
            return row.service().examined != null ? row.service().examined
                    : AlmatyFamilyRegulationsTest.EXAMINED_PROJECTS_OWN;
        }
        String term = rows().filter(r -> r.service() == row.service() && r.channel() == row.channel()
                && r.path().equals("golden")).findFirst().orElseThrow().due().get(StepPlans.SERVICE_TERM);
        return "Мемлекеттiк қызметтi көрсету нәтижесiн алатын күнi, уақыты мен орны: " + endOfTerm(term)
                + ", «Алматы қаласы Бiлiм басқармасы» КММ";
    }

    /** The plan's end as the channels are told it: midnight after the last day, shown as 24:00 of that day. */
    private static String endOfTerm(String term) {
        return java.time.LocalDateTime.parse(term).minusDays(1)
                .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy")) + " 24:00";
    }

    private static List<String> texts(Submitted s) {
        return channelMock(s.channel()).statuses(s.messageId()).stream().map(ChannelMock.StatusEntry::statusMessage)
                .filter(t -> t != null && !t.isEmpty()).toList();
    }

    // ------------------------------------------------------------------ helpers

    /** Where the channel's system hears from the gateway: the portal's mock or the office system's. */
    private static ChannelMock channelMock(Channel channel) {
        return channel == Channel.ZHAO ? office : gateway.mocks().portal();
    }

    private static ChannelClient client(Channel channel) {
        return channel == Channel.ZHAO ? gateway.client("ALMATY_EDU", "almaty-edu-secret", "almaty-edu")
                : gateway.client("PORTAL", "portal-secret", "portal");
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

    private static String text(Element e, String localName) {
        return e.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }
}
