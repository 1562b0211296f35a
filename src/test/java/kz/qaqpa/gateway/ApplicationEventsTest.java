package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.PlayedProvider.channelMessage;
import static kz.qaqpa.gateway.PlayedProvider.status;
import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.mocks.walkthrough.SampleQuestionnaire;
import kz.qaqpa.store.Applications;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Document;

/**
 * Events about an accepted application over real HTTP with real signatures, the test playing the provider (EASTANA)
 * and the channels: who may report the consumer's consent and which offer it answers, concurrent events on one
 * application (each acts on the state the one before left), a late registration, the final result closing what is
 * still queued for the provider, a provider's refusal to take the application, and what may happen only once (a
 * result's hand-over, the questionnaire).
 */
class ApplicationEventsTest {
    /** Rounds of a race: the old code lost it in a few of 20 (review 2), and in every run of this many. */
    private static final int RACE_ROUNDS = 20;
    /** qaqpa.trust.timestamp-clock-skew here: neither its default nor qaqpa.message-date.max-skew, so the test tells them apart. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    /**
     * How soon a stranger's event about an application another event holds is refused: below qaqpa.events.lock-wait
     * (30 s), which it waited before hardening25, and far below {@link #CALL_TIMEOUT}, for which the owner holds.
     */
    private static final Duration STRANGER_WITHIN = Duration.ofSeconds(20);
    /**
     * qaqpa.http.client-timeout here: an owner's event whose revocation answer hangs holds the application for its
     * OCSP and CRL calls' timeouts, longer than a loaded machine takes to answer the stranger's event meanwhile.
     */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** theFinalResultClosesWhatIsStillQueuedForTheProvider polls again at once to see the consent no longer offered. */
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce()
            .with("qaqpa.trust.timestamp-clock-skew", CLOCK_SKEW.toString())
            .with("qaqpa.http.client-timeout", CALL_TIMEOUT.toString());
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /**
     * The consumer's consent is queued for the provider as an UPDATE; the provider sends the referral without ever
     * acknowledging it. The final result closes the application for the provider: the consent is no longer offered
     * on its polls, and a late acknowledgement of it is answered and changes nothing.
     */
    @Test
    void theFinalResultClosesWhatIsStillQueuedForTheProvider() {
        String correlationId = provider.offered(Channel.PORTAL);
        SendMessage consent = channelMessage(Channel.PORTAL, "UPDATE", correlationId, signedConsent(correlationId, true));
        ShepAnswers.assertAccepted(gateway, provider.post(consent, "portal"), consent.getRequest().getMessageInfo().getMessageId());
        assertThat(queuedTypes(correlationId)).containsExactly("UPDATE");
        String consentMessageId = provider.polled(correlationId).getMessageInfo().getMessageId();

        provider.accepted(provider.result(correlationId, provider.referral(correlationId,
                provider.application(correlationId).registrationNumber(), "MBU-012")));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
        assertThat(queuedTypes(correlationId)).isEmpty();

        provider.acknowledge(consentMessageId, "MESSAGE_ACCEPTED", "NOT_RESEND");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
        assertThat(queuedTypes(correlationId)).isEmpty();
    }

