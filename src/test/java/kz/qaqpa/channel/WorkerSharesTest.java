package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rule that shares the worker threads among the senders' lines (quota49), on the class with a pool it drives. */
class WorkerSharesTest {
    /** A pool that runs nothing until told: what it was handed, in order. */
    private final List<Runnable> handed = new ArrayList<>();
    private final Executor pool = handed::add;
    private final List<String> ran = new ArrayList<>();
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** Networks, as the gateway keys them ({@link kz.qaqpa.http.PeerNetwork}); the harness's clients' and another. */
    private static final Object HOME = "127.0.0.1";
    private static final Object STRANGER = "127.0.0.2";
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

    private void sendFrom(String line, Object network, String what) {
        shares.submit(line, network, () -> ran.add(what), () -> ran.add(what + " late"), () -> ran.add(what + " closed"),
                pool, this::timer);
    }

    /** A request naming {@code sender} from {@code network}, in the line the gateway reads for it (line51). */
    private void arrive(String sender, Object network, String what) {
        sendFrom(shares.lineOf(sender, network), network, what);
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
        shares.knownFrom("PORTAL", HOME);
        assertThat(shares.lineOf("PORTAL", HOME)).isEqualTo("PORTAL");
        assertThat(shares.lineOf("NOBODY", HOME)).isEqualTo(WorkerShares.UNNAMED);
        assertThat(shares.lineOf(null, HOME)).isEqualTo(WorkerShares.UNNAMED);
    }

    /**
     * line51: a registered sender's name waits in its line only from a network that sender has authenticated from;
     * from any other, or before its first authentication, in the unnamed line. Known for one sender is not for another.
     */
    @Test
    void aSendersNameFromANetworkItHasNotAuthenticatedFromWaitsInTheUnnamedLine() {
        assertThat(shares.lineOf("PORTAL", HOME)).as("before PORTAL's first authentication").isEqualTo(WorkerShares.UNNAMED);
        shares.knownFrom("PORTAL", HOME);
        assertThat(shares.lineOf("PORTAL", HOME)).isEqualTo("PORTAL");
        assertThat(shares.lineOf("PORTAL", STRANGER)).isEqualTo(WorkerShares.UNNAMED);
        assertThat(shares.lineOf("CON", HOME)).as("known from there for PORTAL only").isEqualTo(WorkerShares.UNNAMED);
    }

    /**
     * line51 (line50's Left, LOW-MEDIUM): a stranger's request naming PORTAL, from a network PORTAL has not
     * authenticated from, held a worker in PORTAL's line, so PORTAL's own next request lost the freed worker to CON's
     * though PORTAL itself held none. Now it holds it in the unnamed line, and PORTAL's share is its own requests'.
     */
    @Test
    void aStrangersRequestInASendersNameDoesNotCountInThatSendersLine() {
        shares.knownFrom("PORTAL", HOME);
        shares.knownFrom("CON", HOME);
        arrive("PORTAL", STRANGER, "s1");
        arrive("CON", HOME, "c1");
        arrive("PORTAL", HOME, "p1");
        arrive("CON", HOME, "c2");
        assertThat(shares.running("PORTAL")).as("the stranger's request is not PORTAL's").isZero();
        finish(1);
        assertThat(shares.running("PORTAL")).as("c1's worker went to PORTAL, holding none").isEqualTo(1);
        assertThat(shares.waiting("CON")).isEqualTo(1);
        finish(2);
        assertThat(ran).containsExactly("c1", "p1");
    }

    /**
     * line51 (line50's Left, LOW): in the unnamed line the turns go by site (an IPv4 /24), so a client holding three
     * addresses of one /24 gets one turn to another site's one, not three.
     */
    @Test
    void inTheUnnamedLineTheTurnsGoBySite() throws Exception {
        InetAddress first = InetAddress.getByName("127.0.0.2");
        sendFrom(WorkerShares.UNNAMED, first, "x1");
        sendFrom(WorkerShares.UNNAMED, first, "x2");
        for (int i = 2; i <= 4; i++) {
            sendFrom(WorkerShares.UNNAMED, InetAddress.getByName("127.0.0." + i), "s" + i);
        }
        sendFrom(WorkerShares.UNNAMED, InetAddress.getByName("127.0.1.9"), "o1");
        for (int i = 0; i < 4; i++) {
            finish(i);
        }
        assertThat(ran).containsExactly("x1", "x2", "s2", "o1");
    }

    /**
     * line51 (review50b, LOW): the late answers wait for their one thread in a queue of at most as many as there are
     * workers; one beyond it is not queued but its connection closed, and counted. Before: the queue had no bound.
     */
    @Test
    void lateAnswersBeyondTheirQueueCloseTheirConnectionsAndAreCounted() throws Exception {
        WorkerShares one = new WorkerShares(1, Set.of("PORTAL"), MAX_WAIT);
        CountDownLatch lateStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ends = java.util.Collections.synchronizedList(new ArrayList<>());
        one.submit("PORTAL", HOME, () -> { }, () -> { }, () -> { }, pool, this::timer);
        for (int i = 0; i < 4; i++) {
            String what = "r" + i;
            one.submit("PORTAL", HOME, () -> ends.add(what), () -> {
                lateStarted.countDown();
                await(release);
                ends.add(what + " late");
            }, () -> ends.add(what + " closed"), pool, this::timer);
        }
        timers.get(0).run();
        assertThat(lateStarted.await(10, TimeUnit.SECONDS)).as("the first late answer on its thread").isTrue();
        timers.get(1).run();
        timers.get(2).run();
        timers.get(3).run();
        assertThat(ends).as("beyond the one queued").containsExactly("r2 closed", "r3 closed");
        assertThat(one.lateAnswersDropped()).isEqualTo(2);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ends.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ends).containsExactly("r2 closed", "r3 closed", "r0 late", "r1 late");
        assertThat(one.waiting("PORTAL")).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            one.submit("PORTAL", "127.0.0.1", () -> ran.add("ran"), () -> ran.add("late"), () -> ran.add("closed"),
                    stoppingPool, (delay, task) -> () -> { });
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
