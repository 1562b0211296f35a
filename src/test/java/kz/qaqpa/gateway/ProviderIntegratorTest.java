package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.generated.GeneratedContract.get;
import static kz.qaqpa.gateway.generated.GeneratedContract.invoke;
import static kz.qaqpa.gateway.generated.GeneratedContract.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.xml.ws.BindingProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.gateway.generated.EnvelopeSigningHandler;
import kz.qaqpa.gateway.generated.GeneratedContract;
import kz.qaqpa.gateway.generated.GeneratedContract.OperationFault;
import kz.qaqpa.mocks.provider.OfficeDefinition;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ProviderOffices;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.DocumentVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/**
 * A provider's back office built by an integrator from README and the served WSDL alone (session 34, interop22): a
 * client generated at test time by wsdl2java from {@code /shep/async?wsdl}, schema validation on, signed by a JAX-WS
 * handler with the provider system's transport key. It runs the whole provider loop for one application of each
 * regulation family and then makes the mistakes a careful integrator makes, each answered with a declared fault.
 * The documents the provider issues come from the provider mocks' rules (what an office decides is not the point).
 */
class ProviderIntegratorTest {
    private static final String BASE = "generated.provider.async";
    /** For a result at the portal: returned as soon as it is there, so long for a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KINDERGARTEN = ChannelClient.SERVICE_ID;

    /** The provider mocks poll hourly: the applications wait for the test's provider. */
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway().with("qaqpa.test-pki.gateway-key-algorithm", "RSA");
    static final PlayedProvider played = new PlayedProvider(gateway);

    @TempDir
    static Path codegenDir;
    static GeneratedContract contract;

    @BeforeAll
    static void generate() {
        contract = GeneratedContract.generate(gateway.asyncUrl() + "?wsdl", codegenDir, BASE, GeneratedContract.ASYNC_PACKAGES);
    }

    @AfterAll
    static void close() throws Exception {
        if (contract != null) {
            contract.close();
        }
    }

    /** A provider system: how it logs in and signs its transport. */
    record Provider(String senderId, String password, String systemKey) {
        static Provider of(OfficeDefinition office) {
            return new Provider(office.senderId(), office.password(), office.systemKeyAlias());
        }
    }