    /**
     * Session 34 (fields22): an OFFERED status's organisation code is a plain xs:string of the schema, and the gateway
     * asked only whether it was empty after trim(): a code of a no-break or zero-width space or a Hangul filler was an
     * offer of nothing the consumer could read or consent to. Refused now (SCE001, VisibleText) and nothing changes.
     */
    @ParameterizedTest(name = "code {0}")
    @ValueSource(strings = {"\u00a0", "\u200b", "\u3164"})
    void anOfferOfAnOrganisationWithoutAVisibleCodeIsRefused(String code) {
        String correlationId = provider.delivered(Channel.PORTAL);
        provider.register(correlationId);
        kz.qaqpa.document.kindergarten.StatusNotification offer = provider.offer(correlationId);
        offer.getOfferedKindergarten().setKindergartenCode(code);
        RawSoap.Response r = provider.post(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(offer)), "eastana");
        ShepAnswers.assertFault(gateway, r, SEND_MESSAGE_FAULT, "SCE001");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");
    }

    /**
     * reg53: the ХҚКО's decision (seed 002 Table 2 action 6, l. 321-323: «3 күн (құжатты қабылдау және беру күні
     * мемлекеттік қызмет көрсету мерзіміне кірмейді)», calendar days, the day of acceptance not counted) for an
     * application accepted 30 seconds before midnight on the last working day before Independence Day (Tue 15.12.2026
     * 23:59:30 +05:00) and 30 seconds into the holiday (Wed 16.12.2026 00:00:30), answered in the last minute of its
     * term or 30 seconds after it, the test playing the ЖАО over HTTP on the gateway's moved clock. The holiday is a
     * calendar day like any other (counted); the 60 seconds between the two acceptances move the term a day.
     */
    @ParameterizedTest(name = "accepted {0}, answered {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-12-15T23:59:30+05:00 | 2026-12-19T00:00:00+05:00 | 2026-12-18T23:59:00+05:00 | false
            2026-12-15T23:59:30+05:00 | 2026-12-19T00:00:00+05:00 | 2026-12-19T00:00:30+05:00 | true
            2026-12-16T00:00:30+05:00 | 2026-12-20T00:00:00+05:00 | 2026-12-19T23:59:00+05:00 | false
            """)
    void theCentresThreeCalendarDaysAroundAHolidaysMidnight(String acceptedAt, String due, String answeredAt,
                                                           boolean late) {
        kz.qaqpa.GatewayClock clock = gateway.assembly().clock();
        try {
            clock.set(java.time.OffsetDateTime.parse(acceptedAt).toInstant());
            String correlationId = provider.delivered(Channel.CON);
            String number = provider.register(correlationId);
            java.time.Instant dueAt = java.time.OffsetDateTime.parse(due).toInstant();
            assertThat(RegulationProgress.planned(gateway, correlationId, "con-action-6").dueAt().toInstant())
                    .as("16 (the holiday), 17, 18 December counted for a Tuesday application; 17-19 for one of the"
                            + " holiday").isEqualTo(dueAt);
            java.time.Instant answered = java.time.OffsetDateTime.parse(answeredAt).toInstant();
            clock.set(answered);
            RegulationProgress.scanForOverdueSteps(gateway, answered);
            assertThat(RegulationProgress.planned(gateway, correlationId, "con-action-6").overdueNotifiedAt() != null)
                    .as("told OVERDUE before the answer").isEqualTo(late);
            kz.qaqpa.document.kindergarten.Refusal refusal = provider.refusal(correlationId, number);
            refusal.getHeader().setIssuedAt(kz.qaqpa.channel.SoapEnvelopes.dateTime(answered));
            provider.accepted(provider.result(correlationId, refusal));
            assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
            kz.qaqpa.store.StatusHistory.Step decided = RegulationProgress.steps(gateway, correlationId).stream()
                    .filter(st -> st.stepId().equals("con-action-6")).findFirst().orElseThrow();
            assertThat(decided.dueAt().toInstant()).isEqualTo(dueAt);
            assertThat(decided.endedAt().toInstant().isAfter(dueAt)).as("recorded late").isEqualTo(late);
            RegulationProgress.scanForOverdueSteps(gateway, dueAt.plus(Duration.ofMinutes(1)));
            assertThat(RegulationProgress.planned(gateway, correlationId, "con-action-6").overdueNotifiedAt() != null)
                    .as("told OVERDUE at all").isEqualTo(late);
        } finally {
            clock.set(java.time.Instant.now());
        }
    }

    /**
     * reg53: seed 002 names a pre-school organisation (МБҰ) by one number wherever it names one: the consumer chooses
     * МБҰ (App. 8 l. 502-506) whose numbers the registration slip prints (App. 11 l. 614 «... таңдап алынған
     * нөмірлері», the numbers of the chosen МБҰ), the provider offers an МБҰ and the consumer consents to it (para 8.10
     * «ұсынылған МБҰ-ға тұтынушының жазбаша келісімі»), the referral sends the child to it (App. 10). So the four
     * codes are one type, KindergartenCode (ours: a visible character as Text counts it, one line, no bidirectional
     * scope, up to 64). Before, the choice and the referral took any Text up to 500 characters, the offer 0 to 64 of
     * anything (a right-to-left override went into the status text the portal shows), the consent 1 to 64 of
     * anything: a chosen code of 65 characters could never be offered, nor consented to.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"choice", "offer", "consent", "referral"})
    void anOrganisationsCodeIsOneTypeWhereverTheTextNamesTheOrganisation(String where) {
        String tooLong = "MBU-" + "0".repeat(61);
        String answer = switch (where) {
            case "choice" -> {
                SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens(tooLong);
                SendMessage message = gateway.client(Channel.PORTAL).request(gateway.signed(sample),
                        "long-code-" + UUID.randomUUID());
                RawSoap.Response r = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(message, gateway.pki().key("portal")));
                ShepAnswers.assertNotStored(gateway, "PORTAL", message.getRequest().getMessageInfo().getMessageId());
                yield ShepAnswers.assertFault(gateway, r, SEND_MESSAGE_FAULT, "SCE001");
            }
            case "offer" -> {
                String correlationId = provider.delivered(Channel.PORTAL);
                provider.register(correlationId);
                kz.qaqpa.document.kindergarten.StatusNotification offer = provider.offer(correlationId);
                offer.getOfferedKindergarten().setKindergartenCode("\u202eMBU-012");
                RawSoap.Response r = provider.post(PlayedProvider.message("NOTIFICATION", correlationId,
                        ShepXml.toElement(offer)), "eastana");
                assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");
                yield ShepAnswers.assertFault(gateway, r, SEND_MESSAGE_FAULT, "SCE001");
            }
            case "consent" -> {
                String correlationId = provider.offered(Channel.PORTAL);
                SendMessage consent = channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider.consent(
                        correlationId, "\u200b", true, java.time.Instant.now(), gateway.pki().key("citizen-aigerim")));
                RawSoap.Response r = provider.post(consent, "portal");
                assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");
                yield ShepAnswers.assertFault(gateway, r, SEND_MESSAGE_FAULT, "SCE001");
            }
            default -> {
                String correlationId = provider.delivered(Channel.EASTANA);
                String number = provider.register(correlationId);
                RawSoap.Response r = provider.post(provider.result(correlationId, provider.referral(correlationId,
                        number, tooLong)), "eastana");
                assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");
                yield ShepAnswers.assertFault(gateway, r, SEND_MESSAGE_FAULT, "SCE001");
            }
        };
        assertThat(answer).contains("'KindergartenCode'");
    }

    /** reg53: the longest code the type allows is offered and consented to (KindergartenCode's bound is reachable). */
    @Test
    void anOrganisationCodeOfSixtyFourCharactersIsOfferedAndConsentedTo() {
        String code = "MBU-" + "0".repeat(60);
        String correlationId = provider.delivered(Channel.PORTAL);
        provider.register(correlationId);
        kz.qaqpa.document.kindergarten.StatusNotification offer = provider.offer(correlationId);
        offer.getOfferedKindergarten().setKindergartenCode(code);
        provider.accepted(PlayedProvider.message("NOTIFICATION", correlationId, ShepXml.toElement(offer)));
        SendMessage consent = channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider.consent(
                correlationId, code, true, java.time.Instant.now(), gateway.pki().key("citizen-aigerim")));
        ShepAnswers.assertAccepted(gateway, provider.post(consent, "portal"), consent.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /**
     * review40 (session 40, docs/security.md "### review40"): a provider offers a place whose organisation name (kindergartenName, xs:string with no bound in the service's
     * schema) is 1,200 characters: the status text the channel is told ("...: name (code)") no longer fits the
     * store's column (application.status_message, VARCHAR(1000)). Expected: a coded refusal of the document (SCE001)
     * or the offer taken with its text bounded, never SCE909, which tells the provider to retry the same message
     * (README, "Which faults to retry"). On 6e8f803e: see the assertion's message.
     * fix40: the name is bounded to 500 (and the code to 64) in the schema, ours, so SCE001 at validation.
     */
    @Test
    void anOfferWithALongOrganisationNameIsNoInternalError() {
        String correlationId = provider.delivered(Channel.PORTAL);
        provider.register(correlationId);
        kz.qaqpa.document.kindergarten.StatusNotification offer = provider.offer(correlationId);
        offer.getOfferedKindergarten().setKindergartenName("Балабақша " .repeat(120));
        SendMessage message = PlayedProvider.message("NOTIFICATION", correlationId,
                kz.qaqpa.channel.ShepXml.toElement(offer));
        RawSoap.Response answer = provider.post(message, PlayedProvider.TRANSPORT_KEY);
        if (answer.status() == 200) {
            ShepAnswers.assertAccepted(gateway, answer, message.getRequest().getMessageInfo().getMessageId());
            assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");
            return;
        }
        assertThat(ShepAnswers.errorCode(gateway, answer, ShepAnswers.SEND_MESSAGE_FAULT)).as(answer.text())
                .isEqualTo(kz.qaqpa.fault.FaultCode.MALFORMED_MESSAGE.code());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");
    }

    /**
     * Session 34 (fields22): the registration number is a plain xs:string of the schema (minLength 1), and a REGISTERED
     * whose number was a no-break space or the Braille blank passed trim().isEmpty(): the consumer was told a number
     * that shows nothing. Refused now (SCE001, VisibleText); the application keeps its status and has no number.
     */
    @ParameterizedTest(name = "number {0}")
    @ValueSource(strings = {"\u00a0", "\u2800"})
    void aRegisteredStatusWithoutAVisibleNumberIsRefused(String number) {
        String correlationId = provider.delivered(Channel.PORTAL);
        String before = provider.application(correlationId).statusCode();
        RawSoap.Response r = provider.post(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "REGISTERED", number))), "eastana");
        ShepAnswers.assertFault(gateway, r, SEND_MESSAGE_FAULT, "SCE001");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo(before);
        assertThat(provider.application(correlationId).registrationNumber()).isNull();
    }

    /**
     * The consumer declines an offer through the portal; the provider offers the place again and then sends the
     * consumer's signed decline itself, as its own NOTIFICATION: only the channel reports the consumer's decision.
     */
    @Test
    void theProviderCannotReportTheConsumersDecline() {
        String correlationId = offeredAndDeclined();
        String decline = SecureXml.toString(latestConsent(correlationId));
        provider.accepted(provider.message("NOTIFICATION", correlationId, ShepXml.toElement(provider.offer(correlationId))));

        int documents = documentCount(correlationId);
        RawSoap.Response r = provider.post(provider.message("NOTIFICATION", correlationId,
                SecureXml.parseText(decline).getDocumentElement()), "eastana");
        ShepAnswers.assertFault(gateway, r, SEND_MESSAGE_FAULT, "SCE008");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");
        assertThat(documentCount(correlationId)).isEqualTo(documents);
    }

    /**
     * The portal sends the consumer's old decline again (a new messageId) after the place was offered anew: it was
     * signed before the current offer reached the gateway, so it answers the earlier one and is refused; a consent
     * signed now is accepted.
     */
    @Test
    void aDecisionSignedBeforeTheCurrentOfferIsRefused() {
        String correlationId = offeredAndDeclined();
        String decline = SecureXml.toString(latestConsent(correlationId));
        provider.accepted(provider.message("NOTIFICATION", correlationId, ShepXml.toElement(provider.offer(correlationId))));

        RawSoap.Response replayed = provider.post(channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                SecureXml.parseText(decline).getDocumentElement()), "portal");
        ShepAnswers.assertFault(gateway, replayed, SEND_MESSAGE_FAULT, "SCE032");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");

        SendMessage fresh = channelMessage(Channel.PORTAL, "UPDATE", correlationId, signedConsent(correlationId, true));
        ShepAnswers.assertAccepted(gateway, provider.post(fresh, "portal"), fresh.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /**
     * The consumer's clock may be behind the gateway's by the clock skew it allows a signer
     * (qaqpa.trust.timestamp-clock-skew, 2 minutes here): a consent signed the skew and a second before the offer was
     * stored is refused, one signed the skew less a second before it is taken.
     */
    @Test
    void aConsentSignedWithinTheClockSkewBeforeTheOfferIsTaken() {
        String correlationId = provider.offered(Channel.PORTAL);
        java.time.Instant offeredAt = gateway.assembly().applicationDocuments().latest(correlationId, "statusNotification")
                .orElseThrow().receivedAt().toInstant();

        SendMessage tooEarly = channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                signedConsent(correlationId, true, offeredAt.minus(CLOCK_SKEW).minusSeconds(1)));
        ShepAnswers.assertFault(gateway, provider.post(tooEarly, "portal"), SEND_MESSAGE_FAULT, "SCE032");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");

        SendMessage withinSkew = channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                signedConsent(correlationId, true, offeredAt.minus(CLOCK_SKEW).plusSeconds(1)));
        ShepAnswers.assertAccepted(gateway, provider.post(withinSkew, "portal"), withinSkew.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /**
     * The same tolerance ahead of the gateway's clock: a consent signed the skew and 30 seconds in the future is
     * refused (SCE001), one signed the skew less 30 seconds in the future is taken.
     */
    @Test
    void aConsentDatedAheadOfTheGatewayBeyondTheClockSkewIsRefused() {
        String correlationId = provider.offered(Channel.PORTAL);
        SendMessage tooFar = channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                signedConsent(correlationId, true, java.time.Instant.now().plus(CLOCK_SKEW).plusSeconds(30)));
        ShepAnswers.assertFault(gateway, provider.post(tooFar, "portal"), SEND_MESSAGE_FAULT, "SCE001");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");

        SendMessage withinSkew = channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                signedConsent(correlationId, true, java.time.Instant.now().plus(CLOCK_SKEW).minusSeconds(30)));
        ShepAnswers.assertAccepted(gateway, provider.post(withinSkew, "portal"), withinSkew.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /**
     * The ЦОН hands the interim registration slip over at the very moment the provider's final referral arrives: each
     * event acts on the status the other left. The application ends COMPLETED with the result's text and CON's last
     * status COMPLETED (the hand-over of the slip came first), or ISSUED with the hand-over told last (the result came
     * first and the hand-over, read after it, handed the result over); never COMPLETED with a stale text or told
     * IN_QUEUE after the result.
     */
    @Test
    void aHandOverRacingTheFinalResultActsOnTheStatusTheResultLeft() throws Exception {
        String completedText = provider.application(provider.completed(Channel.CON)).statusMessage();
        List<String> wrong = new ArrayList<>();
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String correlationId = provider.delivered(Channel.CON);
            String number = provider.register(correlationId);
            provider.accepted(provider.result(correlationId, provider.slip(correlationId, number)));
            // the referral, not a refusal: no refusal follows the registration notification (audit, session 35)
            Document result = RawSoap.signed(provider.result(correlationId,
                    provider.referral(correlationId, number, "MBU-012")), gateway.pki().key("eastana"));
            Document handOver = RawSoap.signed(channelMessage(Channel.CON, "NOTIFICATION", correlationId,
                    ShepXml.toElement(status(correlationId, "HANDED_OVER", null))), gateway.pki().key("con"));
            AtomicInteger next = new AtomicInteger();
            List<RawSoap.Response> answers = AtOnce.run(2, () -> RawSoap.post(gateway.asyncUrl(),
                    next.getAndIncrement() == 0 ? result : handOver));
            assertThat(answers).extracting(RawSoap.Response::status).containsExactly(200, 200);
            Applications.Application a = provider.application(correlationId);
            List<String> told = toldStatuses(correlationId, "CON");
            List<String> statuses = told.stream().filter(t -> !t.equals("RESULT")).toList();
            String last = statuses.get(statuses.size() - 1);
            boolean handedOverFirst = "COMPLETED".equals(a.statusCode()) && "COMPLETED".equals(last)
                    && completedText.equals(a.statusMessage());
            boolean resultFirst = "ISSUED".equals(a.statusCode()) && "ISSUED".equals(last);
            if (!handedOverFirst && !resultFirst) {
                wrong.add(a.statusCode() + " '" + a.statusMessage() + "', CON told " + told);
            }
        }
        assertThat(wrong).as("rounds whose outcome mixed the two events").isEmpty();
    }

    /**
     * A provider that retries too early sends copies of one result at the same moment (same messageId, same bytes):
     * every copy gets the first answer and the channel gets the result once. The repeated-messageId check ran before
     * the copy waited for its turn on the application, so a copy that waited found the result already stored and was
     * refused (SCE032: "its result was already delivered"), and the provider was told its own result was refused.
     */
    @Test
    void copiesOfOneResultSentAtOnceAllGetItsAnswer() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (int round = 0; round < RACE_ROUNDS / 4; round++) {
            String correlationId = provider.delivered(Channel.CON);
            String number = provider.register(correlationId);
            byte[] copy = SecureXml.serialize(RawSoap.signed(provider.result(correlationId,
                    provider.refusal(correlationId, number)), gateway.pki().key("eastana")));
            List<String> outcomes = AtOnce.run(4, () -> RawSoap.post(gateway.asyncUrl(), copy)).stream()
                    .map(ApplicationEventsTest::outcome).toList();
            long results = toldStatuses(correlationId, "CON").stream().filter("RESULT"::equals).count();
            if (!outcomes.equals(List.of("accepted", "accepted", "accepted", "accepted")) || results != 1) {
                wrong.add(outcomes + ", " + results + " results told");
            }
        }
        assertThat(wrong).as("rounds whose copies were not all answered as the first").isEmpty();
    }

    /**
     * The provider's REGISTERED fails once and its retry arrives after its IN_WORK: the status stays IN_WORK with its
     * text (it only moves forward: getMessageStatus still answers IN_WORK), but the application keeps the number (for
     * the result, which must carry it) and the channel is told of the registration, then of IN_WORK again.
     */
    @Test
    void aRegistrationAfterInWorkKeepsItsNumber() {
        String correlationId = provider.delivered(Channel.PORTAL);
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", null))));
        String inWorkText = provider.application(correlationId).statusMessage();
        String number = "ЖАО-2026-" + correlationId.substring(1, 7);
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "REGISTERED", number))));
        Applications.Application a = provider.application(correlationId);
        assertThat(a.statusCode()).isEqualTo("IN_WORK");
        assertThat(a.registrationNumber()).isEqualTo(number);
        var asked = gateway.client(Channel.PORTAL).status(a.messageId()).getStatus();
        assertThat(asked.getStatusCode()).isEqualTo("IN_WORK");
        assertThat(asked.getStatusMessage()).isEqualTo(inWorkText).isNotEmpty();
        assertThat(toldStatuses(correlationId, "PORTAL")).endsWith("IN_WORK", "REGISTERED", "IN_WORK");
        assertThat(toldTexts(correlationId, "PORTAL")).last().isEqualTo(inWorkText);

        // it is the number now: a second REGISTERED, or a result with another number, is refused
        registeredRefused(correlationId, number + "-2", "SCE020");
        provider.accepted(provider.result(correlationId, provider.refusal(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);
    }

    /**
     * The provider's REGISTERED is lost and its interim answer, naming the number, arrives first: that number is the
     * application's from then on. A REGISTERED or a result with another number is refused (SCE020); the late
     * REGISTERED with that number is taken (the status stays IN_QUEUE, the channel is told the registration), once.
     */
    @Test
    void aNumberFirstNamedByAnInterimAnswerIsTheApplicationsNumber() {
        String correlationId = provider.delivered(Channel.CON);
        String number = "ЖАО-2026-" + correlationId.substring(1, 7);
        provider.accepted(provider.result(correlationId, provider.slip(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);

        registeredRefused(correlationId, number + "-2", "SCE020");
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "REGISTERED", number))));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
        assertThat(toldStatuses(correlationId, "CON")).containsOnlyOnce("REGISTERED").endsWith("REGISTERED", "IN_QUEUE");
        assertThat(toldTexts(correlationId, "CON")).last().isEqualTo(provider.application(correlationId).statusMessage());
        registeredRefused(correlationId, number, "SCE032");

        // the final result after the registration notification is the referral (audit, session 35)
        ShepAnswers.assertFault(gateway, provider.post(provider.result(correlationId,
                provider.referral(correlationId, number + "-2", "MBU-012")), "eastana"), SEND_MESSAGE_FAULT, "SCE020");
        provider.accepted(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);
    }

    /**
     * The texts put the registration before the decision, but a result that overtakes a lost REGISTERED is taken, not
     * refused (docs/deadlines.md, "A result before its registration"): it names the provider's number, which becomes the
     * application's, so the registration it proves is not lost; refusing it would leave a provider whose REGISTERED
     * never arrives unable to answer at all. The REGISTERED that comes after the final result is refused (SCE032, the
     * application is finished), which ends the provider's retries.
     */
    @Test
    void aFinalResultThatOvertookItsRegistrationIsTakenWithItsNumber() {
        String correlationId = provider.delivered(Channel.CON);
        String number = "ЖАО-2026-" + correlationId.substring(1, 7);
        provider.accepted(provider.result(correlationId, provider.refusal(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);
        registeredRefused(correlationId, number, "SCE032");
        assertThat(toldStatuses(correlationId, "CON")).doesNotContain("REGISTERED").contains("COMPLETED");
    }

    /**
     * A status of the provider names the number before its REGISTERED did (IN_WORK carrying it): the number is the
     * application's, and a REGISTERED with another one is refused (SCE020) rather than giving it a second number.
     */
    @Test
    void aNumberFirstNamedByAStatusIsTheApplicationsNumber() {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = "ЖАО-2026-" + correlationId.substring(1, 7);
        provider.accepted(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", number))));
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);

        registeredRefused(correlationId, number + "-2", "SCE020");
        assertThat(provider.application(correlationId).registrationNumber()).isEqualTo(number);
    }

    /**
     * The provider refuses to take the application (MESSAGE_NOT_ACCTEPTED, NOT_RESEND): NOT_DELIVERED is final, its
     * plan is closed, so no step ever goes OVERDUE, and the provider's later events about it are refused.
     */
    @Test
    void anApplicationTheProviderRefusedNeverGoesOverdue() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample),
                "not-delivered-" + UUID.randomUUID()).getCorrelationId();
        provider.acknowledge(provider.polled(correlationId).getMessageInfo().getMessageId(), "MESSAGE_NOT_ACCTEPTED",
                "NOT_RESEND");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("NOT_DELIVERED");

        gateway.assembly().overdueSteps().scan(java.time.Instant.now().plus(Duration.ofDays(400)));
        List<String> told = toldStatuses(correlationId, "PORTAL");
        assertThat(told).doesNotContain("OVERDUE");
        assertThat(told.get(told.size() - 1)).isEqualTo("NOT_DELIVERED");
        ShepAnswers.assertFault(gateway, provider.post(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "IN_WORK", null))), "eastana"), SEND_MESSAGE_FAULT, "SCE032");
    }

    /**
     * An interim registration slip is handed over once: 25 HANDED_OVER reports of one slip, one accepted, the rest
     * SCE032; a new result (the final one) may be handed over again, once.
     */
    @Test
    void aResultIsHandedOverOnce() {
        String correlationId = provider.delivered(Channel.CON);
        String number = provider.register(correlationId);
        provider.accepted(provider.result(correlationId, provider.slip(correlationId, number)));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            outcomes.add(outcome(provider.post(handOver(correlationId), "con")));
        }
        assertThat(outcomes).containsOnlyOnce("accepted").filteredOn(o -> !o.equals("accepted")).containsOnly("SCE032");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("IN_QUEUE");

        provider.accepted(provider.result(correlationId, provider.referral(correlationId, number, "MBU-012")));
        assertThat(outcome(provider.post(handOver(correlationId), "con"))).isEqualTo("accepted");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("ISSUED");
        assertThat(outcome(provider.post(handOver(correlationId), "con"))).isEqualTo("SCE032");
    }

    /** Six questionnaires about one finished application at once: one is kept, the others are refused (SCE032). */
    @Test
    void questionnairesSentAtOnceAreKeptOnce() throws Exception {
        List<String> doubled = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            String correlationId = provider.completed(Channel.PORTAL);
            List<Document> bodies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                bodies.add(RawSoap.signed(channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                        ShepXml.toElement(SampleQuestionnaire.about(correlationId))), gateway.pki().key("portal")));
            }
            AtomicInteger next = new AtomicInteger();
            List<String> outcomes = AtOnce.run(6, () -> RawSoap.post(gateway.asyncUrl(), bodies.get(next.getAndIncrement())))
                    .stream().map(ApplicationEventsTest::outcome).toList();
            long kept = gateway.assembly().applicationDocuments().of(correlationId).stream()
                    .filter(d -> d.kind().equals("qualityQuestionnaire")).count();
            if (kept != 1 || outcomes.stream().filter("accepted"::equals).count() != 1) {
                doubled.add("kept " + kept + ", answers " + outcomes);
            }
        }
        assertThat(doubled).as("rounds that did not keep exactly one questionnaire").isEmpty();
    }

    /**
     * Six questionnaires for one completed application at once, one naming it by its correlationId and five by the
     * correlationId followed by 1 to 5 spaces. Only the exact correlationId names the application (the store ignored
     * trailing spaces when it compared until store V12, and each spelling waited its turn apart from the others): one
     * kept.
     */
    @Test
    void anEventNamingTheApplicationWithSpacesAfterItsCorrelationIdIsNotAboutIt() throws Exception {
        String correlationId = provider.completed(Channel.PORTAL);
        List<Document> bodies = new ArrayList<>();
        for (int spaces = 0; spaces < 6; spaces++) {
            bodies.add(RawSoap.signed(channelMessage(Channel.PORTAL, "UPDATE", correlationId + " ".repeat(spaces),
                    ShepXml.toElement(SampleQuestionnaire.about(correlationId))), gateway.pki().key("portal")));
        }
        AtomicInteger next = new AtomicInteger();
        List<String> outcomes = AtOnce.run(6, () -> {
            int i = next.getAndIncrement();
            return i + ":" + outcome(RawSoap.post(gateway.asyncUrl(), bodies.get(i)));
        });
        assertThat(outcomes).containsExactlyInAnyOrder("0:accepted", "1:SCE031", "2:SCE031", "3:SCE031", "4:SCE031",
                "5:SCE031");
        assertThat(gateway.assembly().applicationDocuments().of(correlationId).stream()
                .filter(d -> d.kind().equals("qualityQuestionnaire"))).hasSize(1);
    }

    /**
     * An acknowledgement names its queued message exactly: one naming it with a space after the id is about no
     * message (SCE030) and changes nothing; the exact one then delivers it. Before: the spaced one was taken.
     */
    @Test
    void anAcknowledgementNamesItsMessageExactly() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample),
                "ack-exact-" + UUID.randomUUID()).getCorrelationId();
        String queued = provider.polled(correlationId).getMessageInfo().getMessageId();

        assertThatThrownBy(() -> provider.acknowledge(queued + " ", "MESSAGE_ACCEPTED", "NOT_RESEND"))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("ACCEPTED");
        provider.acknowledge(queued, "MESSAGE_ACCEPTED", "NOT_RESEND");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("DELIVERED");
    }

    // ------------------------------------------------------------------ helpers

    /** A PORTAL application offered MBU-012, which the consumer declined (signed, through the portal). */
    /**
     * A provider's status whose document is an element of the service's namespace that its schema does not declare
     * (the contract's {@code data} is anyType, whose lax wildcard lets an undeclared element through the payload's
     * validation): refused, nothing changes. A declared document with a value its schema refuses is refused as well;
     * the payload's validation has validated it whole, so the event's check does not validate it again.
     */
    @Test
    void anEventsDocumentMustBeOneTheServicesSchemaDeclaresAndValid() {
        String correlationId = provider.delivered(Channel.PORTAL);
        int documents = documentCount(correlationId);
        Element undeclared = ShepXml.toElement(status(correlationId, "IN_WORK", null));
        Element renamed = (Element) undeclared.getOwnerDocument().renameNode(undeclared, undeclared.getNamespaceURI(),
                "statusNote");
        RawSoap.Response unknown = provider.post(provider.message("NOTIFICATION", correlationId, renamed), "eastana");
        ShepAnswers.assertFault(gateway, unknown, SEND_MESSAGE_FAULT, "SCE001");
        assertThat(unknown.text()).contains("statusNote");

        Element invalid = ShepXml.toElement(status(correlationId, "IN_WORK", null));
        invalid.getElementsByTagNameNS(invalid.getNamespaceURI(), "status").item(0).setTextContent("HALF_DONE");
        RawSoap.Response refused = provider.post(provider.message("NOTIFICATION", correlationId, invalid), "eastana");
        ShepAnswers.assertFault(gateway, refused, SEND_MESSAGE_FAULT, "SCE001");
        assertThat(refused.text()).contains("HALF_DONE");

        assertThat(provider.application(correlationId).statusCode()).isEqualTo("DELIVERED");
        assertThat(documentCount(correlationId)).isEqualTo(documents);
    }

    private static String offeredAndDeclined() {
        String correlationId = provider.offered(Channel.PORTAL);
        SendMessage decline = channelMessage(Channel.PORTAL, "UPDATE", correlationId, signedConsent(correlationId, false));
        ShepAnswers.assertAccepted(gateway, provider.post(decline, "portal"), decline.getRequest().getMessageInfo().getMessageId());
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("DECLINED");
        return correlationId;
    }

    /** A PORTAL application, registered and offered MBU-012. */
    /** The consumer's consent (or decline) to MBU-012, signed by the applicant now. */
    private static Element signedConsent(String correlationId, boolean agreed) {
        return signedConsent(correlationId, agreed, java.time.Instant.now());
    }

    /** The consumer's consent (or decline) to MBU-012, signed by the applicant, saying it was signed at {@code signedAt}. */
    private static Element signedConsent(String correlationId, boolean agreed, java.time.Instant signedAt) {
        return PlayedProvider.consent(correlationId, agreed, signedAt, gateway.pki().key("citizen-aigerim"));
    }

    /**
     * hardening25: while the channel's own event holds the application's turn (the citizen's consent, whose signer's
     * revocation answer hangs: its OCSP and CRL addresses take the call and never answer), another channel's event
     * about the same application is refused at once (SCE031), not after the owner's event: who may report about an
     * application is settled before its turn is waited for. Before, the stranger's event waited in the application's
     * queue for as long as the owner's took (up to qaqpa.events.lock-wait, then SCE911 naming the application as busy).
     */
    @Test
    void aStrangersEventIsRefusedAtOnceWhileTheOwnersEventHoldsTheApplication() throws Exception {
        String correlationId = provider.offered(Channel.PORTAL);
        java.util.concurrent.ExecutorService calls = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (HangingPeer revocation = new HangingPeer()) {
            String revocationBase = java.net.URI.create(revocation.url()).resolve("/").toString().replaceAll("/$", "");
            Element consent = PlayedProvider.consent(correlationId, true, java.time.Instant.now(),
                    gateway.pki().issueWithRevocationAt("citizen-aigerim", revocationBase));
            // the owner's client waits as long as its event may hold (review63b: RawSoap's 20 s ended it first)
            var owners = calls.submit(() -> provider.post(channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                    consent), "portal", CALL_TIMEOUT.multipliedBy(2)));
            assertThat(revocation.awaitFirstCall(Duration.ofSeconds(20))).as("the owner's event is in progress").isTrue();

            long started = System.nanoTime();
            var strangers = calls.submit(() -> provider.post(handOver(correlationId), "con"));
            RawSoap.Response stranger = strangers.get(STRANGER_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(STRANGER_WITHIN);
            assertThat(ShepAnswers.assertFault(gateway, stranger, SEND_MESSAGE_FAULT, "SCE031"))
                    .doesNotContain("still being handled");
            assertThat(owners.isDone()).as("the owner's event still holds the application").isFalse();

            revocation.close();
            assertThat(outcome(owners.get(30, java.util.concurrent.TimeUnit.SECONDS))).isEqualTo("SCE015");
        } finally {
            calls.shutdownNow();
        }
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("OFFERED");
    }

    private static Element latestConsent(String correlationId) {
        return SecureXml.parseText(gateway.assembly().applicationDocuments().latest(correlationId, "consent")
                .orElseThrow().document()).getDocumentElement();
    }

    private static SendMessage handOver(String correlationId) {
        return channelMessage(Channel.CON, "NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "HANDED_OVER", null)));
    }

    /** The status codes {@code sender} was told about the application, in order (a result counts as RESULT). */
    /** The provider's REGISTERED of {@code number} about {@code correlationId}, refused with {@code code}. */
    private static void registeredRefused(String correlationId, String number, String code) {
        ShepAnswers.assertFault(gateway, provider.post(provider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "REGISTERED", number))), "eastana"), SEND_MESSAGE_FAULT, code);
    }

    private static List<String> toldStatuses(String correlationId, String sender) {
        return gateway.assembly().outbox().forApplication(correlationId).stream()
                .filter(p -> p.targetSender().equals(sender))
                .map(p -> p.payload().replaceAll("(?s).*<(?:\\w+:)?statusCode>([^<]*)<.*", "$1"))
                .map(t -> t.length() > 20 ? "RESULT" : t).toList();
    }

    /** The status texts {@code sender} was told about the application, in order (results left out). */
    private static List<String> toldTexts(String correlationId, String sender) {
        return gateway.assembly().outbox().forApplication(correlationId).stream()
                .filter(p -> p.targetSender().equals(sender) && p.payload().contains("statusMessage>"))
                .map(p -> p.payload().replaceAll("(?s).*<(?:\\w+:)?statusMessage>([^<]*)<.*", "$1")).toList();
    }

    private static String outcome(RawSoap.Response r) {
        return r.status() == 200 ? "accepted" : ShepAnswers.errorCode(gateway, r, SEND_MESSAGE_FAULT);
    }

    /** The types of the messages about the application that the provider's poll offers. */
    private static List<String> queuedTypes(String correlationId) {
        return provider.poll(100).stream().filter(m -> m.getMessageInfo().getCorrelationId().equals(correlationId))
                .map(m -> m.getMessageInfo().getMessageType()).toList();
    }

    private static int documentCount(String correlationId) {
        return gateway.assembly().applicationDocuments().of(correlationId).size();
    }
}
