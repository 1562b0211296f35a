package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The rule that shares the worker threads among the senders' lines (quota49), on the class with a pool it drives. */
class WorkerSharesTest {
    /** A pool that runs nothing until told: what it was handed, in order. */
    private final List<Runnable> handed = new ArrayList<>();
    private final Executor pool = handed::add;
    private final List<String> ran = new ArrayList<>();
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** Timers set, in order; none fires until a case runs it. */
    private final List<Runnable> timers = new ArrayList<>();
    private final List<Runnable> timersCancelled = new ArrayList<>();
    private final WorkerShares shares = new WorkerShares(2, Set.of("PORTAL", "CON", "EGOV"), MAX_WAIT,
            late -> this.lateAnswers.add(late));
    /** The late answers handed to their own thread. */
    private final List<Runnable> lateAnswers = new ArrayList<>();

    private void send(String line, String what) {
        sendFrom(line, "127.0.0.1", what);
    }

    private void sendFrom(String line, String network, String what) {
        shares.submit(line, network, () -> ran.add(what), () -> ran.add(what + " late"), pool, this::timer);
    }

    private Runnable timer(Duration delay, Runnable task) {
        assertThat(delay).isEqualTo(MAX_WAIT);
        timers.add(task);
        return () -> timersCancelled.add(task);
    }

    /** Runs the request handed to the pool {@code index}-th: its worker comes free. */
    private void finish(int index) {
        handed.get(index).run();
    }

    @Test
    void aLoneSenderTakesEveryWorkerAndItsOthersWaitInTheOrderTheyCame() {
        for (int i = 1; i <= 5; i++) {
            send("PORTAL", "p" + i);
        }
        assertThat(handed).hasSize(2);
        assertThat(shares.running("PORTAL")).isEqualTo(2);
        assertThat(shares.waiting("PORTAL")).isEqualTo(3);
        finish(0);
        finish(1);
        finish(2);
        assertThat(ran).containsExactly("p1", "p2", "p3");
        assertThat(handed).as("each freed worker took the next").hasSize(5);
    }

    @Test
    void aFreedWorkerGoesToTheSenderHoldingFewerThoughItsRequestCameLater() {
        for (int i = 1; i <= 4; i++) {
            send("PORTAL", "p" + i);
        }
        send("CON", "c1");
        send("CON", "c2");
        finish(0);
        assertThat(shares.running("CON")).as("CON held none").isEqualTo(1);
        finish(2);
        assertThat(ran).containsExactly("p1", "c1");
        assertThat(shares.running("CON")).as("CON's second, PORTAL holding one as well").isEqualTo(1);
        assertThat(shares.waiting("CON")).isZero();
        finish(1);
        finish(3);
        assertThat(ran).containsExactly("p1", "c1", "p2", "c2");
        assertThat(shares.waiting("PORTAL")).isZero();
        assertThat(shares.running("PORTAL")).isEqualTo(2);
    }

    @Test
    void sendersHoldingAsManyAreServedInTurn() {
        send("PORTAL", "p1");
        send("CON", "c1");
        send("PORTAL", "p2");
        send("PORTAL", "p3");
        send("CON", "c2");
        send("EGOV", "e1");
        finish(0);
        finish(1);
        finish(2);
        finish(3);
        assertThat(ran).containsExactly("p1", "c1", "e1", "p2");
    }

    @Test
    void aNameNotRegisteredWaitsInTheUnnamedLine() {
        assertThat(shares.lineOf("PORTAL")).isEqualTo("PORTAL");
        assertThat(shares.lineOf("NOBODY")).isEqualTo(WorkerShares.UNNAMED);
        assertThat(shares.lineOf(null)).isEqualTo(WorkerShares.UNNAMED);
    }

    /**
     * review49 (LOW): once the pool refuses (the gateway stops), a freed worker tries every waiting request in turn;
     * before, each refusal handed out the next through a recursion, and 100,000 waiting overflowed the stack.
     */
    @Test
    void aPoolThatRefusesAtShutdownIsTriedForEveryWaitingRequestWithoutRecursion() {
        List<Runnable> accepted = new ArrayList<>();
        boolean[] stopping = {false};
        Executor stoppingPool = work -> {
            if (stopping[0]) {
                throw new java.util.concurrent.RejectedExecutionException("stopping");
            }
            accepted.add(work);
        };
        WorkerShares one = new WorkerShares(1, Set.of("PORTAL"), MAX_WAIT);
        for (int i = 0; i < 100_000; i++) {
            one.submit("PORTAL", "127.0.0.1", () -> ran.add("ran"), () -> ran.add("late"), stoppingPool,
                    (delay, task) -> () -> { });
        }
        assertThat(one.waiting("PORTAL")).isEqualTo(99_999);
        stopping[0] = true;
        accepted.get(0).run();
        assertThat(one.waiting("PORTAL")).as("every waiting one tried and refused").isZero();
        assertThat(one.running("PORTAL")).isZero();
        assertThat(ran).containsExactly("ran");
    }

    /**
     * line50 (review49's MEDIUM): a line is read from bytes anyone writes, so a stranger's requests naming PORTAL wait
     * in PORTAL's line. Inside a line the networks take turns: PORTAL's own request from another network goes after
     * at most one of the stranger's, however many wait; each network's own in the order they came.
     */
    @Test
    void insideALineTheClientNetworksTakeTurns() {
        send("PORTAL", "p1");
        send("PORTAL", "p2");
        for (int i = 1; i <= 5; i++) {
            sendFrom("PORTAL", "127.0.0.2", "s" + i);
        }
        send("PORTAL", "p3");
        send("PORTAL", "p4");
        for (int i = 0; i < 6; i++) {
            finish(i);
        }
        assertThat(ran).containsExactly("p1", "p2", "s1", "p3", "s2", "p4");
        assertThat(shares.waiting("PORTAL")).as("s5").isEqualTo(1);
    }

    /**
     * line50 (quota49's LOW): a request that waits longer than the request timeout leaves its line and its late answer
     * (SCE911 in the gateway) runs on its own thread, not the pool whose workers are held; one handed out in time has
     * its timer cancelled and is never answered late.
     */
    @Test
    void aRequestWaitingLongerThanTheRequestTimeoutIsAnsweredLateInstead() {
        send("PORTAL", "p1");
        send("PORTAL", "p2");
        send("PORTAL", "p3");
        send("PORTAL", "p4");
        assertThat(timers).as("only the waiting ones have a timer").hasSize(2);
        timers.get(0).run();
        assertThat(shares.waiting("PORTAL")).isEqualTo(1);
        assertThat(handed).as("the late answer not handed to the pool, whose workers are held").hasSize(2);
        assertThat(lateAnswers).hasSize(1);
        lateAnswers.get(0).run();
        assertThat(ran).containsExactly("p3 late");
        assertThat(shares.running("PORTAL")).isEqualTo(2);
        finish(0);
        assertThat(timersCancelled).as("p4 handed out: its timer cancelled").containsExactly(timers.get(1));
        timers.get(1).run();
        assertThat(lateAnswers).as("p4's timer, run after all, found it gone").hasSize(1);
        finish(2);
        assertThat(ran).containsExactly("p3 late", "p1", "p4");
    }
}
