package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.PlayedProvider.channelMessage;
import static kz.qaqpa.gateway.PlayedProvider.status;
import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Consent;
import kz.qaqpa.document.kindergarten.Referral;
import kz.qaqpa.document.kindergarten.RegistrationSlip;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.mocks.walkthrough.SampleQuestionnaire;
import kz.qaqpa.store.Applications;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * The documents a provider reports (statusNotification, result) and a channel sends (hand-over, questionnaire) about
 * an accepted application: only the service's own documents, valid against its schema, naming this application and
 * its registration number. The test plays the provider (the mock polls only hourly here) and sends real signed
 * messages over HTTP; each refusal is a signed fault with its code, the application stays as it was and nothing of
 * the message is kept, and the right document afterwards still goes through.
 */
class ReportedDocumentsTest {
    private static final String SERVICE_NS = "http://qaqpa.kz/services/kindergarten/v1";
    private static final String FOREIGN_NS = "urn:example:another-service";
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway();
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");
    static final PlayedProvider provider = new PlayedProvider(gateway);

    // ------------------------------------------------------------------ the provider's documents

    /** A refusal in another namespace, with the right fields and a valid employee's signature, completes nothing. */
    @Test
    void aResultInAForeignNamespaceIsRefused() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        Element foreign = provider.signed(foreignNamespace(ShepXml.toElement(provider.refusal(correlationId, number))));
        refused(provider.message("RESPONSE", correlationId, foreign), "SCE001", correlationId);

