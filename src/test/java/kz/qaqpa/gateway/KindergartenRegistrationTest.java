package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.RegistrationSlip;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.SubjectIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
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
    private static final Map<Channel, List<String>> STEPS = Map.of(
            Channel.PORTAL, List.of("portal-condition-1", "portal-process-3", "portal-condition-2", "portal-process-7",
                    "portal-action-3", "portal-action-5", "portal-action-6", "portal-process-8"),
            Channel.CON, List.of("con-condition-1", "con-process-3", "con-condition-2", "con-process-6",
                    "con-action-4", "con-action-5", "con-action-6", "con-process-7"),
            Channel.ZHAO, List.of("zhao-condition-1", "zhao-process-3", "zhao-condition-2", "zhao-process-6",
                    "zhao-action-4", "zhao-action-8", "zhao-action-5", "zhao-process-7"),
            Channel.EASTANA, List.of("eastana-condition-1", "eastana-process-3", "eastana-condition-2", "eastana-process-6",
                    "eastana-action-3", "eastana-action-5", "eastana-action-6", "eastana-process-7"));

    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;

    /** The gateway's clock starts on a Friday evening before Nauryz 2026 (qaqpa.clock); steps are timed on it. */
    private static final String FRIDAY_EVENING_BEFORE_NAURYZ = "2026-03-20T19:30:00+05:00";

    @BeforeAll
    static void start() {
        gateway = new GatewayHarness(dataDir).with("qaqpa.clock", FRIDAY_EVENING_BEFORE_NAURYZ).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void placeAvailableGivesReferral(Channel channel) {
        Submitted s = submit(channel, SampleApplication.on(channel).kindergartens("MBU-050"));
        Element result = awaitResult(channel, s);
        assertThat(result.getLocalName()).isEqualTo("referral");
        assertThat(text(result, "kindergartenCode")).isEqualTo("MBU-050");
        assertSignedByProviderEmployee(result);
        assertRegulationSteps(channel, s);
        assertConNotified(s);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void noPlaceGivesRegistrationSlipWithQueueNumberPerKindergarten(Channel channel) {
        Submitted s = submit(channel, SampleApplication.on(channel).kindergartens("MBU-031", "MBU-045"));
        Element result = awaitResult(channel, s);
        assertThat(result.getLocalName()).isEqualTo("registrationSlip");
        RegistrationSlip slip = ShepXml.fromNode(result, RegistrationSlip.class);
        assertThat(slip.getQueue()).extracting(RegistrationSlip.Queue::getKindergartenCode)
                .containsExactly("MBU-031", "MBU-045");
        assertThat(slip.getQueue()).allSatisfy(q -> assertThat(q.getQueueNumber().intValue()).isPositive());
        assertSignedByProviderEmployee(result);
        assertRegulationSteps(channel, s);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void missingDocumentGivesReasonedRefusal(Channel channel) {
        Submitted s = submit(channel, SampleApplication.on(channel).withoutAttachment("BIRTH_CERTIFICATE"));
        Element result = awaitResult(channel, s);
        assertThat(result.getLocalName()).isEqualTo("refusal");
        assertThat(text(result, "reasonCode")).isEqualTo("DOCUMENTS_MISSING");
        assertSignedByProviderEmployee(result);
        assertRegulationSteps(channel, s);
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
        assertThatThrownBy(() -> impostor.submit(signed(sample), messageId))
                .isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE003");
                    assertThat(f.error().getErrorMessage()).contains("авторизация").contains("бас тарту");
                });
        assertThat(gateway.assembly().applications().byMessage(senderOf(channel), messageId)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void condition2FailureIsTheRegulationsSignatureRefusal(Channel channel) {
        // the document is signed by someone whose ЖСН is not the one the request names
        SampleApplication sample = SampleApplication.on(channel).signedBy("citizen-erlan");
        String messageId = UUID.randomUUID().toString();
        assertThatThrownBy(() -> gateway.client(channel).submit(signed(sample), messageId))
                .isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE020");
                    assertThat(f.error().getErrorMessage()).contains("расталмауына байланысты");
                });
        assertThat(gateway.assembly().applications().byMessage(senderOf(channel), messageId)).isEmpty();
    }

    /** Para 9.7: E-Astana checks the ЖСН and the validity period only; the other channels also the revoked list. */
    @org.junit.jupiter.api.Test
    void eastanaSkipsTheRevocationCheckThePortalMakes() {
        java.time.LocalDate born = java.time.LocalDate.of(2023, 1, 15);
        SampleApplication onEastana = SampleApplication.on(Channel.EASTANA)
                .family("830421302206", "ORAZOV", "MARAT", "230115510002", "ORAZOV", "DAMIR", born)
                .signedBy("citizen-revoked");
        Submitted s = submit(Channel.EASTANA, onEastana);
        assertThat(awaitResult(Channel.EASTANA, s).getLocalName()).isEqualTo("referral");

        SampleApplication onPortal = SampleApplication.on(Channel.PORTAL)
                .family("830421302206", "ORAZOV", "MARAT", "230115510002", "ORAZOV", "DAMIR", born)
                .signedBy("citizen-revoked");
        assertThatThrownBy(() -> gateway.client(Channel.PORTAL).submit(signed(onPortal)))
                .isInstanceOfSatisfying(RemoteFault.class, f -> {
                    assertThat(f.code()).isEqualTo("SCE015");
                    assertThat(f.error().getErrorMessage()).containsIgnoringCase("revoked");
                });
    }

    private record Submitted(String messageId, String correlationId) {
    }

    private static Submitted submit(Channel channel, SampleApplication sample) {
        String messageId = channel + "-" + UUID.randomUUID();
        AsyncSendMessageResponse answer = gateway.client(channel).submit(signed(sample), messageId);
        assertThat(answer.getMessageId()).isEqualTo(messageId);
        assertThat(answer.getCorrelationId()).matches("\\{[0-9a-f-]{36}}");
        return new Submitted(messageId, answer.getCorrelationId());
    }

    private static Element signed(SampleApplication sample) {
        return ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
    }

    private static Element awaitResult(Channel channel, Submitted s) {
        return channelMock(channel).awaitResult(s.correlationId(), WAIT)
                .orElseThrow(() -> new AssertionError("no result delivered to " + channel + " for " + s));
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

    /** Every step of the channel, in the regulation's order, each with a start, an end, a norm and a due time. */
    private static void assertRegulationSteps(Channel channel, Submitted s) {
        List<StatusHistory.Step> steps = gateway.assembly().statusHistory().of(s.correlationId());
        assertThat(steps).extracting(StatusHistory.Step::stepId).containsExactlyElementsOf(STEPS.get(channel));
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.norm()).isNotBlank();
            assertThat(step.dueAt().toInstant()).isEqualTo(kz.qaqpa.regulation.Norm.parse(step.norm())
                    .dueFrom(step.startedAt().toInstant(), gateway.assembly().calendar()));
            assertThat(step.dueAt()).isAfter(step.startedAt());
            assertThat(step.startedAt().atZoneSameInstant(java.time.ZoneId.of("Asia/Almaty")).toLocalDate())
                    .isEqualTo(java.time.LocalDate.of(2026, 3, 20));
            assertThat(step.endedAt()).isAfterOrEqualTo(step.startedAt());
            assertThat(step.description()).isNotBlank();
        });
        var application = gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow();
        assertThat(application.statusCode()).isEqualTo("COMPLETED");
        assertThat(application.registrationNumber()).startsWith("ЖАО-");
        assertThat(gateway.client(channel).status(s.messageId()).getStatus().getStatusCode()).isEqualTo("COMPLETED");
    }

    /** ХҚКО АЖ is told about every status change whatever the channel. */
    private static void assertConNotified(Submitted s) {
        assertThat(gateway.mocks().con().awaitStatus(s.messageId(), "COMPLETED", WAIT)).isPresent();
    }

    private static String text(Element e, String localName) {
        return e.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }
}
