package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.ProviderQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session 30 (change15): the operator changes what the gateway runs between two starts while applications are in
 * flight (accepted, queued for the provider, not yet final). A change that would strand them refuses the start,
 * naming the change and the applications; putting it back starts the gateway, the applications untouched. Before, the gateway started and the applications failed only when their provider reported: SCE004 (the
 * service withdrawn), SCE031 (the provider no longer the service's), an internal error for the result of a channel
 * no longer registered; a planned step renamed in the route file went OVERDUE although the provider reported it.
 */
class InFlightChangesTest {
    private static final String SERVICE = "ASTANA_KINDERGARTEN_2012";
    private static final String ROUTE_FILE = "astana-2012-kindergarten-registration.yaml";
    @TempDir
    Path dataDir;
    @TempDir
    Path routes;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "qaqpa.services | " + SERVICE + " | service " + SERVICE + " is no longer an application service of qaqpa.services",
            "qaqpa.senders | PORTAL | sender PORTAL, which sent applications of " + SERVICE + ", is no longer in qaqpa.senders",
            "qaqpa.sender.EASTANA.receives | " + SERVICE + " | sender EASTANA, to which applications of " + SERVICE
                    + " were queued, is no longer its provider"})
    void aServiceSenderOrProviderRemovedUnderApplicationsInFlightRefusesTheStartNamingThem(String key, String removed,
                                                                                        String change) {
        GatewayHarness gateway = waitingForTheProvider(new GatewayHarness(dataDir));
        String messageId = "removed-" + removed;
        String correlationId = acceptOne(gateway, messageId);
        String before = gateway.settings().get(key);
        gateway.with(key, without(before, removed));

        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start").rootCause()
                .hasMessageContaining(change).hasMessageContaining("1 application(s) not yet final, the first " + correlationId);

        gateway.with(key, before);
        startsWithTheApplicationKept(gateway, messageId, correlationId);
    }

    /**
     * A step of the route file renumbered (its id changed) while an application has it planned: the plan made at its
     * acceptance names the old id, which the provider can never report again.
     */
    @Test
    void aPlannedStepRenamedInTheRouteFileUnderApplicationsInFlightRefusesTheStart() throws IOException {
        copyRouteFiles();
        GatewayHarness gateway = waitingForTheProvider(new GatewayHarness(dataDir)
                .with("camel.main.routes-include-pattern", "classpath:routes/templates/*.yaml,file:" + routes + "/*.yaml"));
        String correlationId = acceptOne(gateway, "renamed-step");
        Path file = routes.resolve(ROUTE_FILE);
        String original = Files.readString(file);
        String renamed = original.replace("{name: inWork, value: portal-action-9}", "{name: inWork, value: portal-action-9-renamed}");
        assertThat(renamed).isNotEqualTo(original);
        Files.writeString(file, renamed);

        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start").rootCause()
                .hasMessageContaining("step portal-action-9, planned for applications of " + SERVICE
                        + " and not yet reached, is no longer a step of route astana-2012-kindergarten-registration-portal-progress")
                .hasMessageContaining("1 application(s) not yet final, the first " + correlationId);

        Files.writeString(file, original);
        startsWithTheApplicationKept(gateway, "renamed-step", correlationId);
    }

    /**
     * Session 31 (inflight17): a result the ЦОН is still to hand over (seed 002 para 7, con-process-8: HANDED_OVER
     * moves it from COMPLETED to ISSUED) needs the service and its CON route until it is handed over; a portal result
     * stays COMPLETED for good (para 8: it reaches the personal cabinet) and holds nothing. Before, every COMPLETED
     * application was left out: the service was withdrawn over the office's result, whose hand-over then failed.
     */
    @Test
    void aResultAwaitingItsHandOverAtTheOfficeHoldsTheServiceUntilHandedOverAndAPortalResultDoesNot() {
        GatewayHarness gateway = waitingForTheProvider(new GatewayHarness(dataDir));
        PlayedProvider provider = new PlayedProvider(gateway);
        String atOffice = provider.completed(Channel.CON);
        String portal = provider.completed(Channel.PORTAL);
        gateway.stop();
        String services = gateway.settings().get("qaqpa.services");
        gateway.with("qaqpa.services", without(services, SERVICE));

        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start").rootCause()
                .hasMessageContaining("service " + SERVICE + " is no longer an application service of qaqpa.services"
                        + " (1 application(s) not yet final, the first " + atOffice + ")");

        gateway.with("qaqpa.services", services).start();
        try {
            provider.handOver(Channel.CON, atOffice);
            assertThat(provider.application(atOffice).statusCode()).isEqualTo("ISSUED");
        } finally {
            gateway.stop();
        }
        gateway.with("qaqpa.services", without(services, SERVICE)).start();
        try {
            assertThat(gateway.assembly().applications().byCorrelationId(portal).orElseThrow().statusCode())
                    .isEqualTo("COMPLETED");
        } finally {
            gateway.stop();
        }
    }

    /**
     * Results stored before store version 19 carry no mark (V19 leaves it NULL): while their service is gone the start
     * cannot read the route and holds them all, the safe side; a start with the service back settles each from its
     * channel's route, after which only the office's result holds the withdrawal.
     */
    @Test
    void resultsStoredBeforeVersion19AreSettledFromTheirChannelsRouteAtTheNextStart() {
        GatewayHarness gateway = waitingForTheProvider(new GatewayHarness(dataDir));
        PlayedProvider provider = new PlayedProvider(gateway);
        String atOffice = provider.completed(Channel.CON);
        String portal = provider.completed(Channel.PORTAL);
        gateway.stop();
        try (Database db = Database.hsqldbFile(Path.of(gateway.property("qaqpa.data-dir"), "db").toString(), 1)) {
            assertThat(db.update("UPDATE application SET result_awaits_hand_over = NULL WHERE status_code = 'COMPLETED'"))
                    .isEqualTo(2);
        }
        String services = gateway.settings().get("qaqpa.services");
        String first = atOffice.compareTo(portal) < 0 ? atOffice : portal;

        assertThatThrownBy(gateway.with("qaqpa.services", without(services, SERVICE))::start).rootCause()
                .hasMessageContaining("2 application(s) not yet final, the first " + first);
        gateway.with("qaqpa.services", services).start().stop();
        assertThatThrownBy(gateway.with("qaqpa.services", without(services, SERVICE))::start).rootCause()
                .hasMessageContaining("1 application(s) not yet final, the first " + atOffice);
    }

    /** A list setting without one of its items. */
    static String without(String list, String removed) {
        return Stream.of(list.split(",")).map(String::trim).filter(id -> !id.equals(removed))
                .collect(Collectors.joining(","));
    }

    /**
     * The provider mock does not poll (paused at each start, {@link GatewayHarness#providerPaused()}): what is accepted
     * waits for it, not final.
     */
    private static GatewayHarness waitingForTheProvider(GatewayHarness gateway) {
        return PlayedProvider.waitingForTheTest(gateway).start();
    }

    /**
     * One portal application accepted and left waiting for the provider, seen so in the store (ACCEPTED, still queued
     * for the provider) before the gateway stops.
     */
    private static String acceptOne(GatewayHarness gateway, String messageId) {
        try {
            SampleApplication sample = SampleApplication.on(Channel.PORTAL);
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample), messageId)
                    .getCorrelationId();
            var accepted = gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow();
            assertThat(List.of(accepted.statusCode(), accepted.messageState())).as("waiting for the provider")
                    .containsExactly("ACCEPTED", ProviderQueue.ON_DELIVERY);
            return correlationId;
        } finally {
            gateway.stop();
        }
    }

    /** The change put back: the gateway starts with the application kept, and its channel is answered about it. */
    private static void startsWithTheApplicationKept(GatewayHarness gateway, String messageId, String correlationId) {
        gateway.start();
        try {
            assertThat(gateway.assembly().applications().byCorrelationId(correlationId)).isPresent();
            assertThat(gateway.client(Channel.PORTAL).status(messageId).getStatus().getStatusCode()).isNotBlank();
        } finally {
            gateway.stop();
        }
    }

    private void copyRouteFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(f -> {
                try {
                    Files.copy(f, routes.resolve(f.getFileName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