        provider.accepted(provider.result(correlationId, provider.refusal(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    @Test
    void aStatusInAForeignNamespaceIsRefused() {
        String correlationId = provider.delivered(Channel.PORTAL);
        Element foreign = foreignNamespace(ShepXml.toElement(status(correlationId, "REGISTERED", "ЖАО-2026-000001")));
        refused(provider.message("NOTIFICATION", correlationId, foreign), "SCE001", correlationId);
        provider.register(correlationId);
    }

    /** RegistrationNumber has maxLength 64 (the column too): a longer one is a schema violation, not SCE909. */
    @Test
    void anOversizedRegistrationNumberIsASchemaViolation() {
        String correlationId = provider.delivered(Channel.PORTAL);
        Element status = ShepXml.toElement(status(correlationId, "REGISTERED", "ЖАО-" + "9".repeat(80)));
        refused(provider.message("NOTIFICATION", correlationId, status), "SCE001", correlationId);
        assertThat(provider.application(correlationId).registrationNumber()).isNull();
        provider.register(correlationId);
    }

    /** A status is about the application its message names: its own correlationId must say the same. */
    @Test
    void aStatusAboutAnotherApplicationIsRefused() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String other = provider.delivered(Channel.PORTAL);
        Element status = ShepXml.toElement(status(other, "REGISTERED", "ЖАО-2026-000002"));
        refused(provider.message("NOTIFICATION", correlationId, status), "SCE020", correlationId);
        assertThat(provider.application(other).statusCode()).isEqualTo("DELIVERED");
    }

    @Test
    void aStatusWithAnotherRegistrationNumberIsRefused() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        Element status = ShepXml.toElement(status(correlationId, "IN_WORK", number + "-X"));
        refused(provider.message("NOTIFICATION", correlationId, status), "SCE020", correlationId);
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", number))));
    }

    @Test
    void aResultWithAnotherRegistrationNumberIsRefused() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        Element result = provider.signed(ShepXml.toElement(provider.refusal(correlationId, "ЖАО-2026-999999")));
        refused(provider.message("RESPONSE", correlationId, result), "SCE020", correlationId);
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);
    }

    /**
     * App. 10's note: the parents must register the referral «бір айдың ішінде» (within one month). Its validUntil
     * (the project's own field) must be the issue date plus one month, or the day before: a referral valid for two
     * months, or for two weeks, contradicts its form and completes nothing; the month's referral goes through.
     */
    @Test
    void aReferralMustBeValidTheMonthItsFormPrints() {
        String correlationId = provider.delivered(Channel.CON);
        String number = provider.register(correlationId);
        java.time.LocalDate issued = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Almaty"));
        for (java.time.LocalDate wrong : java.util.List.of(issued.plusMonths(2), issued.plusWeeks(2))) {
            var referral = provider.referral(correlationId, number, "MBU-012");
            referral.setValidUntil(kz.qaqpa.mocks.soap.DataElements.date(wrong));
            refused(provider.result(correlationId, referral), "SCE001", correlationId);
        }
        provider.accepted(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /**
     * Audit, session 32 (seedaudit19): App. 10's «бір айдың ішінде» from a referral issued on the 31st of a month
     * followed by a shorter one (the first such day from today: 31 January, March, May, August or October). A month
     * ends on the corresponding date or, where the last month has none, on its last day (deadlines.md, "Months"):
     * the referral is valid until the next month's last day (or the day before, the earlier reading), not a day
     * later (the 31st plus 31 days, or the 1st of the month after), nor two days earlier.
     */
    @Test
    void aReferralIssuedOnTheThirtyFirstIsValidUntilTheNextMonthsLastDay() {
        LocalDate issued = thirtyFirstBeforeAShorterMonth();
        LocalDate lastDay = issued.plusMonths(1).withDayOfMonth(issued.plusMonths(1).lengthOfMonth());
        String at = issued + "T10:00:00+05:00";
        // the 31st lies ahead: the gateway's clock is there, an hour after the issue (session 33: not dated ahead)
        onTheGatewaysClockAt(OffsetDateTime.parse(at).plusHours(1), () -> completesOnlyWith(
                provider.delivered(Channel.CON), List.of(Map.entry(at, lastDay.plusDays(1)),
                Map.entry(at, lastDay.plusDays(2)), Map.entry(at, lastDay.minusDays(2))), Map.entry(at, lastDay)));
    }

    /**
     * Audit, session 32 (seedaudit19): the month of App. 10's note runs from the day the referral is issued in Astana,
     * the regulation's city, not in the time zone the provider's clock writes: issued at 20:00 UTC on a 31st (as
     * above), it is issued on the 1st in Astana and valid until the 1st a month on (or the day before); the day before
     * the last day a referral issued on the 31st may print is refused.
     */
    @Test
    void aReferralsMonthRunsFromItsIssueDayInAstana() {
        LocalDate utcDay = thirtyFirstBeforeAShorterMonth();
        String at = utcDay + "T20:00:00Z";
        onTheGatewaysClockAt(OffsetDateTime.parse(at).plusHours(1), () -> completesOnlyWith(
                provider.delivered(Channel.CON), List.of(Map.entry(at, utcDay.plusMonths(1).minusDays(1))),
                Map.entry(at, utcDay.plusDays(1).plusMonths(1))));
    }

    /**
     * Audit, session 33 (seedaudit20), ours: paras 6.9-6.10 (7.8-7.9, 8.9-8.10, 9.9-9.10) have the ЖАО employee make the
     * result before it is sent, so it is not dated after it reaches the gateway (beyond
     * qaqpa.trust.timestamp-clock-skew, 5 minutes). A referral dated a day ahead, its month counted from that day, is
     * refused (SCE001; before the rule it was accepted) and the application stays open; dated three minutes ahead,
     * within the skew, it completes.
     */
    @Test
    void aReferralDatedAheadOfItsArrivalIsRefused() {
        String correlationId = provider.delivered(Channel.CON);
        OffsetDateTime now = gateway.assembly().clock().instant().atZone(ASTANA).toOffsetDateTime().withNano(0);
        OffsetDateTime tomorrow = now.plusDays(1);
        OffsetDateTime withinSkew = now.plusMinutes(3);
        completesOnlyWith(correlationId, List.of(Map.entry(tomorrow.toString(),
                tomorrow.toLocalDate().plusMonths(1))), Map.entry(withinSkew.toString(),
                withinSkew.toLocalDate().plusMonths(1)));
    }

    /** Runs {@code test} with the gateway's clock (qaqpa.clock) at {@code at}, then back on the system's time. */
    private static void onTheGatewaysClockAt(OffsetDateTime at, Runnable test) {
        gateway.assembly().clock().set(at.toInstant());
        try {
            test.run();
        } finally {
            gateway.assembly().clock().set(java.time.Instant.now());
        }
    }

    /**
     * Audit, session 32 (seedaudit19): paras 6.9-6.10, 7.8-7.9, 8.9-8.10, 9.9-9.10: the ЖАО employee makes the result
     * after the request reached the ЖАО, and App. 10's month runs from its issue. A referral dated the day before the
     * application was accepted (its month already partly spent before anybody asked for it, and a date the process
     * cannot have) is refused (SCE001) and the application stays open; dated the day of the acceptance it completes.
     */
    @Test
    void aReferralIssuedBeforeTheApplicationIsRefused() {
        String correlationId = provider.delivered(Channel.CON);
        LocalDate accepted = provider.application(correlationId).createdAt()
                .atZoneSameInstant(java.time.ZoneId.of("Asia/Almaty")).toLocalDate();
        LocalDate dayBefore = accepted.minusDays(1);
        // the right one is dated when the application was accepted: not later (session 33: not dated ahead)
        completesOnlyWith(correlationId, List.of(Map.entry(dayBefore + "T12:00:00+05:00", dayBefore.plusMonths(1))),
                Map.entry(provider.application(correlationId).createdAt().toString(), accepted.plusMonths(1)));
    }

    /**
     * Audit, session 32 (seedaudit19): seed 002 gives no extension of a term (Tables 1-4 and paras 6-9 print each
     * action's minutes and the ХҚКО's «3 күн»; no paragraph lets the ЖАО lengthen them, unlike seed 000's App. 3/4
     * «қызмет көрсету мерзімі ұзартылғанда»). The ХҚКО's three days are the term the provider could want to extend:
     * a TERM_EXTENDED status is refused (the schema's statuses: SCE001), the term and the application unchanged.
     */
    @Test
    void theProviderCannotExtendTheCentresThreeDays() {
        String correlationId = provider.delivered(Channel.CON);
        String number = provider.register(correlationId);
        java.util.Map<String, String> due = RegulationProgress.plannedDues(gateway, correlationId,
                java.time.ZoneId.of("Asia/Almaty"));
        refused(provider.message("NOTIFICATION", correlationId, ShepXml.toElement(status(correlationId,
                "TERM_EXTENDED", number))), "SCE001", correlationId);
        assertThat(RegulationProgress.plannedDues(gateway, correlationId, java.time.ZoneId.of("Asia/Almaty")))
                .isEqualTo(due);
    }

    /** The first 31st from today (Astana) whose next month is shorter, so a month from it ends on that month's last day. */
    private static LocalDate thirtyFirstBeforeAShorterMonth() {
        LocalDate day = LocalDate.now(java.time.ZoneId.of("Asia/Almaty"));
        while (day.getDayOfMonth() != 31 || day.plusMonths(1).lengthOfMonth() == 31) {
            day = day.plusDays(1);
        }
        return day;
    }

    /**
     * The provider registers the application; a referral with each wrong (issue time, last valid day) is refused
     * (SCE001, nothing changed), the one with the right pair completes it.
     */
    private static void completesOnlyWith(String correlationId, List<Map.Entry<String, LocalDate>> wrong,
                                          Map.Entry<String, LocalDate> right) {
        String number = provider.register(correlationId);
        for (Map.Entry<String, LocalDate> dates : wrong) {
            refused(provider.result(correlationId, referralIssued(correlationId, number, dates.getKey(),
                    dates.getValue())), "SCE001", correlationId);
        }
        provider.accepted(provider.result(correlationId, referralIssued(correlationId, number, right.getKey(),
                right.getValue())));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /** The played provider's referral with another issue time and last valid day. */
    private static Referral referralIssued(String correlationId, String number, String issuedAt, LocalDate validUntil) {
        Referral referral = provider.referral(correlationId, number, "MBU-012");
        referral.getHeader().setIssuedAt(DataElements.dateTime(java.time.OffsetDateTime.parse(issuedAt).toInstant()));
        referral.setValidUntil(DataElements.date(validUntil));
        return referral;
    }

    /**
     * What the result forms print of the application is the application's (audit, session 29): the referral (App. 10)
     * prints «Баланың тегі, аты», «Туған күні», «Үйінің мекен-жайы, телефоны»; the registration slip (App. 11) prints
     * «Ата-анаңыз аты-жөні», the child's surname, name and birth date and «таңдап алынған нөмірлері» (the chosen
     * МБҰ). A result naming another child, another home or parent, or other choices is refused (SCE020) and the
     * application stays as it was; the result that repeats the application goes through.
     */
    @Test
    void aResultPrintsTheApplicationsChildFamilyAndChoices() {
        String correlationId = provider.delivered(Channel.ZHAO);
        String number = provider.register(correlationId);
        List<Consumer<Referral>> wrongReferrals = List.of(
                r -> r.getHeader().getChildName().setFirstName("ANOTHER"),
                r -> r.getHeader().setChildBirthDate(DataElements.date(LocalDate.of(2019, 1, 1))),
                r -> r.setHomeAddress("Астана қ., Есіл ауданы, another street"),
                r -> r.setHomePhone("+7 700 000 00 00"));
        for (Consumer<Referral> wrong : wrongReferrals) {
            Referral referral = provider.referral(correlationId, number, "MBU-012");
            wrong.accept(referral);
            refused(provider.result(correlationId, referral), "SCE020", correlationId);
        }
        List<Consumer<RegistrationSlip>> wrongSlips = List.of(
                s -> s.getHeader().getChildName().setLastName("ANOTHER"),
                s -> s.getParentName().setFirstName("ANOTHER"),
                s -> s.getChosenKindergarten().get(0).setCode("MBU-099"),
                s -> s.getChosenKindergarten().add(s.getChosenKindergarten().get(0)),
                s -> s.getChosenKindergarten().clear());
        for (Consumer<RegistrationSlip> wrong : wrongSlips) {
            RegistrationSlip slip = provider.slip(correlationId, number);
            wrong.accept(slip);
            String code = slip.getChosenKindergarten().isEmpty() ? "SCE001" : "SCE020";
            refused(provider.result(correlationId, slip), code, correlationId);
        }
        provider.accepted(provider.result(correlationId, provider.slip(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
        provider.accepted(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /**
     * A slip names the people as the application does, as names (fix14, ours): a surname printed in title case where
     * the application has capitals, Kazakh Cyrillic included, or with other spaces, is the same name; another name,
     * another child's patronymic (the XSD's childName: "the patronymic as in the application"), or an organisation's
     * number in other letter case (codes stay exact) is refused (SCE020); the referral naming the child in lower case
     * completes the application.
     */
    @Test
    void aSlipNamesThePeopleInAnyLetterCaseButNoOtherPatronymic() {
        SampleApplication sample = SampleApplication.on(Channel.ZHAO);
        sample.build().getChild().getName().setLastName("ӘБДІҒАЛИЕВА");
        sample.build().getChild().getName().setFirstName("АЙ ЖАН");
        sample.build().getChild().getName().setMiddleName("ҚАНАТҚЫЗЫ");
        String correlationId = provider.delivered(sample);
        String number = provider.register(correlationId);
        List<Consumer<RegistrationSlip>> wrong = List.of(
                s -> s.getHeader().getChildName().setMiddleName("ҚАНАТҰЛЫ"),
                s -> s.getHeader().getChildName().setLastName("Әбдіғалиев"),
                s -> s.getChosenKindergarten().get(0).setCode("mbu-050"));
        for (Consumer<RegistrationSlip> change : wrong) {
            RegistrationSlip slip = provider.slip(correlationId, number);
            change.accept(slip);
            refused(provider.result(correlationId, slip), "SCE020", correlationId);
        }
        RegistrationSlip slip = provider.slip(correlationId, number);
        slip.getHeader().getChildName().setLastName("Әбдіғалиева");
        slip.getHeader().getChildName().setFirstName(" Ай \u00a0 жан");
        slip.getHeader().getChildName().setMiddleName("Қанатқызы");
        slip.getParentName().setLastName("Nurlanova");
        slip.getParentName().setFirstName("aigerim");
        provider.accepted(provider.result(correlationId, slip));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
        Referral referral = provider.referral(correlationId, number, "MBU-050");
        referral.getHeader().getChildName().setLastName("әбдіғалиева");
        referral.getHeader().getChildName().setFirstName("Ай Жан");
        provider.accepted(provider.result(correlationId, referral));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /**
     * Audit, session 37 (seedaudit26): App. 11, the notification (registration slip) given to the consumer when the
     * child is queued, prints «Өтінішті берген күні / Дата подачи заявки», the day the application was made. Session 29
     * left it unchecked for want of a zone; since session 32 the gateway reads a result's days in the regulation's zone
     * (Astana). A slip dated the day before or the day after is refused (SCE020), the application unchanged; the slip
     * naming the day of the form's submission queues the child (ours: that day, or the day the gateway accepted it).
     */
    @Test
    void aSlipPrintsTheDayTheApplicationWasMade() {
        for (Channel channel : List.of(Channel.CON, Channel.PORTAL)) {
            SampleApplication sample = SampleApplication.on(channel);
            String correlationId = provider.delivered(sample);
            String number = provider.register(correlationId);
            LocalDate made = DataElements.localDate(sample.build().getSubmittedAt(), ASTANA);
            for (LocalDate other : List.of(made.minusDays(1), made.plusDays(1))) {
                RegistrationSlip slip = provider.slip(correlationId, number);
                slip.setApplicationDate(DataElements.date(other));
                refused(provider.result(correlationId, slip), "SCE020", correlationId);
            }
            RegistrationSlip slip = provider.slip(correlationId, number);
            assertThat(DataElements.localDate(slip.getApplicationDate())).isEqualTo(made);
            provider.accepted(provider.result(correlationId, slip));
            assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
        }
    }

    /**
     * Review37: the day the application was made is read from the application's submittedAt as its schema validation
     * read it. A form submitted at XML Schema's 24:00:00 of yesterday (valid, today's first instant in Astana) was
     * accepted, but its slip was then refused as if the result's own time were unreadable ("the result's issue time
     * '…T24:00:00+05:00' is not an xs:dateTime", SCE), so no slip could be taken for that application at all.
     */
    @Test
    void aFormSubmittedAtTwentyFourHundredWasMadeOnTheNextDay() {
        LocalDate today = LocalDate.now(ASTANA);
        String correlationId = provider.delivered(SampleApplication.on(Channel.PORTAL), form -> form
                .getElementsByTagNameNS(SERVICE_NS, "submittedAt").item(0)
                .setTextContent(today.minusDays(1) + "T24:00:00+05:00"));
        String number = provider.register(correlationId);
        RegistrationSlip slip = provider.slip(correlationId, number);
        slip.setApplicationDate(DataElements.date(today));
        provider.accepted(provider.result(correlationId, slip));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
    }

    /**
     * Audit, session 35: paras 6.10, 7.9, 8.10 and 9.10 give the ЖАО's one decision three outcomes, «жолдама немесе
     * ... МБҰ-да орын болмаған жағдайда аралық жауап ретінде ... балаларды тіркеу туралы хабарлама, не болмаса қызмет
     * көрсетуден бас тарту туралы нақты жауап», and Tables 1-2 (action 5; action 6) name that decision «МБҰ-ға жолдау
     * үшін балаларды кезекке қою туралы шешім қабылдау». The registration notification is the decision taken: the child
     * is registered and queued, and what it is interim to is the referral. A refusal after it is refused (SCE032, the
     * application stays IN_QUEUE with its slip), on every channel, and on the portal also after an offer the consumer
     * declined (para 8.10: the child is still queued); the referral completes the application.
     */
    @Test
    void noRefusalAfterTheRegistrationSlip() {
        for (Channel channel : Channel.values()) {
            String correlationId = provider.delivered(channel);
            String number = provider.register(correlationId);
            provider.accepted(provider.result(correlationId, provider.slip(correlationId, number)));
            refused(provider.result(correlationId, provider.refusal(correlationId, number)), "SCE032", correlationId);
            assertThat(provider.application(correlationId).statusCode()).as(channel.name()).isEqualTo("IN_QUEUE");
            if (channel == Channel.PORTAL) {
                offerAndAnswer(correlationId, false);
                refused(provider.result(correlationId, provider.refusal(correlationId, number)), "SCE032", correlationId);
                offerAndAnswer(correlationId, true);
            }
            provider.accepted(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")));
            assertThat(provider.application(correlationId).statusCode()).as(channel.name()).isEqualTo("COMPLETED");
        }
    }

    /**
     * Audit, session 41 (seeds41): para 8.10, the portal's process 8 (printed as a second 7), is «ұсынылған МБҰ-ға
     * тұтынушының жазбаша келісімін қалыптастыру үдерісі және ЖАО қызметкерінің ... нәтижесін (мектепке дейінгі балалар
     * ұйымдарына жолдаманы ...) қалыптастыру»: the referral is formed after the consumer's written consent to the offered
     * organisation, and so to that organisation. A referral before any offer, after a decline, while the offer awaits
     * the answer (SCE032), or to another organisation than the one agreed to (SCE020) is refused and changes nothing,
     * as is a consent before anything was offered (SCE020: not the organisation offered); the referral to the
     * organisation agreed to completes the application (seen failing before the route named
     * {@code result.kindergartenCode}: the referral to MBU-050 answered 200).
     */
    @Test
    void aPortalReferralFollowsTheWrittenConsentToThatOrganisation() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        refused(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")), "SCE032",
                correlationId);
        // nothing offered yet: there is no «ұсынылған МБҰ» to consent to (SCE020), said in words (depth42: it was
        // "does not match the application ('null')")
        assertThat(refused(channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider.consent(correlationId,
                true, java.time.Instant.now(), gateway.pki().key("citizen-aigerim"))), "SCE020", correlationId))
                .contains("no organisation has been offered for application '" + correlationId + "' yet");
        offerAndAnswer(correlationId, false);
        refused(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")), "SCE032",
                correlationId);
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");
        refused(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")), "SCE032",
                correlationId);
        SendMessage agreed = channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider.consent(correlationId,
                true, java.time.Instant.now(), gateway.pki().key("citizen-aigerim")));
        ShepAnswers.assertAccepted(gateway, provider.post(agreed, "portal"),
                agreed.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
        refused(provider.result(correlationId, provider.referral(correlationId, number, "MBU-050")), "SCE020",
                correlationId);
        provider.accepted(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /** The provider offers MBU-012 on the portal and the consumer agrees or declines (para 8.10). */
    private static void offerAndAnswer(String correlationId, boolean agreed) {
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))));
        SendMessage answer = channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider.consent(correlationId,
                agreed, java.time.Instant.now(), gateway.pki().key("citizen-aigerim")));
        ShepAnswers.assertAccepted(gateway, provider.post(answer, "portal"),
                answer.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo(agreed ? "CONSENTED" : "DECLINED");
    }

    /**
     * What the application leaves out, the slip does not add (attack14): an applicant without a patronymic is not
     * printed with one («Ата-анаңыз аты-жөні» is the applicant's name), and a choice of a district only (App. 8
     * l. 505-506, the organisation not marked *) is not printed as an organisation's number the consumer never chose.
     * Each such slip is refused (SCE020); the slip that prints what the application states goes through.
     */
    @Test
    void aSlipAddsNoPatronymicOrOrganisationTheApplicationLeftOut() {
        SampleApplication sample = SampleApplication.on(Channel.ZHAO);
        sample.build().getKindergarten().get(0).setCode(null);
        sample.build().getKindergarten().get(0).setName(null);
        String correlationId = provider.delivered(sample);
        String number = provider.register(correlationId);
        List<Consumer<RegistrationSlip>> added = List.of(
                s -> s.getParentName().setMiddleName("SERIKKYZY"),
                s -> s.getChosenKindergarten().get(0).setCode("MBU-050"));
        for (Consumer<RegistrationSlip> add : added) {
            RegistrationSlip slip = provider.slip(correlationId, number);
            add.accept(slip);
            refused(provider.result(correlationId, slip), "SCE020", correlationId);
        }
        provider.accepted(provider.result(correlationId, provider.slip(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
    }

    /**
     * The provider's refusal is «нақты / дәлелді жауап» (a specific, reasoned answer: para 6.10, Tables 1-4): one
     * whose reasons are blank tells the consumer nothing and completes nothing (SCE001); a refusal with its reason
     * goes through.
     */
    @Test
    void aRefusalMustStateItsReason() {
        String correlationId = provider.delivered(Channel.EASTANA);
        String number = provider.register(correlationId);
        for (String blank : java.util.List.of("", "   ", "\n\t")) {
            var refusal = provider.refusal(correlationId, number);
            refusal.getReason().set(0, blank);
            refused(provider.result(correlationId, refusal), "SCE001", correlationId);
        }
        provider.accepted(provider.result(correlationId, provider.refusal(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    // ------------------------------------------------------------------ the channel's documents

    /** The ЦОН reports the hand-over of the result (process 8); the portal has no such step. */
    @Test
    void aHandOverInAForeignNamespaceOrAboutAnotherApplicationIsRefused() {
        String correlationId = provider.completed(Channel.CON);
        StatusNotification handOver = status(correlationId, "HANDED_OVER", null);
        refused(channelMessage(Channel.CON, "NOTIFICATION", correlationId, foreignNamespace(ShepXml.toElement(handOver))),
                "SCE001", correlationId);
        handOver.setCorrelationId(provider.completed(Channel.CON));
        refused(channelMessage(Channel.CON, "NOTIFICATION", correlationId, ShepXml.toElement(handOver)), "SCE020",
                correlationId);

        handOver.setCorrelationId(correlationId);
        SendMessage good = channelMessage(Channel.CON, "NOTIFICATION", correlationId, ShepXml.toElement(handOver));
        ShepAnswers.assertAccepted(gateway, provider.post(good, "con"), good.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("ISSUED");
    }

    /** The consumer's consent to an offered place (portal, para 8.10), signed by the applicant, in another namespace. */
    @Test
    void aConsentInAForeignNamespaceIsRefused() {
        String correlationId = offeredOnThePortal();
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");

        Consent consent = consentTo(correlationId, "I agree to the offered pre-school organisation");
        Element foreign = foreignNamespace(ShepXml.toElement(consent));
        DocumentSigner.sign(foreign, gateway.pki().key("citizen-aigerim"));
        refused(channelMessage(Channel.PORTAL, "UPDATE", correlationId, foreign), "SCE001", correlationId);

        consented(correlationId, consent);
    }

    /**
     * Para 8.10: «ұсынылған МБҰ-ға тұтынушының жазбаша келісімі» (the consumer's written consent to the offered
     * organisation). A consent whose text is blank is no written consent: refused (SCE001), the application stays
     * OFFERED; the consent with its words goes through.
     */
    @Test
    void aWrittenConsentHasItsWords() {
        String correlationId = offeredOnThePortal();
        Consent consent = consentTo(correlationId, "  ");
        Element blank = ShepXml.toElement(consent);
        DocumentSigner.sign(blank, gateway.pki().key("citizen-aigerim"));
        refused(channelMessage(Channel.PORTAL, "UPDATE", correlationId, blank), "SCE001", correlationId);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");

        consent.setText("Ұсынылған МБҰ-ға келісемін");
        consented(correlationId, consent);
    }

    @Test
    void aQuestionnaireInAForeignNamespaceIsRefused() {
        String correlationId = provider.completed(Channel.PORTAL);
        Element foreign = foreignNamespace(ShepXml.toElement(SampleQuestionnaire.about(correlationId)));
        refused(channelMessage(Channel.PORTAL, "UPDATE", correlationId, foreign), "SCE001", correlationId);
        assertThat(gateway.assembly().applicationDocuments().latest(correlationId, "qualityQuestionnaire")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** A portal application the provider registered, took into work and offered MBU-012 (para 8.10). */
    private static String offeredOnThePortal() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", number))));
        provider.accepted(provider.message("NOTIFICATION", correlationId, ShepXml.toElement(provider.offer(correlationId))));
        return correlationId;
    }

    /** The consumer's consent to MBU-012 with {@code text}, not yet signed. */
    private static Consent consentTo(String correlationId, String text) {
        Consent consent = new Consent();
        consent.setCorrelationId(correlationId);
        consent.setKindergartenCode("MBU-012");
        consent.setAgreed(true);
        consent.setText(text);
        consent.setSignedAt(SoapEnvelopes.now());
        return consent;
    }

    /** The consent, signed by the applicant in the service's namespace, is accepted: the application is CONSENTED. */
    private static void consented(String correlationId, Consent consent) {
        Element own = ShepXml.toElement(consent);
        DocumentSigner.sign(own, gateway.pki().key("citizen-aigerim"));
        SendMessage good = channelMessage(Channel.PORTAL, "UPDATE", correlationId, own);
        ShepAnswers.assertAccepted(gateway, provider.post(good, "portal"), good.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /** Refused with {@code code}: the application unchanged, no document kept, the messageId free. */
    /** Refused with {@code code}, nothing changed; returns the fault's errorMessage. */
    private static String refused(SendMessage message, String code, String correlationId) {
        Applications.Application before = provider.application(correlationId);
        int documents = gateway.assembly().applicationDocuments().of(correlationId).size();
        String sender = message.getRequest().getMessageInfo().getSender().getSenderId();
        String errorMessage = ShepAnswers.assertFault(gateway, provider.post(message, sender.toLowerCase()),
                SEND_MESSAGE_FAULT, code);
        assertThat(provider.application(correlationId)).isEqualTo(before);
        assertThat(gateway.assembly().applicationDocuments().of(correlationId)).hasSize(documents);
        return errorMessage;
    }

    /** The same document with every element moved from the service's namespace into another. */
    private static Element foreignNamespace(Element document) {
        String text = SecureXml.toString(document).replace(SERVICE_NS, FOREIGN_NS);
        return SecureXml.parseText(text).getDocumentElement();
    }
}
