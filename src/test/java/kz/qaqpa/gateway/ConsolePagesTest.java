package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.Dom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Session 33 (leftovers20): the operator console's {@code GET /overdue} and {@code GET /outbox/stopped} list a page
 * at a time, as {@code GET /in-flight} does (qaqpa.operator.page-size, {@code after=}, {@code limit=}, {@code next} by
 * key), over real HTTP on the console's port of a running gateway. The overdue steps are those of applications on
 * seed 002 whose provider never answers, the gateway's clock standing still and then moved on: every application
 * accepted at one instant, their steps share due times, and the key tells them apart by application and seq. The
 * stopped callbacks are those a portal that refuses every call made the gateway give up on (the portal's own
 * applications' callbacks and, since session 35, the history notices of the CON ones). Before, each page listed
 * every row at once and took no parameter.
 */
class ConsolePagesTest {
    private static final int PAGE_SIZE = 2;
    private static final int PORTAL_PORT = PkiServer.freePort();
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.clock", "fixed 2026-03-20T10:00:00+05:00")
            .with("qaqpa.overdue.interval", "3600000").with("qaqpa.operator.page-size", String.valueOf(PAGE_SIZE))
            .with("qaqpa.sender.PORTAL.callback", "http://localhost:" + PORTAL_PORT + "/callback");
    static ChannelMock refusingPortal;
    /** Every application the tests submitted: the overdue page lists the steps of all of them. */
    static final List<String> SUBMITTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void refusingPortal() {
        gateway.mocks().provider().orElseThrow().stop();
        refusingPortal = new ChannelMock("portal", PORTAL_PORT, gateway.pki().key("portal"), cert -> {
            throw new kz.qaqpa.fault.ShepException(kz.qaqpa.fault.FaultCode.ACCESS_DENIED, "portal under maintenance");
        });
        refusingPortal.start();
    }

    @AfterAll
    static void stop() {
        refusingPortal.stop();
    }

    @Test
    void overdueStepsAreListedAPageAtATimeByDueTimeThenApplicationAndSeq() {
        List.of(submit(Channel.CON), submit(Channel.CON), submit(Channel.CON));
        List<StepPlans.Planned> plans = SUBMITTED.stream()
                .flatMap(id -> gateway.assembly().stepPlans().of(id).stream()).toList();
        Instant serviceTerm = plans.stream().filter(p -> p.stepId().equals(StepPlans.SERVICE_TERM))
                .map(p -> p.dueAt().toInstant()).min(Comparator.naturalOrder()).orElseThrow();
        gateway.assembly().clock().advance(Duration.between(gateway.assembly().clock().instant(),
                serviceTerm.minusSeconds(1)));
        OffsetDateTime now = OffsetDateTime.now(gateway.assembly().clock());
        List<String> overdue = plans.stream().filter(p -> p.endedAt() == null && p.dueAt() != null
                        && p.dueAt().isBefore(now))
                .sorted(Comparator.comparing((StepPlans.Planned p) -> p.dueAt().toInstant())
                        .thenComparing(StepPlans.Planned::correlationId).thenComparing(StepPlans.Planned::seq))
                .map(p -> p.correlationId() + " " + p.stepId()).toList();
        assertThat(overdue).as("more than two pages").hasSizeGreaterThan(2 * PAGE_SIZE);

        List<Document> pages = pages("/overdue", "");
        assertThat(pages).hasSize((overdue.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        List<String> listed = new ArrayList<>();
        for (Document page : pages) {
            Element root = page.getDocumentElement();
            assertThat(root.getAttribute("total")).isEqualTo(String.valueOf(overdue.size()));
            assertThat(root.getAttribute("limit")).isEqualTo(String.valueOf(PAGE_SIZE));
            children(root).forEach(step -> listed.add(text(step, "correlationId") + " " + step.getAttribute("id")));
        }
        assertThat(listed).containsExactlyElementsOf(overdue);

        // a smaller limit; the key names the application without its braces (a URL would need them escaped)
        Document first = page("/overdue?limit=1");
        String next = first.getDocumentElement().getAttribute("next");
        assertThat(next).isEqualTo(nextOf(first, "dueAt") + "," + text(children(first.getDocumentElement()).get(0),
                "correlationId").replaceAll("[{}]", "") + "," + seqOf(overdue.get(0), plans));
        Document second = page("/overdue?limit=1&after=" + next);
        assertThat(children(second.getDocumentElement())).extracting(s -> text(s, "correlationId") + " "
                + s.getAttribute("id")).containsExactly(overdue.get(1));
    }

    @Test
    void stoppedCallbacksAreListedAPageAtATimeByWhenTheyStopped() throws InterruptedException {
        List<String> applications = new ArrayList<>();
        for (int i = 0; i < 2 * PAGE_SIZE + 1; i++) {
            applications.add(submit(Channel.PORTAL));
        }
        Outbox outbox = gateway.assembly().outbox();
        List<Long> toPortal = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            Thread.sleep(100);
            toPortal.clear();
            // every application of the class: the CON ones' statuses go to the portal's history too (seed 002 para 11)
            SUBMITTED.forEach(id -> outbox.forApplication(id).stream().filter(p -> p.targetSender().equals("PORTAL"))
                    .forEach(p -> toPortal.add(p.id())));
        } while (outbox.stoppedCount() < toPortal.size() && System.nanoTime() < deadline);
        assertThat(outbox.stoppedCount()).isEqualTo(toPortal.size()).isGreaterThan(2L * PAGE_SIZE);

        List<Long> listed = new ArrayList<>();
        List<String> stoppedAt = new ArrayList<>();
        for (Document page : pages("/outbox/stopped", "")) {
            assertThat(page.getDocumentElement().getAttribute("total")).isEqualTo(String.valueOf(toPortal.size()));
            for (Element callback : children(page.getDocumentElement())) {
                listed.add(Long.parseLong(callback.getAttribute("id")));
                stoppedAt.add(OffsetDateTime.parse(text(callback, "stoppedAt")).toInstant().toString());
                assertThat(text(callback, "lastError")).contains("portal under maintenance");
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(toPortal);
        List<String> byStop = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            byStop.add(stoppedAt.get(i) + String.format(" %019d", listed.get(i)));
        }
        assertThat(byStop).isSortedAccordingTo(Comparator.comparing((String s) -> Instant.parse(s.split(" ")[0]))
                .thenComparing(s -> s.split(" ")[1]));
    }

    /** Asked what they cannot answer, the pages say what they take (400), no stack trace. */
    @Test
    void parametersThePagesDoNotTakeAreRefused() {
        for (String query : List.of("?limit=0", "?limit=ten", "?colour=red", "?limit=1&limit=2", "?service=S",
                "?after=yesterday", "?after=1&after=2", "?after=2026-03-20T05:00:00Z", "?after=2026-03-20T05:00:00Z,x")) {
            RawSoap.Response overdue = RawSoap.consoleGet(gateway, "/overdue" + query);
            assertThat(overdue.status()).as(query).isEqualTo(400);
            assertThat(overdue.text()).as(query).isEqualTo("the parameters are after=DUE_AT,CORRELATION_ID,SEQ and"
                    + " limit=N (1 to " + PAGE_SIZE + "), each once\n");
            RawSoap.Response stopped = RawSoap.consoleGet(gateway, "/outbox/stopped" + query);
            assertThat(stopped.status()).as(query).isEqualTo(400);
            assertThat(stopped.text()).as(query).isEqualTo("the parameters are after=STOPPED_AT,ID and"
                    + " limit=N (1 to " + PAGE_SIZE + "), each once\n");
        }
    }

    /**
     * attack21: hostile values of the parameters a page does take, and of an application's id in the path: a service
     * and a key of control characters, a character XML cannot carry, SQL and XPath metacharacters, 6,000 characters.
     * Each is a value looked for (nothing found) or a page's 400, never a stack trace or a broken XML page.
     */
    @Test
    void hostileValuesOfThePagesOwnParametersAreValuesLookedFor() {
        String sql = java.net.URLEncoder.encode("' OR '1'='1' --", StandardCharsets.UTF_8);
        String xpath = java.net.URLEncoder.encode("\"]|//*|a[\"", StandardCharsets.UTF_8);
        for (String value : List.of("%01", "%EF%BF%BF", "%ED%A0%80", sql, xpath, "%25zz", "x".repeat(6_000))) {
            RawSoap.Response inFlight = RawSoap.consoleGet(gateway, "/in-flight?service=" + value + "&after=" + value);
            assertThat(inFlight.status()).as(value).isIn(200, 400);
            if (inFlight.status() == 200) {
                assertThat(children(inFlight.document().getDocumentElement())).as(value).isEmpty();
            }
            RawSoap.Response application = RawSoap.consoleGet(gateway, "/applications/" + value);
            assertThat(application.status()).as(value).isIn(400, 404);
            assertThat(application.text()).as(value).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /**
     * Session 34 (fields22): a page parameter XML 1.0 cannot carry (U+FFFE, U+FFFF, a control) is the page's 400, by
     * the rule the gateway's XML writer refuses them by (kz.qaqpa.xml.XmlCharacters; XmlWriterTest shows the writer).
     */
    @Test
    void charactersXmlCannotCarryAreAPagesRefusal() {
        for (String value : List.of("%EF%BF%BE", "%EF%BF%BF", "a%01", "%08")) {
            RawSoap.Response inFlight = RawSoap.consoleGet(gateway, "/in-flight?service=" + value);
            assertThat(inFlight.status()).as(value).isEqualTo(400);
            assertThat(inFlight.text()).as(value).startsWith("the parameters are ");
        }
    }

    /**
     * review42 (its third finding, MEDIUM; fixed in fix42c): the operator console answers on the loopback only
     * (qaqpa.operator.host) and asks no credential; it read neither the Host nor the Origin of a request. An operator's
     * browser that reaches it (on the gateway's host, or through the usual `ssh -L 8089:127.0.0.1:8089`) let any web
     * page the operator opens use it: by DNS rebinding (a name of the attacker's that now resolves to 127.0.0.1, so the
     * page's origin is the console's) it read an application's state and documents and the message log's export of
     * it, the citizens' personal data. Expected: a request naming another host than the console's, or sent from
     * another origin, is refused (StoreBackupTest has the cross-site POST; OperatorConsoleTest every Host and Origin).
     */
    @Test
    void theConsoleServesNoPageToAnotherHostsName() {
        String correlationId = submit(Channel.PORTAL);
        String target = "/applications/" + java.net.URLEncoder.encode(correlationId, StandardCharsets.UTF_8);
        String port = gateway.property("qaqpa.operator.port");
        // the operator's own request: the page is there
        assertThat(consoleGet(target, "127.0.0.1:" + port, null).status()).isEqualTo(200);
        RawSoap.Response rebound = consoleGet(target, "rebind.attacker.example:" + port,
                "http://rebind.attacker.example:" + port);
        assertThat(rebound.status()).as("the console's page of %s, asked for under the attacker's name:%n%s",
                correlationId, rebound).isGreaterThanOrEqualTo(400);
    }

    /** GET {@code target} of the console naming {@code host}, and {@code origin} when not null, as sent. */
    private static RawSoap.Response consoleGet(String target, String host, String origin) {
        RawSoap.AsIs answer = RawSoap.sendAsIs(console(), ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + gateway.consoleAuthorization() + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(20));
        assertThat(answer.first()).as("an answer to GET %s", target).isNotNull();
        return answer.first();
    }

    /** Every page of {@code path}, following {@code next} from the first. */
    private static List<Document> pages(String path, String query) {
        List<Document> pages = new ArrayList<>();
        String after = null;
        do {
            Document page = page(path + "?" + query + (after == null ? "" : "after=" + after));
            assertThat(children(page.getDocumentElement()).size()).isBetween(1, PAGE_SIZE);
            pages.add(page);
            after = page.getDocumentElement().hasAttribute("next") ? page.getDocumentElement().getAttribute("next")
                    : null;
            assertThat(pages).as("pages end").hasSizeLessThan(100);
        } while (after != null);
        return pages;
    }

    private static String nextOf(Document page, String time) {
        return OffsetDateTime.parse(text(children(page.getDocumentElement()).get(0), time)).toInstant().toString();
    }

    private static int seqOf(String step, List<StepPlans.Planned> plans) {
        return plans.stream().filter(p -> step.equals(p.correlationId() + " " + p.stepId())).findFirst()
                .orElseThrow().seq();
    }

    private static String submit(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel);
        String correlationId = gateway.client(channel).submit(gateway.signed(sample), channel + "-" + UUID.randomUUID())
                .getCorrelationId();
        SUBMITTED.add(correlationId);
        return correlationId;
    }

    private static String text(Element parent, String name) {
        Element child = Dom.childElement(parent, name);
        return child == null ? null : child.getTextContent();
    }

    private static List<Element> children(Element parent) {
        return InFlightConsoleTest.children(parent);
    }

    private static Document page(String pathAndQuery) {
        RawSoap.Response answer = RawSoap.consoleGet(gateway, pathAndQuery);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.document();
    }

    private static String console() {
        return "http://127.0.0.1:" + gateway.property("qaqpa.operator.port");
    }
}
