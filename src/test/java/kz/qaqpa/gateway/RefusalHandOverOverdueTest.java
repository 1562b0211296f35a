package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.xml.Dom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

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

    /**
     * reg49: the operator console's overdue page and a term that binds only its branch. Seed 000 S1 at the Centre, the
     * department paused: the return of the documents, «Орталықтан түскен құжаттарды ресімдеуде қателерді анықтаған
     * жағдайда үш жұмыс кун ішінде» (Table 2, S1 l. 199: only where errors are found), runs out at the end of 30 March
     * with nothing decided. The watcher marks it and tells the Centre nothing (reg47: nothing shows the department
     * found errors), so GET /overdue lists it as a term of that branch only, with no time the channel was told; the
     * steps whose running out was told keep theirs. Before, the page gave the mark's time as {@code channelToldAt}.
     */
    @Test
    void aBranchOnlyTermPastDueIsListedAsNotToldToTheChannel() {
        // the department paused throughout (reg49b): started again, it may decide, and end the return, between reads
        gateway.officePaused("MZH_EDU", RefusalHandOverOverdueTest::returnPastDue);
    }

    private static void returnPastDue() {
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "CON");
        String correlationId = gateway.client("CON", "con-secret", "con")
                .submit(sample.serviceId(), sample.signed(gateway.pki()), sample.messageId()).getCorrelationId();
        Instant at = OffsetDateTime.parse("2026-03-31T10:00:00+05:00").toInstant();
        assertThat(gateway.assembly().overdueSteps().scan(at)).as("no channel told (the other case's steps, if it ran"
                + " first, were told by its own scan)").isZero();
        assertThat(gateway.assembly().stepPlans().of(correlationId)).as("the return ran out and was marked")
                .anySatisfy(p -> {
                    assertThat(p.stepId()).isEqualTo("con-process-8");
                    assertThat(p.endedAt()).isNull();
                    assertThat(p.overdueNotifiedAt()).isNotNull();
                });
        kz.qaqpa.GatewayClock clock = gateway.assembly().clock();
        Instant before = clock.instant();
        List<Element> rows;
        try {
            clock.set(at);
            RawSoap.Response page = RawSoap.consoleGet(gateway, "/overdue");
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            Element overdue = page.document().getDocumentElement();
            List<Element> all = InFlightConsoleTest.children(overdue);
            rows = all.stream().filter(row -> correlationId.equals(text(row, "correlationId"))).toList();
            assertTallies(overdue, all);
        } finally {
            clock.set(before);
        }
        // the department decided nothing, and the certificate has no term at the Centre (terms45): the return is the
        // application's one overdue step
        assertThat(rows).as("the return: a term of its branch only, its channel not told").singleElement()
                .satisfies(row -> {
                    assertThat(row.getAttribute("id")).isEqualTo("con-process-8");
                    assertThat(text(row, "bindsOnlyItsBranch")).isEqualTo("true");
                    assertThat(text(row, "channelToldAt")).isNull();
                });
    }

    /**
     * reg49b: the page's counts and the metric tell the rows apart, so that an alert on the metric fires for late work
     * only. The page (one page: all the gateway's overdue rows) gives beside its {@code total} (the list's size, as
     * every list page) how many of its rows are late work ({@code lateWork}: the service's term, their channel told or
     * to be told) and how many bind only their branch; the monitoring port's {@code qaqpa_steps_overdue} gives the same
     * two by its label {@code scope} ({@code service}, {@code branch}), at the same gateway clock. Before, both counted
     * every row as one.
     */
    private static void assertTallies(Element overdue, List<Element> all) {
        assertThat(overdue.getAttribute("next")).as("the whole list on one page").isEmpty();
        long branch = all.stream().filter(row -> "true".equals(text(row, "bindsOnlyItsBranch"))).count();
        assertThat(branch).as("this case's return at least: %s", all.size()).isPositive();
        assertThat(overdue.getAttribute("total")).isEqualTo(String.valueOf(all.size()));
        assertThat(overdue.getAttribute("bindsOnlyItsBranch")).isEqualTo(String.valueOf(branch));
        assertThat(overdue.getAttribute("lateWork")).isEqualTo(String.valueOf(all.size() - branch));
        RawSoap.Response metrics = RawSoap.get("http://localhost:" + gateway.property("qaqpa.monitoring.port")
                + "/metrics");
        assertThat(metrics.status()).as(metrics.text()).isEqualTo(200);
        assertThat(metrics.text().lines()).as("the metric by scope, no series without it")
                .filteredOn(line -> line.startsWith("qaqpa_steps_overdue"))
                .containsExactlyInAnyOrder("qaqpa_steps_overdue{scope=\"branch\"} " + (double) branch,
                        "qaqpa_steps_overdue{scope=\"service\"} " + (double) (all.size() - branch));
    }

    private static String text(Element parent, String name) {
        Element child = Dom.childElement(parent, name);
        return child == null ? null : child.getTextContent();
    }
}
