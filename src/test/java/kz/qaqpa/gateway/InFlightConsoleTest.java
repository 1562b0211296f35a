package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.Dom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Session 32 (console18): the operator withdrawing a service (qaqpa.service.&lt;id&gt;.closed-to-new) sees which
 * applications still hold it: {@code GET :8089/in-flight} over real HTTP on the console's port of a running gateway,
 * the applications brought along by the provider played over signed HTTP, in the real store. It lists the applications
 * not yet final and the results awaiting their hand-over at the ЦОН (the rows the start's in-flight check counts),
 * each with its service, channel, status, acceptance and first planned step not reached with its due time, by
 * correlationId, a page of at most qaqpa.operator.page-size at a time; a portal result (final) and a result handed
 * over are not listed. Before, the console had no such page (404) and the check only counted them.
 */
class InFlightConsoleTest {
    private static final int PAGE_SIZE = 2;
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway()
            .with("qaqpa.operator.page-size", String.valueOf(PAGE_SIZE));
    static final PlayedProvider provider = new PlayedProvider(gateway);

    @Test
    void theApplicationsInFlightAreListedAPageAtATime() {
        String delivered = provider.delivered(Channel.CON);
        String atTheDesk = provider.completed(Channel.CON);
        String onThePortal = provider.completed(Channel.PORTAL);
        String registered = provider.delivered(Channel.PORTAL);
        provider.register(registered);
        List<String> inFlight = new ArrayList<>(List.of(delivered, atTheDesk, registered));
        inFlight.sort(null);

        Document first = page("?service=" + PlayedProvider.SERVICE);
        assertThat(first.getDocumentElement().getAttribute("total")).isEqualTo("3");
        assertThat(first.getDocumentElement().getAttribute("limit")).isEqualTo(String.valueOf(PAGE_SIZE));
        assertThat(listed(first)).containsExactly(inFlight.get(0), inFlight.get(1));
        String next = first.getDocumentElement().getAttribute("next");
        assertThat(next).isEqualTo(inFlight.get(1));
        for (Element listed : children(first.getDocumentElement())) {
            assertAsStored(listed);
        }

        // the next page after it, the braces left out as curl users do; a limit beyond the page size gets the page size
        Document second = page("?after=" + next.substring(1, next.length() - 1) + "&limit=50");
        assertThat(listed(second)).containsExactly(inFlight.get(2)).doesNotContain(onThePortal);
        assertThat(second.getDocumentElement().hasAttribute("next")).as("no page follows").isFalse();
        assertThat(second.getDocumentElement().getAttribute("limit")).isEqualTo(String.valueOf(PAGE_SIZE));
        assertAsStored(children(second.getDocumentElement()).get(0));

        // handed over at the desk, the result no longer holds the service
        provider.handOver(Channel.CON, atTheDesk);
        Document after = page("?limit=" + PAGE_SIZE);
        assertThat(after.getDocumentElement().getAttribute("total")).isEqualTo("2");
        assertThat(listed(after)).containsExactly(inFlight.stream().filter(id -> !id.equals(atTheDesk))
                .toArray(String[]::new));
        assertThat(page("?service=GBDFL_PERSON").getDocumentElement().getAttribute("total")).isEqualTo("0");
    }

    /** Asked what it cannot answer, the page says what it takes (400), no stack trace. */
    @Test
    void parametersItDoesNotTakeAreRefused() {
        for (String query : List.of("?limit=0", "?limit=ten", "?limit=-1", "?colour=red", "?limit=1&limit=2",
                "?limit=99999999999")) {
            RawSoap.Response answer = RawSoap.consoleGet(gateway, "/in-flight" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.text()).as(query).contains("the parameters are service=ID, after=CORRELATION_ID and"
                    + " limit=N (1 to " + PAGE_SIZE + ")");
        }
    }

    /** What the page says of an application is what the store holds: its row and its first open planned step. */
    private static void assertAsStored(Element listed) {
        String id = text(listed, "correlationId").orElseThrow();
        Applications.Application stored = provider.application(id);
        assertThat(text(listed, "serviceId")).contains(stored.serviceId());
        assertThat(text(listed, "channel")).contains(stored.channel());
        assertThat(text(listed, "statusCode")).contains(stored.statusCode());
        assertThat(text(listed, "acceptedAt")).contains(stored.createdAt().toString());
        Optional<StepPlans.Planned> next = gateway.assembly().stepPlans().of(id).stream()
                .filter(p -> p.endedAt() == null).findFirst();
        assertThat(text(listed, "nextStep")).as(id).isEqualTo(next.map(StepPlans.Planned::stepId));
        assertThat(text(listed, "nextDueAt")).as(id)
                .isEqualTo(next.map(StepPlans.Planned::dueAt).map(Object::toString));
    }

    private static List<String> listed(Document page) {
        return children(page.getDocumentElement()).stream().map(e -> text(e, "correlationId").orElseThrow())
                .toList();
    }

    private static Optional<String> text(Element parent, String name) {
        return Optional.ofNullable(Dom.childElement(parent, name)).map(Element::getTextContent);
    }

    /** The element children of {@code parent}, in order (ConsolePagesTest reads its pages' rows with it too). */
    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Element e = Dom.firstChildElement(parent); e != null; e = Dom.nextSiblingElement(e)) {
            children.add(e);
        }
        return children;
    }

    private static Document page(String query) {
        RawSoap.Response answer = RawSoap.consoleGet(gateway, "/in-flight" + query);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.document();
    }

    private static String console() {
        return "http://127.0.0.1:" + gateway.property("qaqpa.operator.port");
    }
}
