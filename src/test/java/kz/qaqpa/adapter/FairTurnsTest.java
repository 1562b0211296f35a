package kz.qaqpa.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fair turns of one state system, on threads of their own: who takes the next free turn while callers compete.
 * The gateway tests over HTTP are StateCallFairnessTest's; these name each rule.
 */
class FairTurnsTest {
    /** Long: a waiter here ends by the turn it is given, never by the wait, unless the case says so. */
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofMillis(200);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** In the cases of {@link #portalHoldsBothTurnsAndWaitsBeforeCon}: PORTAL's third look-up, and CON's after it. */
    private Future<?> portalsThird;
    private Future<?> cons;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void oneCallerAloneTakesEveryTurnAndWaitsOnlyBeyondThem() {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 3, SHORT);
        for (int i = 0; i < 3; i++) {
            turns.takeFor("PORTAL");
        }
        assertThat(turns.taken()).isEqualTo(3);

        assertThatThrownBy(() -> turns.takeFor("PORTAL")).isInstanceOfSatisfying(ShepException.class, e -> {
            assertThat(e.code()).isEqualTo(FaultCode.STATE_SYSTEM_UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("GBDFL_PERSON had no turn for PORTAL within PT0.2S: PORTAL holds 3"
                    + " of its 3 calls at once, its fair share 3 while 1 caller asks it; try later");
        });
        assertThat(turns.waiting()).isZero();
        turns.giveFor("PORTAL");
        turns.takeFor("PORTAL");
        assertThat(turns.taken()).isEqualTo(3);
    }

    /** A sender holding every turn, with a look-up of its own waiting first, yields the next free turn to another. */
    @Test
    void aSenderAboveItsShareYieldsTheNextTurnToOneBelowItsShare() throws Exception {
        FairTurns turns = portalHoldsBothTurnsAndWaitsBeforeCon();

        turns.giveFor("PORTAL");
        cons.get(10, TimeUnit.SECONDS);
        assertThat(portalsThird).as("PORTAL's look-up that came first").isNotDone();
        assertThat(turns.waiting()).isEqualTo(1);

        // PORTAL (1) and CON (1) each hold their share now: the next free turn goes to the one waiting
        turns.giveFor("CON");
        portalsThird.get(10, TimeUnit.SECONDS);
        assertThat(turns.taken()).isEqualTo(2);
    }

    /** The gateway's own look-ups below their share go before a sender's below its share, and before one above. */
    @Test
    void theGatewaysOwnLookUpGoesFirstWhileBelowItsShare() throws Exception {
        FairTurns turns = portalHoldsBothTurnsAndWaitsBeforeCon();
        Future<?> own = waiting(turns, () -> turns.takeOwn("ZHAO"), 3);

        turns.giveFor("PORTAL");
        own.get(10, TimeUnit.SECONDS);
        assertThat(cons).isNotDone();
        assertThat(portalsThird).isNotDone();

        // the gateway's look-up done: PORTAL holds 1, the share of the 2 callers asking now, CON none
        turns.giveOwn("ZHAO");
        cons.get(10, TimeUnit.SECONDS);
        assertThat(portalsThird).isNotDone();

        turns.giveFor("CON");
        portalsThird.get(10, TimeUnit.SECONDS);
    }

    /**
     * attack47b: the gateway's own look-ups are shared per sender of the application they check. PORTAL's
     * applications' checks hold both turns and one more waits; CON's application's check, come after it, takes the
     * next free turn (below its share, PORTAL's checks above theirs), and the refusal names whose checks they are.
     * Before: one caller for all the gateway's look-ups, first come first served, so PORTAL's waiting check took it.
     */
    @Test
    void eachSendersApplicationsChecksHaveTheirShare() throws Exception {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 2, LONG);
        turns.takeOwn("PORTAL");
        turns.takeOwn("PORTAL");
        Future<?> portals = waiting(turns, () -> turns.takeOwn("PORTAL"), 1);
        Future<?> cons = waiting(turns, () -> turns.takeOwn("CON"), 2);

        turns.giveOwn("PORTAL");
        cons.get(10, TimeUnit.SECONDS);
        assertThat(portals).as("PORTAL's application's check that came first").isNotDone();

        turns.giveOwn("CON");
        portals.get(10, TimeUnit.SECONDS);
        FairTurns brief = new FairTurns("GBDFL_PERSON", 1, SHORT);
        brief.takeOwn("PORTAL");
        assertThatThrownBy(() -> brief.takeOwn("CON")).hasMessage("GBDFL_PERSON had no turn for the gateway for"
                + " CON's applications within PT0.2S: CON holds 0 of its 1 calls at once, its fair share 1/2 while 2"
                + " callers ask it; try later");
    }

    /**
     * quota48 (attack47b's LOW): a sender's forwarded look-ups and its applications' checks are one caller with one
     * share. PORTAL forwards a look-up and CON another (two turns, one each); PORTAL's application's check waits,
     * then CON's look-up: the turn CON gives back goes to CON's, PORTAL at its share. Before: PORTAL's applications'
     * checks were a second caller holding none, ranked first, so PORTAL held both turns while CON waited.
     */
    @Test
    void aSenderForwardingAndApplyingIsOneCaller() throws Exception {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 2, LONG);
        turns.takeFor("PORTAL");
        turns.takeFor("CON");
        Future<?> portalsCheck = waiting(turns, () -> turns.takeOwn("PORTAL"), 1);
        Future<?> consLookUp = waiting(turns, () -> turns.takeFor("CON"), 2);

        turns.giveFor("CON");
        consLookUp.get(10, TimeUnit.SECONDS);
        assertThat(portalsCheck).as("PORTAL's application's check, PORTAL holding its share").isNotDone();

