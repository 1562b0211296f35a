package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.legalentity.LegalEntityRequest;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.xml.Dom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * quota48 (fair46's Left): while requests wait for one of the channels' worker threads (qaqpa.http.worker-threads,
 * here {@value #WORKERS}), one sender's requests take at most its share of them (qaqpa.http.max-workers-per-sender-percent
 * 75: {@value #CAP}). ГБД ФЛ's place is taken by a stand-in that holds every look-up about {@link #FLOODED} until the
 * case lets them through: PORTAL's look-ups hold every worker (alone, it may), more of them wait in the port's queue,
 * and CON's requests come behind them. Before: each worker PORTAL's look-up freed went to PORTAL's next one, so CON's
 * look-up and CON's application waited unread until PORTAL's flood ended.
 */
class WorkerShareTest {
    private static final int WORKERS = 8;
    /** 75% of the workers: what one sender may hold while others wait for one. */
    private static final int CAP = 6;
    /** PORTAL's look-ups sent after those that hold every worker: they wait in the port's queue. */
    private static final int EXCESS = 4;
    /** The look-ups the stand-in's server serves at once (MockSoapServer's four threads); the others wait there. */
    private static final int STAND_IN_THREADS = 4;
    private static final String FLOODED = "850315401201";
    /** A legal entity of the ГБД ЮЛ mock, which answers at once. */
    private static final String ENTITY_BIN = "150840005673";
    /** Time for requests sent to reach the gateway and be read, with room for a loaded machine. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    /** The most a case waits for an answer it expects while PORTAL's look-ups are held. */
    private static final Duration ANSWER = Duration.ofSeconds(15);
    /**
     * The refusal of PORTAL's request while it holds every worker but the one its look-up ГБД ФЛ answered freed (7), or
     * still 8: the look-up's exchange ends on the worker its answer is written on (CXF's continuation), which may come
     * after the refused request took the freed one.
     */
    private static final String BEYOND_SHARE = "PORTAL holds [78] of the gateway's " + WORKERS + " worker threads"
            + " while requests wait for one: the most one sender then may hold is " + CAP
            + " \\(qaqpa.http.max-workers-per-sender-percent\\); send again later";
    private static SlowGbdfl gbdfl;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.worker-threads", String.valueOf(WORKERS))
            .with("qaqpa.http.max-workers-per-sender-percent", "75")
            // every admitted look-up gets a turn: the workers are what this test shares, not ГБД ФЛ's turns
            .with("qaqpa.adapter.max-calls-at-once", String.valueOf(WORKERS + EXCESS))
            // the held look-ups end when a case lets them through, not by the call's timeout
            .with("qaqpa.http.client-timeout", "PT60S")
            // the provider mocks poll once as they start, then not in a case: only its requests wait for a worker
            .with("qaqpa.mocks.provider.poll-interval", "PT1H");

    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeAll
    static void standIn() {
        GbdflMock data = gateway.mocks().gbdfl();
        int port = data.port();
        data.stop();
        gbdfl = new SlowGbdfl(port, data);
        gbdfl.start();
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
     * PORTAL alone holds every worker; its further look-ups, then CON's look-up (ГБД ЮЛ) and CON's application, wait
     * for one. ГБД ФЛ answers one of PORTAL's: PORTAL's waiting look-ups are refused at once with SCE911 naming its
     * share, and CON's look-up and application are answered while PORTAL's others are still held; those are answered
     * once ГБД ФЛ answers. Before: PORTAL's next look-up took the freed worker and waited in ГБД ФЛ, and CON's look-up
     * got no answer.
     */
    @Test
    void anotherSendersLookUpAndApplicationAreAnsweredWhileOneSenderHoldsEveryWorker() throws Exception {
        List<Future<RawSoap.Response>> holding = everyWorkerHeldByPortal();
        List<Future<RawSoap.Response>> excess = portalLookUps(EXCESS);
        Pause.sleep(SETTLE);
        Future<RawSoap.Response> cons = clients.submit(WorkerShareTest::conLookUp);
        Future<String> application = clients.submit(() -> apply("CON", Channel.CON, "CON-" + UUID.randomUUID()));
        Pause.sleep(SETTLE);

        gbdfl.letOneThrough();

        RawSoap.Response answer = cons.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.status()).as("CON's look-up: %s", fault(answer)).isEqualTo(200);
        assertThat(text(answer)).contains("QAZAQ DEREK");
        assertThat(application.get(ANSWER.toSeconds(), TimeUnit.SECONDS)).as("CON's application accepted").isNotBlank();
        assertThat(gbdfl.heldNow()).as("PORTAL's look-ups ГБД ФЛ still holds").isEqualTo(STAND_IN_THREADS);
        for (Future<RawSoap.Response> refused : excess) {
            assertThat(fault(refused.get(ANSWER.toSeconds(), TimeUnit.SECONDS))).matches("SCE911: " + BEYOND_SHARE);
        }

        gbdfl.open();
        for (Future<RawSoap.Response> lookUp : holding) {
            RawSoap.Response held = lookUp.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
            assertThat(held.status()).as("PORTAL's look-up once ГБД ФЛ answers: %s", fault(held)).isEqualTo(200);
        }
    }

    /**
     * PORTAL's application that waited for a worker while PORTAL held every one, with a request behind it, is refused
     * with SCE911 and nothing of it is stored; sent again with the same messageId once PORTAL's look-ups ended, it is
     * accepted. Before: it took the freed worker and was accepted while the request behind it waited.
     */
    @Test
    void anApplicationRefusedBeyondItsSendersShareIsNotStoredAndIsAcceptedWhenSentAgain() throws Exception {
        List<Future<RawSoap.Response>> holding = everyWorkerHeldByPortal();
        String messageId = "PORTAL-" + UUID.randomUUID();
        Future<String> application = clients.submit(() -> apply("PORTAL", Channel.PORTAL, messageId));
        Pause.sleep(SETTLE);
        holding.addAll(portalLookUps(1));
        Pause.sleep(SETTLE);

        gbdfl.letOneThrough();

        Throwable refused = catchThrowable(() -> application.get(ANSWER.toSeconds(), TimeUnit.SECONDS));
        assertThat(refused).as("PORTAL's application while it holds every worker").isNotNull();
        assertThat(refused.getCause()).isInstanceOf(RemoteFault.class);
        RemoteFault fault = (RemoteFault) refused.getCause();
        assertThat(fault.error().getErrorCode()).isEqualTo("SCE911");
        // the gateway's busy refusal as it is, not the regulation's condition 1 (authorisation) refusing the sender
        assertThat(fault.error().getErrorMessage()).matches(BEYOND_SHARE);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).isEmpty();

        gbdfl.open();
        for (Future<RawSoap.Response> lookUp : holding) {
            lookUp.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        }
        String correlationId = apply("PORTAL", Channel.PORTAL, messageId);
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId))
                .hasValueSatisfying(a -> assertThat(a.correlationId()).isEqualTo(correlationId));
    }

    /**
     * PORTAL alone takes every worker with look-ups about {@link #FLOODED}, sent one at a time (sent at once, the
     * port's queue holds some while others are read, and those beyond PORTAL's share are refused): each is held by
     * ГБД ФЛ, or by its stand-in's queue. Returns them once PORTAL holds every worker.
     */
    private List<Future<RawSoap.Response>> everyWorkerHeldByPortal() throws InterruptedException {
        gbdfl.hold();
        List<Future<RawSoap.Response>> holding = new ArrayList<>();
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (portalHolds() < WORKERS && System.nanoTime() < deadline) {
            int before = portalHolds();
            Future<RawSoap.Response> lookUp = portalLookUps(1).get(0);
            while (portalHolds() == before && !lookUp.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!lookUp.isDone()) {
                holding.add(lookUp);
            }
        }
        assertThat(portalHolds()).as("worker threads PORTAL holds").isEqualTo(WORKERS);
        assertThat(gbdfl.heldNow()).as("PORTAL's look-ups ГБД ФЛ holds").isEqualTo(STAND_IN_THREADS);
        return holding;
    }

    private static int portalHolds() {
        return gateway.assembly().workerShares().held("PORTAL");
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
        LegalEntityRequest request = new LegalEntityRequest();
        request.setBin(ENTITY_BIN);
        return lookUp("CON", "GBDUL_LEGAL_ENTITY", ShepXml.toElement(request));
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

    private static String text(RawSoap.Response answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    /** A fault's faultstring (the code and its text), or the answer's status. */
    private static String fault(RawSoap.Response answer) {
        String text = text(answer);
        int start = text.indexOf("<faultstring>");
        return start < 0 ? "HTTP " + answer.status()
                : text.substring(start + "<faultstring>".length(), text.indexOf("</faultstring>", start));
    }

    /**
     * ГБД ФЛ with the mock's persons and key; while told to {@link #hold}, a look-up about {@link #FLOODED} waits
     * until {@link #open} (at most a minute).
     */
    private static final class SlowGbdfl extends SyncRegistryMock {
        private final GbdflMock data;
        private final Semaphore passes = new Semaphore(0);
        private volatile boolean holding;
        private final AtomicInteger heldNow = new AtomicInteger();

        SlowGbdfl(int port, GbdflMock data) {
            super("ГБД ФЛ held for the flooded person", port, GbdflMock.PATH, gateway.pki().key("gbdfl"),
                    gateway.gatewayCheck());
            this.data = data;
        }

        @Override
        protected Object lookup(Element request) {
            String iin = Dom.childElement(request, "iin").getTextContent().trim();
            if (holding && FLOODED.equals(iin)) {
                heldNow.incrementAndGet();
                try {
                    passes.tryAcquire(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    heldNow.decrementAndGet();
                }
            }
            PersonNotFound notFound = new PersonNotFound();
            notFound.setIin(iin);
            return data.find(iin).<Object>map(person -> person).orElse(notFound);
        }

        void hold() {
            passes.drainPermits();
            holding = true;
        }

        void letOneThrough() {
            passes.release();
        }

        void open() {
            holding = false;
            passes.release(WORKERS + EXCESS);
        }

        int heldNow() {
            return heldNow.get();
        }
    }
}
