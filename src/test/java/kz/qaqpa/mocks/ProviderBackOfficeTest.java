package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.MovableClock;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageRequest;
import kz.qaqpa.contract.common.DeliveryNotification;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Consent;
import kz.qaqpa.document.kindergarten.Referral;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.document.kindergarten.RegistrationSlip;
import kz.qaqpa.mocks.eastana.ProviderBackOffice;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.CanonicalDigest;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.SharedTestPki;
import kz.qaqpa.trust.SubjectIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The back office against a minimal stand-in of the gateway's async channel (the real gateway is exercised by the
 * gateway's integration tests): queue, acknowledgements and the messages the provider sends.
 */
class ProviderBackOfficeTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T06:00:00Z"), ZoneOffset.UTC);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int WORKERS = 4;

    @TempDir
    Path dir;
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    /** sendMessage calls the fake gateway is answering at this moment, and the most there ever were. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile long sendMessageDelayMillis;
    private final FakeAsyncGateway gateway = new FakeAsyncGateway(this::answerSendMessage);
    private final Map<String, AsyncMessage> queue = gateway.queue;
    private final List<DeliveryNotification> acks = gateway.acks;
    private final List<AsyncSendMessageRequest> sent = gateway.sent;
    private final AtomicInteger acknowledgementsToRefuse = gateway.acknowledgementsToRefuse;

    @BeforeEach
    void startGateway() {
        gateway.start();
    }

    /** As the gateway would, slowly when asked, and losing the answers it is told to lose. */
    private void answerSendMessage(Element payload, AsyncSendMessageRequest request) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Thread.sleep(sendMessageDelayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        // as the gateway: a repeated messageId must say the same in canonical form, else SCE009
        String first = digests.putIfAbsent(request.getMessageInfo().getMessageId(), CanonicalDigest.sha256(payload));
        if (first != null && !first.equals(CanonicalDigest.sha256(payload))) {
            conflicts.incrementAndGet();
            throw new ShepException(FaultCode.DUPLICATE_MESSAGE_CONFLICT, "another message under this messageId");
        }
        if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("committed, but the answer is lost on the way back");
        }
    }

    @AfterEach
    void stopGateway() {
        gateway.stop();
    }

    /**
     * On the portal a free place is first offered for the consumer's written consent (para 8.10); the consent comes
     * back through the gateway as an UPDATE, and only then is the referral signed and sent.
     */
    @Test
    void registersNotifiesOffersAndRefersAfterTheConsumersConsent() {
        try (ProviderBackOffice office = office()) {
            enqueue("m-1", "c-1", Applications.aruzhan("MBU-031", "MBU-012"));
            office.pollOnce();

            assertThat(acks).singleElement().satisfies(a -> {
                assertThat(a.getMessageId()).isEqualTo("m-1");
                assertThat(a.getDeliveryStatus().getReceiveStatus()).isEqualTo("MESSAGE_ACCEPTED");
                assertThat(a.getDeliveryStatus().getResendMessage()).isEqualTo("NOT_RESEND");
            });
            assertThat(sent).extracting(s -> s.getMessageInfo().getMessageType())
                    .containsExactly("NOTIFICATION", "NOTIFICATION", "NOTIFICATION");
            Element registered = DataElements.unwrap(sent.get(0).getMessageData().getData());
            assertThat(registered.getTextContent()).contains("REGISTERED", "ЖАО-2026-000001");
            StatusNotification offer = ShepXml.fromNode(DataElements.unwrap(sent.get(2).getMessageData().getData()),
                    StatusNotification.class);
            assertThat(offer.getStatus()).isEqualTo("OFFERED");
            assertThat(offer.getOfferedKindergarten().getKindergartenCode()).isEqualTo("MBU-012");
            assertThat(office.kindergartens().get("MBU-012").places()).as("the offered place is held").isEqualTo(1);

            office.pollOnce();
            assertThat(sent).as("no referral before the consent").hasSize(3);

            enqueueConsent("m-2", "c-1", "MBU-012", true);
            office.pollOnce();
            assertThat(acks).extracting(DeliveryNotification::getMessageId).containsExactly("m-1", "m-2");
            assertThat(sent).extracting(s -> s.getMessageInfo().getMessageType())
                    .containsExactly("NOTIFICATION", "NOTIFICATION", "NOTIFICATION", "RESPONSE");
            assertThat(sent).allSatisfy(s -> {
                assertThat(s.getMessageInfo().getCorrelationId()).isEqualTo("c-1");
                assertThat(s.getMessageInfo().getSender().getSenderId()).isEqualTo("EASTANA");
                // dated by the office's own clock, as its statuses and results are
                assertThat(s.getMessageInfo().getMessageDate().toGregorianCalendar().toInstant())
                        .isEqualTo(CLOCK.instant());
            });
            Element result = DataElements.unwrap(sent.get(3).getMessageData().getData());
            assertThat(SubjectIdentity.of(DocumentVerifier.verify(result)).iin()).isEqualTo("750618409005");
            Referral referral = ShepXml.fromNode(result, Referral.class);
            assertThat(referral.getKindergartenCode()).isEqualTo("MBU-012");
            // App. 10: the child's home address and phone are the applicant's
            assertThat(referral.getHomeAddress()).isEqualTo("Астана қ., Есіл ауданы, Мәңгілік Ел даңғылы, 20-үй, 45-пәтер");
            assertThat(referral.getHomePhone()).isEqualTo("+7 701 555 12 34");
            assertThat(referral.getHeader().getChildName().getMiddleName()).isEqualTo("DAURENKYZY");
            assertThat(referral.getHeader().getCorrelationId()).isEqualTo("c-1");
            assertThat(referral.getHeader().getRegistrationNumber()).isEqualTo("ЖАО-2026-000001");
            assertThat(office.kindergartens().get("MBU-012").places()).isEqualTo(1);

            office.pollOnce();
            assertThat(sent).hasSize(4);
        }
    }

    /** A declined offer gives the place back and queues the child (the mock's own rule). */
    @Test
    void aDeclinedOfferGivesThePlaceBackAndQueuesTheChild() {
        try (ProviderBackOffice office = office()) {
            enqueue("m-1", "c-1", Applications.aruzhan("MBU-012"));
            office.pollOnce();
            enqueueConsent("m-2", "c-1", "MBU-012", false);
            office.pollOnce();
            assertThat(sent).extracting(s -> s.getMessageInfo().getMessageType())
                    .containsExactly("NOTIFICATION", "NOTIFICATION", "NOTIFICATION", "RESPONSE");
            Element result = DataElements.unwrap(sent.get(3).getMessageData().getData());
            assertThat(result.getLocalName()).isEqualTo("registrationSlip");
            assertThat(office.kindergartens().get("MBU-012").places()).isEqualTo(2);
            office.pollOnce();
            assertThat(sent).as("the declined place is not offered again").hasSize(4);
        }
    }

    @Test
    void queuesWithOneNumberAndKeepsNumberingAfterARestart() {
        try (ProviderBackOffice office = office()) {
            enqueue("m-1", "c-1", Applications.aruzhan("MBU-031", "MBU-045"));
            office.pollOnce();
        }
        try (ProviderBackOffice office = office()) {
            enqueue("m-2", "c-2", Applications.aruzhan("MBU-045"));
            office.pollOnce();
        }
        List<RegistrationSlip> slips = new ArrayList<>();
        sent.stream().filter(s -> s.getMessageInfo().getMessageType().equals("RESPONSE"))
                .forEach(s -> slips.add(ShepXml.fromNode(DataElements.unwrap(s.getMessageData().getData()), RegistrationSlip.class)));
        assertThat(slips).hasSize(2);
        // App. 11: the chosen organisations' numbers and one queue number
        assertThat(slips.get(0).getChosenKindergarten()).extracting(k -> k.getCode() + "@" + k.getDistrict())
                .containsExactly("MBU-031@Алматы", "MBU-045@Сарыарқа");
        assertThat(slips.get(0).getQueueNumber().intValue()).isEqualTo(1);
        assertThat(slips.get(1).getChosenKindergarten()).extracting(k -> k.getCode()).containsExactly("MBU-045");
        assertThat(slips.get(1).getQueueNumber().intValue()).isEqualTo(2);
        assertThat(slips.get(1).getHeader().getRegistrationNumber()).isEqualTo("ЖАО-2026-000002");
        assertThat(slips.get(1).getParentName().getLastName()).isEqualTo("NURLANOVA");
        assertThat(slips.get(1).getApplicationDate().toXMLFormat()).isEqualTo("2026-03-02");
        assertThat(slips.get(1).getIssuedBy()).isEqualTo(ProviderBackOffice.PROVIDER_NAME);
    }

    /**
     * Several applications in one poll: their gateway calls go out at once (up to the workers), each application's
     * own messages still in order, and the decisions one at a time in the order of registration (queue number n for
     * registration number n).
     */
    @Test
    void worksOnSeveralApplicationsAtOnceAndDecidesInTheOrderOfRegistration() {
        sendMessageDelayMillis = 50; // a gateway that takes its time, so that calls made at once overlap
        int applications = 8;
        try (ProviderBackOffice office = office()) {
            for (int i = 1; i <= applications; i++) {
                enqueue("m-" + i, "c-" + i, Applications.aruzhan("MBU-045"));
            }
            office.pollOnce();
        }

        assertThat(acks).hasSize(applications)
                .allSatisfy(a -> assertThat(a.getDeliveryStatus().getReceiveStatus()).isEqualTo("MESSAGE_ACCEPTED"));
        assertThat(mostInFlight.get()).as("calls of different applications at once").isGreaterThan(1)
                .isLessThanOrEqualTo(WORKERS);
        Map<String, List<String>> steps = new java.util.TreeMap<>();
        for (AsyncSendMessageRequest s : sent) {
            Element data = DataElements.unwrap(s.getMessageData().getData());
            String step = data.getLocalName().equals("registrationSlip") ? "slip"
                    : ShepXml.fromNode(data, StatusNotification.class).getStatus();
            steps.computeIfAbsent(s.getMessageInfo().getCorrelationId(), c -> new ArrayList<>()).add(step);
        }
        assertThat(steps).hasSize(applications)
                .allSatisfy((c, each) -> assertThat(each).containsExactly("REGISTERED", "IN_WORK", "slip"));
        List<RegistrationSlip> slips = sent.stream().filter(s -> s.getMessageInfo().getMessageType().equals("RESPONSE"))
                .map(s -> ShepXml.fromNode(DataElements.unwrap(s.getMessageData().getData()), RegistrationSlip.class))
                .toList();
        assertThat(slips).hasSize(applications).allSatisfy(slip -> assertThat(slip.getHeader().getRegistrationNumber())
                .isEqualTo(String.format("ЖАО-2026-%06d", slip.getQueueNumber().intValue())));
    }

    /**
     * An acknowledgement the gateway does not take leaves that application alone (the message comes again with the
     * next poll, is acknowledged, and only then worked on), and the office pauses instead of polling again at once.
     */
    @Test
    void anApplicationWhoseAcknowledgementFailedWaitsForTheNextPoll() {
        acknowledgementsToRefuse.set(1);
        try (ProviderBackOffice office = office()) {
            enqueue("m-1", "c-1", Applications.aruzhan("MBU-045"));
            assertThat(office.pollOnce()).as("acknowledged").isZero();
            assertThat(acks).isEmpty();
            assertThat(sent).as("nothing sent for an unacknowledged application").isEmpty();

            assertThat(office.pollOnce()).isEqualTo(1);
            assertThat(acks).extracting(DeliveryNotification::getMessageId).containsExactly("m-1");
            assertThat(sent).extracting(s -> s.getMessageInfo().getMessageType())
                    .containsExactly("NOTIFICATION", "NOTIFICATION", "RESPONSE");
            assertThat(DataElements.unwrap(sent.get(0).getMessageData().getData()).getTextContent())
                    .as("registered once, under its first number").contains("ЖАО-2026-000001");
        }
    }

    /**
     * Session 26: the gateway offers a message it handed out again only after its redelivery delay
     * (qaqpa.provider.redelivery-after), not at the next poll. An acknowledgement it did not take is sent again with
     * the next poll all the same, and the application is worked on only once it is taken. Before, the office waited for
     * the message to come again and, as it did not, worked on the application unacknowledged.
     */
    @Test
    void anAcknowledgementTheGatewayDidNotTakeIsSentAgainWithTheNextPoll() {
        gateway.offeredOnce = true;
        acknowledgementsToRefuse.set(1);
        try (ProviderBackOffice office = office()) {
            enqueue("m-1", "c-1", Applications.aruzhan("MBU-045"));
            office.pollOnce();
            assertThat(acks).isEmpty();
            assertThat(sent).as("nothing sent for an unacknowledged application").isEmpty();

            office.pollOnce();
            assertThat(acks).extracting(DeliveryNotification::getMessageId).containsExactly("m-1");
            assertThat(sent).extracting(s -> s.getMessageInfo().getMessageType())
                    .containsExactly("NOTIFICATION", "NOTIFICATION", "RESPONSE");
        }
    }

    @Test
    void refusesDeliveryOfAnUnsignedApplication() {
        try (ProviderBackOffice office = office()) {
            AsyncMessage message = message("m-9", "c-9", ShepXml.toElement(Applications.aruzhan("MBU-012")));
            queue.put("m-9", message);
            office.pollOnce();
            assertThat(acks).singleElement().satisfies(a -> {
                assertThat(a.getDeliveryStatus().getReceiveStatus()).isEqualTo("MESSAGE_NOT_ACCTEPTED");
                assertThat(a.getDeliveryStatus().getError().getErrorCode()).isEqualTo("SCE017");
            });
            assertThat(sent).isEmpty();
        }
    }

    /**
     * The gateway took the REGISTERED status but its answer was lost, twice: the office sends the very message again
     * (same messageId, same messageDate, same content), after the poll interval and then after twice that, and the
     * gateway's duplicate check answers it; the application then goes on. A rebuilt message would be SCE009 forever.
     */
    @Test
    void aStepWhoseAnswerWasLostIsSentAgainUnchangedAfterAGrowingPause() {
        MovableClock clock = new MovableClock(CLOCK.instant());
        answersToLose.set(2);
        try (ProviderBackOffice office = office(clock)) {
            enqueue("m-1", "c-1", Applications.aruzhan("MBU-031", "MBU-012"));
            office.pollOnce();
            assertThat(sent).as("REGISTERED sent, its answer lost").hasSize(1);
            office.pollOnce();
            assertThat(sent).as("no resend before the first pause").hasSize(1);
            clock.move(POLL_INTERVAL);
            office.pollOnce();
            assertThat(sent).as("resent after one poll interval, its answer lost again").hasSize(2);
            clock.move(POLL_INTERVAL);
            office.pollOnce();
            assertThat(sent).as("the second pause is twice as long").hasSize(2);
            clock.move(POLL_INTERVAL);
            office.pollOnce();

            assertThat(sent).extracting(s -> ShepXml.fromNode(DataElements.unwrap(s.getMessageData().getData()),
                    StatusNotification.class).getStatus()).containsExactly("REGISTERED", "REGISTERED", "REGISTERED",
                    "IN_WORK", "OFFERED");
            assertThat(sent.subList(0, 3)).extracting(s -> s.getMessageInfo().getMessageId() + " "
                    + s.getMessageInfo().getMessageDate()).containsOnly(sent.get(0).getMessageInfo().getMessageId() + " "
                    + sent.get(0).getMessageInfo().getMessageDate());
            assertThat(conflicts).hasValue(0);
        }
    }

    /** The message is kept in the office's database before it is sent: after a restart it goes again unchanged. */
    @Test
    void aMessageWhoseAnswerWasLostIsSentUnchangedAfterARestart() {
        MovableClock clock = new MovableClock(CLOCK.instant());
        answersToLose.set(1);
        try (ProviderBackOffice office = office(clock)) {
            enqueue("m-1", "c-1", Applications.aruzhan("MBU-031", "MBU-012"));
            office.pollOnce();
        }
        clock.move(Duration.ofMinutes(3));
        try (ProviderBackOffice office = office(clock)) {
            office.pollOnce();
        }
        assertThat(sent.get(1).getMessageInfo().getMessageDate()).isEqualTo(sent.get(0).getMessageInfo().getMessageDate());
        assertThat(sent).extracting(s -> s.getMessageInfo().getMessageType()).hasSize(4);
        assertThat(conflicts).hasValue(0);
    }

    /** A clock the test moves on by hand. */

    @Test
    void survivesAnUnreachableGateway() {
        gateway.stop();
        try (ProviderBackOffice office = office()) {
            office.pollOnce();
        }
    }

    private ProviderBackOffice office() {
        return office(CLOCK);
    }

    private ProviderBackOffice office(Clock clock) {
        return new ProviderBackOffice(new ProviderBackOffice.Config(gatewayUrl(), ProviderBackOffice.SERVICE_ID,
                "EASTANA", "eastana-secret", dir, POLL_INTERVAL, SharedTestPki.key("eastana"),
                SharedTestPki.key("employee-zhao"), PeerChecks.certificate(SharedTestPki.key("gateway").certificate()), clock,
                WORKERS));
    }

    private String gatewayUrl() {
        try {
            return gateway.url();
        } catch (IllegalStateException stopped) {
            return "http://localhost:1/shep/async";
        }
    }

    private void enqueue(String messageId, String correlationId, Application application) {
        Element element = ShepXml.toElement(application);
        DocumentSigner.sign(element, SharedTestPki.key("citizen-aigerim"));
        queue.put(messageId, message(messageId, correlationId, element));
    }

    private void enqueueConsent(String messageId, String correlationId, String kindergarten, boolean agreed) {
        Consent consent = new Consent();
        consent.setCorrelationId(correlationId);
        consent.setKindergartenCode(kindergarten);
        consent.setAgreed(agreed);
        consent.setText(agreed ? "I agree" : "I do not agree");
        consent.setSignedAt(SoapEnvelopes.now());
        Element element = ShepXml.toElement(consent);
        DocumentSigner.sign(element, SharedTestPki.key("citizen-aigerim"));
        AsyncMessage message = message(messageId, correlationId, element);
        message.getMessageInfo().setMessageType("UPDATE");
        queue.put(messageId, message);
    }

    private static AsyncMessage message(String messageId, String correlationId, Element document) {
        return FakeAsyncGateway.message(ProviderBackOffice.SERVICE_ID, messageId, correlationId, document);
    }
}
