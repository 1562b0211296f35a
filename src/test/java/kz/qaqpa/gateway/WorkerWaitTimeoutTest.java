package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.person.PersonRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * line50 (quota49's LOW): a request waiting for one of the channels' worker threads had no deadline of its own; its
 * client gave up, and it was still processed whenever its turn came. Now one that waits longer than
 * qaqpa.http.request-timeout (here {@link #MAX_WAIT}) is answered SCE911 (send again later) and leaves its line.
 */
class WorkerWaitTimeoutTest {
    private static final int WORKERS = 2;
    private static final Duration MAX_WAIT = Duration.ofSeconds(3);
    private static final String HELD = "850315401201";
    /** A person ГБД ФЛ's stand-in answers at once. */
    private static final String NOT_HELD = "900101300123";
    private static final int WARM_UP_ATTEMPTS = 5;
    /** The most the case waits for an answer; well beyond {@link #MAX_WAIT}, well within ГБД ФЛ's holding. */
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static HeldGbdfl gbdfl;

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.http.worker-threads", String.valueOf(WORKERS))
            .with("qaqpa.http.request-timeout", MAX_WAIT.toString())
            .with("qaqpa.adapter.max-calls-at-once", String.valueOf(4 * WORKERS))
            .with("qaqpa.http.client-timeout", "PT60S")
            .with("qaqpa.mocks.provider.poll-interval", "PT1H");

    @BeforeAll
    static void standIn() {
        gbdfl = HeldGbdfl.inPlaceOfTheMock(gateway, HELD);
    }

    @AfterAll
    static void stopStandIn() {
        gbdfl.stop();
    }

    /**
     * PORTAL's look-ups hold both workers (ГБД ФЛ holds them); PORTAL's third waits for a worker beyond the request
     * timeout: answered SCE911 while the other two are still held, its line empty again; those two are answered once
     * ГБД ФЛ answers.
     */
    @Test
    void aRequestWaitingForAWorkerLongerThanTheRequestTimeoutIsAnsweredBusy() throws Exception {
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            warmUp();
            gbdfl.hold();
            List<Future<RawSoap.Response>> held = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                held.add(clients.submit(() -> portalLookUp(HELD)));
            }
            await(() -> gbdfl.heldNow() == WORKERS);
            Future<RawSoap.Response> waiting = clients.submit(() -> portalLookUp(HELD));

            RawSoap.Response late = waiting.get(ANSWER.toSeconds(), TimeUnit.SECONDS);

            assertThat(late.faultOrStatus()).startsWith("SCE911: no worker thread was free for the request within PT3S");
            assertThat(gbdfl.heldNow()).as("the two look-ups still held").isEqualTo(WORKERS);
            assertThat(gateway.assembly().workerShares().waiting("PORTAL")).isZero();
            // line51: answered late, not dropped (the late answers' queue holds as many as there are workers)
            assertThat(RawSoap.get("http://127.0.0.1:" + gateway.property("qaqpa.monitoring.port") + "/metrics").text())
                    .as("the monitoring port").contains("qaqpa_http_late_answers_dropped_total 0.0");
            gbdfl.open();
            for (Future<RawSoap.Response> lookUp : held) {
                RawSoap.Response answer = lookUp.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
                assertThat(answer.status()).as("a held look-up: %s", answer.faultOrStatus()).isEqualTo(200);
            }
        } finally {
            gbdfl.open();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * The gateway's first requests, and the provider mocks' polls as they start, take seconds on a loaded machine
     * (classes loaded, code not yet compiled): one may wait beyond {@link #MAX_WAIT} itself. Until a look-up is answered.
     */
    private static void warmUp() {
        for (int attempt = 1; attempt <= WARM_UP_ATTEMPTS; attempt++) {
            RawSoap.Response answer = portalLookUp(NOT_HELD);
            if (answer.status() == 200) {
                return;
            }
            assertThat(answer.faultOrStatus()).as("a warm-up look-up").startsWith("SCE911");
        }
        throw new AssertionError("no look-up answered in " + WARM_UP_ATTEMPTS + " attempts");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("PORTAL's look-ups held by ГБД ФЛ").isTrue();
            Thread.sleep(20);
        }
    }

    private static RawSoap.Response portalLookUp(String iin) {
        PersonRequest request = new PersonRequest();
        request.setIin(iin);
        return RawSoap.post(gateway.syncUrl(), RawSoap.signed(SyncMessages.sendMessage(UUID.randomUUID().toString(),
                "GBDFL_PERSON", null, "PORTAL", "portal-secret", ShepXml.toElement(request)),
                gateway.pki().key("portal")));
    }
}
