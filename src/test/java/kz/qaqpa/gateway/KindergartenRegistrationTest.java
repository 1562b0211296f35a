package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.assertRefusedNothingStored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.KindergartenChoice;
import kz.qaqpa.document.kindergarten.RegistrationSlip;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.SubjectIdentity;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;

/**
 * The Astana 2012 kindergarten-registration regulation end to end on each of its four channels: over real HTTP,
 * signed with the test PKI, through the real store, decided by the provider back office mock and delivered to
 * the channel's mock. Each result path and each refusal branch the regulation names.
 */
class KindergartenRegistrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Intake steps of each channel (paras 6-9), then its progress in its action table's order (Tables 1-4). */
    private static final Map<Channel, List<String>> INTAKE = Map.of(
            Channel.PORTAL, List.of("portal-condition-1", "portal-process-3", "portal-condition-2", "portal-process-7"),
            Channel.CON, List.of("con-condition-1", "con-process-3", "con-condition-2", "con-process-6"),
            Channel.ZHAO, List.of("zhao-condition-1", "zhao-process-3", "zhao-condition-2", "zhao-process-6"),
            Channel.EASTANA, List.of("eastana-condition-1", "eastana-process-3", "eastana-condition-2",
                    "eastana-process-6"));
    /**
     * The intake steps' norms: the form (action 1 of its table, the front offices' from the consumer's arrival) and the
     * forwarding (the next rows); the conditions have no row of their own in any table (Tables 3 and 4 check the data
     * within action 1's minute), so none.
     */
    private static final Map<Channel, List<String>> INTAKE_NORMS = Map.of(
            Channel.PORTAL, Arrays.asList(null, "1 minute", null, "1 minute"),
            Channel.CON, Arrays.asList(null, "30 minutes", null, "2 minutes"),
            Channel.ZHAO, Arrays.asList(null, "10 minutes", null, "1 minute"),
            Channel.EASTANA, Arrays.asList(null, "1 minute", null, "1 minute"));
    private static final Map<Channel, List<String>> WORK = Map.of(
            Channel.PORTAL, List.of("portal-action-3", "portal-action-9"),
            Channel.CON, List.of("con-action-4", "con-action-5"),
            Channel.ZHAO, List.of("zhao-action-4", "zhao-action-8"),
            Channel.EASTANA, List.of("eastana-action-3", "eastana-action-9"));
    /** The signed result and its delivery. */
    private static final Map<Channel, List<String>> RESULT = Map.of(
            Channel.PORTAL, List.of("portal-action-12", "portal-process-8"),
            Channel.CON, List.of("con-action-6", "con-process-7"),
            Channel.ZHAO, List.of("zhao-action-10", "zhao-process-7"),
            Channel.EASTANA, List.of("eastana-action-12", "eastana-process-7"));
    /** Para 8.10: the offered place and the consumer's written consent, on the portal only. */
    private static final List<String> OFFER_AND_CONSENT = List.of("portal-process-8-offer", "portal-process-8-consent");
    /** The hand-over by the channel's employee: ХҚКО process 8 (Table 2 action 15), ЖАО Table 1 action 9. */
    private static final Map<Channel, String> HAND_OVER = Map.of(Channel.CON, "con-process-8", Channel.ZHAO, "zhao-action-9");

    /** The gateway's clock starts on a Friday evening before Nauryz 2026 (qaqpa.clock); steps are timed on it. */
    private static final String FRIDAY_EVENING_BEFORE_NAURYZ = "2026-03-20T19:30:00+05:00";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.clock", FRIDAY_EVENING_BEFORE_NAURYZ);

    @ParameterizedTest
    @EnumSource(Channel.class)
    void placeAvailableGivesReferral(Channel channel) {
        freePlaceAt("MBU-050");
        Submitted s = submit(channel, SampleApplication.on(channel).kindergartens("MBU-050"));
        List<String> expected = new java.util.ArrayList<>(concat(INTAKE.get(channel), WORK.get(channel)));
        if (channel == Channel.PORTAL) {
            consentToOffer(s, "MBU-050");
            expected.addAll(OFFER_AND_CONSENT);
        }
        Element result = awaitResult(channel, s, "referral");
        assertThat(text(result, "kindergartenCode")).isEqualTo("MBU-050");
        assertSignedByProviderEmployee(result);
        expected.addAll(RESULT.get(channel));
        assertRegulationSteps(s, expected, "COMPLETED");
        assertThat(gateway.assembly().statusHistory().of(s.correlationId()).subList(0, INTAKE.get(channel).size()))
                .extracting(StatusHistory.Step::norm).as("intake norms on %s", channel)
                .containsExactlyElementsOf(INTAKE_NORMS.get(channel));
        assertConNotified(s);
        handOverWhereTheRegulationHasIt(channel, s, expected);
    }

    /**
     * The registration slip is an interim answer (paras 6.10, 7.9, 8.10, 9.10): the application stays open in the
     * queue, and when a place frees up the referral reaches the channel as the final result (on the portal after the
     * consumer's consent to the offered place).
     */
    @ParameterizedTest
    @EnumSource(Channel.class)
    void noPlaceGivesRegistrationSlipThenReferralWhenAPlaceFreesUp(Channel channel) {
        String kindergarten = "MBU-031";
        Submitted s = submit(channel, SampleApplication.on(channel).kindergartens(kindergarten, "MBU-045"));
        Element slipElement = awaitResult(channel, s, "registrationSlip");
        RegistrationSlip slip = ShepXml.fromNode(slipElement, RegistrationSlip.class);
        assertThat(slip.getChosenKindergarten()).extracting(KindergartenChoice::getCode)
                .containsExactly(kindergarten, "MBU-045");
        assertThat(slip.getQueueNumber().intValue()).isPositive();
        assertSignedByProviderEmployee(slipElement);
        List<String> expected = new java.util.ArrayList<>(concat(INTAKE.get(channel), WORK.get(channel), RESULT.get(channel)));
        assertRegulationSteps(s, expected, "IN_QUEUE");
        assertThat(channelMock(channel).awaitStatus(s.messageId(), "IN_QUEUE", WAIT)).isPresent()
                .get().extracting(ChannelMock.StatusEntry::statusMessage).asString()
                .endsWith("(7 жасқа дейінгі) балаларды тіркеу туралы хабарлама");   // paras 6.10, 7.9, 8.10, 9.10

        gateway.mocks().provider().orElseThrow().freePlace(kindergarten);
        if (channel == Channel.PORTAL) {
            consentToOffer(s, kindergarten);
            expected.addAll(OFFER_AND_CONSENT);
        }
        Element referral = awaitResult(channel, s, "referral");
        assertThat(text(referral, "kindergartenCode")).isEqualTo(kindergarten);
        expected.addAll(RESULT.get(channel));
        assertRegulationSteps(s, expected, "COMPLETED");
    }

    /**
     * Audit, session 41 (seeds41): what each channel is told is the regulation's own words, row by row of its action
     * table (Tables 1-4) and paragraph (paras 6.10, 7.9, 8.10, 9.10 for the interim notification), in the order the
     * table prints them: a child queued for want of a place (the registration notification, App. 11) and a child
     * referred (App. 10), handed over at the ЖАО and the ХҚКО; on the portal the offered МБҰ and the consent first
     * (para 8.10). Every text is quoted in the route beside its row and was checked against the Kazakh original; the
     * consent texts are ours (the regulation prints none).
     */
    @ParameterizedTest
    @EnumSource(Channel.class)
    void eachChannelIsToldItsTablesWords(Channel channel) {
        // MBU-045 has no place and no test frees one: the child stays queued with its notification
        Submitted queued = submit(channel, SampleApplication.on(channel).kindergartens("MBU-045"));
        awaitResult(channel, queued, "registrationSlip");
        assertThat(awaitTold(channel, queued, "IN_QUEUE")).as("%s, the child queued", channel)
                .containsExactlyElementsOf(TOLD_QUEUED.get(channel));

        freePlaceAt("MBU-050");
        Submitted referred = submit(channel, SampleApplication.on(channel).kindergartens("MBU-050"));
        if (channel == Channel.PORTAL) {
            consentToOffer(referred, "MBU-050");
        }
        awaitResult(channel, referred, "referral");
        String last = "COMPLETED";
        if (HAND_OVER.containsKey(channel)) {
            gateway.client(channel).handOver(referred.correlationId(), gateway.assembly().clock().instant());
            last = "ISSUED";
        }
        assertThat(awaitTold(channel, referred, last)).as("%s, the child referred", channel)
                .containsExactlyElementsOf(TOLD_REFERRED.get(channel));
        // reg52 (review51 F3): the completion is told «Шығыс құжатын қарау мүмкіндігімен» (Table 3 action 14: with
        // the output document to view) and the interim notification is the slip's own: each document arrives first
        assertThat(channelMock(channel).arrivals(queued.messageId(), queued.correlationId())).as("%s, the slip, then IN_QUEUE", channel)
                .filteredOn(a -> a.startsWith("RESULT ") || a.equals("STATUS IN_QUEUE"))
                .containsExactly("RESULT registrationSlip", "STATUS IN_QUEUE");
        assertThat(channelMock(channel).arrivals(referred.messageId(), referred.correlationId())).as("%s, the referral, then COMPLETED", channel)
                .filteredOn(a -> a.startsWith("RESULT ") || a.equals("STATUS COMPLETED"))
                .containsExactly("RESULT referral", "STATUS COMPLETED");
    }

    /** Table 1 action 1 / Table 2 action 1 / Table 3 action 1 / Table 4 action 1 completion forms (ACCEPTED). */
    private static final Map<Channel, String> TOLD_ACCEPTED = Map.of(
            Channel.ZHAO, "ACCEPTED: Қызметті алуға өтінішті және құжаттарды қабылдау",
            Channel.CON, "ACCEPTED: Қызмет алуға өтінішті және құжаттарды қабылдау",
            Channel.PORTAL, "ACCEPTED: Сұрау салуды сәтті қалыптастыру",
            Channel.EASTANA, "ACCEPTED: Сұранысты табысты қалыптастыру");
    /**
     * The routing row's completion form: Table 1 action 3, Table 2 action 3 and Table 3 action 2 (ЭҮАШ (ЭҮШ)) «Сұрау
     * салуды бағдарлау»; Table 4 action 2 (Е-Астана АЖ routing the request from the personal cabinet) «Сұранысты
     * бағдарлау» (reg47: E-Astana was told Tables 1-3's words).
     */
    private static final Map<Channel, String> TOLD_DELIVERED = Map.of(
            Channel.ZHAO, "DELIVERED: Сұрау салуды бағдарлау",
            Channel.CON, "DELIVERED: Сұрау салуды бағдарлау",
            Channel.PORTAL, "DELIVERED: Сұрау салуды бағдарлау",
            Channel.EASTANA, "DELIVERED: Сұранысты бағдарлау");
    /** Numbered (Table 1 action 4, Table 2 action 4, Table 3 action 3, Table 4 action 3), then at work. */
    private static final Map<Channel, List<String>> TOLD_WORK = Map.of(
            Channel.ZHAO, List.of("REGISTERED: Өтінішке нөмір беру", "IN_WORK: Жұмыста"),
            Channel.CON, List.of("REGISTERED: Өтінішке нөмір беру, орындауға жіберу",
                    "IN_WORK: Жұмыстануға сұрау салуды қабылдау"),
            Channel.PORTAL, List.of("REGISTERED: Өтінішке нөмір беру", "IN_WORK: Жұмыста"),
            Channel.EASTANA, List.of("REGISTERED: Өтінішке нөмір қою", "IN_WORK: Жұмыста"));
    /** Paras 6.10 and 7.9 print «мектепке дейінгі жастағы», paras 8.10 and 9.10 «мектеп жасына дейінгі». */
    private static final Map<Channel, String> TOLD_INTERIM = Map.of(
            Channel.ZHAO, "IN_QUEUE: Мектепке дейінгі жастағы (7 жасқа дейінгі) балаларды тіркеу туралы хабарлама",
            Channel.CON, "IN_QUEUE: Мектепке дейінгі жастағы (7 жасқа дейінгі) балаларды тіркеу туралы хабарлама",
            Channel.PORTAL, "IN_QUEUE: Мектеп жасына дейінгі (7 жасқа дейінгі) балаларды тіркеу туралы хабарлама",
            Channel.EASTANA, "IN_QUEUE: Мектеп жасына дейінгі (7 жасқа дейінгі) балаларды тіркеу туралы хабарлама");
    /**
     * The completion (Table 1 action 12, Table 2 action 14, Table 3 action 14, Table 4 action 14) and the hand-over
     * (Table 1 action 9, Table 2 action 15); on the portal the offer (para 8.10) and the consent (ours) before it.
     */
    private static final Map<Channel, List<String>> TOLD_RESULT = Map.of(
            Channel.ZHAO, List.of("COMPLETED: Қызмет көрсетуді аяқтау", "ISSUED: Электрондық мемлекеттік қызмет нәтижесін"
                    + " тұтынушыға қолма-қол беру немесе электрондық поштасына жіберу"),
            Channel.CON, List.of("COMPLETED: Қызмет көрсетудің аяқталуы", "ISSUED: Қызмет көрсету нәтижесін беру"),
            Channel.PORTAL, List.of("OFFERED: Ұсынылған МБҰ-ға тұтынушының жазбаша келісімін қалыптастыру: "
                            + "№50 «Еркетай» бөбекжайы (MBU-050)", "CONSENTED: Ұсынылған МБҰ-ға жазбаша келісім берілді",
                    "COMPLETED: Шығыс құжатын қарау мүмкіндігімен қызмет көрсетудің аяқталуы"),
            Channel.EASTANA, List.of("COMPLETED: Шығыс құжатты көру мүмкіндігімен қызмет көрсетуді аяқтау"));
    private static final Map<Channel, List<String>> TOLD_QUEUED = told(channel -> List.of(TOLD_INTERIM.get(channel)));
    private static final Map<Channel, List<String>> TOLD_REFERRED = told(TOLD_RESULT::get);

    private static Map<Channel, List<String>> told(java.util.function.Function<Channel, List<String>> end) {
        Map<Channel, List<String>> told = new java.util.EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            told.put(channel, concat(List.of(TOLD_ACCEPTED.get(channel), TOLD_DELIVERED.get(channel)),
                    TOLD_WORK.get(channel), end.apply(channel)));
        }
        return told;
    }

    /** What the channel was told about the application, "CODE: text", once {@code last} has reached it. */
    private static List<String> awaitTold(Channel channel, Submitted s, String last) {
        assertThat(channelMock(channel).awaitStatus(s.messageId(), last, WAIT)).as("%s told %s", channel, last).isPresent();
        return channelMock(channel).statuses(s.messageId()).stream()
                .map(told -> told.statusCode() + ": " + told.statusMessage()).toList();
    }

    /**
     * Audit, session 32 (seedaudit19): paras 6.10, 7.9, 8.10, 9.10 make the registration notice «аралық жауап/құжат»
     * when the МБҰ has no place «арыз берілген сәтте»: the answer within the channel's term (the ХҚКО's «3 күн»,
     * Table 2 action 6; the other tables' minutes), after which the child waits in the queue for a place, a wait the
     * text gives no term. Two months on, no step of the queued application is overdue and the channel is told no
     * OVERDUE.
     */
    @ParameterizedTest
    @EnumSource(Channel.class)
    void aQueuedChildWaitsWithoutATermAfterTheRegistrationNotice(Channel channel) {
        // MBU-045 has no place and no test frees one: queued on MBU-031, this child would take the place
        // noPlaceGivesRegistrationSlipThenReferralWhenAPlaceFreesUp frees there for its own child, when it runs first
        Submitted s = submit(channel, SampleApplication.on(channel).kindergartens("MBU-045"));
        awaitResult(channel, s, "registrationSlip");
        assertThat(channelMock(channel).awaitStatus(s.messageId(), "IN_QUEUE", WAIT)).isPresent();
        gateway.assembly().overdueSteps().scan(gateway.assembly().clock().instant().plus(Duration.ofDays(60)));
        assertThat(gateway.assembly().stepPlans().of(s.correlationId())).as("the plan the scan reads")
                .anySatisfy(p -> assertThat(p.dueAt()).isNotNull())
                .allSatisfy(p -> assertThat(p.overdueNotifiedAt()).as(p.stepId()).isNull());
        assertThat(channelMock(channel).statuses(s.messageId())).extracting(ChannelMock.StatusEntry::statusCode)
                .doesNotContain("OVERDUE");
    }

    /**
     * Audit, session 43 (seeds43): the terms of Tables 1-4 run out. The ЖАО's work cabinet is stopped, so nothing is
     * registered, taken into work, decided or sent: each step the gateway plans at the acceptance goes overdue at the
     * end of its table's rows, in the table's unit, and the channel is told once (OVERDUE, the gateway's text naming the
     * step), not a minute before. The ends are reckoned here from the text, not read from the plan: the rows' minutes
     * after the acceptance (ЖАО: Table 1 actions 3-4 2 min, 5-8 18, 9-10 6, 11-12 2; ХҚКО: Table 2 action 4 1 min,
     * action 5 10; Е-Астана: Table 4 actions 3-4 2 min, 5-9 18, 10-12 3, 13-15 3; ЭҮП: Table 3 actions 3-4 2 min, 5-9
     * 28, 10-12 3, 13-15 3: regs61b, each table's «Келесі іс-қимылдың нөмірі» row chains its ХҚКО АЖ rows 4, 10 and 15
     * as any other) and the ХҚКО's «3 күн (құжатты қабылдау және беру күні ... кірмейді)» (Table 2 action 6):
     * three calendar days after the day of acceptance, the Nauryz days 21-23 March counted, then actions 13-14's 2
     * minutes. The hand-overs (Table 1 action 9, Table 2 action 15) run from the consumer's arrival and are not planned.
     *
     * <p>terms44: and the service term's own row (the plan's last, {@code service-term}). The text states no term of the
     * whole service apart from its tables (the Standard that would is not part of seed 002; para 14 «Әрбір
     * іс-қимылдың орындалу мерзімін көрсете отырып ... 3-қосымшасында», Table 2 action 6 «құжатты қабылдау және беру
     * күні мемлекеттік қызмет көрсету мерзіміне кірмейді» speaks of the service's term in the table's days), so the
     * service's term ends with its table's last planned row (ours): the ЖАО's 28 minutes, the portal's 36, E-Astana's 26,
     * the ХҚКО's three calendar days after the day of acceptance (Nauryz counted) and 2 minutes. It is told once, at
     * that end, together with the last row, not a minute before.
     */
    @ParameterizedTest
    @EnumSource(Channel.class)
    void eachTermOfItsTableRunsOutAtItsEndInItsUnit(Channel channel) {
        var office = gateway.mocks().provider().orElseThrow();
        office.pause();
        try {
            Submitted s = submit(channel, SampleApplication.on(channel).kindergartens("MBU-045"));
            Instant accepted = gateway.assembly().applications().byCorrelationId(s.correlationId())
                    .orElseThrow().createdAt().toInstant();
            Map<String, Instant> ends = termEnds(channel, accepted);
            assertThat(gateway.assembly().stepPlans().of(s.correlationId()))
                    .filteredOn(p -> p.dueAt() != null)
                    .extracting(kz.qaqpa.store.StepPlans.Planned::stepId).as("the planned steps of %s", channel)
                    .containsExactlyElementsOf(ends.keySet());
            // rows ending at one moment (the last step and the service term) run out together
            Map<Instant, List<String>> byEnd = new LinkedHashMap<>();
            ends.forEach((step, end) -> byEnd.computeIfAbsent(end, e -> new java.util.ArrayList<>()).add(step));
            byEnd.forEach((end, steps) -> toldOverdueOnceAtItsEnd(channel, s, steps, end));
        } finally {
            office.resume();
        }
    }

    /**
     * reg49, an examiner's case: the ХҚКО's «3 күн (құжатты қабылдау және беру күні мемлекеттік қызмет көрсету мерзіміне
     * кірмейді)» (Table 2 action 6, l. 323) over the May holidays: accepted on Wednesday 6 May 2026, the three days are
     * 7 (a holiday), 8 and 9 May (Saturday, Victory Day), so the decision is due at the end of 9 May, a day off: calendar
     * days count the holidays and a term ending on one is not moved (docs/deadlines.md); the plan's other rows as above.
     */
    @org.junit.jupiter.api.Test
    void theCentresThreeDaysOverTheMayHolidaysEndOnVictoryDay() {
        kz.qaqpa.GatewayClock clock = gateway.assembly().clock();
        Instant before = clock.instant();
        try {
            clock.set(java.time.OffsetDateTime.parse("2026-05-06T10:00:00+05:00").toInstant());
            Instant ninthOfMayEnds = java.time.OffsetDateTime.parse("2026-05-10T00:00:00+05:00").toInstant();
            assertThat(termEnds(Channel.CON, clock.instant()).get("con-action-6")).as("the test's own reckoning")
                    .isEqualTo(ninthOfMayEnds);
            eachTermOfItsTableRunsOutAtItsEndInItsUnit(Channel.CON);
        } finally {
            clock.set(before);
        }
    }

    /**
     * Each planned step of {@code channel} and the end of its term, from the text's rows, in the table's order, and the
     * service term's row last.
     */
    private static Map<String, Instant> termEnds(Channel channel, Instant accepted) {
        Map<String, Instant> ends = new LinkedHashMap<>();
        switch (channel) {
            case ZHAO -> {
                ends.put("zhao-action-4", accepted.plus(Duration.ofMinutes(2)));
                ends.put("zhao-action-8", accepted.plus(Duration.ofMinutes(2 + 18)));
                ends.put("zhao-action-10", accepted.plus(Duration.ofMinutes(2 + 18 + 6)));
                ends.put("zhao-process-7", accepted.plus(Duration.ofMinutes(2 + 18 + 6 + 2)));
                ends.put(kz.qaqpa.store.StepPlans.SERVICE_TERM, accepted.plus(Duration.ofMinutes(28)));
            }
            case CON -> {
                ZoneId astana = ZoneId.of("Asia/Almaty");
                Instant threeDays = accepted.atZone(astana).toLocalDate().plusDays(1 + 3).atStartOfDay(astana)
                        .toInstant();
                ends.put("con-action-4", accepted.plus(Duration.ofMinutes(1)));
                ends.put("con-action-5", accepted.plus(Duration.ofMinutes(1 + 10)));
                ends.put("con-action-6", threeDays);
                ends.put("con-process-7", threeDays.plus(Duration.ofMinutes(2)));
                // the service's term in Table 2's unit: 24 March 00:02 in Astana, Nauryz (21-23 March) counted
                ends.put(kz.qaqpa.store.StepPlans.SERVICE_TERM, accepted.atZone(astana).toLocalDate().plusDays(4)
                        .atTime(0, 2).atZone(astana).toInstant());
            }
            case PORTAL -> {
                // Table 3 (printed one too high in block 1): actions 3-4, 5-9, 10-12, 13-15 in the order of its
                // «Келесі іс-қимылдың нөмірі» row (3 → 4 → 5, 9 → 10 → 11, 14 → 15)
                ends.put("portal-action-3", accepted.plus(Duration.ofMinutes(1 + 1)));
                ends.put("portal-action-9", accepted.plus(Duration.ofMinutes(2 + 28)));
                ends.put("portal-action-12", accepted.plus(Duration.ofMinutes(2 + 28 + 3)));
                ends.put("portal-process-8", accepted.plus(Duration.ofMinutes(2 + 28 + 3 + 3)));
                ends.put(kz.qaqpa.store.StepPlans.SERVICE_TERM, accepted.plus(Duration.ofMinutes(36)));
            }
            case EASTANA -> {
                // Table 4: actions 3-4, 5-9, 10-12, 13-15, chained as Table 3's
                ends.put("eastana-action-3", accepted.plus(Duration.ofMinutes(1 + 1)));
                ends.put("eastana-action-9", accepted.plus(Duration.ofMinutes(2 + 18)));
                ends.put("eastana-action-12", accepted.plus(Duration.ofMinutes(2 + 18 + 3)));
                ends.put("eastana-process-7", accepted.plus(Duration.ofMinutes(2 + 18 + 3 + 3)));
                ends.put(kz.qaqpa.store.StepPlans.SERVICE_TERM, accepted.plus(Duration.ofMinutes(26)));
            }
        }
        return ends;
    }

    /**
     * The step, still open, is not overdue a minute before {@code end}; a minute after it is, and the channel is told
     * so once, in the gateway's text naming the step.
     */
    private static void toldOverdueOnceAtItsEnd(Channel channel, Submitted s, List<String> stepIds, Instant end) {
        RegulationProgress.toldOverdueOnceAtItsEnd(gateway, s.correlationId(), channelMock(channel), s.messageId(), end,
                stepIds, WAIT);
    }

    private static List<String> toldNow(Channel channel, Submitted s) {
        return channelMock(channel).statuses(s.messageId()).stream()
                .map(told -> told.statusCode() + ": " + told.statusMessage()).toList();
    }

    /** Looks for overdue steps as the gateway's timer would at {@code at}, until none is left. */
    private static void scanForOverdueSteps(Instant at) {
        RegulationProgress.scanForOverdueSteps(gateway, at);
    }

    private static java.time.OffsetDateTime overdueNotifiedAt(Submitted s, String stepId) {
        return gateway.assembly().stepPlans().of(s.correlationId()).stream().filter(p -> p.stepId().equals(stepId))
                .findFirst().orElseThrow().overdueNotifiedAt();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Audit, session 43 (seeds43): para 8.10 «ұсынылған МБҰ-ға тұтынушының жазбаша келісімін қалыптастыру үдерісі және
     * ЖАО қызметкерінің ... нәтижесін ... қалыптастыру»: on the portal the ЖАО forms the referral after the consumer's
     * written consent to the offered МБҰ, and Table 3 gives the consumer's answer no row and no term. A consumer who
     * takes a day to consent has kept no one past a term: the portal is told no OVERDUE while the offer waits, and the
     * ЖАО's signed referral (actions 10-12, then 13-15) answering at once after the consent is on time.
     */
    @org.junit.jupiter.api.Test
    void thePortalConsumersTimeToConsentRunsNoTermOfTheProviders() {
        freePlaceAt("MBU-050");
        Submitted s = submit(Channel.PORTAL, SampleApplication.on(Channel.PORTAL).kindergartens("MBU-050"));
        assertThat(awaitOffer(s)).isEqualTo("MBU-050");
        Instant before = gateway.assembly().clock().instant();
        Instant dayLater = before.plus(Duration.ofDays(1));
        scanForOverdueSteps(dayLater);
        assertThat(gateway.assembly().stepPlans().of(s.correlationId())).as("nothing overdue while the consumer decides")
                .allSatisfy(p -> assertThat(p.overdueNotifiedAt()).as(p.stepId()).isNull());
        gateway.assembly().clock().set(dayLater);
        try {
            gateway.client(Channel.PORTAL).consent(s.correlationId(), "MBU-050", true,
                    gateway.pki().key("citizen-aigerim"));
            awaitResult(Channel.PORTAL, s, "referral");
            // Table 3 actions 10-12 (1 minute each) from the consent, then actions 13-15
            StatusHistory.Step consent = step(s, "portal-process-8-consent");
            assertThat(step(s, "portal-action-12").dueAt().toInstant()).as("the decision's term from the consent")
                    .isBetween(consent.startedAt().toInstant().plus(Duration.ofMinutes(3)),
                            consent.endedAt().toInstant().plus(Duration.ofMinutes(3)));
            assertThat(step(s, "portal-process-8").dueAt().toInstant())
                    .isEqualTo(step(s, "portal-action-12").dueAt().toInstant().plus(Duration.ofMinutes(3)));
            assertRegulationSteps(s, concat(INTAKE.get(Channel.PORTAL), WORK.get(Channel.PORTAL), OFFER_AND_CONSENT,
                    RESULT.get(Channel.PORTAL)), "COMPLETED");
            scanForOverdueSteps(gateway.assembly().clock().instant());
        } finally {
            gateway.assembly().clock().set(before);
        }
        assertThat(gateway.assembly().stepPlans().of(s.correlationId())).as("nothing overdue after the consent")
                .allSatisfy(p -> assertThat(p.overdueNotifiedAt()).as(p.stepId()).isNull());
        assertThat(toldNow(Channel.PORTAL, s)).noneMatch(told -> told.startsWith("OVERDUE"));
    }

    /**
     * wait43 (seeds43's Left): the start's replan on the calendar loaded (CalendarReplan, docs/deadlines.md) keeps the
     * consumer's wait of para 8.10. While the offer waits, the replan gives the suspended steps no due time back; after
     * the consent, with the ЖАО's work cabinet not yet opened, it plans them again from the consent (actions 10-12,
     * then 13-15), not from the acceptance: a consumer who took a day to consent leaves no step OVERDUE. Before, the
     * replan after the consent made `portal-action-12` due 31 minutes after the acceptance, a day past.
     */
    @org.junit.jupiter.api.Test
    void theReplanAtStartKeepsTheConsumersTimeToConsent() {
        freePlaceAt("MBU-050");
        Submitted s = submit(Channel.PORTAL, SampleApplication.on(Channel.PORTAL).kindergartens("MBU-050"));
        assertThat(awaitOffer(s)).isEqualTo("MBU-050");
        var office = gateway.mocks().provider().orElseThrow();
        office.pause();
        java.time.Instant before = gateway.assembly().clock().instant();
        java.time.Instant dayLater = before.plus(Duration.ofDays(1));
        try {
            gateway.assembly().calendarReplan().run(gateway.camelContext());
            assertThat(gateway.assembly().stepPlans().of(s.correlationId())).as("no due time while the offer waits")
                    .filteredOn(p -> p.endedAt() == null).allSatisfy(p -> assertThat(p.dueAt()).as(p.stepId()).isNull());
            gateway.assembly().clock().set(dayLater);
            gateway.client(Channel.PORTAL).consent(s.correlationId(), "MBU-050", true,
                    gateway.pki().key("citizen-aigerim"));
            Map<String, java.time.OffsetDateTime> resumed = openDues(s);
            assertThat(resumed).containsKeys("portal-action-12", "portal-process-8");
            java.time.Instant consented = step(s, "portal-process-8-consent").endedAt().toInstant();
            assertThat(resumed.get("portal-action-12").toInstant()).as("the decision's term from the consent")
                    .isEqualTo(consented.plus(Duration.ofMinutes(3)));

            gateway.assembly().calendarReplan().run(gateway.camelContext());
            assertThat(openDues(s)).as("the replan plans from the consent, not the acceptance").isEqualTo(resumed);
            scanForOverdueSteps(dayLater.plus(Duration.ofMinutes(1)));
            assertThat(gateway.assembly().stepPlans().of(s.correlationId())).as("nothing overdue after the replan")
                    .allSatisfy(p -> assertThat(p.overdueNotifiedAt()).as(p.stepId()).isNull());
        } finally {
            gateway.assembly().clock().set(before);
            office.resume();
        }
        awaitResult(Channel.PORTAL, s, "referral");
        assertThat(toldNow(Channel.PORTAL, s)).noneMatch(told -> told.startsWith("OVERDUE"));
    }

    private static Map<String, java.time.OffsetDateTime> openDues(Submitted s) {
        Map<String, java.time.OffsetDateTime> dues = new java.util.TreeMap<>();
        gateway.assembly().stepPlans().of(s.correlationId()).stream().filter(p -> p.endedAt() == null && p.dueAt() != null)
                .forEach(p -> dues.put(p.stepId(), p.dueAt()));
        return dues;
    }

    /**
     * Audit, session 35: para 11 «Тұтынушының электрондық мемлекеттік қызмет бойынша сұрау салуының орындалуын тексеру
     * тәсілі: ЭҮП-те «Қызметтерді алу тарихы» бөлімінде, сонымен қатар ЖАО-ға/ХҚКО-ға/Е-Астана АЖ-ға өтініш жасау
     * арқылы»: an application made at the ЖАО, the ХҚКО or in the E-Astana cabinet has its statuses in the portal's
     * history too. The portal receives every status the channel was told, in the same order, each as a NOTIFICATION
     * whose properties name the applicant's ЖСН and the channel, and no result; the channel is told as before (its
     * statuses and its result, no notice of the portal's). A portal application is told to the portal once.
     */
    @ParameterizedTest
    @EnumSource(Channel.class)
    void everyChannelsApplicationHasItsStatusesInThePortalsHistory(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel).withoutAttachment("BIRTH_CERTIFICATE");
        Submitted s = submit(channel, sample);
        awaitResult(channel, s, "refusal");
        assertThat(PortalHistory.assertTheSame(gateway, channelMock(channel), s.messageId(), s.correlationId(),
                "COMPLETED", Map.of("applicantIin", sample.build().getApplicant().getIin(), "channel", channel.name())))
                .contains("ACCEPTED", "REGISTERED", "COMPLETED");
        assertThat(channelMock(channel).results(s.correlationId())).as("the channel's result").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void missingDocumentGivesReasonedRefusal(Channel channel) {
        Submitted s = submit(channel, SampleApplication.on(channel).withoutAttachment("BIRTH_CERTIFICATE"));
        Element result = awaitResult(channel, s, "refusal");
        assertThat(text(result, "reasonCode")).isEqualTo("DOCUMENTS_MISSING");
        assertSignedByProviderEmployee(result);
        assertRegulationSteps(s, concat(INTAKE.get(channel), WORK.get(channel), RESULT.get(channel)), "COMPLETED");
    }

    /**
     * A child without a patronymic (a Kazakh or foreign name): App. 8's «Әкесінің аты *» asks for the patronymic a
     * child has, the signed application (App. 9) names the child in one blank «(баланың Т.А.Ө ...)», the slip names
     * the child without it and the text has no ground of refusal for it. The application goes through every channel.
     */
    @ParameterizedTest
    @EnumSource(Channel.class)
    void aChildWithoutAPatronymicIsRegistered(Channel channel) {
        // MBU-045 has no place and no test frees one: these children stay queued without taking another test's place
        SampleApplication sample = SampleApplication.on(channel).kindergartens("MBU-045");
        sample.build().getChild().getName().setMiddleName(null);
        Submitted s = submit(channel, sample);
        RegistrationSlip slip = ShepXml.fromNode(awaitResult(channel, s, "registrationSlip"), RegistrationSlip.class);
        assertThat(slip.getHeader().getChildName().getFirstName())
                .isEqualTo(sample.build().getChild().getName().getFirstName());
        assertThat(slip.getHeader().getChildName().getMiddleName()).isNull();
        assertRegulationSteps(s, concat(INTAKE.get(channel), WORK.get(channel), RESULT.get(channel)), "IN_QUEUE");
    }

    /**
     * Audit, session 41 (seeds41): App. 8 (l. 502-503, garbled: «... 3 МБҰ таңдау сілтемесімен бірге ...», read in the
     * notes as "from 1 up to 3 МБҰ") and App. 11's «МЭМ [sic] таңдап алынған нөмірлері»: a form choosing no
     * organisation, or four, is refused at the gate (SCE001, the schema names the element), nothing stored, on every
     * channel; three are taken.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Channel.class)
    void theFormChoosesOneToThreeOrganisations(Channel channel) {
        ChannelClient client = gateway.client(channel);
        for (String[] choice : List.of(new String[0], new String[] {"MBU-012", "MBU-031", "MBU-045", "MBU-050"})) {
            SampleApplication sample = SampleApplication.on(channel).kindergartens(choice);
            String messageId = channel + "-" + UUID.randomUUID();
            assertRefusedNothingStored(gateway, client, client.request(gateway.signed(sample), messageId), "SCE001",
                    "kindergarten");
        }
        // MBU-012 (2 places, no other case here uses it) first, then MBU-050 (the spare places): the child is not
        // queued on MBU-031, whose freed place another case expects for its own child
        Submitted three = submit(channel, SampleApplication.on(channel).kindergartens("MBU-012", "MBU-045", "MBU-050"));
        assertThat(gateway.assembly().applications().byCorrelationId(three.correlationId())).isPresent();
    }

    /** Para 8.10 on the portal: a consumer who does not agree gets no referral (the mock then queues the child). */
    @org.junit.jupiter.api.Test
    void portalConsumerDecliningTheOfferGetsNoReferral() {
        freePlaceAt("MBU-050");
        Submitted s = submit(Channel.PORTAL, SampleApplication.on(Channel.PORTAL).kindergartens("MBU-050"));
        String offered = awaitOffer(s);
        gateway.client(Channel.PORTAL).consent(s.correlationId(), offered, false, gateway.pki().key("citizen-aigerim"));
        assertThat(awaitResult(Channel.PORTAL, s, "registrationSlip").getLocalName()).isEqualTo("registrationSlip");
        // the slip reaches the portal before the IN_QUEUE that tells of it (reg52)
        assertThat(gateway.mocks().portal().awaitStatus(s.messageId(), "IN_QUEUE", WAIT)).isPresent();
        assertThat(gateway.mocks().portal().statuses(s.messageId())).extracting(ChannelMock.StatusEntry::statusCode)
                .contains("OFFERED", "DECLINED", "IN_QUEUE").doesNotContain("COMPLETED");
    }

    /** The consent is the consumer's: signed by someone else, or for another place, it is refused. */
    @org.junit.jupiter.api.Test
    void consentMustBeTheApplicantsAndForTheOfferedPlace() {
        freePlaceAt("MBU-050");
        Submitted s = submit(Channel.PORTAL, SampleApplication.on(Channel.PORTAL).kindergartens("MBU-050"));
        String offered = awaitOffer(s);
        ChannelClient portal = gateway.client(Channel.PORTAL);
        String applicant = gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow()
                .applicantIin();
        assertThatThrownBy(() -> portal.consent(s.correlationId(), offered, true, gateway.pki().key("citizen-erlan")))
                .isInstanceOfSatisfying(RemoteFault.class, f -> assertRefusal(f, "SCE020",
                        "the consent must be signed by the applicant " + applicant + ", not by "));
        // the field the route names (consent.kindergartenCode) against the offer's
        assertThatThrownBy(() -> portal.consent(s.correlationId(), "MBU-045", true, gateway.pki().key("citizen-aigerim")))
                .isInstanceOfSatisfying(RemoteFault.class, f -> assertRefusal(f, "SCE020",
                        "the consent's kindergartenCode 'MBU-045' does not match the application ('" + offered + "')"));
        assertThat(gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow().statusCode())
                .isEqualTo("OFFERED");
        portal.consent(s.correlationId(), offered, true, gateway.pki().key("citizen-aigerim"));
        assertThat(awaitResult(Channel.PORTAL, s, "referral")).isNotNull();
    }

    /** Only the portal's text has the consent: a consent on another channel is no step of the regulation. */
    @org.junit.jupiter.api.Test
    void consentOnAChannelWithoutOfferIsNotInTheRegulation() {
        freePlaceAt("MBU-050");
        Submitted s = submit(Channel.EASTANA, SampleApplication.on(Channel.EASTANA).kindergartens("MBU-050"));
        awaitResult(Channel.EASTANA, s, "referral");
        assertThatThrownBy(() -> gateway.client(Channel.EASTANA).consent(s.correlationId(), "MBU-050", true,
                gateway.pki().key("citizen-bolat"))).isInstanceOfSatisfying(RemoteFault.class,
                f -> assertRefusal(f, "SCE033", "the regulation has no step for ", " on channel EASTANA"));
    }

    /** Para 17, Appendix 12: the consumer's answers about a finished application are kept and shown with it. */
    @org.junit.jupiter.api.Test
    void questionnaireOfAFinishedApplicationIsKeptAndShownWithIt() throws Exception {
        Submitted s = submit(Channel.EASTANA, SampleApplication.on(Channel.EASTANA).withoutAttachment("BIRTH_CERTIFICATE"));
        awaitResult(Channel.EASTANA, s, "refusal");
        awaitSteps(s, 8);
        ChannelClient eastana = gateway.client(Channel.EASTANA);
        eastana.questionnaire(s.correlationId(), kz.qaqpa.mocks.walkthrough.SampleQuestionnaire.about(s.correlationId()));
        assertThat(step(s, "eastana-appendix-12").outcome()).isEqualTo("questionnaire answered");
        java.net.http.HttpResponse<String> shown = java.net.http.HttpClient.newHttpClient().send(
                gateway.consoleRequest("/applications/" + s.correlationId().replaceAll("[{}]", "")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(shown.body()).contains("kind=\"qualityQuestionnaire\"").contains("processAndResultSatisfaction")
                .as("a time a step has not got is left out, not written as null").doesNotContain(">null<");
        assertThatThrownBy(() -> eastana.questionnaire(s.correlationId(),
                kz.qaqpa.mocks.walkthrough.SampleQuestionnaire.about(s.correlationId())))
                .isInstanceOfSatisfying(RemoteFault.class, f -> assertRefusal(f, "SCE032",
                        "application '" + s.correlationId() + "' already has the consumer's questionnaire"));
    }

    /**
     * Para 17: «Тұтынушыларға электрондық мемлекеттік қызметті көрсету нәтижелері осы Регламенттің 12-қосымшасына
     * сәйкес сапа мен қолжетімділік көрсеткіштерімен өлшенеді»: every channel's consumer answers Appendix 12 about a
     * finished application, on that channel's own step (session 39: the step coverage showed zhao-, con- and
     * portal-appendix-12 never taken; only Е-Астана's was).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Channel.class, names = {"ZHAO", "CON", "PORTAL"})
    void questionnaireOfAReferralIsTakenOnTheOtherChannels(Channel channel) {
        freePlaceAt("MBU-050");
        Submitted s = submit(channel, SampleApplication.on(channel).kindergartens("MBU-050"));
        if (channel == Channel.PORTAL) {
            consentToOffer(s, "MBU-050");
        }
        awaitResult(channel, s, "referral");
        gateway.client(channel).questionnaire(s.correlationId(),
                kz.qaqpa.mocks.walkthrough.SampleQuestionnaire.about(s.correlationId()));
        assertThat(step(s, channel.name().toLowerCase() + "-appendix-12").outcome()).isEqualTo("questionnaire answered");
        assertThat(gateway.assembly().applicationDocuments().latest(s.correlationId(), "qualityQuestionnaire")).isPresent();
    }

    /** The questionnaire is for a finished application: one still waiting in the queue cannot be rated yet. */
    @org.junit.jupiter.api.Test
    void questionnaireBeforeTheFinalResultIsRefused() {
        Submitted s = submit(Channel.EASTANA, SampleApplication.on(Channel.EASTANA).kindergartens("MBU-045"));
        awaitResult(Channel.EASTANA, s, "registrationSlip");
        awaitSteps(s, 8);
        assertThatThrownBy(() -> gateway.client(Channel.EASTANA).questionnaire(s.correlationId(),
                kz.qaqpa.mocks.walkthrough.SampleQuestionnaire.about(s.correlationId())))
                .isInstanceOfSatisfying(RemoteFault.class, f -> assertRefusal(f, "SCE032",
                        "application '" + s.correlationId() + "' is IN_QUEUE: the questionnaire is for a finished"
                                + " application"));
    }

    /**
     * Table 2: the ЖАО's decision takes "3 days, the day of acceptance and the day of issue not counted", from the
     * ХҚКО's acceptance: the due time is fixed then, whenever the provider reports that it started.
     */
    @org.junit.jupiter.api.Test
    void conDecisionIsDueThreeDaysAfterTheDayOfAcceptanceFixedAtAcceptance() {
        freePlaceAt("MBU-050");
        Submitted s = submit(Channel.CON, SampleApplication.on(Channel.CON).kindergartens("MBU-050"));
        awaitResult(Channel.CON, s, "referral");
        var application = gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow();
        ZoneId astana = ZoneId.of("Asia/Almaty");
        Instant expected = application.createdAt().atZoneSameInstant(astana).toLocalDate().plusDays(4)
                .atStartOfDay(astana).toInstant();
        StatusHistory.Step decision = step(s, "con-action-6");
        assertThat(decision.dueAt().toInstant()).isEqualTo(expected);
        assertThat(plannedDue(s, "con-action-6")).isEqualTo(expected);
        assertThat(decision.startedAt()).isAfter(application.createdAt());
    }

    /**
     * Front-office norms run from the consumer's arrival as the channel reports it: the ХҚКО operator's 30 minutes
     * to check the documents (Table 2 action 1) and 15 minutes to issue the result (action 15).
     */
    @org.junit.jupiter.api.Test
    void frontOfficeNormsRunFromTheConsumersArrival() {
        Instant arrived = gateway.assembly().clock().instant().minus(Duration.ofMinutes(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        freePlaceAt("MBU-050");
        SampleApplication sample = SampleApplication.on(Channel.CON).kindergartens("MBU-050");
        String messageId = "CON-" + UUID.randomUUID();
        var message = gateway.client(Channel.CON).request(gateway.signed(sample), messageId);
        message.getRequest().getMessageInfo().getProperties().add(ChannelClient.arrival(arrived));
        Submitted s = new Submitted(messageId, gateway.client(Channel.CON).send(message).getCorrelationId());
        StatusHistory.Step form = step(s, "con-process-3");
        assertThat(form.startedAt().toInstant()).isEqualTo(arrived);
        assertThat(form.dueAt().toInstant()).isEqualTo(arrived.plus(Duration.ofMinutes(30)));
        // Table 2 actions 2-3 (registration with a number, routing), 1 minute each; the conditions have no row
        StatusHistory.Step forward = step(s, "con-process-6");
        assertThat(Duration.between(forward.startedAt(), forward.dueAt())).isEqualTo(Duration.ofMinutes(2));
        assertThat(step(s, "con-condition-1").dueAt()).as("condition 1 has no row in Table 2").isNull();
        assertThat(step(s, "con-condition-2").dueAt()).as("condition 2 has no row in Table 2").isNull();
    }

    private static void handOverWhereTheRegulationHasIt(Channel channel, Submitted s, List<String> expected) {
        String step = HAND_OVER.get(channel);
        if (step == null) {
            assertThatThrownBy(() -> gateway.client(channel).handOver(s.correlationId(), null))
                    .isInstanceOfSatisfying(RemoteFault.class, f -> assertThat(f.code()).isEqualTo("SCE033"));
            return;
        }
        Instant arrived = gateway.assembly().clock().instant().minus(Duration.ofMinutes(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        gateway.client(channel).handOver(s.correlationId(), arrived);
        expected.add(step);
        assertRegulationSteps(s, expected, "ISSUED");
        StatusHistory.Step handOver = step(s, step);
        assertThat(handOver.startedAt().toInstant()).isEqualTo(arrived);
        if (channel == Channel.CON) {   // Table 2 action 15
            assertThat(handOver.dueAt().toInstant()).isEqualTo(arrived.plus(Duration.ofMinutes(15)));
        } else {   // Table 1 action 9's 5 minutes make the output document (in zhao-action-10): no norm of its own
            assertThat(handOver.dueAt()).isNull();
        }
        assertThat(channelMock(channel).awaitStatus(s.messageId(), "ISSUED", WAIT)).isPresent();
    }

    private static String awaitOffer(Submitted s) {
        gateway.mocks().portal().awaitStatus(s.messageId(), "OFFERED", WAIT)
                .orElseThrow(() -> new AssertionError("no place offered to the portal for " + s));
        return gateway.assembly().applications().byCorrelationId(s.correlationId()).map(a -> a.statusMessage())
                .map(m -> m.replaceAll(".*\\((MBU-\\d+)\\)$", "$1")).orElseThrow();
    }

    private static void consentToOffer(Submitted s, String kindergarten) {
        assertThat(awaitOffer(s)).isEqualTo(kindergarten);
        gateway.client(Channel.PORTAL).consent(s.correlationId(), kindergarten, true, gateway.pki().key("citizen-aigerim"));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void condition1FailureIsTheRegulationsAuthorisationRefusal(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel);
        ChannelClient impostor = switch (channel) {
            case PORTAL -> gateway.client("PORTAL", "wrong", "portal");
            case CON -> gateway.client("CON", "wrong", "con");
            case ZHAO, EASTANA -> gateway.client("EASTANA", "wrong", "eastana");
        };
        String messageId = UUID.randomUUID().toString();
        // process 2's text of the channel's paragraph (audit, session 41: each channel's own words, not one pattern)
        assertRefusedNothingStored(gateway, impostor, impostor.request(gateway.signed(sample), messageId), "SCE003",
                REFUSAL_1.get(channel));
    }

    /** Process 2 (paras 6.4, 7.3, 8.4, 9.4), verbatim less «туралы хабарлама(ны) жасау / қалыптастыру». */
    private static final Map<Channel, String> REFUSAL_1 = Map.of(
            Channel.ZHAO, "ЖАО қызметкері дерегінің бұзылуына байланысты Е-Астана АЖ авторизациядан бас тарту",
            Channel.CON, "ХҚКО операторының деректерінде бұзушылықтар болуына байланысты ХҚКО АЖ-да авторизациялаудан бас тарту",
            Channel.PORTAL, "тұтынушының деректерінде бұзушылықтар болуына байланысты ЭҮП-те авторизациялаудан бас тарту",
            Channel.EASTANA, "Е-Астана АЖ (жеке кабинет) тұтынушы деректерінде бұзылудың болуына байланысты авторизациядан"
                    + " бас тарту");
    /** Process 5 (paras 6.8, 7.7, 9.8) and process 6 (para 8.8), verbatim less «туралы хабарлама(ны) ...». */
    private static final Map<Channel, String> REFUSAL_2 = Map.of(
            Channel.ZHAO, "ЖАО қызметкерлері ЭСК дұрыстығын растамауына байланысты сұралған электрондық мемлекеттік"
                    + " қызметтен бас тарту",
            Channel.CON, "ХҚКО операторының ЭСК түпнұсқалығының расталмауына байланысты сұрау салынатын электрондық"
                    + " мемлекеттік қызметтен бас тарту",
            Channel.PORTAL, "тұтынушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұрау салынатын электрондық"
                    + " мемлекеттік қызметтен бас тарту",
            Channel.EASTANA, "тұтынушының ЭСҚ түпнұсқалығының расталмауына байланысты сұрау салынатын электрондық"
                    + " мемлекеттік қызметтен бас тарту");

    @ParameterizedTest
    @EnumSource(Channel.class)
    void condition2FailureIsTheRegulationsSignatureRefusal(Channel channel) {
        // the document is signed by someone whose ЖСН is not the one the request names
        SampleApplication sample = SampleApplication.on(channel).signedBy("citizen-erlan");
        String messageId = UUID.randomUUID().toString();
        ChannelClient client = gateway.client(channel);
        // the channel's own paragraph: 6.8 (ЖАО) «...ЭСК дұрыстығын растамауына...», 7.7, 8.8, 9.8 «...расталмауына...»
        assertRefusedNothingStored(gateway, client, client.request(gateway.signed(sample), messageId), "SCE020",
                REFUSAL_2.get(channel));
    }

    /** Para 9.7: E-Astana checks the ЖСН and the validity period only; the other channels also the revoked list. */
    @org.junit.jupiter.api.Test
    void eastanaSkipsTheRevocationCheckThePortalMakes() {
        java.time.LocalDate born = java.time.LocalDate.of(2023, 1, 15);
        SampleApplication onEastana = SampleApplication.on(Channel.EASTANA)
                .family("830421302206", "ORAZOV", "MARAT", "230115510002", "ORAZOV", "DAMIR", born)
                .signedBy("citizen-revoked").kindergartens("MBU-050");
        freePlaceAt("MBU-050");
        Submitted s = submit(Channel.EASTANA, onEastana);
        assertThat(awaitResult(Channel.EASTANA, s, "referral").getLocalName()).isEqualTo("referral");

        SampleApplication onPortal = SampleApplication.on(Channel.PORTAL)
                .family("830421302206", "ORAZOV", "MARAT", "230115510002", "ORAZOV", "DAMIR", born)
                .signedBy("citizen-revoked");
        assertThatThrownBy(() -> gateway.client(Channel.PORTAL).submit(gateway.signed(onPortal)))
                .isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE015");
                    assertThat(f.error().getErrorMessage()).containsIgnoringCase("revoked");
                });
    }

    /**
     * Para 9.7 leaves out only the revoked list: E-Astana still checks «ЭСҚ тіркеу куәлігінің мерзімін» (the
     * certificate's term). The expired citizen's (KASYMOVA SAULE, 791205404405) own application there is refused
     * with process 5's refusal (SCE015), as on the portal (para 8.7), and nothing is stored.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Channel.class, names = {"EASTANA", "PORTAL"})
    void anExpiredCertificateIsRefusedWhereTheConsumerSigns(Channel channel) {
        SampleApplication expired = SampleApplication.on(channel)
                .family("791205404405", "KASYMOVA", "SAULE", "230115510002", "KASYMOVA", "DAMIR",
                        java.time.LocalDate.of(2023, 1, 15))
                .signedBy("citizen-expired");
        String messageId = channel + "-" + java.util.UUID.randomUUID();
        ChannelClient client = gateway.client(channel);
        assertRefusedNothingStored(gateway, client, client.request(gateway.signed(expired), messageId), "SCE015",
                text -> assertThat(text).containsIgnoringCase("expired"));
    }

    /**
     * Condition 2 where the staff sign: the ЖАО employee (para 6.7: «... ЭСК тіркеу куәлігінің мерзімін және Е-Астана
     * АЖ-да тіркеу куәлігінің қайта шақырылған (жойылған) тізімде жоқтығын тексеру») and the ХҚКО operator (para 7.6,
     * the same in ХҚКО АЖ). Their expired certificate (the test НУЦ issues one for the subject) or revoked one (the
     * Education Department's DAULETOV ARMAN, employee-revoked; the operator's issued revoked) is process 5's refusal
     * (SCE015), nothing stored.
     */
    @ParameterizedTest(name = "{0}: {1} certificate")
    @org.junit.jupiter.params.provider.CsvSource({"ZHAO, expired", "ZHAO, revoked", "CON, expired", "CON, revoked"})
    void condition2RefusesTheStaffsExpiredOrRevokedCertificate(Channel channel, String certificate) {
        SampleApplication sample = SampleApplication.on(channel);
        kz.qaqpa.trust.KeyMaterial key;
        if (channel == Channel.ZHAO && "revoked".equals(certificate)) {
            sample.operator("860606301209");
            key = gateway.pki().key("employee-revoked");
        } else {
            String alias = channel == Channel.ZHAO ? "employee-zhao" : "operator-con";
            key = "expired".equals(certificate) ? gateway.pki().issueExpired(alias) : gateway.pki().issueRevoked(alias);
        }
        assertRefusedAtCondition2(channel, GatewayHarness.signed(sample, key), "SCE015");
    }

    /**
     * Whose staff sign: «ЖАО қызметкері» (para 6.6), the Education Department's employee, and «ХҚКО операторы» (para
     * 7.5). An employee of another organisation (the archive's KARIMOV ASKAR at the ЖАО, the Education Department's
     * ISMAILOVA ZHANAR at the ХҚКО), named as the request's operator and signing with a valid certificate of her own
     * organisation, is refused (SCE020), nothing stored.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"ZHAO, employee-archive, 830715301236",
            "CON, employee-zhao, 750618409005"})
    void condition2RefusesAnotherOrganisationsEmployee(Channel channel, String alias, String iin) {
        SampleApplication sample = SampleApplication.on(channel).operator(iin).signedBy(alias);
        assertRefusedAtCondition2(channel, gateway.signed(sample), "SCE020");
    }

    /**
     * The consumer is a person: every channel's condition 2 compares «сұрау салуда көрсетілген ЖСН» with the
     * certificate's ЖСН (paras 6.7, 7.6, 8.7, 9.7), the portal registers with ЖСН (para 8.1), and the text names no БСН.
     * A form naming a legal entity's БСН (QAZAQ DEREK's, its employee SAPAROVA signing where the applicant signs) is
     * refused at the gate (SCE001), nothing stored.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Channel.class)
    void aLegalEntityDoesNotApply(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel);
        if (channel == Channel.PORTAL || channel == Channel.EASTANA) {
            sample.applicantIin("910203404568").signedBy("entity-employee");
        }
        Element form = ShepXml.toElement(sample.build());
        Element applicant = (Element) form.getElementsByTagNameNS(form.getNamespaceURI(), "applicant").item(0);
        Element bin = form.getOwnerDocument().createElementNS(form.getNamespaceURI(), "applicantBin");
        bin.setTextContent("150840005673");
        form.insertBefore(bin, applicant.getNextSibling());
        kz.qaqpa.trust.DocumentSigner.sign(form, gateway.pki().key(sample.signerAlias()));
        String messageId = channel + "-" + UUID.randomUUID();
        ChannelClient client = gateway.client(channel);
        assertRefusedNothingStored(gateway, client, client.request(form, messageId), "SCE001", "applicantBin");
    }

    /** Process 5's refusal (paras 6.8, 7.7, each channel's own words) with {@code code}; nothing stored. */
    private static void assertRefusedAtCondition2(Channel channel, Element signed, String code) {
        String messageId = channel + "-" + UUID.randomUUID();
        ChannelClient client = gateway.client(channel);
        assertRefusedNothingStored(gateway, client, client.request(signed, messageId), code, REFUSAL_2.get(channel));
    }

    // ------------------------------------------------------------------ reg57a: an examiner's cases, session 57

    /**
     * reg57a: para 6.10 (l. 115) makes the reasoned refusal one of the ЖАО's results («... не болмаса қызмет
     * көрсетуден бас тарту туралы нақты жауап») and then «ЖАО қызметкері электрондық мемлекеттік қызмет нәтижесін
     * тұтынушыға қолма-қол немесе электрондық поштасына жолдау арқылы береді»; para 7.9-7.10 (l. 137-139) the same at
     * the ХҚКО (process 8, Table 2 action 15's 15 minutes from the arrival). A refusal is handed over as a referral is:
     * ISSUED, told in the table's words; the portal and E-Astana (paras 8.10, 9.10: the personal cabinet) have no
     * hand-over (SCE033).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Channel.class)
    void aReasonedRefusalIsHandedOverWhereTheParagraphHandsOverTheResult(Channel channel) {
        Submitted s = submit(channel, SampleApplication.on(channel).withoutAttachment("BIRTH_CERTIFICATE"));
        awaitResult(channel, s, "refusal");
        List<String> expected = new java.util.ArrayList<>(concat(INTAKE.get(channel), WORK.get(channel),
                RESULT.get(channel)));
        assertRegulationSteps(s, expected, "COMPLETED");
        handOverWhereTheRegulationHasIt(channel, s, expected);
        if (HAND_OVER.containsKey(channel)) {
            assertThat(awaitTold(channel, s, "ISSUED")).as("%s: the hand-over told last", channel)
                    .endsWith(TOLD_RESULT.get(channel).get(1));
        } else {
            assertThat(gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow().statusCode())
                    .isEqualTo("COMPLETED");
        }
    }

    /**
     * reg57a: condition 2 where the consumer signs checks «ЭЦҚ тіркеу куәлігінің мерзімін және ЭҮП-те тіркеу
     * куәлігінің қайта шақырылған (жойылған) тізімде жоқтығын» (para 8.7, l. 155) and on E-Astana «ЭСҚ тіркеу
     * куәлігінің мерзімін» (para 9.7, l. 177); its failure is the channel's own process: 6 on the portal «тұтынушының
     * ЭЦҚ түпнұсқалығының расталмауына байланысты ... бас тарту» (l. 157), 5 on E-Astana «тұтынушының ЭСҚ
     * түпнұсқалығының расталмауына байланысты ...» (l. 179). The consumer's own expired or revoked certificate gets
     * those words (the staff's were pinned; the consumer's only as "expired" / "revoked"), nothing stored.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"PORTAL, citizen-expired", "PORTAL, citizen-revoked",
            "EASTANA, citizen-expired"})
    void theConsumersExpiredOrRevokedCertificateGetsItsChannelsProcessText(Channel channel, String alias) {
        SampleApplication sample = alias.equals("citizen-expired")
                ? SampleApplication.on(channel).family("791205404405", "KASYMOVA", "SAULE", "230115510002",
                        "KASYMOVA", "DAMIR", java.time.LocalDate.of(2023, 1, 15))
                : SampleApplication.on(channel).family("830421302206", "ORAZOV", "MARAT", "230115510002", "ORAZOV",
                        "DAMIR", java.time.LocalDate.of(2023, 1, 15));
        assertRefusedAtCondition2(channel, gateway.signed(sample.signedBy(alias)), "SCE015");
    }

    /**
     * reg57a: para 1 (l. 45) opens E-Astana and the portal «алушының электрондық сандық қолы болған жағдайда», para 19
     * item 4 (l. 230) asks «тұтынушының ЭСҚ болуы», and every channel's condition 2 compares the request's ЖСН with the
     * one in the signer's registration certificate (paras 6.7, 7.6, 8.7, 9.7). A request nobody signed has no EDS to
     * confirm: the channel's own process 5 (6 on the portal) refuses it, SCE017, nothing stored (BadInputTest pinned
     * the portal's fixed unsigned request by its code only).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Channel.class)
    void anUnsignedRequestGetsItsChannelsSignatureRefusal(Channel channel) {
        Element unsigned = ShepXml.toElement(SampleApplication.on(channel).build());
        String messageId = channel + "-" + UUID.randomUUID();
        ChannelClient client = gateway.client(channel);
        assertRefusedNothingStored(gateway, client, client.request(unsigned, messageId), "SCE017",
                REFUSAL_2.get(channel));
    }

    /**
     * reg57a: ХҚКО АЖ sees the status of every channel's application, whatever its result: Table 1 actions 7 and
     * 10-12 (l. 290-304, «ХҚКО АЖ сұраныс мәртебесін ауыстыру туралы хабарламаны бағдарлау», «ХҚКО АЖ қызмет көрсету
     * мәртебесін ауыстыру туралы хабарлама жасау»), Table 3 actions 8, 10, 12-13 and 15, Table 4 actions 8, 10, 12-13
     * and 15. Pinned for a referral (`#placeAvailableGivesReferral`); here the interim notification (the child queued,
     * in the channel's paragraph's words) and the reasoned refusal reach ХҚКО АЖ too on the ЖАО, portal and E-Astana.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Channel.class, names = {"ZHAO", "PORTAL", "EASTANA"})
    void theXkkoIsToldOfTheQueueAndOfTheRefusalOnEveryChannel(Channel channel) {
        Submitted queued = submit(channel, SampleApplication.on(channel).kindergartens("MBU-045"));
        awaitResult(channel, queued, "registrationSlip");
        assertThat(gateway.mocks().con().awaitStatus(queued.messageId(), "IN_QUEUE", WAIT)).as("%s queued", channel)
                .get().extracting(told -> "IN_QUEUE: " + told.statusMessage()).isEqualTo(TOLD_INTERIM.get(channel));
        Submitted refused = submit(channel, SampleApplication.on(channel).withoutAttachment("BIRTH_CERTIFICATE"));
        awaitResult(channel, refused, "refusal");
        assertThat(gateway.mocks().con().awaitStatus(refused.messageId(), "COMPLETED", WAIT)).as("%s refused", channel)
                .isPresent();
    }

    /**
     * reg57a: para 17 (l. 208) measures «электрондық мемлекеттік қызметті көрсету нәтижелері» by App. 12; paras 6.10,
     * 7.9, 8.10 (l. 115, 137, 163) make the registration notification an interim answer («аралық жауап / құжат
     * ретінде»), after which the child waits for a place. While the child waits there is no result to rate: on the
     * ЖАО, ХҚКО and portal channels (E-Astana's was pinned) the questionnaire is SCE032, nothing kept, no step added.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Channel.class, names = {"ZHAO", "CON", "PORTAL"})
    void aQuestionnaireWhileTheChildWaitsInTheQueueIsRefusedOnEveryChannel(Channel channel) {
        // MBU-045 has no place and no test frees one: the child stays queued
        Submitted s = submit(channel, SampleApplication.on(channel).kindergartens("MBU-045"));
        awaitResult(channel, s, "registrationSlip");
        awaitSteps(s, concat(INTAKE.get(channel), WORK.get(channel), RESULT.get(channel)).size());
        int before = gateway.assembly().statusHistory().of(s.correlationId()).size();
        assertThatThrownBy(() -> gateway.client(channel).questionnaire(s.correlationId(),
                kz.qaqpa.mocks.walkthrough.SampleQuestionnaire.about(s.correlationId())))
                .isInstanceOfSatisfying(RemoteFault.class, f -> assertRefusal(f, "SCE032",
                        "application '" + s.correlationId() + "' is IN_QUEUE: the questionnaire is for a finished"
                                + " application"));
        assertThat(gateway.assembly().statusHistory().of(s.correlationId())).hasSize(before);
        assertThat(gateway.assembly().applicationDocuments().latest(s.correlationId(), "qualityQuestionnaire")).isEmpty();
    }

    /**
     * reg57a: App. 12 (l. 648-663) prints three answers under each of its two questions, «1) қанағаттанған жоқпын;
     * 2) ішінара қанағаттанамын; 3) қанағаттанамын». An answer the form does not print, to either question, is refused
     * at the form (SCE001 naming the question, then quoting the answer and the three the form prints: session 58,
     * the fault names the element a violation is in), nothing kept and no step added; the finished application stays
     * as it was.
     */
    @ParameterizedTest(name = "{0} answered «{1}»")
    @org.junit.jupiter.params.provider.CsvSource({"processAndResultSatisfaction, VERY_SATISFIED",
            "processAndResultSatisfaction, 4", "informationSatisfaction, ''", "informationSatisfaction, satisfied"})
    void aQuestionnaireAnswerTheFormDoesNotPrintIsRefused(String question, String answer) {
        Submitted s = submit(Channel.EASTANA, SampleApplication.on(Channel.EASTANA).withoutAttachment("BIRTH_CERTIFICATE"));
        awaitResult(Channel.EASTANA, s, "refusal");
        awaitSteps(s, concat(INTAKE.get(Channel.EASTANA), WORK.get(Channel.EASTANA), RESULT.get(Channel.EASTANA)).size());
        int before = gateway.assembly().statusHistory().of(s.correlationId()).size();
        Element form = ShepXml.toElement(kz.qaqpa.mocks.walkthrough.SampleQuestionnaire.about(s.correlationId()));
        form.getElementsByTagNameNS("*", question).item(0).setTextContent(answer);
        ChannelClient eastana = gateway.client(Channel.EASTANA);
        assertThatThrownBy(() -> eastana.report("UPDATE", ChannelClient.SERVICE_ID, s.correlationId(), form, null))
                .isInstanceOfSatisfying(RemoteFault.class, f -> assertRefusal(f, "SCE001", question + ": ", "'" + answer + "'",
                        "NOT_SATISFIED, PARTIALLY_SATISFIED, SATISFIED"));
        assertThat(gateway.assembly().statusHistory().of(s.correlationId())).hasSize(before);
        assertThat(gateway.assembly().applicationDocuments().latest(s.correlationId(), "qualityQuestionnaire")).isEmpty();
        assertThat(gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow().statusCode())
                .isEqualTo("COMPLETED");
    }

    // ------------------------------------------------------------ examiner69b: an examiner's cases, session 69

    /**
     * examiner69b: the applicant asks for a place for his or her child, never for himself. App. 9 (l. 535-537), the
     * application the consumer signs: «Бала-бақшаға менің ұлыма (қызыма) ___ (баланың Т.А.Ө және туған күні) ___ орын
     * бөлуіңізді сұраймын» (allocate a place for my son (daughter)); App. 8 asks the applicant's block («Отбасы беруші
     * туралы ақпарат», l. 467) and the child's («Бала туралы ақпарат», l. 491) apart; the slip prints the parents'
     * name beside the child's (App. 11 l. 600-607 «Ата-анаңыз аты-жөні», «Баланың тегі»). A form giving the
     * applicant's own ИИН as the child's contradicts itself: refused at process 3 (SCE001 quoting the rule), nothing
     * stored, on every channel. The applicant's birth date follows the ИИН, so the child's is set to the same day.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Channel.class)
    void anApplicantDoesNotApplyForHimselfAsTheChild(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel);
        kz.qaqpa.document.kindergarten.Application form = sample.build();
        String own = form.getApplicant().getIin();
        form.getChild().setIin(own);
        form.getChild().setBirthDate(form.getApplicant().getBirthDate());
        String messageId = channel + "-" + UUID.randomUUID();
        ChannelClient client = gateway.client(channel);
        assertRefusedNothingStored(gateway, client, client.request(gateway.signed(sample), messageId), "SCE001",
                text -> assertThat(text).contains("«менің ұлыма (қызыма)»"));
    }

    /**
     * examiner69b: the child is born when the form is made. App. 8 asks «Балаңыз туған күні *» and «Туу туралы ақт.
     * жазушының нөмірі *» (l. 497-498: the child's birth date and the number of its birth record, which only a birth
     * makes), App. 9 «(баланың Т.А.Ө және туған күні)» (l. 537), and the service registers «мектеп жасына дейінгі (7
     * жасқа дейінгі) балаларды» (children under 7). A form whose child (ИИН and date agreeing) is born after the day the
     * form says it was submitted is refused at process 3 (SCE001), nothing stored, on every channel; the provider had
     * queued or referred a child not yet born.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Channel.class)
    void aChildBornAfterTheFormWasSubmittedIsNotRegistered(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel);
        kz.qaqpa.document.kindergarten.Application form = sample.build();
        // a girl born a year after today (the form's submittedAt is now), her ИИН naming that day
        java.time.LocalDate born = java.time.LocalDate.now(ZoneId.of("Asia/Almaty")).plusYears(1);
        form.getChild().setIin(girlBornOn(born));
        form.getChild().setBirthDate(kz.qaqpa.mocks.soap.DataElements.date(born));
        form.getChild().setSonOrDaughter("DAUGHTER");
        String messageId = channel + "-" + UUID.randomUUID();
        ChannelClient client = gateway.client(channel);
        assertRefusedNothingStored(gateway, client, client.request(gateway.signed(sample), messageId), "SCE001",
                text -> assertThat(text).contains("born by the day the form was submitted"));
    }

    /** A valid ИИН of a girl born in the 2000s on {@code born}: the date, century digit 6, the first serial that checks. */
    private static String girlBornOn(java.time.LocalDate born) {
        String head = born.format(java.time.format.DateTimeFormatter.ofPattern("yyMMdd")) + "6";
        for (int serial = 1; ; serial++) {
            String body = head + String.format("%04d", serial);
            for (int check = 0; check <= 9; check++) {
                if (kz.qaqpa.trust.IdentificationNumber.isValidIin(body + check)) {
                    return body + check;
                }
            }
        }
    }

    private record Submitted(String messageId, String correlationId) {
    }

    /** The register starts with a few places; a test that needs one makes it free first. */
    /** A refusal's code and the reason its text gives (each of {@code reason}'s parts, in order). */
    private static void assertRefusal(RemoteFault f, String code, String... reason) {
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.error().getErrorMessage()).containsSubsequence(reason);
    }

    private static void freePlaceAt(String kindergarten) {
        gateway.mocks().provider().orElseThrow().freePlace(kindergarten);
    }

    private static Submitted submit(Channel channel, SampleApplication sample) {
        String messageId = channel + "-" + UUID.randomUUID();
        AsyncSendMessageResponse answer = gateway.client(channel).submit(gateway.signed(sample), messageId);
        assertThat(answer.getMessageId()).isEqualTo(messageId);
        assertThat(answer.getCorrelationId()).matches("\\{[0-9a-f-]{36}}");
        return new Submitted(messageId, answer.getCorrelationId());
    }

    private static Element awaitResult(Channel channel, Submitted s, String kind) {
        return channelMock(channel).awaitResult(s.correlationId(), kind, WAIT)
                .orElseThrow(() -> new AssertionError("no " + kind + " delivered to " + channel + " for " + s));
    }

    private static ChannelMock channelMock(Channel channel) {
        return switch (channel) {
            case PORTAL -> gateway.mocks().portal();
            case CON -> gateway.mocks().con();
            case ZHAO, EASTANA -> gateway.mocks().eastana();
        };
    }

    private static String senderOf(Channel channel) {
        return switch (channel) {
            case PORTAL -> "PORTAL";
            case CON -> "CON";
            case ZHAO, EASTANA -> "EASTANA";
        };
    }

    private static void assertSignedByProviderEmployee(Element result) {
        assertThat(SubjectIdentity.of(DocumentVerifier.verify(result)).iin()).isEqualTo("750618409005");
    }

    /**
     * Every step of the channel, in the regulation's order, each with a start and an end; a step with a norm has a due
     * time: the one planned at acceptance for a planned step's first run, else its norm after it began.
     */
    private static void assertRegulationSteps(Submitted s, List<String> expected, String status) {
        awaitSteps(s, expected.size());
        List<StatusHistory.Step> steps = gateway.assembly().statusHistory().of(s.correlationId());
        assertThat(steps).extracting(StatusHistory.Step::stepId).containsExactlyElementsOf(expected);
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.endedAt()).isAfterOrEqualTo(step.startedAt());
            assertThat(step.description()).isNotBlank();
            if (step.norm() != null) {
                assertThat(step.dueAt()).isAfter(step.startedAt());
            }
        });
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (StatusHistory.Step step : steps) {
            Instant planned = plannedDue(s, step.stepId());
            if (planned != null && seen.add(step.stepId())) {
                assertThat(step.dueAt().toInstant()).as("planned due of %s", step.stepId()).isEqualTo(planned);
            }
        }
        var application = gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow();
        assertThat(application.statusCode()).isEqualTo(status);
        assertThat(application.registrationNumber()).startsWith("ЖАО-");
        assertThat(gateway.client(channelOf(application.channel())).status(s.messageId()).getStatus().getStatusCode())
                .isEqualTo(status);
    }

    /** The gateway commits the steps of an event before it answers; the channel's mock may be faster than that. */
    private static void awaitSteps(Submitted s, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.assembly().statusHistory().of(s.correlationId()).size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Instant plannedDue(Submitted s, String stepId) {
        return gateway.assembly().stepPlans().of(s.correlationId()).stream().filter(p -> p.stepId().equals(stepId))
                .findFirst().map(p -> p.dueAt() == null ? null : p.dueAt().toInstant()).orElse(null);
    }

    private static StatusHistory.Step step(Submitted s, String stepId) {
        return gateway.assembly().statusHistory().of(s.correlationId()).stream()
                .filter(step -> step.stepId().equals(stepId)).findFirst().orElseThrow();
    }

    private static Channel channelOf(String channel) {
        return Channel.valueOf(channel);
    }

    /** ХҚКО АЖ is told about every status change whatever the channel. */
    private static void assertConNotified(Submitted s) {
        assertThat(gateway.mocks().con().awaitStatus(s.messageId(), "COMPLETED", WAIT)).isPresent();
    }

    private static String text(Element e, String localName) {
        return e.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }
}
