package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Review of session 41 (review41): the one term of seed 000 that runs after the final result is never watched.
 * Table 2 action 9 (the Centre's operator, after the department's return of the documents, action 8 «үш жұмыс күн
 * ішінде»): «20 минут ішінде (бір жұмыс күні ішінде мемлекеттік қызмет алушыны хабарландырады және ... жазбаша
 * негіздемесін береді)», the operator notifies the applicant within one working day of the refusal reaching the
 * Centre (nko-2012-guardianship.yaml: refusalHandOverNorm "1 working-days", refusalHandOverNormFrom "refusal"). The
 * gateway closes the whole plan when the refusal arrives (Trail.closePlan): the hand-over's term is computed only
 * when the operator reports HANDED_OVER (GuardianshipRegulationsTest shows it "late" in the history then), so an
 * operator who never notifies the applicant is never reported OVERDUE, on the channel or at GET /overdue.
 */
class Review41RefusalHandOverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.clock", "2026-03-20T19:30:00+05:00")
            .with("qaqpa.overdue.interval", "3600000");

    /**
     * Seed 000 S1 at the Centre without the akimat's decision: the department (MZH_EDU's office mock) returns the
     * documents with its reasons on Friday 20 March 2026 in the evening; one working day from the next day is Thursday
     * 26 March (Nauryz 23-25), due 27 March 00:00. On 31 March nobody has handed the refusal over: the operator's step
     * should be planned from the refusal and told OVERDUE once. On main the plan holds no open row for it: nothing is
     * told.
     */
    @Test
    void aRefusalNobodyHandsOverGoesOverdue() {
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "CON")
                .withoutAttachment("AKIM_DECISION");
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
