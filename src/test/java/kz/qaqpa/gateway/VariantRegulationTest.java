package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.document.almatyfamily.Application;
import kz.qaqpa.document.almatyfamily.Channel;
import kz.qaqpa.document.almatyfamily.StatusNotification;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ProviderOffice;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.mocks.provider.almaty.AlmatyEducationOffice;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.AlmatyFamilyForms;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * A regulation added as a checker adds one (regs64, regs63's part 1): a second variant of seed 004's S1 written as
 * docs/adding-a-regulation.md says, src/test/resources/routes-variant/variant-guardianship-certificates.yaml (it does
 * not ship), loaded as a deployment loads its own file with the service's settings, and applied to over real HTTP with
 * the test PKI's signatures. The settings name the variant once per list in the lists' additive forms
 * (qaqpa.routes.extra, qaqpa.services.extra, qaqpa.sender.*.services.extra, .receives.extra: regs65; its own block
 * file and schema, qaqpa.regulation.blocks.extra and qaqpa.documents.schemas.extra: regs66), not a copy of the
 * shipped lists. Its terms are its own (the head's resolution in 2
 * hours, the check in 3 working days), so is a refusal ground at the ЦОН (the child's birth certificate) and a
 * ЦОН-only step (the office passes the result to the ЦОН, status PASSED_TO_CENTRE). The provider is the Education
 * Department's office mock with a rule for the variant (S1's decision, and the pass at the ЦОН). The gateway's clock
 * starts on Monday 6 April 2026, a week without holidays.
 */
class VariantRegulationTest {
    static final String SERVICE = "TEST_VARIANT_CERTIFICATES";
    private static final String ROUTE = "test-variant-certificates";
    private static final String PASSED = "PASSED_TO_CENTRE";
    /** The variant's own schema, on the classpath as a deployment's directory is with {@code java -cp}. */
    private static final String OWN_SCHEMA = "xsd-variant/test-variant-passed.xsd";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> CON_INTAKE = List.of("con-process-1", "con-process-2", "con-para-10-package",
            "con-condition-1", "con-process-5", "con-process-6");
    private static final List<String> PORTAL_INTAKE = List.of("portal-condition-1", "portal-process-3",
            "portal-condition-2", "portal-process-5");

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.clock", "2026-04-06T10:00:00+05:00")
            .with("qaqpa.routes.extra", "classpath:routes-variant/*.yaml")
            .with("qaqpa.regulation.blocks.extra", "classpath:blocks-variant/*.yaml")
            .with("qaqpa.documents.schemas.extra", OWN_SCHEMA)
            .with("qaqpa.services.extra", SERVICE)
            .with("qaqpa.service." + SERVICE + ".route", ROUTE)
            .with("qaqpa.service." + SERVICE + ".channel", "async")
            .with("qaqpa.service." + SERVICE + ".result-signer-bin", "{{qaqpa.almaty-education.bin}}")
            .with("qaqpa.service." + SERVICE + ".result-signer-iins", "{{qaqpa.almaty-education.head-iin}}")
            .with("qaqpa.sender.CON.services.extra", SERVICE)
            .with("qaqpa.sender.PORTAL.services.extra", SERVICE)
            .with("qaqpa.sender.ALMATY_EDU.receives.extra", SERVICE);
    private static ProviderOffice office;

    /** The Education Department's office system deciding the variant too: S1's decision, and at the ЦОН the pass. */
    @BeforeAll
    static void startTheOffice() {
        ServiceRules s1 = AlmatyEducationOffice.services(gateway.pki()).get(0);
        office = new ProviderOffice(new ProviderOffice.Config(gateway.asyncUrl(), AlmatyEducationOffice.SENDER_ID,
                AlmatyEducationOffice.PASSWORD, gateway.pki().key(AlmatyEducationOffice.SYSTEM_KEY),
                gateway.gatewayCheck(), Duration.ofMillis(300), Clock.systemUTC(), gateway.assembly().clock(), "ТВР"),
                List.of(new ServiceRules() {
                    @Override
                    public String serviceId() {
                        return SERVICE;
                    }

                    @Override
                    public List<OfficeStep> decide(ReceivedApplication received) {
                        List<OfficeStep> steps = new ArrayList<>(s1.decide(received));
                        Application a = ShepXml.fromNode(received.document(), Application.class);
                        if (a.getChannel() == Channel.CON) {
                            steps.add(steps.size() - 1, OfficeStep.notification("passed", passed(received
                                    .correlationId(), received.clock().instant())));
                        }
                        return steps;
                    }
                }));
        office.start();
    }

    @AfterAll
    static void stopTheOffice() {
        if (office != null) {
            office.stop();
        }
    }

    /**
     * At the ЦОН: accepted on the variant's package, through the provider's chain with the ЦОН-only step, the
     * certificate delivered; each term planned as the file says, from the acceptance (Monday ~10:00): the registration
     * in 15 minutes (the block's), the head's resolution 2 hours after it, the check 3 working days (Tuesday to
     * Thursday), the issue and the refusal 1 working day (Friday); the catalogue publishes the same norms.
     */
    @Test
    void acceptedAtTheCentreOnTheTermsTheFileGivesWithItsOwnStep() {
        Submitted s = submit(Channel.CON, variantSample(Channel.CON));
        awaitResult(Channel.CON, s);
        List<String> expected = new ArrayList<>(CON_INTAKE);
        expected.addAll(List.of("provider-action-1", "provider-action-2", "provider-action-3-examined",
                "con-own-passed", "provider-action-3", "provider-action-4"));
        RegulationProgress.assertSteps(gateway, s.correlationId(), expected, "COMPLETED", WAIT);

        Instant accepted = gateway.assembly().applications().byCorrelationId(s.correlationId()).orElseThrow()
                .createdAt().toInstant();
        assertThat(planned(s, "provider-action-1")).isEqualTo(accepted.plus(Duration.ofMinutes(15)));
        assertThat(planned(s, "provider-action-2")).isEqualTo(accepted.plus(Duration.ofMinutes(135)));
        assertThat(planned(s, "provider-action-3-examined")).isEqualTo(at("2026-04-10T00:00+05:00"));
        assertThat(planned(s, "provider-action-4")).isEqualTo(at("2026-04-11T00:00+05:00"));
        assertThat(planned(s, "con-process-8")).isEqualTo(at("2026-04-11T00:00+05:00"));
        assertThat(planned(s, StepPlans.SERVICE_TERM)).isEqualTo(at("2026-04-11T00:00+05:00"));

        Map<String, String> norms = new java.util.LinkedHashMap<>();
        PublishedNorms.of(gateway, SERVICE, "CON").values().forEach(norms::putAll);
        assertThat(norms).containsEntry("provider-action-2", "2 hours")
                .containsEntry("provider-action-3-examined", "3 working-days")
                .containsEntry("provider-action-4", "1 working-days").containsKey("con-own-passed");
        assertThat(told(Channel.CON, s)).contains("IN_WORK: Project's own (test variant): the result is on its way"
                + " to the State Corporation");
    }

    /**
     * regs66: the regulation's own schema, named once by qaqpa.documents.schemas.extra, is published beside the shipped
     * ones (and compiled into the channels' validation: the start builds both from the one list); its own block file,
     * named by qaqpa.regulation.blocks.extra, gives the ЦОН-only step the other cases take (before, both keys were
     * unknown and ignored: the start was refused, the ЦОН's progress route naming a block no file defines).
     */
    @Test
    void theRegulationsOwnSchemaAndBlockFileAreTakenFromTheAdditiveForms() throws Exception {
        HttpResponse<byte[]> schema = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + gateway.property("qaqpa.http.port") + "/xsd/test-variant-passed.xsd")).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(schema.statusCode()).isEqualTo(200);
        try (InputStream own = getClass().getClassLoader().getResourceAsStream(OWN_SCHEMA)) {
            assertThat(schema.body()).isEqualTo(own.readAllBytes());
        }
        assertThat(PublishedNorms.descriptions(gateway, SERVICE, "CON").get(ROUTE + "-con-progress"))
                .containsEntry("con-own-passed", "Project's own: the provider's office passes the signed result to the"
                        + " State Corporation's employee; no term of its own (inside the issue's)");
    }

    /** The variant's own ground at the ЦОН: no child's birth certificate in the package; its text, nothing stored. */
    @Test
    void refusedAtTheCentreOnTheVariantsOwnGroundWithItsText() {
        Application a = variantSample(Channel.CON);
        a.getDocuments().getDocument().removeIf(d -> "childBirthCertificate".equals(d.getValue()));
        String messageId = "CON-" + UUID.randomUUID();
        assertThatThrownBy(() -> submit(Channel.CON, a, messageId)).isInstanceOfSatisfying(RemoteFault.class, f -> {
            assertThat(f.code()).isEqualTo("SCE037");
            assertThat(f.error().getErrorMessage()).startsWith("Project's own (test variant): the package must hold"
                    + " the child's birth certificate too").contains("childBirthCertificate");
        });
        ShepAnswers.assertNotStored(gateway, "CON", messageId);
    }

    /**
     * On the portal the chain has no ЦОН-only step: the application goes the S1 chain on the variant's terms, and the
     * office's PASSED_TO_CENTRE about it is refused as a step the regulation does not have on this channel (SCE033),
     * nothing recorded; the ЦОН's package ground is not the portal's (the same package passes without the certificate).
     */
    @Test
    void theCentreOnlyStepIsNotThePortals() {
        Application a = variantSample(Channel.PORTAL);
        a.getDocuments().getDocument().removeIf(d -> "childBirthCertificate".equals(d.getValue()));
        Submitted s = submit(Channel.PORTAL, a);
        a.setSubmittedAt(DataElements.dateTime(kz.qaqpa.mocks.walkthrough.SampleApplication.nextSubmission()));
        awaitResult(Channel.PORTAL, s);
        List<String> expected = new ArrayList<>(PORTAL_INTAKE);
        expected.addAll(List.of("provider-action-1", "provider-action-2", "provider-action-3-examined",
                "provider-action-3", "provider-action-4"));
        RegulationProgress.assertSteps(gateway, s.correlationId(), expected, "COMPLETED", WAIT);
        assertThat(planned(s, "provider-action-3-examined")).isEqualTo(at("2026-04-10T00:00+05:00"));

        // a second portal application, the office stopped so that it is open while the office reports the pass
        office.stop();
        try {
            Submitted open = submit(Channel.PORTAL, a);
            ChannelClient edu = gateway.client(AlmatyEducationOffice.SENDER_ID, AlmatyEducationOffice.PASSWORD,
                    AlmatyEducationOffice.SYSTEM_KEY);
            int recorded = gateway.assembly().statusHistory().of(open.correlationId()).size();
            assertThatThrownBy(() -> edu.send(AsyncMessages.sendMessage("NOTIFICATION", UUID.randomUUID().toString(),
                    open.correlationId(), SERVICE, AlmatyEducationOffice.SENDER_ID, AlmatyEducationOffice.PASSWORD,
                    passed(open.correlationId(), Instant.now())))).isInstanceOfSatisfying(RemoteFault.class,
                    f -> assertThat(f.code()).isEqualTo("SCE033"));
            assertThat(gateway.assembly().statusHistory().of(open.correlationId())).hasSize(recorded);
        } finally {
            startTheOffice();
        }
        Map<String, String> norms = new java.util.LinkedHashMap<>();
        PublishedNorms.of(gateway, SERVICE, "PORTAL").values().forEach(norms::putAll);
        assertThat(norms).doesNotContainKey("con-own-passed").containsEntry("provider-action-2", "2 hours");
    }

    /**
     * regs65: the additive forms add the variant and keep every item of the shipped lists: S1 itself, which the
     * shipped lists alone name, is still granted to the ЦОН, still goes to the Education Department's office (the
     * embedded one, deciding S1) and its certificate is delivered; the catalogue names the office as the provider and
     * the ЦОН as a sender of both services.
     */
    @Test
    void theShippedListsItemsAreStillServedBesideTheAddedService() {
        Application shippedService = AlmatyFamilyRegulationsTest.sample(AlmatyFamilyRegulationsTest.S1, Channel.CON);
        Submitted s = submit(Channel.CON, shippedService);
        awaitResult(Channel.CON, s);

        for (String service : List.of(AlmatyFamilyRegulationsTest.S1.id(), SERVICE)) {
            JsonObject catalogue = PublishedNorms.service(gateway, service);
            assertThat((List<Object>) catalogue.get("providerSystems")).as(service).containsExactly(
                    AlmatyEducationOffice.SENDER_ID);
            assertThat(((List<Object>) catalogue.get("channels")).stream().map(JsonObject.class::cast)
                    .filter(c -> "CON".equals(c.getString("channel"))).flatMap(c -> ((List<Object>) c.get("senders"))
                            .stream())).as(service).contains("CON");
        }
    }

    private record Submitted(String messageId, String correlationId) {
    }

    /** S1's sample (AlmatyFamilyRegulationsTest) for the variant, with the child's birth certificate. */
    private static Application variantSample(Channel channel) {
        Application a = AlmatyFamilyRegulationsTest.sample(AlmatyFamilyRegulationsTest.S1, channel);
        a.setServiceCode(SERVICE);
        a.getDocuments().getDocument().add(AlmatyFamilyForms.document("childBirthCertificate"));
        a.getDocuments().getDocument().forEach(d -> d.setPaper(channel == Channel.CON ? Boolean.TRUE : null));
        return a;
    }

    private static Submitted submit(Channel channel, Application application) {
        String messageId = channel + "-" + UUID.randomUUID();
        return new Submitted(messageId, submit(channel, application, messageId));
    }

    private static String submit(Channel channel, Application application, String messageId) {
        Element signed = gateway.signed(application, channel == Channel.CON ? "operator-con" : "citizen-aigerim");
        return client(channel).send(AsyncMessages.sendMessage("REQUEST", messageId, null, application.getServiceCode(),
                channel.value(), channel == Channel.CON ? "con-secret" : "portal-secret", signed)).getCorrelationId();
    }

    private static ChannelClient client(Channel channel) {
        return gateway.client(kz.qaqpa.document.kindergarten.Channel.valueOf(channel.value()));
    }

    private static ChannelMock mock(Channel channel) {
        return channel == Channel.CON ? gateway.mocks().con() : gateway.mocks().portal();
    }

    private static void awaitResult(Channel channel, Submitted s) {
        assertThat(mock(channel).awaitResult(s.correlationId(), "guardianshipCertificate", WAIT))
                .as("the certificate delivered to %s", channel).isPresent();
    }

    /** What {@code channel} was told of the application, "CODE: text" each, once it was told COMPLETED. */
    private static List<String> told(Channel channel, Submitted s) {
        assertThat(mock(channel).awaitStatus(s.messageId(), "COMPLETED", WAIT)).isPresent();
        return mock(channel).statuses(s.messageId()).stream().map(e -> e.statusCode() + ": " + e.statusMessage())
                .toList();
    }

    /** The office's status that it passed the signed result to the ЦОН (the variant's own step). */
    private static Element passed(String correlationId, Instant at) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(correlationId);
        n.setStatus(PASSED);
        n.setChangedAt(DataElements.dateTime(at));
        return ShepXml.toElement(n);
    }

    private static Instant planned(Submitted s, String stepId) {
        return gateway.assembly().stepPlans().of(s.correlationId()).stream().filter(p -> p.stepId().equals(stepId))
                .findFirst().map(p -> p.dueAt().toInstant()).orElseThrow(() -> new AssertionError("no plan of " + stepId));
    }

    private static Instant at(String dateTime) {
        return OffsetDateTime.parse(dateTime).toInstant();
    }
}
