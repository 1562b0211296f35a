package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.document.almatyfamily.Application;
import kz.qaqpa.document.almatyfamily.AttachedDocument;
import kz.qaqpa.document.almatyfamily.Channel;
import kz.qaqpa.document.almatyfamily.Person;
import kz.qaqpa.document.almatyfamily.PersonName;
import kz.qaqpa.document.almatyfamily.Representative;
import kz.qaqpa.document.almatyfamily.StatusNotification;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.SubjectIdentity;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/**
 * Seed 004's regulations S1-S4 and S6 (the Almaty city Education Department, family and children) end to end on
 * each channel they name, over real HTTP with the test PKI's signatures, the ГБД ФЛ and ЕНИС mocks and the
 * Department's office mock (kz.qaqpa.mocks.provider.almaty): the golden path through the provider's internal chain
 * and each condition's failure branch, one table row each. The gateway's clock starts on Monday 6 April 2026, a
 * week without holidays, so the chain's day norms fall on known dates.
 */
class AlmatyFamilyRegulationsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NS = "http://qaqpa.kz/services/almaty-family/v1";
    private static final String MONDAY_MORNING = "2026-04-06T10:00:00+05:00";
    private static final String HEAD_IIN = "680415401209";
    private static final String OPERATOR_IIN = "900712302302";
    /** Persons of the ГБД ФЛ mock: the guardian, the ward, a representative under ENIS-2026-000103. */
    private static final String AIGERIM = "850315401201";
    private static final String BOLAT = "881122303409";
    private static final String ERLAN = "911111305502";
    private static final String TIMUR = "200506504503";
    /** A valid ИИН that ГБД ФЛ does not know. */
    private static final String UNKNOWN_PERSON = "910101300128";

    private static final List<String> CON_INTAKE = List.of("con-process-1", "con-process-2", "con-para-10-package",
            "con-condition-1", "con-process-5", "con-process-6");
    private static final List<String> PORTAL_INTAKE = List.of("portal-condition-1", "portal-process-3",
            "portal-condition-2", "portal-process-5");
    private static final List<String> CHAIN = List.of("provider-action-1", "provider-action-2",
            "provider-action-3-examined", "provider-action-3", "provider-action-4");
    private static final List<String> REFUSED_CHAIN = List.of("provider-action-1", "provider-action-2",
            "provider-action-3", "provider-action-4");

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.clock", MONDAY_MORNING);

    /** A regulation of the family: its serviceId, result document, signer and the chain's day dues. */
    record Service(String id, String result, String signerIin, String registeredDue, String examinedDue,
                   String issueDue, String receiptAppendix) {
        @Override
        public String toString() {
            return id;
        }
    }

    static final Service S1 = new Service("ALMATY_2015_GUARDIANSHIP_CERTIFICATES", "guardianshipCertificate",
            HEAD_IIN, "PT30M", "2026-04-08T00:00+05:00", "2026-04-09T00:00+05:00", "3");

    static Stream<Arguments> goldenPaths() {
        return Stream.of(Arguments.of(S1, Channel.CON), Arguments.of(S1, Channel.PORTAL));
    }

    /** The application goes through intake, the provider's chain and (ЦОН) the hand-over against the receipt. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("goldenPaths")
    void goldenPath(Service service, Channel channel) {
        Submitted s = submit(service, channel, sample(service, channel));
        Element result = awaitResult(channel, s, service.result());
        assertThat(SubjectIdentity.of(DocumentVerifier.verify(result)).iin()).isEqualTo(service.signerIin());

        List<String> expected = new ArrayList<>(channel == Channel.CON ? CON_INTAKE : PORTAL_INTAKE);
        expected.addAll(CHAIN);
        assertSteps(s, expected, "COMPLETED");
        assertChainDues(service, s);
        List<String> texts = statusTexts(channel, s, 5);
        assertThat(texts.get(0)).startsWith(channel == Channel.CON ? "Құжаттардың қабылданғаны туралы қолхат"
                : "Мемлекеттiк көрсетiлетiн қызметтiң сұрауын қабылдау туралы мәртебе");
        assertThat(texts).anyMatch(t -> t.startsWith("Көрсетiлетiн қызметтi берушi басшысының бұрыштамаға сәйкес"));
        if (channel == Channel.PORTAL) {
            // the block's notices: the date and time of the result at acceptance; date, time and place after condition 3
            assertThat(texts.get(0)).endsWith("09.04.2026 00:00");
            assertThat(texts).anyMatch(t -> t.contains("күнi, уақыты және орны: 09.04.2026 00:00, «Алматы қаласы"));
        } else {
            assertThat(texts.get(0)).contains("TULEUOV NURZHAN").contains("2 (identityDocument, guardianshipOrder)");
            handOver(service, s);
            expected.add("con-process-9");
            assertSteps(s, expected, "ISSUED");
        }
    }

    /** Para 9 condition 1: the applicant or the representative's power cannot be found: process 4's message. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stateDataMissing")
    void stateDataMissingIsProcess4(String why, Application application) {
        assertThatThrownBy(() -> submit(S1, Channel.CON, application)).isInstanceOfSatisfying(RemoteFault.class, f -> {
            assertThat(f.code()).isIn("SCE022", "SCE023");
            assertThat(f.error().getErrorMessage()).startsWith("ЖТ МДБ/ЗТ МДБ-да көрсетiлетiн қызметтi алушының"
                    + " деректерiнiң және БНАЖ-де сенiмхат деректерiнiң болмауына байланысты деректердi алу мүмкiн еместiгi");
        });
    }

    static Stream<Arguments> stateDataMissing() {
        Application absent = sample(S1, Channel.CON);
        absent.getApplicant().setIin(UNKNOWN_PERSON);
        Application noPower = representedSample();
        noPower.getRepresentative().setPowerOfAttorneyNumber("ENIS-2099-999999");
        return Stream.of(Arguments.of("applicant absent from ГБД ФЛ", absent),
                Arguments.of("power of attorney absent from ЕНИС", noPower));
    }

    /** Para 10: an incomplete package (or no consent) is refused at the ЦОН with the receipt of refusal. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("incompletePackages")
    void incompletePackageIsRefusedAtTheStateCorporation(String why, Application application, String reason) {
        assertThatThrownBy(() -> submit(S1, Channel.CON, application)).isInstanceOfSatisfying(RemoteFault.class, f -> {
            assertThat(f.code()).isEqualTo("SCE034");
            assertThat(f.error().getErrorMessage())
                    .startsWith("Көрсетiлетiн қызметтi алушы Стандарттың 9-тармағына сәйкес құжаттар топтамасын")
                    .contains("Стандарттың " + S1.receiptAppendix() + "-қосымшасына сәйкес нысан бойынша")
                    .contains(reason);
        });
    }

    static Stream<Arguments> incompletePackages() {
        Application missing = sample(S1, Channel.CON);
        missing.getDocuments().getDocument().remove(1);
        Application noConsent = sample(S1, Channel.CON);
        noConsent.setSecretsConsent(null);
        return Stream.of(Arguments.of("a document missing", missing, "lacks guardianshipOrder"),
                Arguments.of("no consent to use protected information", noConsent, "consent"));
    }

    /** Para 9 condition 2 / portal condition 3: violations in the documents end in process 8's (7's) refusal. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("goldenPaths")
    void failedDocumentCheckIsTheProvidersRefusal(Service service, Channel channel) {
        Application application = sample(service, channel);
        application.getDocuments().getDocument().get(1).setValid(false);
        Submitted s = submit(service, channel, application);
        Element refusal = awaitResult(channel, s, "documentRefusal");
        assertThat(SubjectIdentity.of(DocumentVerifier.verify(refusal)).iin()).isEqualTo(service.signerIin());
        List<String> expected = new ArrayList<>(channel == Channel.CON ? CON_INTAKE : PORTAL_INTAKE);
        expected.addAll(REFUSED_CHAIN);
        assertSteps(s, expected, "COMPLETED");
        assertThat(statusTexts(channel, s, 4)).last().isEqualTo("Көрсетiлетiн қызметтi алушының құжаттарында"
                + " бұзушылықтардың болуына байланысты сұрау салынған мемлекеттiк қызметтi көрсетуден бас тарту");
    }

    // ------------------------------------------------------------------ helpers

    private record Submitted(String messageId, String correlationId) {
    }

    static Application sample(Service service, Channel channel) {
        Application a = new Application();
        a.setServiceCode(service.id());
        a.setChannel(channel);
        a.setApplicant(person(AIGERIM, "NURLANOVA", "AIGERIM"));
        a.setChild(person(TIMUR, "ZHAKSYLYKOV", "TIMUR"));
        a.getChild().setBirthDate(DataElements.date(java.time.LocalDate.of(2020, 5, 6)));
        if (channel == Channel.CON) {
            a.setOperatorIin(OPERATOR_IIN);
            a.setDeliveryForm("ELECTRONIC");
            a.setSecretsConsent(true);
        }
        a.setDocuments(new Application.Documents());
        a.getDocuments().getDocument().add(document("identityDocument"));
        a.getDocuments().getDocument().add(document("guardianshipOrder"));
        return a;
    }

    /** Bolat's application at the ЦОН by Erlan under the notarised power ENIS-2026-000103. */
    static Application representedSample() {
        Application a = sample(S1, Channel.CON);
        a.setApplicant(person(BOLAT, "ZHAKSYLYKOV", "BOLAT"));
        Representative r = new Representative();
        r.setIin(ERLAN);
        r.setPowerOfAttorneyNumber("ENIS-2026-000103");
        a.setRepresentative(r);
        return a;
    }

    private static AttachedDocument document(String kind) {
        AttachedDocument d = new AttachedDocument();
        d.setValue(kind);
        return d;
    }

    private static Person person(String iin, String last, String first) {
        Person p = new Person();
        p.setIin(iin);
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        p.setName(n);
        return p;
    }

    private static Submitted submit(Service service, Channel channel, Application application) {
        String signer = channel == Channel.CON ? "operator-con" : "citizen-aigerim";
        Element signed = ChannelClient.sign(application, gateway.pki().key(signer));
        String messageId = channel + "-" + UUID.randomUUID();
        ChannelClient client = client(channel);
        String correlationId = client.send(AsyncMessages.sendMessage("REQUEST", messageId, null, service.id(),
                channel.value(), password(channel), signed)).getCorrelationId();
        return new Submitted(messageId, correlationId);
    }

    /** Para 10: the ЦОН hands the ready documents out against the receipt (process 9). */
    private static void handOver(Service service, Submitted s) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(s.correlationId());
        n.setStatus("HANDED_OVER");
        n.setChangedAt(DataElements.dateTime(Instant.now()));
        client(Channel.CON).send(AsyncMessages.sendMessage("NOTIFICATION", UUID.randomUUID().toString(),
                s.correlationId(), service.id(), "CON", password(Channel.CON), ShepXml.toElement(n)));
    }

    private static ChannelClient client(Channel channel) {
        return gateway.client(kz.qaqpa.document.kindergarten.Channel.valueOf(channel.value()));
    }

    private static String password(Channel channel) {
        return channel == Channel.CON ? "con-secret" : "portal-secret";
    }

    private static ChannelMock mock(Channel channel) {
        return channel == Channel.CON ? gateway.mocks().con() : gateway.mocks().portal();
    }

    private static Element awaitResult(Channel channel, Submitted s, String kind) {
        Element result = mock(channel).awaitResult(s.correlationId(), kind, WAIT)
                .orElseThrow(() -> new AssertionError("no " + kind + " delivered to " + channel + " for " + s));
        assertThat(result.getNamespaceURI()).isEqualTo(NS);
        return result;
    }

    /** The status texts the channel was told, oldest first, once at least {@code count} arrived. */
    private static List<String> statusTexts(Channel channel, Submitted s, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mock(channel).statuses(s.messageId()).size() < count && System.nanoTime() < deadline) {
            sleep();
        }
        return mock(channel).statuses(s.messageId()).stream().map(ChannelMock.StatusEntry::statusMessage)
                .filter(t -> t != null && !t.isEmpty()).toList();
    }

    private static void assertSteps(Submitted s, List<String> expected, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.assembly().statusHistory().of(s.correlationId()).size() < expected.size()
                && System.nanoTime() < deadline) {
            sleep();
        }
        assertThat(gateway.assembly().statusHistory().of(s.correlationId())).extracting(StatusHistory.Step::stepId)
                .containsExactlyElementsOf(expected);
        assertThat(gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow().statusCode())
                .isEqualTo(status);
    }

    /**
     * The plan made at acceptance: 8.1 and 8.2 in minutes from the acceptance, 8.3 and 8.4 at the end of their
     * last working (or calendar) day, the service's term at the issue's.
     */
    private static void assertChainDues(Service service, Submitted s) {
        OffsetDateTime accepted = gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow()
                .createdAt();
        assertThat(planned(s, "provider-action-2")).isEqualTo(accepted.toInstant().plus(Duration.parse(service.registeredDue())));
        assertThat(planned(s, "provider-action-3-examined")).isEqualTo(OffsetDateTime.parse(service.examinedDue()).toInstant());
        assertThat(planned(s, "provider-action-4")).isEqualTo(OffsetDateTime.parse(service.issueDue()).toInstant());
        assertThat(planned(s, StepPlans.SERVICE_TERM)).isEqualTo(OffsetDateTime.parse(service.issueDue()).toInstant());
        StatusHistory.Step examined = gateway.assembly().statusHistory().of(s.correlationId()).stream()
                .filter(step -> step.stepId().equals("provider-action-3-examined")).findFirst().orElseThrow();
        assertThat(examined.dueAt().toInstant()).isEqualTo(OffsetDateTime.parse(service.examinedDue()).toInstant());
    }

    private static Instant planned(Submitted s, String stepId) {
        return gateway.assembly().stepPlans().of(s.correlationId()).stream().filter(p -> p.stepId().equals(stepId))
                .findFirst().map(p -> p.dueAt().toInstant()).orElseThrow();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
