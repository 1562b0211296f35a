package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 002 with nobody answering: the provider back office, ГБД ФЛ and ЕНИС are all down. Applications are still
 * accepted on every channel, because the regulation consults no state database; and an application whose provider
 * never answers goes overdue on its plan, its channel and the observers are told once, and the operator sees it.
 */
class UnansweredApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Valid check digit, absent from the ГБД ФЛ mock's data. */
    private static final String UNKNOWN_TO_GBDFL = "910101300128";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.overdue.interval", "3600000");

    @BeforeAll
    static void silentPeers() {
        gateway.mocks().provider().orElseThrow().stop();
        gateway.mocks().gbdfl().stop();
        gateway.mocks().enis().stop();
    }

    /** No refusal the regulation does not have: no ГБД ФЛ or ЕНИС call on any channel of seed 002. */
    @Test
    void noStateDatabaseIsConsultedOnAnyChannel() {
        for (Channel channel : Channel.values()) {
            SampleApplication sample = SampleApplication.on(channel);
            if (channel == Channel.CON || channel == Channel.ZHAO) {
                sample.applicantIin(UNKNOWN_TO_GBDFL);   // the operator signs there
            }
            String correlationId = submit(channel, sample);
            assertThat(gateway.assembly().statusHistory().of(correlationId)).extracting(StatusHistory.Step::stepId)
                    .as("steps on %s", channel).noneMatch(id -> id.contains("state-database"))
                    .endsWith(channel.name().toLowerCase() + "-process-" + (channel == Channel.PORTAL ? 7 : 6));
        }
    }

    @Test
    void anApplicationWhoseProviderNeverAnswersGoesOverdueAndTheChannelIsToldOnce() throws Exception {
        String messageId = "CON-" + UUID.randomUUID();
        String correlationId = submit(Channel.CON, SampleApplication.on(Channel.CON), messageId);
        List<StepPlans.Planned> plan = gateway.assembly().stepPlans().of(correlationId);
        assertThat(plan).extracting(StepPlans.Planned::stepId).containsExactly("con-action-4", "con-action-5",
                "con-action-6", "con-process-7", "con-process-8", StepPlans.SERVICE_TERM);
        assertThat(plan).filteredOn(p -> p.stepId().equals("con-process-8"))
                .allSatisfy(p -> assertThat(p.dueAt()).as("waits on the consumer's arrival").isNull());
        Instant serviceTerm = plan.get(plan.size() - 1).dueAt().toInstant();
        Instant now = gateway.assembly().clock().instant();

        // the gateway's clock moves on to just before the service term: the first three steps are overdue
        gateway.assembly().clock().advance(Duration.between(now, serviceTerm.minusSeconds(1)));
        gateway.assembly().overdueSteps().scan(gateway.assembly().clock().instant());
        assertThat(told(correlationId)).containsExactly("con-action-4", "con-action-5", "con-action-6");
        HttpResponse<String> console = HttpClient.newHttpClient().send(gateway.consoleRequest("/overdue").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains(correlationId).contains("con-action-4");

        gateway.assembly().overdueSteps().scan(serviceTerm.plus(Duration.ofMinutes(5)));
        assertThat(told(correlationId)).containsExactly("con-action-4", "con-action-5", "con-action-6",
                "con-process-7", StepPlans.SERVICE_TERM);
        gateway.assembly().overdueSteps().scan(serviceTerm.plus(Duration.ofDays(30)));
        assertThat(told(correlationId)).hasSize(5);

        awaitOverdueStatuses(messageId, 5);
        assertThat(overdueStatuses(messageId)).hasSize(5).allSatisfy(s -> assertThat(s.statusMessage())
                .contains("мерзімі өтті"));
        assertThat(gateway.mocks().con().statuses(messageId)).extracting(ChannelMock.StatusEntry::statusMessage)
                .anyMatch(text -> text.contains("con-action-6"));
    }

    private static List<String> told(String correlationId) {
        return gateway.assembly().stepPlans().of(correlationId).stream().filter(p -> p.overdueNotifiedAt() != null)
                .map(StepPlans.Planned::stepId).toList();
    }

    private static List<ChannelMock.StatusEntry> overdueStatuses(String messageId) {
        return gateway.mocks().con().statuses(messageId).stream().filter(s -> "OVERDUE".equals(s.statusCode())).toList();
    }

    private static void awaitOverdueStatuses(String messageId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (overdueStatuses(messageId).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static String submit(Channel channel, SampleApplication sample) {
        return submit(channel, sample, channel + "-" + UUID.randomUUID());
    }

    private static String submit(Channel channel, SampleApplication sample, String messageId) {
        String correlationId = gateway.client(channel).submit(gateway.signed(sample), messageId).getCorrelationId();
        assertThat(correlationId).matches("\\{[0-9a-f-]{36}}");
        return correlationId;
    }
}
