package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 000's one term that runs after the final result, watched for OVERDUE: the Centre's operator hands a refusal
 * over. On a gateway of its own (GuardianshipRegulationsTest's cases would be told OVERDUE by this scan, long after
 * their terms), the scheduled scan held off (qaqpa.overdue.interval an hour) so that the case's own scan is the one
 * that tells.
 */
class RefusalHandOverOverdueTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.clock", "2026-03-20T19:30:00+05:00")
            .with("qaqpa.overdue.interval", "3600000");

    /**
     * Table 2 action 9 (the Centre's operator, after the department's return of the documents, action 8 «үш жұмыс
     * күн ішінде»): «20 минут ішінде (бір жұмыс күні ішінде мемлекеттік қызмет алушыны хабарландырады және ...
     * жазбаша негіздемесін береді)», the operator notifies the applicant within one working day of the refusal
     * reaching the Centre (nko-2012-guardianship.yaml: refusalHandOverNorm "1 working-days",
     * refusalHandOverNormFrom "refusal"). Seed 000 S1 at the Centre without the akimat's decision: the department
     * (MZH_EDU's office mock) returns the documents with its reasons on Friday 20 March 2026 in the evening; one
     * working day from the next day is Thursday 26 March (Nauryz 23-25), due 27 March 00:00. On 31 March nobody has
     * handed the refusal over: the operator's step is planned from the refusal and told OVERDUE once. review41
     * (session 41): the gateway closed the whole plan when the refusal arrived and computed the hand-over's term
     * only when the operator reported HANDED_OVER, so an operator who never notified the applicant was never
     * reported OVERDUE; terms41 fixed it (docs/security.md "### terms41").
     */
    @Test
    void aRefusalNobodyHandsOverGoesOverdue() {
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "CON").withoutAttachment("AKIM_DECISION");
        String correlationId = gateway.client("CON", "con-secret", "con").submit(sample.serviceId(),
                sample.signed(gateway.pki()), sample.messageId()).getCorrelationId();
        gateway.mocks().con().awaitResult(correlationId, "refusal", WAIT)
                .orElseThrow(() -> new AssertionError("no refusal for " + correlationId));

        gateway.assembly().overdueSteps().scan(OffsetDateTime.parse("2026-03-31T10:00:00+05:00").toInstant());

        var plan = gateway.assembly().stepPlans().of(correlationId);
        assertThat(plan).as("the operator's hand-over of the refusal, one working day from it, is planned and told"
                        + " overdue; the plan: %s", plan)
                .anySatisfy(p -> {
                    assertThat(p.stepId()).isEqualTo("con-action-9");
                    assertThat(p.dueAt()).isNotNull();
                    assertThat(p.dueAt().toInstant()).isEqualTo(Instant.parse("2026-03-26T19:00:00Z"));
                    assertThat(p.overdueNotifiedAt()).isNotNull();
                });
    }
}
