package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.store.Applications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The portal's consent to an offered place (seed 002 para 8.10), a later message (an UPDATE) about an accepted
 * application, over real signed HTTP, the test playing the provider (EASTANA): its messageDate on the provider's poll,
 * the channel asking getMessageStatus by its messageId, and a consent refused by the gateway or by the provider.
 *
 * <p>crl24 (attack23's leftover, sent over HTTP): the provider refuses for good (MESSAGE_NOT_ACCTEPTED, the contract's spelling, NOT_RESEND) the
 * portal's follow-up UPDATE carrying the consumer's consent (seed 002 para 8.10). The refusal is about that message,
 * not the application: the application keeps the consumer's answer and is not stopped (NOT_DELIVERED is for the
 * application's own message, `Applications.stopDelivery`, only while it is still ACCEPTED). Also when the provider
 * sent its offer before acknowledging the application itself (still ACCEPTED when the offer came): the consent moves
 * it on, so a refused consent cannot stop it either.
 */
class ConsentUpdateTest {
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce();
    private static final PlayedProvider provider = new PlayedProvider(gateway);

    /**
     * reg57a (an examiner's case): only the portal's para 8.10 (l. 163) has «ұсынылған МБҰ-ға тұтынушының жазбаша
     * келісімін қалыптастыру үдерісі»; the ЖАО's, the ХҚКО's and E-Astana's result paragraphs (6.10, 7.9, 9.10, l.
     * 115, 137, 187) go from the processing straight to the referral, the notification or the refusal. The provider
     * offering a place on those channels is no step of the regulation: SCE033, the application still REGISTERED, no
     * step added.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = Channel.class, names = {"ZHAO", "CON", "EASTANA"})
    void anOfferOnAChannelWhoseParagraphHasNoConsentIsRefused(Channel channel) {
        String correlationId = provider.delivered(channel);
        provider.register(correlationId);
        int steps = gateway.assembly().statusHistory().of(correlationId).size();
        RawSoap.Response r = provider.post(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))), PlayedProvider.TRANSPORT_KEY);
        assertThat(ShepAnswers.assertFault(gateway, r, ShepAnswers.SEND_MESSAGE_FAULT, "SCE033"))
                .contains("the regulation has no step for OFFERED on channel " + channel);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");
        assertThat(gateway.assembly().statusHistory().of(correlationId)).hasSize(steps);
    }

    /**
     * wait43 (seeds43's Left): the consumer's wait (ConsumerWait, seed 002 para 8.10) is part of the event's commit.
     * After the consumer consented, the provider offers again: CONSENTED does not lead to OFFERED, so the commit refuses
     * it (SCE032) and the steps the consent planned again keep their due times. Before, the offer suspended them ahead
     * of the commit: refused, the application stayed CONSENTED with no due time on any step, so its provider could
     * never be told OVERDUE.
     */
    @Test
    void anOfferRefusedAtTheCommitSuspendsNoStep() {
        String correlationId = provider.offered(Channel.PORTAL);
        provider.consentSent(correlationId, Instant.now());
        java.util.Map<String, java.time.OffsetDateTime> resumed = openDues(correlationId);
        assertThat(resumed).as("due again from the consent").containsKey("portal-action-12");
        RawSoap.Response r = provider.post(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))), PlayedProvider.TRANSPORT_KEY);
        ShepAnswers.assertFault(gateway, r, ShepAnswers.SEND_MESSAGE_FAULT, "SCE032");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
        assertThat(openDues(correlationId)).as("the refused offer suspended nothing").isEqualTo(resumed);
    }

    /**
     * attack44: the consumer's consent and her refusal of one offer (seed 002 para 8.10), sent by the portal at the
     * same moment from two threads, the refusal signed a second later. One answer is taken (the application's turn,
     * ApplicationLocks), the other refused (SCE032: CONSENTED and DECLINED lead to neither, or it answers nothing after
     * the first); the provider is handed the taken one only, and the steps are due again once, from it.
     */
    @Test
    void twoAnswersToOneOfferAtOnceAreTakenOnce() throws Exception {
        String correlationId = provider.offered(Channel.PORTAL);
        Instant signed = Instant.now();
        java.util.List<SendMessage> answers = java.util.List.of(
                PlayedProvider.channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider.consent(
                        correlationId, true, signed, gateway.pki().key("citizen-aigerim"))),
                PlayedProvider.channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider.consent(
                        correlationId, false, signed.plusSeconds(1), gateway.pki().key("citizen-aigerim"))));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        // each thread takes the next answer when it starts: the answer sent goes with its response
        java.util.Map<Integer, RawSoap.Response> responses = new java.util.TreeMap<>();
        AtOnce.run(2, () -> {
            int answer = next.getAndIncrement();
            return java.util.Map.entry(answer, provider.post(answers.get(answer), "portal"));
        }).forEach(e -> responses.put(e.getKey(), e.getValue()));
        java.util.List<Integer> taken = responses.keySet().stream().filter(i -> responses.get(i).status() == 200).toList();
        assertThat(taken).as("one answer taken").hasSize(1);
        RawSoap.Response refused = responses.get(1 - taken.get(0));
        ShepAnswers.assertFault(gateway, refused, ShepAnswers.SEND_MESSAGE_FAULT, "SCE032");
        assertThat(provider.application(correlationId).statusCode())
                .isEqualTo(taken.get(0) == 0 ? "CONSENTED" : "DECLINED");
        assertThat(provider.poll(100)).as("the provider is handed the taken answer only")
                .filteredOn(m -> m.getMessageInfo().getCorrelationId().equals(correlationId))
                .filteredOn(m -> "UPDATE".equals(m.getMessageInfo().getMessageType())).hasSize(1);
        assertThat(openDues(correlationId)).as("due again from the answer taken").containsKey("portal-action-12");
    }

    private static java.util.Map<String, java.time.OffsetDateTime> openDues(String correlationId) {
        java.util.Map<String, java.time.OffsetDateTime> dues = new java.util.TreeMap<>();
        gateway.assembly().stepPlans().of(correlationId).stream().filter(p -> p.endedAt() == null && p.dueAt() != null)
                .forEach(p -> dues.put(p.stepId(), p.dueAt()));
        return dues;
    }

    @Test
    void aRefusedConsentDoesNotStopTheApplication() {
        String correlationId = provider.offered(Channel.PORTAL);
        refuseTheConsent(correlationId);
        assertConsentedAndNotStopped(correlationId);
    }

    @Test
    void aRefusedConsentToAnOfferMadeBeforeTheAcknowledgementDoesNotStopTheApplication() {
        String correlationId = provider.submitted(Channel.PORTAL, "early-offer-");
        AsyncMessage request = provider.polled(correlationId);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("ACCEPTED");
        provider.accepted(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))));
        refuseTheConsent(correlationId);
        assertConsentedAndNotStopped(correlationId);
        provider.acknowledge(request.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /**
     * review40 (session 40, docs/security.md "### review40"): the portal's consent to an offered place (an UPDATE)
     * reached the provider's poll with the messageDate of the
     * application it is about, sent long before: a provider that orders or files what it polls by messageDate (the
     * contract's date of the message) puts the consent before the offer it answers. Expected: the UPDATE is dated
     * when the gateway took it (not before the channel sent it). On 6e8f803e: the application's acceptance time
     * (ProviderPolling#message: {@code a.createdAt()} for every message). fix41: each message is dated when it was
     * queued (provider_queue.enqueued_at).
     */
    @Test
    void aPolledUpdateIsDatedWhenItsChannelSentIt() {
        String correlationId = provider.offered(Channel.PORTAL);
        Pause.sleep(Duration.ofMillis(1500));
        Instant consentSent = Instant.now();
        provider.consentSent(correlationId, consentSent);
        AsyncMessage update = provider.polled(correlationId, "UPDATE");
        Instant dated = update.getMessageInfo().getMessageDate().toGregorianCalendar().toInstant();
        assertThat(dated).as("the UPDATE's messageDate (the consent was sent at %s)", consentSent)
                .isAfterOrEqualTo(consentSent.minusMillis(1000));
        provider.acknowledge(update.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
    }

    /**
     * review40 (session 40, docs/security.md "### review40"): the portal asks getMessageStatus about the consent it sent (an UPDATE the gateway accepted and queued for the
     * provider) by that message's own messageId, as the contract's operation reads ("the status of a message"):
     * answered SCE030 "sent no message", although the gateway answered that very message with sendMessageResponse.
     * Expected: the status of the application the message is about (or of its delivery to the provider). On
     * 6e8f803e: SCE030 (MessageStatusQuery looks up applications by their first messageId only). fix41: a later
     * message the gateway accepted is found by its message log entry, whose answer names the application.
     */
    @Test
    void theChannelMayAskAboutItsConsentByItsMessageId() {
        String correlationId = provider.offered(Channel.PORTAL);
        SendMessage consent = provider.consentSent(correlationId, Instant.now());
        var status = gateway.client(Channel.PORTAL).status(consent.getRequest().getMessageInfo().getMessageId());
        assertThat(status.getStatus().getStatusCode()).isEqualTo("CONSENTED");
    }

    /**
     * getMessageStatus by a later message answers from the message log's entry (sender, messageId; fix41): review41b
     * (session 41) added the coverage BadInputTest lacks (it asks by an application's first messageId only). The
     * portal's consent (an UPDATE) is answered to the portal by its messageId; the ЦОН, another channel, asking by
     * the same messageId, learns nothing (SCE030), nor does the portal asking by the provider's REGISTERED
     * notification's messageId, an answer it never got.
     */
    @Test
    void aLaterMessageIsAnsweredOnlyToItsSender() {
        String correlationId = provider.delivered(Channel.PORTAL);
        SendMessage registered = PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(PlayedProvider.status(correlationId, "REGISTERED", "ЖАО-41b-1")));
        provider.accepted(registered);
        provider.accepted(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))));
        SendMessage consent = PlayedProvider.channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider
                .consent(correlationId, true, Instant.now(), gateway.pki().key("citizen-aigerim")));
        String consentId = consent.getRequest().getMessageInfo().getMessageId();
        ShepAnswers.assertAccepted(gateway, provider.post(consent, "portal"), consentId);

        assertThat(gateway.client(Channel.PORTAL).status(consentId).getStatus().getStatusCode()).isEqualTo("CONSENTED");
        assertThatThrownBy(() -> gateway.client(Channel.CON).status(consentId))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
        String providersMessage = registered.getRequest().getMessageInfo().getMessageId();
        assertThatThrownBy(() -> gateway.client(Channel.PORTAL).status(providersMessage))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
    }

    /**
     * A later message refused (the ЦОН's consent to the portal's application: SCE0xx) leaves no entry: asking by its
     * messageId is SCE030, as for a message never sent, not the application's status.
     */
    @Test
    void aRefusedLaterMessageTellsNothing() {
        String correlationId = provider.offered(Channel.PORTAL);
        SendMessage consent = PlayedProvider.channelMessage(Channel.CON, "UPDATE", correlationId, PlayedProvider
                .consent(correlationId, true, Instant.now(), gateway.pki().key("citizen-aigerim")));
        String consentId = consent.getRequest().getMessageInfo().getMessageId();
        assertThat(provider.post(consent, "con").status()).isEqualTo(500);
        assertThatThrownBy(() -> gateway.client(Channel.CON).status(consentId))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
    }

    /** A refused consent leaves the application CONSENTED, its delivery not stopped. */
    private static void assertConsentedAndNotStopped(String correlationId) {
        Applications.Application a = provider.application(correlationId);
        assertThat(a.statusCode()).isEqualTo("CONSENTED");
        assertThat(a.messageState()).isNotEqualTo("NOT_DELIVERED");
    }

    /** The portal sends the applicant's signed consent; the provider fetches it and refuses it for good. */
    private static void refuseTheConsent(String correlationId) {
        provider.consentSent(correlationId, Instant.now());
        AsyncMessage queued = provider.polled(correlationId, "UPDATE");
        provider.acknowledge(queued.getMessageInfo().getMessageId(), "MESSAGE_NOT_ACCTEPTED", "NOT_RESEND");
    }
}
