package kz.qaqpa.channel;

import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import kz.qaqpa.http.PeerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the channels' worker threads (qaqpa.http.worker-threads) among the senders whose requests wait for one. Ours
 * (quota49; fair46's Left, MEDIUM): a request holds its worker until it is answered (a look-up waiting for a state
 * system's turn or answer), and the port's worker pool served its queue first come first served, so one sender sending
 * more requests at once than there are workers held every one, and every other sender's requests waited unread behind
 * its own.
 *
 * <p>A complete request waits here, holding no thread, in its sender's line ({@link WorkerLine}); a worker that comes
 * free goes to the line whose requests hold the fewest workers now (of equal ones, the one served longest ago), so a
 * sender with one request waiting is served before a flooder's next. Work-conserving and never refusing: while one
 * sender alone waits, its requests go on in the order they came, up to every worker (one portal's load is served as
 * before: the benchmark's 32 clients are one sender). A worker is counted exactly while the request runs on it: from
 * being handed to the pool until the handler returns. What holds the waiting requests is bounded as before: their
 * connections (qaqpa.http.max-connections-per-address) and bodies (qaqpa.http.max-buffered-bytes-per-address).
 *
 * <p>The line is chosen before the request is authenticated, by the sender the message names, and checked after
 * ({@link OwnLine}).
 *
 * <p>line50 (review49's MEDIUM): since the line is read from bytes anyone may write, requests that never authenticate
 * (unsigned, a bad signature) but name a sender wait in that sender's line. Inside a line the waiting requests are
 * therefore taken in turn by client network ({@link kz.qaqpa.http.PeerNetwork}: an IPv4 address, an IPv6 /64), each
 * network's in the order they came: a stranger flooding one sender's line from its network delays that sender's
 * requests from another network by at most one of its requests each turn, however many it has waiting. A lone
 * network's requests still go on in the order they came. Inside the unnamed line the turns go by a wider prefix
 * ({@link PeerNetwork#site}: an IPv4 /24, an IPv6 /48), so a client holding k addresses of one site gets one turn
 * there, not k; a sender's own line keeps its networks' keys (line51).
 *
 * <p>line50 (quota49's LOW): a request that has waited for a worker longer than {@code maxWait} (qaqpa.http
 * .request-timeout) is taken out of its line and ends with what {@link #submit}'s caller gave for it (SCE911, send
 * again later), run on a thread of its own (not the pool, whose workers it waited for: {@link LateAnswers}), instead
 * of waiting on while its client has likely given up.
 *
 * <p>One line per registered sender and one for the unnamed: bounded by qaqpa.senders; in a line, one queue per
 * network with requests waiting: bounded by the waiting requests (their connections).
 */
public final class WorkerShares {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerShares.class);
    /** The line of requests that name no registered sender. */
    public static final String UNNAMED = "(unnamed)";
    private final int workers;
    private final Set<String> senders;
    /** How long a request may wait for a worker (qaqpa.http.request-timeout), line50. */
    private final Duration maxWait;
    private final LateAnswers lateAnswers;
    /** The line each request may wait in, and the check that it was its sender's own. */
    private final OwnLine ownLine;
    /** By line (guarded by this). */
    private final Map<String, WorkerLine> lines = new HashMap<>();
    /** Requests on a worker now, all lines (guarded by this). */
    private int running;
    /** Counts the hand-outs, so that of two lines equally served the one served longest ago goes first. */
    private long handedOut;

    /** Runs a task after a delay, on a timer (the connection's I/O thread); what it returns cancels it. */
    @FunctionalInterface
    public interface Timers {
        Runnable after(Duration delay, Runnable task);
    }

    /**
     * @param workers qaqpa.http.worker-threads: the most requests handed to the pool at once
     * @param senders the registered senders' ids: each has a line, any other name shares {@link #UNNAMED}
     * @param maxWait how long a request may wait for a worker (qaqpa.http.request-timeout), then it ends late
     */
    public WorkerShares(int workers, Set<String> senders, Duration maxWait) {
        this(workers, senders, maxWait, LateAnswers.thread(workers));
    }

    /** @param lateAnswers where a request that waited {@code maxWait} is answered late: not the pool it waited for */
    WorkerShares(int workers, Set<String> senders, Duration maxWait, Executor lateAnswers) {
        if (workers < 1) {
            throw new IllegalArgumentException("qaqpa.http.worker-threads must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.senders = Set.copyOf(senders);
        this.maxWait = maxWait;
        this.lateAnswers = new LateAnswers(lateAnswers);
        this.ownLine = new OwnLine(senders);
    }

    /** Every line there may be: the registered senders' and the unnamed one. */
    public Set<String> lines() {
        Set<String> all = new TreeSet<>(senders);
        all.add(UNNAMED);
        return all;
    }

    /** {@link OwnLine#lineOf}: the line of a request naming {@code claimedSender}, sent from {@code network}. */
    public String lineOf(String claimedSender, Object network) {
        return ownLine.lineOf(claimedSender, network);
    }

    /** {@code sender} authenticated a request from {@code network}: its next requests from there wait in its line. */
    void knownFrom(String sender, Object network) {
        ownLine.knownFrom(sender, network);
    }

    /** Notes on Undertow's exchange the line its request waits in and the network it came from. */
    void mark(HttpServerExchange exchange, String line, Object network) {
        ownLine.mark(exchange, line, network);
    }

    /** Late answers not given (their connections closed) since the start: their queue was full (line51). */
    public long lateAnswersDropped() {
        return lateAnswers.dropped();
    }

    /**
     * An executor that runs work in {@code line}'s turn, among {@code network}'s (the client's, {@link
     * kz.qaqpa.http.PeerNetwork}), on {@code pool} (the port's worker pool); {@code late} runs instead, on a thread of
     * its own outside the pool and the lines, if the turn has not come within {@link #maxWait}, counted by
     * {@code timers}.
     */
    public Executor executor(String line, Object network, Runnable late, Runnable close, Executor pool,
                             Timers timers) {
        return work -> submit(line, network, work, late, close, pool, timers);
    }

    /**
     * Runs {@code work} on {@code pool} now if a worker is free, else when {@code line}'s turn comes and then
     * {@code network}'s turn in it; {@code late} instead if that has not come within {@link #maxWait}, or {@code close}
     * when the late answers' queue is full. In the unnamed line the turns go by {@code network}'s site (line51).
     */
    void submit(String line, Object network, Runnable work, Runnable late, Runnable close, Executor pool,
                Timers timers) {
        Object turns = UNNAMED.equals(line) && network instanceof InetAddress address ? PeerNetwork.site(address)
                : network;
        WaitingRequest task = new WaitingRequest(work, late, close, pool, turns);
        WorkerLine waitsIn;
        synchronized (this) {
            waitsIn = lines.computeIfAbsent(line, id -> new WorkerLine());
            waitsIn.add(task);
        }
        handOut();
        synchronized (this) {
            if (task.waits) {
                // handed out already: no timer; handed out later: the hand-out cancels it
                task.cancelTimer = timers.after(maxWait, () -> endWait(waitsIn, task));
            }
        }
    }

    /** {@code task} has waited {@link #maxWait}: taken out of its line, answered late outside the lines. */
    private void endWait(WorkerLine line, WaitingRequest task) {
        synchronized (this) {
            if (!line.withdraw(task)) {
                return;
            }
        }
        lateAnswers.answer(task);
    }

    /**
     * Hands waiting requests to the pool while workers are free, the fewest-served line first. A loop, not a recursion
     * through {@link #done}: while the pool refuses (the gateway stops) every waiting request is tried in turn
     * (review49: thousands waiting made the stack overflow).
     */
    private void handOut() {
        boolean refused = true;
        while (refused) {
            refused = false;
            for (Map.Entry<String, WaitingRequest> next : takeReady()) {
                cancelTimer(next.getValue());
                if (!start(next.getKey(), next.getValue())) {
                    giveBack(next.getKey());
                    refused = true;
                }
            }
        }
    }

    /** The waiting requests that free workers may take now, counted as running. */
    private synchronized List<Map.Entry<String, WaitingRequest>> takeReady() {
        List<Map.Entry<String, WaitingRequest>> ready = new ArrayList<>(1);
        while (running < workers) {
            Map.Entry<String, WorkerLine> next = nextLine();
            if (next == null) {
                break;
            }
            WorkerLine line = next.getValue();
            line.running++;
            line.lastServed = ++handedOut;
            running++;
            ready.add(Map.entry(next.getKey(), line.next()));
        }
        return ready;
    }

    /**
     * A task handed out stops its timer, outside this class's lock (the timer's own lock is the I/O thread's). Set, if
     * at all, under the lock before the hand-out that took the task, so seen here.
     */
    private static void cancelTimer(WaitingRequest task) {
        if (task.cancelTimer != null) {
            task.cancelTimer.run();
        }
    }

    /** Hands {@code task} to its pool (outside the lock: the pool may run it at once); false: the pool refused it. */
    private boolean start(String line, WaitingRequest task) {
        try {
            task.pool.execute(() -> {
                try {
                    task.work.run();
                } finally {
                    done(line);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            // the pool is shutting down (the gateway stops): the worker was never taken; the others handed out go on
            LOG.debug("a request of line {} not run: the channels' worker pool is shutting down", line);
            return false;
        }
    }

    /** The waiting line whose requests hold the fewest workers (of equal ones, served longest ago); null: none. */
    private Map.Entry<String, WorkerLine> nextLine() {
        Map.Entry<String, WorkerLine> best = null;
        for (Map.Entry<String, WorkerLine> e : lines.entrySet()) {
            if (e.getValue().waiting > 0 && e.getValue().before(best == null ? null : best.getValue())) {
                best = e;
            }
        }
        return best;
    }

    private void done(String line) {
        giveBack(line);
        handOut();
    }

    private synchronized void giveBack(String line) {
        lines.get(line).running--;
        running--;
    }

    /** Workers {@code line}'s requests hold now. */
    public synchronized int running(String line) {
        WorkerLine l = lines.get(line);
        return l == null ? 0 : l.running;
    }

    /** {@code line}'s requests waiting for a worker now. */
    public synchronized int waiting(String line) {
        WorkerLine l = lines.get(line);
        return l == null ? 0 : l.waiting;
    }
}