        turns.giveFor("PORTAL");
        portalsCheck.get(10, TimeUnit.SECONDS);
        turns.giveOwn("PORTAL");
        turns.giveFor("CON");
        assertThat(turns.taken()).isZero();
    }

    /** Within one sender, the gateway's own look-up for its application goes before its forwarded look-ups waiting. */
    @Test
    void aSendersApplicationsCheckGoesBeforeItsForwardedLookUps() throws Exception {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 1, LONG);
        turns.takeFor("PORTAL");
        Future<?> forwarded = waiting(turns, () -> turns.takeFor("PORTAL"), 1);
        Future<?> check = waiting(turns, () -> turns.takeOwn("PORTAL"), 2);

        turns.giveFor("PORTAL");
        check.get(10, TimeUnit.SECONDS);
        assertThat(forwarded).isNotDone();
        turns.giveOwn("PORTAL");
        forwarded.get(10, TimeUnit.SECONDS);
    }

    /** One sender's look-ups are served in the order they came, whoever wakes first. */
    @Test
    void oneSendersWaitsAreServedInTheirOrder() throws Exception {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 1, LONG);
        turns.takeFor("PORTAL");
        Future<?> first = waiting(turns, () -> turns.takeFor("PORTAL"), 1);
        Future<?> second = waiting(turns, () -> turns.takeFor("PORTAL"), 2);

        turns.giveFor("PORTAL");
        first.get(10, TimeUnit.SECONDS);
        assertThat(second).isNotDone();
        turns.giveFor("PORTAL");
        second.get(10, TimeUnit.SECONDS);
    }

    /** A refusal names the caller's share among those holding or asking for a turn. */
    @Test
    void aSenderRefusedAboveItsShareIsToldItsShare() {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 3, SHORT);
        turns.takeFor("PORTAL");
        turns.takeFor("PORTAL");
        turns.takeFor("CON");

        assertThatThrownBy(() -> turns.takeFor("PORTAL")).hasMessage("GBDFL_PERSON had no turn for PORTAL within"
                + " PT0.2S: PORTAL holds 2 of its 3 calls at once, its fair share 3/2 while 2 callers ask it;"
                + " try later");
        assertThat(turns.waiting()).isZero();
    }

    /**
     * attack47: a look-up that gave up waiting (its wait ended, or its thread was interrupted) leaves neither a turn
     * taken nor a waiter behind, so the next caller takes the freed turn at once; and the caller that gave up is not
     * counted among those competing any more. Holds (passed as fair46 wrote it).
     */
    @Test
    void aLookUpThatGaveUpWaitingLosesNoTurn() throws Exception {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 1, SHORT);
        turns.takeFor("PORTAL");
        assertThatThrownBy(() -> turns.takeFor("CON")).isInstanceOf(FairTurns.NoTurn.class);
        FairTurns patient = new FairTurns("GBDFL_PERSON", 1, LONG);
        patient.takeFor("PORTAL");
        Future<?> interrupted = waiting(patient, () -> patient.takeFor("CON"), 1);
        interrupted.cancel(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (patient.waiting() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        for (FairTurns each : java.util.List.of(turns, patient)) {
            assertThat(each.waiting()).as("no one left waiting").isZero();
            assertThat(each.taken()).as("PORTAL's turn only").isEqualTo(1);
            each.giveFor("PORTAL");
            each.takeFor("ZHAO"); // at once: the free turn was not lost to the one that gave up
            assertThat(each.taken()).isEqualTo(1);
        }
        patient.giveFor("ZHAO");
        patient.takeFor("PORTAL");
        patient.giveFor("PORTAL");
        assertThatThrownBy(() -> turns.takeFor("CON")).as("ZHAO's turn is still ZHAO's")
                .hasMessageContaining("CON holds 0 of its 1 calls at once, its fair share 1/2 while 2 callers ask it");
    }

    /** attack47: a call that fails (any exception) gives its turn back: the next look-up is not kept waiting. Holds. */
    @Test
    void aCallThatFailsGivesItsTurnBack() {
        StateCallLimit limit = new StateCallLimit(1, SHORT);
        assertThatThrownBy(() -> limit.call("GBDFL_PERSON", "PORTAL", () -> {
            throw new IllegalStateException("the system's answer could not be read");
        })).hasMessage("the system's answer could not be read");
        assertThatThrownBy(() -> limit.callOwn("GBDFL_PERSON", "ZHAO", () -> {
            throw new StackOverflowError("deep");
        })).isInstanceOf(StackOverflowError.class);
        assertThat(limit.call("GBDFL_PERSON", "CON", () -> "answered")).isEqualTo("answered");
        assertThat(limit.callOwn("GBDFL_PERSON", "ZHAO", () -> "answered")).isEqualTo("answered");
    }

    /** Two turns, both PORTAL's; PORTAL's third look-up waits for one, then CON's. */
    private FairTurns portalHoldsBothTurnsAndWaitsBeforeCon() throws InterruptedException {
        FairTurns turns = new FairTurns("GBDFL_PERSON", 2, LONG);
        turns.takeFor("PORTAL");
        turns.takeFor("PORTAL");
        portalsThird = waiting(turns, () -> turns.takeFor("PORTAL"), 1);
        cons = waiting(turns, () -> turns.takeFor("CON"), 2);
        return turns;
    }

    /** Starts {@code take} on a thread of its own and returns once {@code waiters} wait (this one the last). */
    private Future<?> waiting(FairTurns turns, Runnable take, int waiters) throws InterruptedException {
        Future<?> taken = threads.submit(take);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (turns.waiting() < waiters && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(turns.waiting()).as("callers waiting").isEqualTo(waiters);
        return taken;
    }
}
