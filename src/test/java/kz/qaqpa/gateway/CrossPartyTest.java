package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncGetMessageStatusRequest;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.types.GetMessageStatus;
import kz.qaqpa.contract.async.types.GetMessageStatusResponse;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Refusal;
import kz.qaqpa.mocks.provider.DeliveryNotifications;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.xml.Dom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The parties against each other (attack56), X-Road's way: one fixed request per scenario, one expected fault code,
 * each over real HTTP with real signatures of the test PKI (every registered sender its own key and password). The
 * test plays seed 002's provider (EASTANA, its mock paused) beside the channels (the portal, the ЦОН) and a provider of
 * other services (ARCHIVE): who may see, take, answer and change whose messages. Each refused request leaves the
 * application as it was.
 */
class CrossPartyTest {
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce();
    static final PlayedProvider provider = new PlayedProvider(gateway);
    private static final String SERVICE = PlayedProvider.SERVICE;
    private static final String ARCHIVE_SERVICE = "ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON";

    /** A registered sender as the probe signs for it: its id, its password, its transport key. */
    private record Party(String id, String password, String key) {
    }

    private static final Party PORTAL = new Party("PORTAL", "portal-secret", "portal");
    private static final Party CON = new Party("CON", "con-secret", "con");
    private static final Party EASTANA = new Party("EASTANA", "eastana-secret", "eastana");
    private static final Party ARCHIVE = new Party("ARCHIVE", "archive-secret", "archive");

    // ------------------------------------------------------------------ 1. a provider and what is not its own

    /**
     * Another provider (ARCHIVE, which serves other services) acknowledges the kindergarten application's queued
     * message by its id, naming this service or its own: SCE030, the message stays offered to its provider, and the
     * application is not DELIVERED (a NOT_RESEND by a stranger would have ended it).
     */
    @ParameterizedTest
    @CsvSource({"ASTANA_KINDERGARTEN_2012, MESSAGE_NOT_ACCTEPTED, NOT_RESEND",
            "ASTANA_KINDERGARTEN_2012, MESSAGE_ACCEPTED, NOT_RESEND",
            "ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON, MESSAGE_NOT_ACCTEPTED, NOT_RESEND"})
    void anotherProviderCannotAcknowledgeTheMessage(String serviceId, String receiveStatus, String resend) {
        String correlationId = provider.submitted(Channel.PORTAL, "cross-ack-");
        AsyncMessage queued = provider.polled(correlationId);
        var ack = DeliveryNotifications.acknowledgement(serviceId, queued.getMessageInfo().getMessageId(),
                receiveStatus, resend, null, AsyncMessages.sender(ARCHIVE.id(), ARCHIVE.password()), SoapEnvelopes.now());

        ShepAnswers.assertFaultCode(gateway, post(ack, ARCHIVE), "SCE030");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("ACCEPTED");
        assertThat(provider.polled(correlationId).getMessageInfo().getMessageId())
                .isEqualTo(queued.getMessageInfo().getMessageId());
    }

    /**
     * attack66: another provider (ARCHIVE, a registered sender with a valid certificate of the test PKI, serving other
     * services) answers the kindergarten application queued for EASTANA, with its own transport signature and its own
     * credentials: a registration status and a final result (a refusal signed by EASTANA's employee, as a stolen or
     * replayed document would be), under the application's service (which ARCHIVE does not provide) or under its own:
     * SCE031 either way, the correlationId naming no application of this provider. Nothing changes: the application
     * stays DELIVERED, no registration number. Held on main.
     */
    @ParameterizedTest(name = "{0} under {1}: {2}")
    @CsvSource({"NOTIFICATION, ASTANA_KINDERGARTEN_2012, SCE031", "RESPONSE, ASTANA_KINDERGARTEN_2012, SCE031",
            "NOTIFICATION, ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON, SCE031",
            "RESPONSE, ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON, SCE031"})
    void anotherProviderCannotAnswerTheApplication(String type, String serviceId, String code) {
        String correlationId = provider.delivered(Channel.PORTAL);
        Element document = "RESPONSE".equals(type)
                ? provider.signed(ShepXml.toElement(provider.refusal(correlationId, "ЖАО-2026-X")))
                : ShepXml.toElement(PlayedProvider.status(correlationId, "REGISTERED", "ЖАО-2026-X"));
        SendMessage answer = AsyncMessages.sendMessage(type, "cross-answer-" + UUID.randomUUID(), correlationId,
                serviceId, ARCHIVE.id(), ARCHIVE.password(), document);

        ShepAnswers.assertFaultCode(gateway, provider.post(answer, ARCHIVE.key()), code);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("DELIVERED");
        assertThat(provider.application(correlationId).registrationNumber()).isNull();
    }

