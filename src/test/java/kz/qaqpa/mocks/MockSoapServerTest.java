package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.sync.types.SendMessageResponse;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.http.HttpCalls;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.MockSoapServer;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The mocks' HTTP side (MockSoapServer) over real sockets: signed look-ups from several callers at once, and its GET
 * contexts, as the gateway and the tests reach them.
 */
class MockSoapServerTest {
    private static final String GATEWAY_BIN = "190140005506";
    /** The benchmark's closed loop at 8 clients keeps this many calls to ГБД ФЛ open at once. */
    private static final int CALLERS = 8;

    /**
     * Every caller with a connection of its own is answered at once, however many the gateway's pool opens: the JDK
     * server the mocks ran on before answered on 4 threads, so a fifth caller waited for one of them to finish.
     */
    @Test
    void everyCallerIsServedAtOnce() throws Exception {
        CountDownLatch allInside = new CountDownLatch(CALLERS);
        AtomicInteger waitedInVain = new AtomicInteger();
        SyncRegistryMock mock = new SyncRegistryMock("ГБД ФЛ waiting for every caller", 0, "/gbdfl/sync",
                SharedTestPki.key("gbdfl"), PeerChecks.bin(GATEWAY_BIN)) {
            @Override
            protected Object lookup(Element request) {
                allInside.countDown();
                try {
                    if (!allInside.await(5, TimeUnit.SECONDS)) {
                        waitedInVain.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                PersonNotFound answer = new PersonNotFound();
                answer.setIin(ShepXml.fromNode(request, PersonRequest.class).getIin());
                return answer;
            }
        };
        mock.start();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            SignedSoapClient asGateway = new SignedSoapClient(SharedTestPki.key("gateway"),
                    PeerChecks.certificate(SharedTestPki.key("gbdfl").certificate()), Duration.ofSeconds(20));
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                String iin = String.format("%012d", i);
                answers.add(callers.submit(() -> {
                    PersonRequest request = new PersonRequest();
                    request.setIin(iin);
                    Element answer = asGateway.call(mock.url(),
                            SyncMocksTest.sendMessage("GBDFL_PERSON", request, "m-" + iin));
                    Element data = DataElements.unwrap(ShepXml.fromNode(answer, SendMessageResponse.class)
                            .getResponse().getResponseData().getData());
                    return ShepXml.fromNode(data, PersonNotFound.class).getIin();
                }));
            }
            for (int i = 0; i < CALLERS; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(String.format("%012d", i));
            }
            assertThat(waitedInVain).as("callers inside that waited in vain for the others to be answered with them")
                    .hasValue(0);
        } finally {
            callers.shutdownNow();
            mock.stop();
        }
    }

    /** GET on the SOAP path describes it, a GET context serves the paths under it, other paths and methods are refused. */
    @Test
    void getContextsServeThePathsTheyArePrefixesOf() throws Exception {
        MockSoapServer server = new MockSoapServer("GET contexts", 0, "/soap", SharedTestPki.key("gbdfl"), cert -> { })
                .get("/history", rest -> rest.equals("/none") ? null : "<asked path=\"" + rest + "\"/>");
        server.start();
        try {
            String base = "http://localhost:" + server.port();
            HttpCalls.Answer description = get(base + "/soap");
            assertThat(description.status()).isEqualTo(200);
            assertThat(text(description)).startsWith("GET contexts: signed SOAP 1.1 endpoint");
            assertThat(text(get(base + "/history/x/y?since=1"))).isEqualTo("<asked path=\"/x/y\"/>");
            assertThat(text(get(base + "/history"))).isEqualTo("<asked path=\"\"/>");
            // a correlationId's braces travel percent-encoded (the benchmark's (d) asks the portal mock so): the JDK
            // server this replaced gave the handler the decoded path
            assertThat(text(get(base + "/history/%7B01a2-b%7D"))).isEqualTo("<asked path=\"/{01a2-b}\"/>");
            assertThat(get(base + "/history/none").status()).isEqualTo(404);
            assertThat(get(base + "/elsewhere").status()).isEqualTo(404);
            assertThat(HttpCalls.post(URI.create(base + "/history"), new byte[] {1}, Duration.ofSeconds(10), 1024)
                    .status()).isEqualTo(405);
            assertThat(HttpCalls.post(URI.create(base + "/soap"), "not xml".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10), 1 << 20).status()).as("a signed fault").isEqualTo(500);
        } finally {
            server.stop();
        }
    }

    private static HttpCalls.Answer get(String url) throws Exception {
        return HttpCalls.get(URI.create(url), Duration.ofSeconds(10), 1 << 20);
    }

    private static String text(HttpCalls.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }
}
