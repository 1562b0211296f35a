package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.GetMessagesResponse;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Child;
import kz.qaqpa.document.kindergarten.Consent;
import kz.qaqpa.document.kindergarten.PersonName;
import kz.qaqpa.document.kindergarten.Referral;
import kz.qaqpa.document.kindergarten.Refusal;
import kz.qaqpa.document.kindergarten.RegistrationSlip;
import kz.qaqpa.document.kindergarten.ResultHeader;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.mocks.provider.DeliveryNotifications;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Applications;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * The kindergarten service's provider (EASTANA, the ЖАО's work cabinet) played by a test over real signed HTTP, for
 * gateways whose provider mock is paused ({@link #gateway()}): it polls and acknowledges, sends its statuses
 * and results, and brings an application to DELIVERED, registered or COMPLETED for the test to go on from there. The
 * same tests send the channels' messages about the application ({@link #channelMessage}, {@link #post}).
 */
final class PlayedProvider {
    static final String SERVICE = ChannelClient.SERVICE_ID;
    private static final String SENDER = "EASTANA";
    private static final String PASSWORD = "eastana-secret";
    static final String TRANSPORT_KEY = "eastana";
    static final String EMPLOYEE_KEY = "employee-zhao";
    private static final String EMPLOYEE_IIN = "750618409005";
    /** The consumer of the channels' sample applications, who signs their consents. */
    private static final String CONSUMER_KEY = "citizen-aigerim";

    private final GatewayHarness gateway;
    private SignedSoapClient client;

    /** Plays the provider of {@code gateway}, which may start later (the provider's keys are its test PKI's). */
    PlayedProvider(GatewayHarness gateway) {
        this.gateway = gateway;
    }

    /**
     * A gateway for one test class that plays the provider ({@code @RegisterExtension}): its provider mock is paused
     * once started ({@link GatewayHarness#providerPaused()}; until ops46 it was left to poll hourly, and its first poll
     * at the start could take a test's application), so the applications wait for the test.
     */
    static GatewayHarness gateway() {
        return waitingForTheTest(GatewayHarness.perClass());
    }

    /** {@code gateway} with its provider mock paused at each start (and polling only hourly, were it resumed). */
    static GatewayHarness waitingForTheTest(GatewayHarness gateway) {
        return gateway.with("qaqpa.mocks.provider.poll-interval", "PT1H").providerPaused();
    }

    /**
     * {@link #gateway()} offering a message not acknowledged again at the very next poll
     * (qaqpa.provider.redelivery-after PT0S; PT1M ships, and the other tests run with it), for tests that poll again
     * at once to see a message still offered, or no longer offered; RedeliveryTest tests the delay itself.
     */
    static GatewayHarness gatewayOfferingAgainAtOnce() {
        return gateway().with("qaqpa.provider.redelivery-after", "PT0S");
    }

    // ------------------------------------------------------------------ an application brought along

    /** An application on {@code channel}, fetched and acknowledged by the provider (status DELIVERED). */
    String delivered(Channel channel) {
        return delivered(SampleApplication.on(channel));
    }

    /** {@code sample}'s application, fetched and acknowledged by the provider (status DELIVERED). */
    String delivered(SampleApplication sample) {
        return delivered(sample, form -> { });
    }

    /**
     * As {@link #delivered(SampleApplication)}, with {@code edit} made to the form before it is signed: text its JAXB
     * object cannot hold (XML Schema's 24:00:00, which the JDK's calendar turns into the next day's 00:00:00).
     */
    String delivered(SampleApplication sample, Consumer<Element> edit) {
        Channel channel = sample.build().getChannel();
        Element form = ShepXml.toElement(sample.build());
        edit.accept(form);
        DocumentSigner.sign(form, gateway.pki().key(sample.signerAlias()));
        String correlationId = gateway.client(channel).submit(form, "delivered-" + UUID.randomUUID()).getCorrelationId();
        acknowledge(polled(correlationId).getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
        assertThat(application(correlationId).statusCode()).isEqualTo("DELIVERED");
        return correlationId;
    }

    /** {@code channel}'s sample application, signed by its signer and accepted; its correlationId. */
    String submitted(Channel channel, String messageIdPrefix) {
        return submitted(channel, messageIdPrefix, application -> { });
    }

    /** As {@link #submitted(Channel, String)}, with {@code edit} made to the application before it is signed. */
    String submitted(Channel channel, String messageIdPrefix, Consumer<Application> edit) {
        SampleApplication sample = SampleApplication.on(channel);
        edit.accept(sample.build());
        return gateway.client(channel).submit(gateway.signed(sample), messageIdPrefix + UUID.randomUUID())
                .getCorrelationId();
    }

    /** Registered by the provider; returns the number. */
    String register(String correlationId) {
        String number = "ЖАО-2026-" + correlationId.substring(1, 7);
        accepted(message("NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "REGISTERED", number))));
        assertThat(application(correlationId).registrationNumber()).isEqualTo(number);
        return number;
    }

    /** Registered and answered with a (final) refusal. */
    String completed(Channel channel) {
        String correlationId = delivered(channel);
        String number = register(correlationId);
        accepted(result(correlationId, refusal(correlationId, number)));
        assertThat(application(correlationId).statusCode()).isEqualTo("COMPLETED");
        return correlationId;
    }

    /** Registered and offered MBU-012 by the provider (status OFFERED). */
    String offered(Channel channel) {
        String correlationId = delivered(channel);
        register(correlationId);
        accepted(message("NOTIFICATION", correlationId, ShepXml.toElement(offer(correlationId))));
        assertThat(application(correlationId).statusCode()).isEqualTo("OFFERED");
        return correlationId;
    }

    // ------------------------------------------------------------------ the async protocol

    /** The messages waiting for the provider, oldest first, up to {@code amount}. */
    List<AsyncMessage> poll(int amount) {
        return messages(call(pollRequest(amount)));
    }

    /**
     * The provider's getMessages asking for up to {@code amount} messages, dated now as the provider mock dates its
     * polls (fix42: a poll dated neither by its requestDate nor by a signed wsu:Timestamp is refused).
     */
    static GetMessages pollRequest(int amount) {
        AsyncGetMessagesRequest request = new AsyncGetMessagesRequest();
        request.setRequestDate(SoapEnvelopes.now());
        request.setServiceId(SERVICE);
        request.setSender(AsyncMessages.sender(SENDER, PASSWORD));
        request.setAmount(amount);
        GetMessages call = new GetMessages();
        call.setRequest(request);
        return call;
    }

    /** The messages of the gateway's answer to {@link #pollRequest}. */
    static List<AsyncMessage> messages(Element getMessagesResponse) {
        return ShepXml.fromNode(getMessagesResponse, GetMessagesResponse.class).getResponse().getMessages();
    }

    /** The application as the provider fetches it with getMessages. */
    AsyncMessage polled(String correlationId) {
        return poll(100).stream().filter(m -> m.getMessageInfo().getCorrelationId().equals(correlationId))
                .findFirst().orElseThrow();
    }

    /** The first waiting message of {@code messageType} (REQUEST, UPDATE, ...) about the application. */
    AsyncMessage polled(String correlationId, String messageType) {
        return poll(100).stream().filter(m -> m.getMessageInfo().getCorrelationId().equals(correlationId))
                .filter(m -> messageType.equals(m.getMessageInfo().getMessageType()))
                .findFirst().orElseThrow();
    }

    /** Acknowledges (MESSAGE_ACCEPTED, NOT_RESEND) those of {@code messages} about {@code correlationIds}. */
    void acknowledgeAbout(List<AsyncMessage> messages, Collection<String> correlationIds) {
        messages.stream().filter(m -> correlationIds.contains(m.getMessageInfo().getCorrelationId()))
                .forEach(m -> acknowledge(m.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND"));
    }

    void acknowledge(String messageId, String receiveStatus, String resendMessage) {
        call(acknowledgement(messageId, receiveStatus, resendMessage));
    }

    /** The provider's sendDeliveryNotification of a message it fetched. */
    static kz.qaqpa.contract.async.types.SendDeliveryNotification acknowledgement(String messageId, String receiveStatus,
                                                                                  String resendMessage) {
        return DeliveryNotifications.acknowledgement(SERVICE, messageId, receiveStatus, resendMessage, null,
                AsyncMessages.sender(SENDER, PASSWORD), SoapEnvelopes.now());
    }

    /** A call on the async channel signed with the provider's transport key; the gateway's answer as received. */
    Element call(Object request) {
        return client().call(gateway.asyncUrl(), request);
    }

    private synchronized SignedSoapClient client() {
        if (client == null) {
            client = new SignedSoapClient(gateway.pki().key(TRANSPORT_KEY), gateway.gatewayCheck(),
                    Duration.ofSeconds(10));
        }
        return client;
    }

    /** A provider's message (NOTIFICATION, RESPONSE) about the application, with a new messageId. */
    static SendMessage message(String type, String correlationId, Element document) {
        return AsyncMessages.sendMessage(type, "provider-" + UUID.randomUUID(), correlationId, SERVICE, SENDER,
                PASSWORD, document);
    }

    /** A RESPONSE carrying {@code result} (a JAXB document), signed by the provider's employee. */
    SendMessage result(String correlationId, Object result) {
        return message("RESPONSE", correlationId, signed(ShepXml.toElement(result)));
    }

    /** Signed with the provider's transport key; the gateway must accept it. */
    void accepted(SendMessage message) {
        ShepAnswers.assertAccepted(gateway, post(message, TRANSPORT_KEY),
                message.getRequest().getMessageInfo().getMessageId());
    }

    /** Signed with the transport key {@code keyAlias} (the provider's, a channel's) and posted; the answer as received. */
    RawSoap.Response post(SendMessage message, String keyAlias) {
        return post(message, keyAlias, RawSoap.ANSWER_WAIT);
    }

    /** The same, its answer awaited up to {@code timeout} (an event the test holds on purpose waits longer). */
    RawSoap.Response post(SendMessage message, String keyAlias, java.time.Duration timeout) {
        return RawSoap.post(gateway.asyncUrl(), RawSoap.signed(message, gateway.pki().key(keyAlias)), timeout);
    }

    /** A channel's message (UPDATE, NOTIFICATION) about the application, with a new messageId. */
    static SendMessage channelMessage(Channel channel, String type, String correlationId, Element document) {
        String sender = channel.name();
        return AsyncMessages.sendMessage(type, "channel-" + UUID.randomUUID(), correlationId, SERVICE, sender,
                sender.toLowerCase() + "-secret", document);
    }

    /**
     * The portal's UPDATE with the consumer's consent to the offered place, signed at {@code signedAt}; it must be
     * accepted. Returns the message sent.
     */
    SendMessage consentSent(String correlationId, Instant signedAt) {
        SendMessage consent = channelMessage(Channel.PORTAL, "UPDATE", correlationId,
                consent(correlationId, true, signedAt, gateway.pki().key(CONSUMER_KEY)));
        ShepAnswers.assertAccepted(gateway, post(consent, "portal"), consent.getRequest().getMessageInfo().getMessageId());
        return consent;
    }

    /** The channel's employee hands the result over (HANDED_OVER, signed with the channel's key); it must be accepted. */
    void handOver(Channel channel, String correlationId) {
        SendMessage handOver = channelMessage(channel, "NOTIFICATION", correlationId,
                ShepXml.toElement(status(correlationId, "HANDED_OVER", null)));
        ShepAnswers.assertAccepted(gateway, post(handOver, channel.name().toLowerCase(Locale.ROOT)),
                handOver.getRequest().getMessageInfo().getMessageId());
    }

    /** The application as the gateway stored it. */
    Applications.Application application(String correlationId) {
        return RegulationProgress.application(gateway, correlationId);
    }

    // ------------------------------------------------------------------ the provider's documents

    static StatusNotification status(String correlationId, String status, String registrationNumber) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(correlationId);
        n.setStatus(status);
        n.setRegistrationNumber(registrationNumber);
        n.setChangedAt(SoapEnvelopes.now());
        return n;
    }

    /** The offer of MBU-012 under the application's registration number. */
    StatusNotification offer(String correlationId) {
        StatusNotification offer = status(correlationId, "OFFERED", application(correlationId).registrationNumber());
        StatusNotification.OfferedKindergarten place = new StatusNotification.OfferedKindergarten();
        place.setKindergartenCode("MBU-012");
        place.setKindergartenName("No 12");
        offer.setOfferedKindergarten(place);
        return offer;
    }

    /** The consumer's consent (or decline) to MBU-012, saying it was signed at {@code signedAt}, signed by {@code signer}. */
    static Element consent(String correlationId, boolean agreed, Instant signedAt, KeyMaterial signer) {
        return consent(correlationId, "MBU-012", agreed, signedAt, signer);
    }

    /** The consumer's consent (or decline) to {@code kindergartenCode}, as {@link #consent(String, boolean, Instant, KeyMaterial)}. */
    static Element consent(String correlationId, String kindergartenCode, boolean agreed, Instant signedAt,
                           KeyMaterial signer) {
        Consent consent = new Consent();
        consent.setCorrelationId(correlationId);
        consent.setKindergartenCode(kindergartenCode);
        consent.setAgreed(agreed);
        consent.setText(agreed ? "I agree" : "I do not agree");
        consent.setSignedAt(SoapEnvelopes.dateTime(signedAt));
        Element signed = ShepXml.toElement(consent);
        DocumentSigner.sign(signed, signer);
        return signed;
    }

    Refusal refusal(String correlationId, String registrationNumber) {
        Refusal refusal = new Refusal();
        refusal.setHeader(header(correlationId, registrationNumber));
        refusal.setReasonCode("OTHER");
        refusal.getReason().add("the birth certificate is missing");
        return refusal;
    }

    /** A referral to {@code kindergartenCode} (the final result; on the portal after the consumer's consent to it). */
    Referral referral(String correlationId, String registrationNumber, String kindergartenCode) {
        Referral referral = new Referral();
        referral.setHeader(header(correlationId, registrationNumber));
        referral.setReferralNumber("ЖОЛ-" + registrationNumber);
        referral.setKindergartenCode(kindergartenCode);
        referral.setKindergartenName("No 12");
        referral.setKindergartenAddress("Astana, Kabanbai batyr ave. 40");
        referral.setKindergartenPhone("+7 7172 24 12 12");
        referral.setHeadName("MUKANOVA SAULE");
        // App. 10 «Үйінің мекен-жайы, телефоны»: the applicant's (made-up ones once the queued body is gone)
        referral.setHomeAddress("Astana, Yesil district, Mangilik Yel ave. 20, apt. 45");
        referral.setHomePhone("+7 701 234 56 78");
        gateway.assembly().providerQueue().application(correlationId).map(PlayedProvider::parsed).ifPresent(a -> {
            referral.setHomeAddress(a.getApplicant().getAddress());
            referral.setHomePhone(a.getApplicant().getPhone());
        });
        // App. 10: registered within one month of the issue (the issue day in the regulation's time zone); the
        // header's own day, not today's again: at midnight the two differed and the referral was refused (SCE001)
        LocalDate issued = referral.getHeader().getIssuedAt().toGregorianCalendar().toZonedDateTime()
                .withZoneSameInstant(java.time.ZoneId.of("Asia/Almaty")).toLocalDate();
        referral.setValidUntil(DataElements.date(issued.plusMonths(1)));
        return referral;
    }

    /** An interim answer (App. 11): a registration slip of the queued application with queue number 17. */
    RegistrationSlip slip(String correlationId, String registrationNumber) {
        Application application = queued(correlationId);
        RegistrationSlip slip = new RegistrationSlip();
        slip.setHeader(header(correlationId, registrationNumber));
        slip.setParentName(application.getApplicant().getName());
        slip.getChosenKindergarten().addAll(application.getKindergarten());
        slip.setQueueNumber(java.math.BigInteger.valueOf(17));
        // App. 11 «Өтінішті берген күні»: the day the form was submitted, in Astana (as the provider's mock prints it)
        slip.setApplicationDate(DataElements.date(DataElements.localDate(application.getSubmittedAt(),
                java.time.ZoneId.of("Asia/Almaty"))));
        slip.setIssuedBy("Астана қаласының Білім басқармасы");
        return slip;
    }

    /** A result's header, issued now by the provider's employee about the application's child, named as it names it. */
    ResultHeader header(String correlationId, String registrationNumber) {
        ResultHeader header = header(correlationId, registrationNumber, application(correlationId).childIin());
        // a final application's queued body may be gone (qaqpa.retention.closed-request-body): the defaults then
        gateway.assembly().providerQueue().application(correlationId).ifPresent(xml -> {
            Child child = parsed(xml).getChild();
            header.getChildName().setLastName(child.getName().getLastName());
            header.getChildName().setFirstName(child.getName().getFirstName());
            header.setChildBirthDate(child.getBirthDate());
        });
        return header;
    }

    /** The application document as the gateway queued it for the provider. */
    Application queued(String correlationId) {
        return parsed(gateway.assembly().providerQueue().application(correlationId).orElseThrow());
    }

    private static Application parsed(String queuedXml) {
        return ShepXml.fromNode(SecureXml.parseText(queuedXml).getDocumentElement(), Application.class);
    }

    /** A result's header, issued now by the provider's employee about the child {@code childIin}. */
    static ResultHeader header(String correlationId, String registrationNumber, String childIin) {
        ResultHeader header = new ResultHeader();
        header.setCorrelationId(correlationId);
        header.setRegistrationNumber(registrationNumber);
        header.setIssuedAt(SoapEnvelopes.now());
        header.setEmployeeIin(EMPLOYEE_IIN);
        header.setChildIin(childIin);
        PersonName name = new PersonName();
        name.setLastName("NURLANOVA");
        name.setFirstName("ARUZHAN");
        header.setChildName(name);
        header.setChildBirthDate(DataElements.date(LocalDate.of(2021, 9, 8)));
        return header;
    }

    /** Signed by the provider's employee (enveloped XML-DSig). */
    Element signed(Element document) {
        DocumentSigner.sign(document, gateway.pki().key(EMPLOYEE_KEY));
        return document;
    }
}