    /** A provider polls a service it does not serve: SCE008, nothing handed out. */
    @Test
    void aProviderCannotPollAServiceItDoesNotServe() {
        provider.submitted(Channel.PORTAL, "cross-poll-");
        GetMessages poll = PlayedProvider.pollRequest(100);
        poll.getRequest().setSender(AsyncMessages.sender(ARCHIVE.id(), ARCHIVE.password()));

        ShepAnswers.assertFaultCode(gateway, post(poll, ARCHIVE), "SCE008");
    }

    /**
     * The provider's poll with another sender's senderId and password but its own certificate, and with its own
     * senderId and password but another system's certificate: SCE003 both (condition 1: id, password and the
     * certificate's БИН together).
     */
    @ParameterizedTest
    @CsvSource({"ARCHIVE, archive-secret, eastana", "EASTANA, eastana-secret, archive",
            "EASTANA, archive-secret, eastana"})
    void aPollUnderAnotherSystemsNameOrCertificateIsRefused(String senderId, String password, String key) {
        GetMessages poll = PlayedProvider.pollRequest(100);
        poll.getRequest().setSender(AsyncMessages.sender(senderId, password));

        ShepAnswers.assertFaultCode(gateway, post(poll, new Party(senderId, password, key)), "SCE003");
    }

    // ------------------------------------------------------------------ 2. a channel and another's application

    /**
     * Another channel, another provider and the application's own provider ask getMessageStatus by the portal's
     * messageId or by the application's correlationId: SCE030 each, in the words of a message that is not there. Only
     * the portal, by its messageId, is told.
     */
    @ParameterizedTest
    @CsvSource({"CON, messageId", "CON, correlationId", "ARCHIVE, messageId", "EASTANA, messageId",
            "EASTANA, correlationId", "PORTAL, correlationId"})
    void nobodyButTheSenderIsToldTheApplicationsStatus(String asker, String by) {
        String correlationId = provider.submitted(Channel.PORTAL, "cross-status-");
        String messageId = provider.application(correlationId).messageId();
        Party party = party(asker);

        RawSoap.Response answer = post(statusQuery("messageId".equals(by) ? messageId : correlationId, party), party);
        ShepAnswers.assertFaultCode(gateway, answer, "SCE030");
        assertThat(answer.text()).doesNotContain("ACCEPTED").doesNotContain(SERVICE);
        assertThat(status(messageId, PORTAL)).isEqualTo("ACCEPTED");
    }

    /** The ЦОН reports the hand-over of the portal's completed application: SCE031, not handed over. */
    @Test
    void anotherChannelCannotHandOverTheApplication() {
        String correlationId = provider.completed(Channel.PORTAL);
        SendMessage handOver = PlayedProvider.channelMessage(Channel.CON, "NOTIFICATION", correlationId,
                ShepXml.toElement(PlayedProvider.status(correlationId, "HANDED_OVER", null)));

        ShepAnswers.assertFaultCode(gateway, provider.post(handOver, CON.key()), "SCE031");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
    }