    static final Provider EASTANA = new Provider("EASTANA", "eastana-secret", "eastana");

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("000", GuardianshipSample.serviceId(GuardianshipSample.Form.GUARDIANSHIP), "MZH_EDU"),
                Arguments.of("001", MangystauRegulationsTest.S2, "MANGYSTAU_KARAKIYAK_EDU"),
                Arguments.of("002", KINDERGARTEN, "EASTANA"),
                Arguments.of("003", "ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON", "ARCHIVE"),
                Arguments.of("004", AlmatyFamilyRegulationsTest.S1.id(), "ALMATY_EDU"));
    }

    /**
     * Poll, acknowledge, read the application and verify its signature, send an interim status and the signed result:
     * the citizen's channel (the portal) gets the result, the application is COMPLETED.
     */
    @ParameterizedTest(name = "seed {0}: {1}")
    @MethodSource("families")
    void aWholeProviderLoopThroughTheGeneratedClient(String seed, String serviceId, String providerId) {
        String correlationId = submitOnThePortal(seed, serviceId);
        Provider provider = providerId.equals("EASTANA") ? EASTANA : Provider.of(office(providerId));
        Object port = port(provider);

        Object message = polled(port, provider, serviceId, correlationId);
        Object info = get(message, "messageInfo");
        assertThat(get(info, "messageType")).isEqualTo("REQUEST");
        Element application = DataElements.unwrap(get(get(message, "messageData"), "data"));
        assertThat(DocumentVerifier.verify(application)).as("the citizen's signature verifies").isNotNull();
        acknowledge(port, provider, serviceId, (String) get(info, "messageId"), "MESSAGE_ACCEPTED", "NOT_RESEND");
        assertThat(played.application(correlationId).statusCode()).isEqualTo("DELIVERED");

        List<OfficeStep> steps = decide(providerId, serviceId, (String) get(info, "messageId"), correlationId, application);
        assertThat(steps).as("an interim status first, then the result").extracting(OfficeStep::messageType)
                .startsWith("NOTIFICATION").endsWith("RESPONSE");
        for (OfficeStep step : steps) {
            send(port, provider, serviceId, correlationId, step.messageType(), "p-" + UUID.randomUUID(), step.document());
        }

        assertThat(gateway.mocks().portal().awaitResult(correlationId, WAIT)).as("the portal gets the result").isPresent();
        assertThat(played.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /**
     * Seed 002 on the portal (para 8.10): the provider's offer, the citizen's signed consent handed to the provider as an
     * UPDATE in getMessages (read, verified and acknowledged through the generated client), then the referral.
     */
    @Test
    void theConsentArrivesAsAnUpdateTheGeneratedClientReadsBeforeTheReferral() {
        Object port = port(EASTANA);
        String correlationId = played.offered(Channel.PORTAL);
        kz.qaqpa.contract.async.types.SendMessage consent = PlayedProvider.channelMessage(Channel.PORTAL, "UPDATE",
                correlationId, PlayedProvider.consent(correlationId, true, Instant.now(), gateway.pki().key("citizen-aigerim")));
        ShepAnswers.assertAccepted(gateway, played.post(consent, "portal"), consent.getRequest().getMessageInfo().getMessageId());

        Object update = polled(port, EASTANA, KINDERGARTEN, correlationId);
        assertThat(get(get(update, "messageInfo"), "messageType")).isEqualTo("UPDATE");
        Element document = DataElements.unwrap(get(get(update, "messageData"), "data"));
        assertThat(document.getLocalName()).isEqualTo("consent");
        assertThat(DocumentVerifier.verify(document)).as("the citizen's signature verifies").isNotNull();
        acknowledge(port, EASTANA, KINDERGARTEN, (String) get(get(update, "messageInfo"), "messageId"), "MESSAGE_ACCEPTED",
                "NOT_RESEND");
        String number = played.application(correlationId).registrationNumber();
        send(port, EASTANA, KINDERGARTEN, correlationId, "RESPONSE", "p-" + UUID.randomUUID(),
                played.signed(el(played.referral(correlationId, number, "MBU-012"))));

        assertThat(gateway.mocks().portal().awaitResult(correlationId, "referral", WAIT)).isPresent();
        assertThat(played.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    // ------------------------------------------------------------------ an integrator's mistakes

    /** A poll names no service the poller does not provide: an unknown one is SCE008 too (README, Polling). */
    @Test
    void pollingAnUnknownServiceOrAnotherProvidersIsADeclaredFault() {
        Object port = port(EASTANA);
        assertThat(pollFault(port, EASTANA, "NO_SUCH_SERVICE")).isEqualTo("SCE008");
        assertThat(pollFault(port, EASTANA, "ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON")).isEqualTo("SCE008");
        assertThat(pollFault(port, new Provider("EASTANA", "wrong", "eastana"), KINDERGARTEN)).isEqualTo("SCE003");
    }

    @Test
    void acknowledgingTwiceChangesNothingAndAnUnknownMessageIsSce030() {
        Object port = port(EASTANA);
        String correlationId = submitOnThePortal("002", KINDERGARTEN);
        String messageId = (String) get(get(polled(port, EASTANA, KINDERGARTEN, correlationId), "messageInfo"), "messageId");
        acknowledge(port, EASTANA, KINDERGARTEN, messageId, "MESSAGE_ACCEPTED", "NOT_RESEND");
        acknowledge(port, EASTANA, KINDERGARTEN, messageId, "MESSAGE_ACCEPTED", "NOT_RESEND");
        assertThat(played.application(correlationId).statusCode()).isEqualTo("DELIVERED");
        acknowledge(port, EASTANA, KINDERGARTEN, messageId, "MESSAGE_NOT_ACCTEPTED", "NOT_RESEND");
        assertThat(played.application(correlationId).statusCode()).as("a late refusal does not undo the delivery")
                .isEqualTo("DELIVERED");

        OperationFault fault = catchThrowableOfType(OperationFault.class,
                () -> acknowledge(port, EASTANA, KINDERGARTEN, "no-such-" + UUID.randomUUID(), "MESSAGE_ACCEPTED", "NOT_RESEND"));
        assertThat(fault).isNotNull();
        assertThat(get(fault.faultInfo(), "errorCode")).isEqualTo("SCE030");
    }

    /**
     * A result before the acknowledgement, or before the poll (the provider knew the correlationId otherwise, e.g. its
     * own workstation's application): the answer is taken as the receipt, as README says (ours); the application is
     * off the queue at once, never offered after its result. A result for a closed application is SCE032, nothing kept.
     */
    @Test
    void aResultBeforeTheAcknowledgementIsTheReceiptAndAClosedApplicationTakesNoMoreSce032() {
        Object port = port(EASTANA);
        String polledOnly = submitOnThePortal("002", KINDERGARTEN);
        polled(port, EASTANA, KINDERGARTEN, polledOnly);
        String neverPolled = submitOnThePortal("002", KINDERGARTEN);
        for (String correlationId : List.of(polledOnly, neverPolled)) {
            send(port, EASTANA, KINDERGARTEN, correlationId, "RESPONSE", "p-" + UUID.randomUUID(),
                    played.signed(el(played.refusal(correlationId, "ЖАО-2026-" + correlationId.substring(1, 7)))));
            assertThat(played.application(correlationId).statusCode()).isEqualTo("COMPLETED");
            assertThat(gateway.mocks().portal().awaitResult(correlationId, WAIT)).isPresent();
        }
        assertThat(polledIds(port)).doesNotContain(polledOnly, neverPolled);

        int owed = gateway.assembly().outbox().forApplication(neverPolled).size();
        assertThat(sendFault(port, EASTANA, neverPolled, "RESPONSE",
                played.signed(el(played.refusal(neverPolled, "ЖАО-2026-" + neverPolled.substring(1, 7)))))).isEqualTo("SCE032");
        assertThat(gateway.assembly().outbox().forApplication(neverPolled)).as("nothing more for the channel").hasSize(owed);
    }

    /** A result signed by another organisation's employee (SCE020), one the result schema refuses (SCE001). */
    @Test
    void aResultOfAForeignSignerOrAgainstTheSchemaIsRefusedAndTheApplicationWaits() {
        assertResultRefused("SCE020", result -> DocumentSigner.sign(result, gateway.pki().key("employee-mzh-edu")));
        assertResultRefused("SCE001", result -> {
            result.getElementsByTagNameNS("*", "reasonCode").item(0).setTextContent("NOT_A_REASON");
            played.signed(result);
        });
    }

    private static void assertResultRefused(String code, java.util.function.Consumer<Element> spoil) {
        Object port = port(EASTANA);
        String correlationId = played.delivered(Channel.PORTAL);
        String number = played.register(correlationId);
        Element result = el(played.refusal(correlationId, number));
        spoil.accept(result);
        assertThat(sendFault(port, EASTANA, correlationId, "RESPONSE", result)).isEqualTo(code);
        assertThat(played.application(correlationId).statusCode()).isEqualTo("REGISTERED");
        assertThat(gateway.mocks().portal().awaitResult(correlationId, Duration.ofMillis(300))).isEmpty();
    }

    /** A provider whose answer timed out sends the same message again: one result, the first answer again. */
    @Test
    void aRetriedResultMakesOneResult() throws Exception {
        Object port = port(EASTANA);
        String correlationId = played.delivered(Channel.PORTAL);
        String number = played.register(correlationId);
        Element result = played.signed(el(played.refusal(correlationId, number)));
        String messageId = "p-" + UUID.randomUUID();
        // the generated request kept and invoked again, as it was (README: resend what was sent, do not rebuild it)
        Object request = request(EASTANA, KINDERGARTEN, correlationId, "RESPONSE", messageId, result);
        Object first = invoke(port, "sendMessage", request);
        int owed = gateway.assembly().outbox().forApplication(correlationId).size();
        Object again = invoke(port(EASTANA), "sendMessage", request);
        assertThat(get(again, "messageId")).isEqualTo(get(first, "messageId"));
        assertThat(gateway.assembly().outbox().forApplication(correlationId)).hasSize(owed);
        // rebuilt with a new messageDate it is another message under the same id: SCE009, nothing more kept
        Pause.sleep(Duration.ofMillis(5));
        OperationFault rebuilt = catchThrowableOfType(OperationFault.class,
                () -> send(port, EASTANA, KINDERGARTEN, correlationId, "RESPONSE", messageId, result));
        assertThat(get(rebuilt.faultInfo(), "errorCode")).isEqualTo("SCE009");
        assertThat(gateway.assembly().outbox().forApplication(correlationId)).hasSize(owed);
        // both copies at once: still one result
        String concurrent = played.delivered(Channel.PORTAL);
        String concurrentNumber = played.register(concurrent);
        Element concurrentResult = played.signed(el(played.refusal(concurrent, concurrentNumber)));
        String concurrentId = "p-" + UUID.randomUUID();
        Object copy = request(EASTANA, KINDERGARTEN, concurrent, "RESPONSE", concurrentId, concurrentResult);
        List<CompletableFuture<Object>> copies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Object copyPort = port(EASTANA);
            copies.add(CompletableFuture.supplyAsync(() -> invoke(copyPort, "sendMessage", copy)));
        }
        for (CompletableFuture<Object> answer : copies) {
            assertThat(get(answer.get(), "messageId")).isEqualTo(concurrentId);
        }
        assertThat(gateway.mocks().portal().awaitResult(concurrent, WAIT)).isPresent();
        assertThat(gateway.assembly().outbox().forApplication(concurrent).stream()
                .filter(o -> !gateway.assembly().outbox().payload(o).contains("changeMassageStatusNotification")).count())
                .as("one result callback").isEqualTo(1);
    }

    /** Two instances of the provider's system poll at the same moment: no application is handed to both. */
    @Test
    void twoInstancesPollingAtOnceGetDisjointMessages() throws Exception {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            submitted.add(submitOnThePortal("002", KINDERGARTEN));
        }
        Object one = port(EASTANA);
        Object two = port(EASTANA);
        CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> polledIds(one));
        CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> polledIds(two));
        List<String> all = new ArrayList<>(a.get());
        all.addAll(b.get());
        assertThat(all).as("each application handed to one instance").doesNotHaveDuplicates().containsAll(submitted);
    }

    /**
     * A status or result without messageInfo/correlationId (optional in the contract, required by README): SCE001 naming
     * the field, nothing kept. Before: SCE031 "no application ... has correlationId 'null'", as if it named another's.
     */
    @Test
    void aReportWithoutCorrelationIdIsSce001NamingTheField() {
        Object port = port(EASTANA);
        String correlationId = played.delivered(Channel.PORTAL);
        String number = played.register(correlationId);
        for (String type : List.of("NOTIFICATION", "RESPONSE")) {
            Element document = type.equals("RESPONSE") ? played.signed(el(played.refusal(correlationId, number)))
                    : el(PlayedProvider.status(correlationId, "IN_WORK", number));
            OperationFault fault = catchThrowableOfType(OperationFault.class, () -> send(port, EASTANA, KINDERGARTEN, null,
                    type, "p-" + UUID.randomUUID(), document));
            assertThat(fault).as(type).isNotNull();
            assertThat(get(fault.faultInfo(), "errorCode")).isEqualTo("SCE001");
            assertThat((String) get(fault.faultInfo(), "errorMessage")).contains("correlationId").doesNotContain("'null'");
        }
        assertThat(played.application(correlationId).statusCode()).isEqualTo("REGISTERED");
    }

    // ------------------------------------------------------------------ the generated client

    private static Object port(Provider provider) {
        Object port = invoke(contract.create(".AsyncChannelHttpService"), "getAsyncChannelHttpPort");
        assertThat(((BindingProvider) port).getRequestContext().get(BindingProvider.ENDPOINT_ADDRESS_PROPERTY))
                .isEqualTo(gateway.asyncUrl());
        ((BindingProvider) port).getRequestContext().put("schema-validation-enabled", true);
        new EnvelopeSigningHandler(gateway.pki().key(provider.systemKey()), gateway.gatewayCheck())
                .installOn(port);
        return port;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> poll(Object port, Provider provider, String serviceId, int amount) {
        Object request = contract.create(".itypes.AsyncGetMessagesRequest");
        set(request, "serviceId", serviceId);
        set(request, "sender", contract.sender(provider.senderId(), provider.password()));
        set(request, "amount", amount);
        set(request, "requestDate", DataElements.dateTime(Instant.now()));
        return (List<Object>) get(invoke(port, "getMessages", request), "messages");
    }

    private static List<String> polledIds(Object port) {
        return poll(port, EASTANA, KINDERGARTEN, 100).stream()
                .map(m -> (String) get(get(m, "messageInfo"), "correlationId")).toList();
    }

    private static Object polled(Object port, Provider provider, String serviceId, String correlationId) {
        return poll(port, provider, serviceId, 100).stream()
                .filter(m -> correlationId.equals(get(get(m, "messageInfo"), "correlationId")))
                .findFirst().orElseThrow(() -> new AssertionError("not polled: " + correlationId));
    }

    private static String pollFault(Object port, Provider provider, String serviceId) {
        OperationFault fault = catchThrowableOfType(OperationFault.class, () -> poll(port, provider, serviceId, 10));
        assertThat(fault).as("a declared fault polling " + serviceId).isNotNull();
        return (String) get(fault.faultInfo(), "errorCode");
    }

    private static void acknowledge(Object port, Provider provider, String serviceId, String messageId,
                                    String receiveStatus, String resend) {
        Object status = contract.create(".common.DeliveryStatusInfo");
        set(status, "receiveStatus", receiveStatus);
        set(status, "statusDate", DataElements.dateTime(Instant.now()));
        set(status, "resendMessage", resend);
        Object notification = contract.create(".common.DeliveryNotification");
        set(notification, "messageId", messageId);
        set(notification, "serviceId", serviceId);
        set(notification, "notificationDate", DataElements.dateTime(Instant.now()));
        set(notification, "deliveryStatus", status);
        Object request = contract.create(".itypes.AsyncSendDeliveryNotificationRequest");
        set(request, "notification", notification);
        set(request, "requestDate", DataElements.dateTime(Instant.now()));
        set(request, "sender", contract.sender(provider.senderId(), provider.password()));
        invoke(port, "sendDeliveryNotification", request);
    }

    private static Object send(Object port, Provider provider, String serviceId, String correlationId, String type,
                               String messageId, Element document) {
        return invoke(port, "sendMessage", request(provider, serviceId, correlationId, type, messageId, document));
    }

    /** A provider's sendMessage (NOTIFICATION, RESPONSE) about the application, dated now. */
    private static Object request(Provider provider, String serviceId, String correlationId, String type, String messageId,
                                  Element document) {
        Object request = contract.asyncSendMessage(serviceId, messageId,
                contract.sender(provider.senderId(), provider.password()), document);
        set(get(request, "messageInfo"), "messageType", type);
        set(get(request, "messageInfo"), "correlationId", correlationId);
        return request;
    }

    private static String sendFault(Object port, Provider provider, String correlationId, String type, Element document) {
        OperationFault fault = catchThrowableOfType(OperationFault.class,
                () -> send(port, provider, KINDERGARTEN, correlationId, type, "p-" + UUID.randomUUID(), document));
        assertThat(fault).as("a declared fault").isNotNull();
        return (String) get(fault.faultInfo(), "errorCode");
    }

    // ------------------------------------------------------------------ the applications and the office's documents

    private static String submitOnThePortal(String seed, String serviceId) {
        Element signed = switch (seed) {
            case "000" -> GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "PORTAL").signed(gateway.pki());
            case "001" -> gateway.signed(MangystauRegulationsTest.application(serviceId, MangystauRegulationsTest.Via.PORTAL,
                    MangystauRegulationsTest.KARAKIYAK), MangystauRegulationsTest.Via.PORTAL.signerKey);
            case "002" -> gateway.signed(SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE"));
            case "003" -> ArchivalCertificateTest.signedSample(serviceId, kz.qaqpa.document.archive.Channel.PORTAL, gateway.pki());
            case "004" -> gateway.signed(AlmatyFamilyRegulationsTest.sample(AlmatyFamilyRegulationsTest.S1, kz.qaqpa.document.almatyfamily.Channel.PORTAL),
                    "citizen-aigerim");
            default -> throw new IllegalArgumentException(seed);
        };
        return gateway.client("PORTAL", "portal-secret", "portal").send(AsyncMessages.sendMessage("REQUEST",
                "portal-" + UUID.randomUUID(), null, serviceId, "PORTAL", "portal-secret", signed)).getCorrelationId();
    }

    private static OfficeDefinition office(String senderId) {
        return ProviderOffices.all().stream().filter(o -> o.senderId().equals(senderId)).findFirst().orElseThrow();
    }

    /** What the office sends, signed as it decides: its mock rules; for seed 002 a registration and a refusal. */
    private static List<OfficeStep> decide(String providerId, String serviceId, String messageId, String correlationId,
                                           Element application) {
        if (providerId.equals("EASTANA")) {
            String number = "ЖАО-2026-" + correlationId.substring(1, 7);
            return List.of(OfficeStep.notification("registered", el(PlayedProvider.status(correlationId, "REGISTERED", number))),
                    OfficeStep.result("refusal", played.signed(el(played.refusal(correlationId, number))), null));
        }
        ServiceRules rules = office(providerId).services().apply(gateway.pki()).stream()
                .filter(r -> r.serviceId().equals(serviceId)).findFirst().orElseThrow();
        List<OfficeStep> steps = rules.decide(new ReceivedApplication(serviceId, messageId, correlationId,
                "ИНТ-2026-" + correlationId.substring(1, 7), application, Instant.now(), Clock.systemUTC()));
        steps.stream().filter(s -> s.signer() != null).forEach(s -> DocumentSigner.sign(s.document(), s.signer()));
        return steps;
    }

    private static Element el(Object jaxb) {
        return kz.qaqpa.channel.ShepXml.toElement(jaxb);
    }
}
