package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StatusHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * fair46 (session 45's Left): the turns of one state system (qaqpa.adapter.max-calls-at-once) are shared fairly among
 * the senders of look-ups and the gateway's own look-ups. ГБД ФЛ's place is taken by a stand-in with the mock's data
 * and key that holds every look-up about {@link #FLOODED} until the test lets one through, and answers the others at
 * once: PORTAL floods it with more look-ups at once than it has turns. Before: one fair queue for all, so the next
 * turn went to PORTAL's look-ups that came first, and CON's look-up, or a CON application's own check of its applicant
 * in ГБД ФЛ, waited behind them until SCE910.
 */
class StateCallFairnessTest {
    /** Turns of one state system (the stand-in serves every connection at once: only the turns bound the calls). */
    private static final int TURNS = 3;
    /** PORTAL's look-ups beyond the turns, waiting for one. */
    private static final int BEYOND = 3;
    /** The person PORTAL asks about (the stand-in holds these look-ups), and the CON sample's applicant. */
    private static final String FLOODED = "850315401201";
    private static final String APPLICANT_IIN = "870203407800";
    /** Time for a request sent to reach the gateway's turns (its signature checked), with room for a loaded machine. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    /** qaqpa.adapter.call-wait: longer than the steps of a case, so that none of its waits ends by it. */
    private static final Duration CALL_WAIT = SETTLE.multipliedBy(BEYOND + 3);
    private static HeldGbdfl gbdfl;

    @RegisterExtension
    static final GatewayHarness gateway = StateDatabaseConditionTest.withTheTestRegulation(GatewayHarness.perClass())
            .with("qaqpa.adapter.max-calls-at-once", String.valueOf(TURNS))
            .with("qaqpa.adapter.call-wait", CALL_WAIT.toString())
            // the held look-ups end when a case lets them through, not by the call's timeout (10 s in the tests)
            .with("qaqpa.http.client-timeout", "PT60S")
            // a second sender on the test regulation's channel, whose applications' own checks flood ГБД ФЛ (attack47b)
            .with("qaqpa.sender.PORTAL.channels", "PORTAL,CON")
            .with("qaqpa.sender.PORTAL.services", "GBDFL_PERSON," + StateDatabaseConditionTest.SERVICE);

    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeAll
    static void standIn() {
        gbdfl = HeldGbdfl.inPlaceOfTheMock(gateway, FLOODED);
        Pause.sleep(StateDatabaseConditionTest.POOL_CHECKS_IDLE_AFTER);
        warmUp();
    }

    /**
     * Each kind of request the cases send, once, the stand-in not holding: a case's waits (awaitHeld, SETTLE) are for
     * its requests, not for the first ones of the JVM (the test's clients made, classes loaded, code compiled). Before,
     * the first case's flood reached the gateway 12 s after it was sent on a loaded machine, and awaitHeld, within
     * CALL_WAIT (9 s), saw none held.
     */
    private static void warmUp() {
        submitPortalApplicationAboutTheFlooded();
        submitConApplication();
        assertThat(lookUp("PORTAL", "portal-secret", "portal", FLOODED).status()).isEqualTo(200);
        assertThat(lookUp("CON", "con-secret", "con", APPLICANT_IIN).status()).isEqualTo(200);
    }

    @AfterAll
    static void stopStandIn() {
        gbdfl.stop();
    }

    /** Every look-up a case sent ends before the next case (each within its wait for a turn, then its call). */
    @AfterEach
    void letEveryLookUpThrough() throws InterruptedException {
        gbdfl.open();
        clients.shutdown();
        assertThat(clients.awaitTermination(CALL_WAIT.toSeconds() * 2, TimeUnit.SECONDS))
                .as("the case's requests ended").isTrue();
    }

    /**
     * PORTAL holds every turn and waits for more; CON's look-up sent after them takes the next free turn and is
     * answered. Before: the turns PORTAL's held look-ups freed went to its look-ups waiting ahead of CON's, and CON's
     * got SCE910 after qaqpa.adapter.call-wait.
     */
    @Test
    void anotherSendersLookUpIsAnsweredWhileOneSenderFloodsASlowSystem() throws Exception {
        List<Future<RawSoap.Response>> flood = flood();
        Future<RawSoap.Response> cons = clients.submit(() -> lookUp("CON", "con-secret", "con", APPLICANT_IIN));

        letThroughOneAtATimeUntil(cons);

        RawSoap.Response answer = cons.get(CALL_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.status()).as("CON's look-up: %s", answer.faultOrStatus()).isEqualTo(200);
        assertThat(answer.text()).contains(APPLICANT_IIN);
        endOf(flood);
    }

    /**
     * The gateway's own look-up for an application (the test regulation's condition: the applicant and the child in
     * ГБД ФЛ) takes the next free turn while PORTAL floods, and the application goes its regulation's steps. Before:
     * it waited behind PORTAL's look-ups until SCE910, and the CON application was refused as ГБД ФЛ's failure.
     */
    @Test
    void anApplicationsOwnCheckIsAnsweredWhileASenderFloodsASlowSystem() throws Exception {
        List<Future<RawSoap.Response>> flood = flood();
        Future<String> application = clients.submit(StateCallFairnessTest::submitConApplication);

        letThroughOneAtATimeUntil(application);

        String correlationId = application.get(CALL_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateway.assembly().statusHistory().of(correlationId)).extracting(StatusHistory.Step::stepId)
                .containsExactly("con-condition-1", "con-process-3", "con-condition-2", "con-condition-3", "con-process-6");
        endOf(flood);
    }

    /**
     * attack47b (attack47's Left): the gateway's own look-ups are shared per sender of the application they check.
     * PORTAL floods the test regulation with applications whose applicant ГБД ФЛ holds; CON's application's own check
     * takes the next free turn and the application goes its regulation's steps. Before: all the gateway's own look-ups
     * were one caller served first come first served, so CON's check waited behind PORTAL's applications' checks until
     * SCE910, and CON's application was refused as ГБД ФЛ's failure.
     */
    @Test
    void anApplicationsOwnCheckIsAnsweredWhileAnotherSendersApplicationsFloodASlowSystem() throws Exception {
        gbdfl.hold();
        List<Future<String>> flood = new ArrayList<>();
        for (int i = 0; i < TURNS + BEYOND; i++) {
            flood.add(clients.submit(StateCallFairnessTest::submitPortalApplicationAboutTheFlooded));
        }
        awaitHeld(TURNS);
        Pause.sleep(SETTLE);
        Future<String> application = clients.submit(StateCallFairnessTest::submitConApplication);

        letThroughOneAtATimeUntil(application);

        String correlationId = application.get(CALL_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateway.assembly().statusHistory().of(correlationId)).extracting(StatusHistory.Step::stepId)
                .containsExactly("con-condition-1", "con-process-3", "con-condition-2", "con-condition-3", "con-process-6");
        gbdfl.open();
        for (Future<String> portals : flood) {
            // accepted, or refused by its regulation (a fault) once its own check waited its turn: answered either way
            try {
                portals.get(CALL_WAIT.toSeconds() * 2, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("PORTAL's application").isInstanceOf(RemoteFault.class);
            }
        }
    }

    /**
     * The bound is fair, not a cap per sender: PORTAL alone has all the turns at once, none kept for anyone who might
     * come, and its look-ups beyond them wait for a turn and are answered when one frees.
     */
    @Test
    void oneSenderAloneHasEveryTurn() throws Exception {
        List<Future<RawSoap.Response>> flood = flood();
        assertThat(gbdfl.heldNow()).as("PORTAL's look-ups ГБД ФЛ holds at once").isEqualTo(TURNS);
        gbdfl.open();
        for (Future<RawSoap.Response> lookUp : flood) {
            RawSoap.Response answer = lookUp.get(CALL_WAIT.toSeconds() * 2, TimeUnit.SECONDS);
            assertThat(answer.status()).as("PORTAL's look-up: %s", answer.faultOrStatus()).isEqualTo(200);
        }
        assertThat(gbdfl.mostAtOnce()).as("look-ups ГБД ФЛ held at once").isEqualTo(TURNS);
    }

    /**
     * A look-up without a turn is refused with SCE910 whose text names its sender's share, not the system as down:
     * PORTAL holds two of the three turns, CON one (each held by ГБД ФЛ), and PORTAL's next look-up waits out
     * qaqpa.adapter.call-wait. Before: "GBDFL_PERSON did not answer usably".
     */
    @Test
    void aLookUpWithoutATurnIsToldItsSendersShare() throws Exception {
        gbdfl.hold();
        List<Future<RawSoap.Response>> portals = lookUps("PORTAL", TURNS);
        awaitHeld(TURNS);
        gbdfl.letOneThrough();
        Future<RawSoap.Response> cons = clients.submit(() -> lookUp("CON", "con-secret", "con", FLOODED));
        long deadline = System.nanoTime() + CALL_WAIT.toNanos();
        while (portals.stream().noneMatch(Future::isDone) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        awaitHeld(TURNS);

        RawSoap.Response refused = lookUps("PORTAL", 1).get(0).get(CALL_WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        assertThat(refused.faultOrStatus()).isEqualTo("SCE910: GBDFL_PERSON had no turn for PORTAL within " + CALL_WAIT
                + ": PORTAL holds 2 of its 3 calls at once, its fair share 3/2 while 2 callers ask it; try later");
        gbdfl.open();
        assertThat(cons.get(CALL_WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    /**
     * PORTAL sends TURNS + BEYOND look-ups about {@link #FLOODED} at once; returns once ГБД ФЛ holds TURNS of them and
     * the others have had time to wait for a turn.
     */
    private List<Future<RawSoap.Response>> flood() throws InterruptedException {
        gbdfl.hold();
        List<Future<RawSoap.Response>> flood = lookUps("PORTAL", TURNS + BEYOND);
        awaitHeld(TURNS);
        Pause.sleep(SETTLE);
        return flood;
    }

    /** {@code count} look-ups of {@code sender} about {@link #FLOODED}, sent at once. */
    private List<Future<RawSoap.Response>> lookUps(String sender, int count) {
        List<Future<RawSoap.Response>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(clients.submit(() -> lookUp(sender, sender.toLowerCase(java.util.Locale.ROOT) + "-secret",
                    sender.toLowerCase(java.util.Locale.ROOT), FLOODED)));
        }
        return sent;
    }

    /** Waits until ГБД ФЛ holds {@code calls} look-ups (every turn's call, in these cases). */
    private static void awaitHeld(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + CALL_WAIT.toNanos();
        while (gbdfl.heldNow() != calls && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gbdfl.heldNow()).as("look-ups ГБД ФЛ holds").isEqualTo(calls);
    }

    /**
     * Lets one held look-up through each SETTLE, at most BEYOND times, until {@code waiting} is done: each frees one
     * turn. PORTAL's look-ups waiting since before {@code waiting}'s would take them all if first asked were first
     * served; once its request waits for a turn, the next one freed is its.
     */
    private static void letThroughOneAtATimeUntil(Future<?> waiting) {
        for (int i = 0; i < BEYOND && !waiting.isDone(); i++) {
            Pause.sleep(SETTLE);
            if (!waiting.isDone()) {
                gbdfl.letOneThrough();
            }
        }
    }

    /** Lets the flood through and waits for its end: each look-up answered, or refused once it waited its turn. */
    private static void endOf(List<Future<RawSoap.Response>> flood) throws Exception {
        gbdfl.open();
        for (Future<RawSoap.Response> lookUp : flood) {
            assertThat(lookUp.get(CALL_WAIT.toSeconds() * 2, TimeUnit.SECONDS).status()).isIn(200, 500);
        }
    }

    private static RawSoap.Response lookUp(String sender, String password, String keyAlias, String iin) {
        PersonRequest request = new PersonRequest();
        request.setIin(iin);
        return RawSoap.post(gateway.syncUrl(), RawSoap.signed(SyncMessages.sendMessage(UUID.randomUUID().toString(),
                "GBDFL_PERSON", null, sender, password, ShepXml.toElement(request)), gateway.pki().key(keyAlias)));
    }

    private static String submitConApplication() {
        return StateDatabaseConditionTest.submit(gateway, SampleApplication.on(Channel.CON),
                "CON-" + UUID.randomUUID());
    }

    /** PORTAL sends, on the test regulation's channel, an application whose applicant is {@link #FLOODED}. */
    private static String submitPortalApplicationAboutTheFlooded() {
        Application application = SampleApplication.on(Channel.CON).family(FLOODED, "NURLANOVA", "AIGERIM",
                "210908615601", "NURLANOVA", "ARUZHAN", LocalDate.of(2021, 9, 8)).build();
        application.setServiceCode(StateDatabaseConditionTest.SERVICE);
        Element signed = gateway.signed(application, "operator-con");
        return gateway.client(Channel.PORTAL).send(AsyncMessages.sendMessage("REQUEST", "PORTAL-" + UUID.randomUUID(),
                null, StateDatabaseConditionTest.SERVICE, "PORTAL", "portal-secret", signed)).getCorrelationId();
    }
}