    /**
     * A channel's callback address registered for another party: the ЦОН's callback set to the portal's address (a
     * default port written out, the host in capitals). Each would be sent the other's status notifications and results
     * (applicants' personal data), and a callback counts only when the recipient's own system answers it, so half of
     * them would be sent again until they stopped. The start is refused naming both keys. Before: the gateway started.
     */
    @Test
    void aCallbackAddressOfAnotherOrganisationIsRefusedAtStart(@TempDir Path dataDir) {
        IssuedTestPki.copyInto(dataDir);
        try (GatewayHarness refused = new GatewayHarness(dataDir)
                .with("qaqpa.sender.PORTAL.callback", "http://localhost/portal/callback")
                .with("qaqpa.sender.CON.callback", "HTTP://LOCALHOST:80/portal/callback")) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("qaqpa.sender.PORTAL.callback and qaqpa.sender.CON.callback name one address")
                    .hasMessageContaining("two organisations (БИН 041040008807, 081240003305)");
        }
    }

    /**
     * attack61: the same address spelled another way for the ЦОН than for the portal: the host with DNS's trailing
     * dot, an IP literal in another of its forms (an IPv6 one written out, an IPv4 one with leading zeros, as one
     * number, or mapped into IPv6: the JDK's resolver reads each as the same address), the path
     * with a dot segment or a percent-encoded unreserved character (RFC 3986 6.2.2: the same resource). Before:
     * compared as written but for case and the default port, the gateway started (each organisation would be sent
     * the other's notifications and results).
     */
    @ParameterizedTest
    @CsvSource({"http://portal.example.kz/callback, http://PORTAL.example.kz./callback",
            "http://[::1]:8183/portal/callback, http://[0:0:0:0:0:0:0:1]:8183/portal/callback",
            "http://127.0.0.1:8183/portal/callback, http://127.000.000.001:8183/portal/callback",
            "http://127.0.0.1:8183/portal/callback, http://2130706433:8183/portal/callback",
            "http://127.0.0.1:8183/portal/callback, http://[::ffff:127.0.0.1]:8183/portal/callback",
            "http://localhost/portal/callback, http://localhost/portal/./callback",
            "http://localhost/portal/callback, http://localhost/portal/x/../callback",
            "http://localhost/portal/callback, http://localhost/portal/%63allback"})
    void aCallbackAddressOfAnotherOrganisationSpelledAnotherWayIsRefusedAtStart(String portal, String con,
                                                                               @TempDir Path dataDir) {
        IssuedTestPki.copyInto(dataDir);
        try (GatewayHarness refused = new GatewayHarness(dataDir).with("qaqpa.sender.PORTAL.callback", portal)
                .with("qaqpa.sender.CON.callback", con)) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("qaqpa.sender.PORTAL.callback and qaqpa.sender.CON.callback name one address");
        }
    }

    /**
     * attack62 (attack61's Left): a channel's callback naming one of the gateway's own ports on this machine (its
     * channels', its console's, its monitoring port) under a loopback name or literal in any form, or the address a
     * server is bound to: each callback would be answered by the gateway itself, never by the portal's system, and
     * sent again until stopped. The start is refused naming the key. Before: the gateway started.
     */
    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:{qaqpa.http.port}/shep/async", "http://LOCALHOST.:{qaqpa.http.port}/cb",
            "http://127.0.0.1:{qaqpa.operator.port}/", "http://[::1]:{qaqpa.monitoring.port}/health",
            "http://[0:0:0:0:0:0:0:1]:{qaqpa.http.port}/cb", "http://127.0.0.2:{qaqpa.http.port}/cb",
            "http://2130706433:{qaqpa.http.port}/cb", "http://[::ffff:127.0.0.1]:{qaqpa.http.port}/cb",
            "http://0.0.0.0:{qaqpa.http.port}/cb", "http://portal.localhost:{qaqpa.http.port}/cb"})
    void aCallbackAddressOfTheGatewaysOwnPortIsRefusedAtStart(String address, @TempDir Path dataDir) {
        IssuedTestPki.copyInto(dataDir);
        GatewayHarness harness = new GatewayHarness(dataDir);
        String key = address.replaceAll(".*\\{(.*)}.*", "$1");
        try (GatewayHarness refused = harness.with("qaqpa.sender.PORTAL.callback",
                address.replace("{" + key + "}", harness.property(key)))) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("qaqpa.sender.PORTAL.callback (")
                    .hasMessageContaining("names the gateway's own " + key);
        }
    }

    // ------------------------------------------------------------------ 3. results and statuses out of turn

    /**
     * A result before the acknowledgement (polled, never acknowledged): it is taken and closes the delivery; the
     * provider's NOT_RESEND sent after it changes nothing (a refusal of the delivery would make a completed
     * application NOT_DELIVERED and tell the channel so).
     */
    @Test
    void aRefusalOfTheDeliveryAfterTheResultChangesNothing() {
        String correlationId = provider.submitted(Channel.PORTAL, "cross-early-");
        AsyncMessage queued = provider.polled(correlationId);
        String number = provider.register(correlationId);
        provider.accepted(provider.result(correlationId, provider.refusal(correlationId, number)));

        provider.acknowledge(queued.getMessageInfo().getMessageId(), "MESSAGE_NOT_ACCTEPTED", "NOT_RESEND");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("COMPLETED");
        assertThat(provider.application(correlationId).messageState()).isNotEqualTo("NOT_DELIVERED");
    }

    /**
     * The provider reports under the messageId the portal's application came with (a messageId is a sender's own):
     * accepted; the portal asking by it is still told of its application, now REGISTERED, and the provider asking by
     * it of the same application (its own report): neither is answered about the other's message.
     */
    @Test
    void aMessageIdAnotherPartyUsedIsTheSendersOwn() {
        String correlationId = provider.submitted(Channel.PORTAL, "cross-reuse-");
        provider.acknowledge(provider.polled(correlationId).getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED",
                "NOT_RESEND");
        String messageId = provider.application(correlationId).messageId();
        SendMessage registered = AsyncMessages.sendMessage("NOTIFICATION", messageId, correlationId, SERVICE,
                EASTANA.id(), EASTANA.password(), ShepXml.toElement(PlayedProvider.status(correlationId, "REGISTERED",
                        "ЖАО-2026-" + correlationId.substring(1, 7))));

        ShepAnswers.assertAccepted(gateway, provider.post(registered, EASTANA.key()), messageId);
        assertThat(status(messageId, PORTAL)).isEqualTo("REGISTERED");
        assertThat(status(messageId, EASTANA)).isEqualTo("REGISTERED");
    }

    /**
     * A result signed with the provider system's own key (its transport certificate, a БИН and no person), and one
     * signed by the provider's employee but naming another person as the employee who signs: SCE020 both, the
     * application stays registered.
     */
    @ParameterizedTest
    @CsvSource({"eastana, 750618409005", "employee-zhao, 860606301209"})
    void aResultIsSignedByTheEmployeeItNames(String signerKey, String namedEmployee) {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        Refusal refusal = provider.refusal(correlationId, number);
        refusal.getHeader().setEmployeeIin(namedEmployee);
        Element document = ShepXml.toElement(refusal);
        DocumentSigner.sign(document, gateway.pki().key(signerKey));

        ShepAnswers.assertFaultCode(gateway, provider.post(PlayedProvider.message("RESPONSE", correlationId, document),
                EASTANA.key()), "SCE020");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");
    }

    /**
     * The provider's status naming the application in its messageInfo under another serviceId (one the provider does
     * not serve): SCE031, as for an application that is not there.
     */
    @Test
    void aStatusUnderAnotherServiceIdIsRefused() {
        String correlationId = provider.delivered(Channel.PORTAL);
        SendMessage registered = AsyncMessages.sendMessage("NOTIFICATION", "cross-service-" + UUID.randomUUID(),
                correlationId, ARCHIVE_SERVICE, EASTANA.id(), EASTANA.password(),
                ShepXml.toElement(PlayedProvider.status(correlationId, "REGISTERED", "ЖАО-2026-1")));

        ShepAnswers.assertFaultCode(gateway, provider.post(registered, EASTANA.key()), "SCE031");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("DELIVERED");
    }

    /**
     * attack62 (attack61's Left): the provider's status whose document names the application's correlationId padded
     * (spaces, line breaks), beside the right messageInfo: SCE020, the identifier compared as written; the
     * application stays DELIVERED. Before: taken (the field reader trimmed it), REGISTERED.
     */
    @ParameterizedTest
    @ValueSource(strings = {" ", "\n"})
    void aStatusWhoseDocumentPadsTheCorrelationIdIsRefused(String pad) {
        String correlationId = provider.delivered(Channel.PORTAL);
        SendMessage registered = AsyncMessages.sendMessage("NOTIFICATION", "cross-padded-" + UUID.randomUUID(),
                correlationId, SERVICE, EASTANA.id(), EASTANA.password(),
                ShepXml.toElement(PlayedProvider.status(pad + correlationId + pad, "REGISTERED", "ЖАО-2026-1")));

        ShepAnswers.assertFaultCode(gateway, provider.post(registered, EASTANA.key()), "SCE020");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("DELIVERED");
    }

    /**
     * attack61, held: the provider's result naming its application by a spelling of its correlationId other than the
     * gateway's (the hex in capitals, without its braces, padded with spaces), in the messageInfo that routes it
     * (SCE031, as an application that is not there; with a zero-width space SCE001, the identifiers' rule) or in the
     * signed document beside the right messageInfo (capitals or without braces: SCE020, a result about another
     * application; attack62, attack61's Left: padded with spaces or a line break too, SCE020, the identifier the
     * gateway gave is compared as written, an xs:string; before, the padded one was taken). The application stays
     * REGISTERED with no result.
     */
    @ParameterizedTest
    @CsvSource({"messageInfo, capitals, SCE031", "messageInfo, without-braces, SCE031", "messageInfo, padded, SCE031",
            "messageInfo, zero-width-space, SCE001", "document, capitals, SCE020", "document, without-braces, SCE020",
            "document, padded, SCE020", "document, line-breaks, SCE020"})
    void aResultNamingItsApplicationSpelledAnotherWayIsRefused(String where, String spelling, String code) {
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        String spelled = switch (spelling) {
            case "capitals" -> correlationId.toUpperCase(java.util.Locale.ROOT);
            case "without-braces" -> correlationId.substring(1, correlationId.length() - 1);
            case "padded" -> " " + correlationId + " ";
            case "line-breaks" -> "\n" + correlationId + "\n";
            default -> correlationId.substring(0, 5) + "\u200B" + correlationId.substring(5);
        };
        Refusal refusal = provider.refusal(correlationId, number);
        refusal.getHeader().setCorrelationId("document".equals(where) ? spelled : correlationId);
        Element document = ShepXml.toElement(refusal);
        DocumentSigner.sign(document, gateway.pki().key("employee-zhao"));
        SendMessage result = PlayedProvider.message("RESPONSE", "messageInfo".equals(where) ? spelled : correlationId,
                document);

        ShepAnswers.assertFaultCode(gateway, provider.post(result, EASTANA.key()), code);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("REGISTERED");
        assertThat(provider.application(correlationId).resultKind()).isNull();
    }

    /**
     * attack61, held: the provider acknowledging its own queued message by a spelling of its messageId other than the
     * gateway's (capitals, braces added or taken away, padded): SCE030, and the message is still offered as it was queued.
     */
    @ParameterizedTest
    @ValueSource(strings = {"capitals", "braces-changed", "padded"})
    void anAcknowledgementNamingTheMessageSpelledAnotherWayTakesNothing(String spelling) {
        String correlationId = provider.submitted(Channel.PORTAL, "cross-spelled-ack-");
        String messageId = provider.polled(correlationId).getMessageInfo().getMessageId();
        String spelled = switch (spelling) {
            case "capitals" -> messageId.toUpperCase(java.util.Locale.ROOT);
            case "braces-changed" -> messageId.startsWith("{") ? messageId.substring(1, messageId.length() - 1)
                    : "{" + messageId + "}";
            default -> " " + messageId + " ";
        };
        var ack = DeliveryNotifications.acknowledgement(SERVICE, spelled, "MESSAGE_NOT_ACCTEPTED", "NOT_RESEND", null,
                AsyncMessages.sender(EASTANA.id(), EASTANA.password()), SoapEnvelopes.now());

        ShepAnswers.assertFaultCode(gateway, post(ack, EASTANA), "SCE030");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("ACCEPTED");
        assertThat(provider.polled(correlationId).getMessageInfo().getMessageId()).isEqualTo(messageId);
    }

    // ------------------------------------------------------------------ 4. what is signed and what is routed

    /**
     * The portal's signed application with, in its unsigned SOAP Header, a second sendMessage naming the ЦОН as sender,
     * another messageId and another service: the gateway reads only the signed Body. The application is the portal's
     * under the Body's messageId; nothing is stored under the header's.
     */
    @Test
    void aSecondOperationInTheHeaderIsNotRead() {
        String messageId = "cross-body-" + UUID.randomUUID();
        String headerMessageId = "cross-header-" + UUID.randomUUID();
        SendMessage body = AsyncMessages.sendMessage("REQUEST", messageId, null, SERVICE, PORTAL.id(),
                PORTAL.password(), gateway.signed(kz.qaqpa.mocks.walkthrough.SampleApplication.on(Channel.PORTAL)));
        SendMessage header = AsyncMessages.sendMessage("REQUEST", headerMessageId, null, ARCHIVE_SERVICE, CON.id(),
                CON.password(), gateway.signed(kz.qaqpa.mocks.walkthrough.SampleApplication.on(Channel.CON)));
        Document envelope = RawSoap.signed(body, gateway.pki().key(PORTAL.key()));
        Element soapHeader = Dom.childElement(envelope.getDocumentElement(), "Header");
        soapHeader.appendChild(envelope.importNode(ShepXml.toElement(header), true));

        String correlationId = ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), envelope), messageId);
        assertThat(provider.application(correlationId).senderId()).isEqualTo(PORTAL.id());
        assertThat(provider.application(correlationId).serviceId()).isEqualTo(SERVICE);
        ShepAnswers.assertNotStored(gateway, CON.id(), headerMessageId);
    }

    // ------------------------------------------------------------------ the probes' requests

    private static Party party(String id) {
        return switch (id) {
            case "PORTAL" -> PORTAL;
            case "CON" -> CON;
            case "EASTANA" -> EASTANA;
            default -> ARCHIVE;
        };
    }

    private static RawSoap.Response post(Object request, Party party) {
        return RawSoap.post(gateway.asyncUrl(), RawSoap.signed(request, gateway.pki().key(party.key())));
    }

    private static GetMessageStatus statusQuery(String messageId, Party party) {
        AsyncGetMessageStatusRequest request = new AsyncGetMessageStatusRequest();
        request.setMessageId(messageId);
        request.setRequestDate(SoapEnvelopes.now());
        request.setSender(AsyncMessages.sender(party.id(), party.password()));
        GetMessageStatus call = new GetMessageStatus();
        call.setRequest(request);
        return call;
    }

    /** The status {@code party} is told by getMessageStatus of its message {@code messageId}. */
    private static String status(String messageId, Party party) {
        RawSoap.Response answer = post(statusQuery(messageId, party), party);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return ShepXml.fromNode(SoapEnvelopes.payload(answer.document()), GetMessageStatusResponse.class).getResponse()
                .getStatus().getStatusCode();
    }
}
