package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.channel.WorkerShares;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.legalentity.LegalEntityRequest;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * quota49 (fair46's Left; quota48's first attempt reverted): the channels' worker threads (qaqpa.http.worker-threads,
 * here {@value #WORKERS}) are shared among the senders whose requests wait for one. ГБД ФЛ's place is taken by a
 * stand-in that holds every look-up about {@link #FLOODED} until the case lets them through: PORTAL's look-ups hold
 * every worker, more of them wait, and CON's requests come behind them. Before: each worker PORTAL's look-up freed went
 * to PORTAL's next one (the port's queue, first come first served), so CON's look-up and application waited unread
 * until PORTAL's flood ended. Nobody is refused for it: a lone sender's requests all go on, in turn.
 */
class WorkerShareTest {
    private static final int WORKERS = 8;
    /** PORTAL's look-ups sent beyond those that hold every worker: they wait for one. */
    private static final int EXCESS = 4;
    private static final String FLOODED = "850315401201";
    /** line50: a client network other than the harness's clients' (127.0.0.1), and its requests naming PORTAL. */
    private static final String STRANGER = "127.0.0.2";
    private static final int STRANGERS = 12;
    /** A legal entity of the ГБД ЮЛ mock, which answers at once. */
    private static final String ENTITY_BIN = "150840005673";
    /** The most a case waits for requests sent to be where it expects them (held, or waiting for a worker). */
    private static final Duration SETTLE = Duration.ofSeconds(15);
    /** The most a case waits for an answer it expects while PORTAL's look-ups are held. */
    private static final Duration ANSWER = Duration.ofSeconds(15);
    private static HeldGbdfl gbdfl;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.worker-threads", String.valueOf(WORKERS))
            // every look-up gets a turn: the workers are what this test shares, not ГБД ФЛ's turns
            .with("qaqpa.adapter.max-calls-at-once", String.valueOf(4 * WORKERS))
            // the held look-ups end when a case lets them through, not by the call's timeout
            .with("qaqpa.http.client-timeout", "PT60S")
            // the provider mocks poll once as they start, then not in a case: only its requests wait for a worker
            .with("qaqpa.mocks.provider.poll-interval", "PT1H");

    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeAll
    static void standIn() {
        gbdfl = HeldGbdfl.inPlaceOfTheMock(gateway, FLOODED);
        senderNetworksKnown();
    }

    /**
     * line51: a request waits in the line of the sender it names only from a network that sender has authenticated
     * from; PORTAL and CON authenticate once from the harness's clients' network (127.0.0.1) before the cases.
     */
    private static void senderNetworksKnown() {
        assertThat(lookUp("PORTAL", personRequest(FLOODED)).status()).as("PORTAL's first look-up").isEqualTo(200);
        assertThat(conLookUp().status()).as("CON's first look-up").isEqualTo(200);
    }

    @AfterAll
    static void stopStandIn() {
        gbdfl.stop();
    }

    @AfterEach
    void letEveryLookUpThrough() throws InterruptedException {
        gbdfl.open();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("the case's requests ended").isTrue();
    }

    /**
     * PORTAL's look-ups hold every worker and {@link #EXCESS} more wait for one; then CON's look-up (ГБД ЮЛ) and CON's
     * application wait too. ГБД ФЛ answers one of PORTAL's: the worker it frees goes to CON's look-up, then to CON's
     * application, both answered while PORTAL's others are still held and its waiting ones still wait; all of
     * PORTAL's are answered once ГБД ФЛ answers, none refused.
     */
    @Test
    void anotherSendersLookUpAndApplicationAreAnsweredWhileOneSenderHoldsEveryWorker() throws Exception {
        gbdfl.hold();
        List<Future<RawSoap.Response>> portal = portalLookUps(WORKERS + EXCESS);
        awaitPortal(WORKERS, EXCESS);
        Future<RawSoap.Response> cons = clients.submit(WorkerShareTest::conLookUp);
        await("CON's look-up waits for a worker", () -> shares().waiting("CON") == 1);
        Future<String> application = clients.submit(() -> apply("CON", Channel.CON, "CON-" + UUID.randomUUID()));
        await("CON's look-up and application wait for a worker", () -> shares().waiting("CON") == 2);
        assertThat(metrics()).as("the monitoring port's lines").containsPattern(waitingMetric("PORTAL", EXCESS))
                .containsPattern(waitingMetric("CON", 2));

        gbdfl.letOneThrough();

        RawSoap.Response answer = cons.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.status()).as("CON's look-up: %s", answer.faultOrStatus()).isEqualTo(200);
        assertThat(answer.text()).contains("QAZAQ DEREK");
        assertThat(application.get(ANSWER.toSeconds(), TimeUnit.SECONDS)).as("CON's application accepted").isNotBlank();
        // the stand-in serves every connection at once (MockSoapServer, a thread each): PORTAL's seven still held, and
        // its next one once it has reached ГБД ФЛ on the worker CON's gave back
        assertThat(gbdfl.heldNow()).as("PORTAL's look-ups ГБД ФЛ still holds").isBetween(WORKERS - 1, WORKERS);
        // the worker CON's requests gave back went to PORTAL's next look-up, which ГБД ФЛ holds
        await("PORTAL's next look-up took the worker CON's gave back", () -> shares().waiting("PORTAL") == EXCESS - 1);

        gbdfl.open();
        for (Future<RawSoap.Response> lookUp : portal) {
            RawSoap.Response held = lookUp.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
            assertThat(held.status()).as("PORTAL's look-up once ГБД ФЛ answers: %s", held.faultOrStatus()).isEqualTo(200);
        }
    }

    /**
     * PORTAL alone, with four times as many look-ups at once as there are workers and an application behind them:
     * they wait for a worker in turn, none is refused, and all are answered once ГБД ФЛ answers.
     */
    @Test
    void aLoneSenderAtFourTimesTheWorkersIsNeverRefused() throws Exception {
        gbdfl.hold();
        List<Future<RawSoap.Response>> portal = portalLookUps(4 * WORKERS);
        awaitPortal(WORKERS, 3 * WORKERS);
        String messageId = "PORTAL-" + UUID.randomUUID();
        Future<String> application = clients.submit(() -> apply("PORTAL", Channel.PORTAL, messageId));
        await("PORTAL's application waits for a worker", () -> shares().waiting("PORTAL") == 3 * WORKERS + 1);

        gbdfl.open();

        for (Future<RawSoap.Response> lookUp : portal) {
            RawSoap.Response answer = lookUp.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.status()).as("PORTAL's look-up: %s", answer.faultOrStatus()).isEqualTo(200);
        }
        String correlationId = application.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(correlationId));
    }

    /**
     * A message authenticated as PORTAL that names CON first (a senderId in a CDATA section of its messageId, where the
     * line for a worker is read) would wait in CON's line and take CON's share: SCE001, not answered.
     */
    @Test
    void aMessageNamingAnotherSenderBeforeItsOwnIsRefused() {
        Document envelope = RawSoap.envelope(SyncMessages.sendMessage("x", "GBDUL_LEGAL_ENTITY", null, "PORTAL",
                "portal-secret", legalEntityRequest()));
        Element messageId = (Element) envelope.getElementsByTagNameNS("*", "messageId").item(0);
        messageId.setTextContent("");
        messageId.appendChild(envelope.createCDATASection("<senderId>CON</senderId>" + UUID.randomUUID()));

        RawSoap.Response answer = RawSoap.post(gateway.syncUrl(), RawSoap.signed(envelope, gateway.pki().key("portal")));

        assertThat(answer.faultOrStatus()).isEqualTo("SCE001: the message names 'CON' as a sender before its sender element,"
                + " which names 'PORTAL': a message names one sender, in its sender element");
    }

    /**
     * line51 (line50's Left, LOW-MEDIUM): the line is read from bytes anyone writes, so a stranger's unsigned requests
     * naming PORTAL waited in PORTAL's line and counted there when the lines competed for workers: PORTAL's share
     * against the other senders was what PORTAL and the stranger sent together. Now a request waits in the line it
     * names only from a network that sender has authenticated from (127.0.0.1, {@link #senderNetworksKnown}); the
     * stranger's, from {@link #STRANGER}, wait in the unnamed line with every other request not yet known, and
     * PORTAL's line holds and waits for PORTAL's own requests only. PORTAL's look-ups hold every worker;
     * {@link #STRANGERS} such requests, then PORTAL's own look-up. Before: the stranger's waited in PORTAL's line.
     */
    @Test
    void aStrangersRequestsNamingPortalWaitInTheUnnamedLineNotPortals() throws Exception {
        gbdfl.hold();
        List<Future<RawSoap.Response>> portal = portalLookUps(WORKERS);
        awaitPortal(WORKERS, 0);
        byte[] unsigned = SecureXml.serialize(RawSoap.envelope(SyncMessages.sendMessage(UUID.randomUUID().toString(),
                "GBDFL_PERSON", null, "PORTAL", "a-guess", personRequest(FLOODED))));
        List<Future<RawSoap.Streamed>> flood = new ArrayList<>();
        for (int i = 0; i < STRANGERS; i++) {
            flood.add(clients.submit(() -> RawSoap.streamFrom(STRANGER, gateway.syncUrl(),
                    List.of("Content-Length: " + unsigned.length, "Connection: close"), out -> out.write(unsigned),
                    ANSWER.multipliedBy(2))));
        }
        await("the stranger's requests wait in the unnamed line",
                () -> shares().waiting(WorkerShares.UNNAMED) == STRANGERS);
        assertThat(shares().waiting("PORTAL")).as("PORTAL's line: none of the stranger's").isZero();
        portal.add(clients.submit(() -> lookUp("PORTAL", personRequest(FLOODED))));
        await("PORTAL's own look-up waits in PORTAL's line", () -> shares().waiting("PORTAL") == 1);
        assertThat(metrics()).as("the monitoring port's lines").containsPattern(waitingMetric("PORTAL", 1))
                .containsPattern(waitingMetric(Pattern.quote(WorkerShares.UNNAMED), STRANGERS));

        gbdfl.letOneThrough();

        // the unnamed line holds fewer workers than PORTAL's seven: the stranger's refusals go first, each a worker for
        // milliseconds, then PORTAL's own look-up, which ГБД ФЛ holds
        await("PORTAL's own look-up reached ГБД ФЛ", () -> gbdfl.heldNow() == WORKERS
                && shares().waiting("PORTAL") == 0);
        assertThat(shares().running("PORTAL")).as("PORTAL's line holds PORTAL's own look-ups only").isEqualTo(WORKERS);

        gbdfl.open();
        for (Future<RawSoap.Response> lookUp : portal) {
            RawSoap.Response answer = lookUp.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.status()).as("PORTAL's look-up: %s", answer.faultOrStatus()).isEqualTo(200);
        }
        for (Future<RawSoap.Streamed> stranger : flood) {
            assertThat(stranger.get(ANSWER.toSeconds(), TimeUnit.SECONDS).answer().faultOrStatus())
                    .as("the stranger's unsigned request").startsWith("SCE007");
        }
    }

    /** Waits until PORTAL's look-ups hold {@code running} workers and {@code waiting} more wait for one. */
    private static void awaitPortal(int running, int waiting) throws InterruptedException {
        await("PORTAL's look-ups hold " + running + " workers and " + waiting + " wait",
                () -> shares().running("PORTAL") == running && shares().waiting("PORTAL") == waiting
                        && gbdfl.heldNow() == running);
    }

    /**
     * attack55 (attack54's Left, LOW): a sender's gzip- or deflate-encoded look-up waits in its own line, its name read
     * from what the body's first bytes inflate to. Before, the name was looked for in the compressed bytes, and every
     * encoded request waited in the unnamed line, beside strangers' (seen failing: CON's line held none).
     */
    @Test
    void anEncodedLookUpWaitsInItsSendersLine() throws Exception {
        gbdfl.hold();
        List<Future<RawSoap.Response>> portal = portalLookUps(WORKERS + EXCESS);
        awaitPortal(WORKERS, EXCESS);
        byte[] plain = SecureXml.serialize(RawSoap.signed(SyncMessages.sendMessage(UUID.randomUUID().toString(),
                "GBDUL_LEGAL_ENTITY", null, "CON", "con-secret", legalEntityRequest()), gateway.pki().key("con")));
        Future<RawSoap.Response> gzip = clients.submit(() -> RawSoap.post(gateway.syncUrl(),
                HostileFramingTest.gzip(plain), java.util.Map.of("Content-Encoding", "gzip"), false, false));
        await("CON's gzip look-up waits in CON's line", () -> shares().waiting("CON") == 1);
        assertThat(shares().waiting(WorkerShares.UNNAMED)).as("the unnamed line").isZero();

        gbdfl.letOneThrough();
        RawSoap.Response answer = gzip.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.status()).as("CON's gzip look-up: %s", answer.faultOrStatus()).isEqualTo(200);
        gbdfl.open();
        for (Future<RawSoap.Response> lookUp : portal) {
            assertThat(lookUp.get(ANSWER.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("%s (PORTAL holds %s, %s wait; CON %s, %s)", what,
                    shares().running("PORTAL"), shares().waiting("PORTAL"), shares().running("CON"),
                    shares().waiting("CON")).isTrue();
            Thread.sleep(20);
        }
    }

    /** What the monitoring port's /metrics says now. */
    private static String metrics() throws Exception {
        HttpResponse<String> scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gateway.property("qaqpa.monitoring.port") + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return scraped.body();
    }

    private static String waitingMetric(String sender, int waiting) {
        return "qaqpa_http_worker_waiting\\{sender=\"" + sender + "\",?\\} " + waiting + "\\.0";
    }

    private static WorkerShares shares() {
        return gateway.assembly().workerShares();
    }

    private List<Future<RawSoap.Response>> portalLookUps(int count) {
        List<Future<RawSoap.Response>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(clients.submit(() -> lookUp("PORTAL", personRequest(FLOODED))));
        }
        return sent;
    }

    private static Element personRequest(String iin) {
        PersonRequest request = new PersonRequest();
        request.setIin(iin);
        return ShepXml.toElement(request);
    }

    private static RawSoap.Response conLookUp() {
        return lookUp("CON", "GBDUL_LEGAL_ENTITY", legalEntityRequest());
    }

    private static Element legalEntityRequest() {
        LegalEntityRequest request = new LegalEntityRequest();
        request.setBin(ENTITY_BIN);
        return ShepXml.toElement(request);
    }

    private static RawSoap.Response lookUp(String sender, Element request) {
        return lookUp(sender, "GBDFL_PERSON", request);
    }

    private static RawSoap.Response lookUp(String sender, String serviceId, Element request) {
        String lower = sender.toLowerCase(Locale.ROOT);
        return RawSoap.post(gateway.syncUrl(), RawSoap.signed(SyncMessages.sendMessage(UUID.randomUUID().toString(),
                serviceId, null, sender, lower + "-secret", request), gateway.pki().key(lower)));
    }

    /** {@code sender} sends a kindergarten application of {@code channel}; its correlationId. */
    private static String apply(String sender, Channel channel, String messageId) {
        Element signed = gateway.signed(SampleApplication.on(channel));
        return gateway.client(channel).send(AsyncMessages.sendMessage("REQUEST", messageId, null,
                "ASTANA_KINDERGARTEN_2012", sender, sender.toLowerCase(Locale.ROOT) + "-secret", signed))
                .getCorrelationId();
    }
}
