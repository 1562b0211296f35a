package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.datatype.DatatypeFactory;
import kz.qaqpa.AssemblyStore;
import kz.qaqpa.channel.ChannelLog;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.ForcedRerun;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * rerun54: a transaction HSQLDB rolls back with a serialization failure (40001) is run again whole
 * ({@link Database#inTransaction}); what its work did outside the store (a log line, a metric) must happen once, for
 * the run that commits. Each test makes the transaction holding the work fail once with a real 40001 over the gateway's
 * store ({@link ForcedRerun}: a deadlock with a second connection, closed by that transaction after the work ran, as a
 * failure at its commit would come) and counts what the work did outside the store. Before: the overdue step's WARN
 * line came twice and the transport signature was counted twice, for one step told and one answer committed.
 */
class RerunSideEffectsTest {
    private static final Instant ACCEPTED_AT = OffsetDateTime.parse("2026-04-06T10:00:00+05:00").toInstant();

    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway()
            .with("qaqpa.clock", "fixed 2026-04-06T10:00:00+05:00");
    static final PlayedProvider provider = new PlayedProvider(gateway);

    @BeforeAll
    static void providerMockAway() {
        gateway.mocks().provider().orElseThrow().pause();
    }

    @BeforeEach
    void clockAtTheAcceptance() {
        gateway.assembly().clock().set(ACCEPTED_AT);
    }

    /** Each step overdue is marked and told once (the store's work rolled back), and its WARN line comes once. */
    @Test
    void anOverdueStepWhoseTransactionRunsAgainIsWarnedOnce() throws Exception {
        String correlationId = provider.submitted(Channel.PORTAL, "rerun54-overdue-");
        StepPlans.Planned step = gateway.assembly().stepPlans().of(correlationId).stream()
                .filter(p -> p.endedAt() == null && p.dueAt() != null).findFirst().orElseThrow();
        Instant at = step.dueAt().toInstant().plus(Duration.ofHours(7));
        Database db = AssemblyStore.db(gateway.assembly());
        AtomicInteger runs = new AtomicInteger();
        int told;
        try (LogLines log = new LogLines(); ForcedRerun rerun = new ForcedRerun(db)) {
            told = db.inTransaction(() -> {
                runs.incrementAndGet();
                int n = gateway.assembly().overdueSteps().scan(at);
                rerun.failOnce();
                return n;
            });
            assertThat(rerun.forced()).as("transactions failed with 40001").isEqualTo(1);
            assertThat(runs).as("runs of the work").hasValue(2);
            assertThat(told).as("steps told by the run that committed").isPositive();
            assertThat(log.containing("application " + correlationId + " of service")
                    .stream().filter(line -> line.contains(" is overdue: due ")).toList())
                    .as("WARN lines, one for each step told").hasSize(told)
                    .anySatisfy(line -> assertThat(line).contains(" step " + step.stepId() + " is overdue"));
        }
        assertThat(gateway.assembly().stepPlans().of(correlationId)).filteredOn(p -> p.seq() == step.seq())
                .singleElement().satisfies(p -> assertThat(p.overdueNotifiedAt()).isNotNull());
    }

    /**
     * An answer signed and committed with its message's store work ({@link Replies#commitWithAnswer}) counts one
     * transport signature in qaqpa_signatures_total, however many runs it took: the answer sent is the committed one.
     */
    @Test
    void anAnswerWhoseTransactionRunsAgainCountsOneTransportSignature() throws Exception {
        Database db = AssemblyStore.db(gateway.assembly());
        KeyMaterial gatewayKey = gateway.pki().key("gateway", KeyAlgorithm.RSA);
        GatewayMetrics metrics = new GatewayMetrics(Set.of(), gateway.assembly().outbox());
        Replies replies = new Replies(db, gatewayKey, gateway.assembly().messageLog(),
                new ChannelLog(db, gateway.assembly().messageChain(), gatewayKey.certificate()), metrics);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable("operation", "sendMessage");
        exchange.setVariable("sessionId", "rerun54-session");
        exchange.setVariable(Replies.REPLY, Replies.accepted("rerun54-message", "rerun54-application",
                "rerun54-session", DatatypeFactory.newInstance().newXMLGregorianCalendar("2026-04-06T10:00:00+05:00")));
        AtomicInteger runs = new AtomicInteger();
        try (ForcedRerun rerun = new ForcedRerun(db)) {
            db.inTransaction(() -> {
                replies.commitWithAnswer(exchange, runs::incrementAndGet);
                rerun.failOnce();
                return null;
            });
            assertThat(rerun.forced()).as("transactions failed with 40001").isEqualTo(1);
        }
        assertThat(runs).as("runs of the message's store work").hasValue(2);
        assertThat(transportSignatures(metrics)).as("transport signatures counted").isEqualTo(1.0);
        replies.sign(exchange); // the committed answer is sent as signed then, not signed again
        assertThat(transportSignatures(metrics)).as("transport signatures counted once the answer is sent")
                .isEqualTo(1.0);
        assertThat(exchange.getMessage().getBody(byte[].class)).isNotEmpty();
        metrics.close();
    }

    /**
     * perf61b: the answer's envelope takes the reply's element itself, no copy. A transaction run again records the
     * reply as the first run wrote it, and signs the same payload as a transaction run once: here a state system's
     * answer whose Envelope declares its namespaces and whose payload has an attribute, so that signing the first run's
     * envelope declared them on the payload itself, beside the attribute.
     */
    @Test
    void anAnswerWhoseTransactionRunsAgainRecordsAndSignsTheReplyAsOneRunDoes() throws Exception {
        Database db = AssemblyStore.db(gateway.assembly());
        KeyMaterial gatewayKey = gateway.pki().key("gateway", KeyAlgorithm.RSA);
        GatewayMetrics metrics = new GatewayMetrics(Set.of(), gateway.assembly().outbox());
        Replies replies = new Replies(db, gatewayKey, gateway.assembly().messageLog(),
                new ChannelLog(db, gateway.assembly().messageChain(), gatewayKey.certificate()), metrics);
        String asWritten = SecureXml.toString(stateSystemsAnswer());

        Element onceReply = stateSystemsAnswer();
        Exchange once = replying(onceReply);
        List<String> onceRecorded = new ArrayList<>();
        db.inTransaction(() -> {
            replies.commitWithAnswer(once, () -> onceRecorded.add(Replies.replyXml(once)));
            return null;
        });
        replies.sign(once);

        Element rerunReply = stateSystemsAnswer();
        Exchange rerun = replying(rerunReply);
        List<String> rerunRecorded = new ArrayList<>();
        try (ForcedRerun forced = new ForcedRerun(db)) {
            db.inTransaction(() -> {
                replies.commitWithAnswer(rerun, () -> rerunRecorded.add(Replies.replyXml(rerun)));
                forced.failOnce();
                return null;
            });
            assertThat(forced.forced()).as("transactions failed with 40001").isEqualTo(1);
        }
        replies.sign(rerun);

        assertThat(onceRecorded).as("the reply recorded by one run").containsExactly(asWritten);
        assertThat(rerunRecorded).as("the reply recorded by each run").containsExactly(asWritten, asWritten);
        assertThat(signedPayload(rerun)).as("the payload signed after a run again")
                .isEqualTo(signedPayload(once))
                .contains("xmlns:t=\"" + ShepNames.SYNC + "\"", "zone=\"7\"", "<item>2</item>");
        for (Element reply : List.of(onceReply, rerunReply)) {
            assertThat(((Element) reply.getParentNode()).getAttributeNS(WsNames.WSU, "Id"))
                    .as("the Body holding the reply: the signed answer's (it took the reply itself), not the answer's")
                    .startsWith("id-");
        }
        metrics.close();
    }

    /** The payload of a state system's answer, as parsed from its signed envelope. */
    private static Element stateSystemsAnswer() {
        return SoapEnvelopes.payload(SecureXml.parseText("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:t=\"" + ShepNames.SYNC + "\"><s:Body><t:SendMessageResponse zone=\"7\"><item>1</item>"
                + "<item>2</item></t:SendMessageResponse></s:Body></s:Envelope>"));
    }

    private static Exchange replying(Element reply) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable("operation", "SendMessage");
        exchange.setVariable("sessionId", "perf61b-session");
        exchange.setVariable(Replies.REPLY, reply);
        return exchange;
    }

    private static String signedPayload(Exchange exchange) {
        return SecureXml.toString(SoapEnvelopes.payload(SecureXml.parse(exchange.getMessage().getBody(byte[].class))));
    }

    private static double transportSignatures(GatewayMetrics metrics) {
        return Optional.ofNullable(metrics.registry().find("qaqpa.signatures")
                .tags("operation", "sign", "kind", "transport", "result", "ok").counter()).map(Counter::count).orElse(0.0);
    }
}
