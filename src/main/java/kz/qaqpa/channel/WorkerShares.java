package kz.qaqpa.channel;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.PeerNetwork;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the channels' worker threads (qaqpa.http.worker-threads) among the senders whose requests wait for one. Ours
 * (quota49; fair46's Left, MEDIUM): a request holds its worker until it is answered (a look-up waiting for a state
 * system's turn or answer), and the port's worker pool served its queue first come first served, so one sender sending
 * more requests at once than there are workers held every one, and every other sender's requests waited unread behind
 * its own.
 *
 * <p>A complete request waits here, holding no thread, in its sender's line; a worker that comes free goes to the line
 * whose requests hold the fewest workers now (of equal ones, the one served longest ago), so a sender with one request
 * waiting is served before a flooder's next. Work-conserving and never refusing: while one sender alone waits, its
 * requests go on in the order they came, up to every worker (one portal's load is served as before: the benchmark's
 * 32 clients are one sender). A worker is counted exactly while the request runs on it: from being handed to the pool
 * until the handler returns. What holds the waiting requests is bounded as before: their connections
 * (qaqpa.http.max-connections-per-address) and bodies (qaqpa.http.max-buffered-bytes-per-address).
 *
 * <p>The line is chosen before the request is authenticated (the signature check needs a worker, which is what is
 * shared): by the sender the message names ({@link ClaimedSender}), read from the body on the I/O thread. A name that
 * is not a registered sender's, or none, is one line of its own ({@link #UNNAMED}). After authentication the line must
 * be the sender's own ({@link #requireOwnLine}): a sender that named another in front of its own sender element would
 * take that sender's share.
 *
 * <p>line50 (review49's MEDIUM): since the line is read from bytes anyone may write, requests that never authenticate
 * (unsigned, a bad signature) but name a sender wait in that sender's line. Inside a line the waiting requests are
 * therefore taken in turn by client network ({@link kz.qaqpa.http.PeerNetwork}: an IPv4 address, an IPv6 /64), each
 * network's in the order they came: a stranger flooding one sender's line from its network delays that sender's
 * requests from another network by at most one of its requests each turn, however many it has waiting. A lone
 * network's requests still go on in the order they came.
 *
 * <p>line50 (quota49's LOW): a request that has waited for a worker longer than {@code maxWait} (qaqpa.http
 * .request-timeout) is taken out of its line and ends with what {@link #submit}'s caller gave for it (SCE911, send
 * again later), run on a thread of its own (not the pool, whose workers it waited for), instead of waiting on while
 * its client has likely given up.
 *
 * <p>line51 (line50's Left, LOW-MEDIUM): strangers' requests naming a sender still counted in its line when the lines
 * competed, so what a stranger sent in PORTAL's name lowered PORTAL's share against the other senders. A request now
 * waits in the line of the sender it names only from a network that sender has authenticated from
 * ({@link #requireOwnLine} notes it: {@link KnownNetworks}); any other waits in the unnamed line, as a request naming
 * nobody does. A sender's line holds its own requests (and those of whoever shares its network), so its share does not
 * depend on what strangers send in its name; a sender's first request from a new network waits once in the unnamed
 * line. Inside the unnamed line the turns go by a wider prefix ({@link PeerNetwork#site}: an IPv4 /24, an IPv6 /48),
 * so a client holding k addresses of one site gets one turn there, not k; a sender's own line keeps its networks' keys.
 *
 * <p>line51 (review50b, LOW): the late answers wait for their thread in a queue of at most {@code workers}; one beyond
 * it is not answered but its connection closed, and counted ({@link #lateAnswersDropped}): a flood of waits does not
 * make the late answers a queue of their own.
 *
 * <p>One line per registered sender and one for the unnamed: bounded by qaqpa.senders; in a line, one queue per
 * network with requests waiting: bounded by the waiting requests (their connections).
 */
public final class WorkerShares {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerShares.class);
    /** The line of requests that name no registered sender. */
    public static final String UNNAMED = "(unnamed)";
    /** The line a request waited in and its network, on Undertow's exchange, for {@link #requireOwnLine}. */
    private static final AttachmentKey<Waited> LINE = AttachmentKey.create(Waited.class);
    private final int workers;
    private final Set<String> senders;
    /** How long a request may wait for a worker (qaqpa.http.request-timeout), line50. */
    private final Duration maxWait;
    private final Executor lateAnswers;
    /** The late answers' thread ends after this long without one. */
    private static final Duration LATE_THREAD_IDLE = Duration.ofSeconds(30);
    /** Late answers not given, their connections closed: the queue for the late answers' thread was full (line51). */
    private final LongAdder lateAnswersDropped = new LongAdder();
    /** The networks each registered sender has authenticated from (line51); read on the I/O thread without a lock. */
    private final Map<String, KnownNetworks> known;
    /** By line (guarded by this). */
    private final Map<String, Line> lines = new HashMap<>();
    /** Requests on a worker now, all lines (guarded by this). */
    private int running;
    /** Counts the hand-outs, so that of two lines equally served the one served longest ago goes first. */
    private long handedOut;

    /**
     * One sender's requests waiting for a worker, by client network in turn (line50), and the workers its requests
     * hold now.
     */
    private static final class Line {
        /** Each network's waiting requests in the order they came; the network whose turn is next first. */
        private final LinkedHashMap<Object, ArrayDeque<Task>> byNetwork = new LinkedHashMap<>();
        private int waiting;
        private int running;
        private long lastServed;

        void add(Task task) {
            byNetwork.computeIfAbsent(task.network, network -> new ArrayDeque<>()).add(task);
            task.waits = true;
            waiting++;
        }

        /** The next network's first request; that network goes to the back of the turns if it has more waiting. */
        Task next() {
            Iterator<Map.Entry<Object, ArrayDeque<Task>>> turns = byNetwork.entrySet().iterator();
            Map.Entry<Object, ArrayDeque<Task>> turn = turns.next();
            turns.remove();
            Task task = turn.getValue().poll();
            if (!turn.getValue().isEmpty()) {
                byNetwork.put(turn.getKey(), turn.getValue());
            }
            task.waits = false;
            waiting--;
            return task;
        }

        /** Takes {@code task} out if it still waits here; false when it was handed out already. */
        boolean withdraw(Task task) {
            if (!task.waits) {
                return false;
            }
            // linear in its network's waiting requests, once for each that waited too long: bounded by its connections
            ArrayDeque<Task> network = byNetwork.get(task.network);
            network.remove(task);
            task.waits = false;
            if (network.isEmpty()) {
                byNetwork.remove(task.network);
            }
            waiting--;
            return true;
        }
    }

    /** The line a request waited in and the network it came from, kept on its exchange until it is authenticated. */
    private record Waited(String line, Object network, WorkerShares shares) {
    }

    /** A request waiting for a worker: what it runs in its turn, or instead when it waited too long. */
    private static final class Task {
        private final Runnable work;
        private final Runnable late;
        /** Closes its connection unanswered when the late answers' queue is full (line51). */
        private final Runnable close;
        private final Executor pool;
        private final Object network;
        /** Cancels the timer that ends its wait (guarded by WorkerShares' lock); null: none set yet. */
        private Runnable cancelTimer;
        /** True while it waits in its line (guarded by WorkerShares' lock). */
        private boolean waits;

        Task(Runnable work, Runnable late, Runnable close, Executor pool, Object network) {
            this.work = work;
            this.late = late;
            this.close = close;
            this.pool = pool;
            this.network = network;
        }
    }

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
        this(workers, senders, maxWait, lateAnswerThread(workers));
    }

    /** @param lateAnswers where a request that waited {@code maxWait} is answered late: not the pool it waited for */
    WorkerShares(int workers, Set<String> senders, Duration maxWait, Executor lateAnswers) {
        if (workers < 1) {
            throw new IllegalArgumentException("qaqpa.http.worker-threads must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.senders = Set.copyOf(senders);
        this.maxWait = maxWait;
        this.lateAnswers = lateAnswers;
        Map<String, KnownNetworks> bySender = new HashMap<>();
        senders.forEach(sender -> bySender.put(sender, new KnownNetworks()));
        this.known = Map.copyOf(bySender);
    }

    /**
     * One thread beside the pool, for the late answers: the pool's workers are what such a request waited for, and
     * while each is held its answer would wait too. One thread, not one a request: the answers are a signed fault each
     * (milliseconds). line51: at most {@code workers} wait for it (as many as the pool runs at once; a late answer is
     * a courtesy to a client that has likely given up), beyond them the executor refuses and the connection is closed
     * unanswered ({@link #endWait}). It ends when idle.
     */
    private static Executor lateAnswerThread(int workers) {
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, LATE_THREAD_IDLE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(workers), work -> {
                    Thread t = new Thread(work, "channel-late-answers");
                    t.setDaemon(true);
                    return t;
                });
        thread.allowCoreThreadTimeOut(true);
        return thread;
    }

    /** Every line there may be: the registered senders' and the unnamed one. */
    public Set<String> lines() {
        Set<String> all = new TreeSet<>(senders);
        all.add(UNNAMED);
        return all;
    }

    /**
     * The line for a sender the message names (null: none read), sent from {@code network}: the sender's own only if it
     * has authenticated from that network (line51), else the unnamed line.
     */
    public String lineOf(String claimedSender, Object network) {
        KnownNetworks networks = claimedSender == null ? null : known.get(claimedSender);
        return networks != null && networks.contains(network) ? claimedSender : UNNAMED;
    }

    /** {@code sender} authenticated a request from {@code network}: its next requests from there wait in its line. */
    void knownFrom(String sender, Object network) {
        KnownNetworks networks = known.get(sender);
        if (networks != null && network != null) {
            networks.add(network);
        }
    }

    /** Late answers not given (their connections closed) since the start: their queue was full (line51). */
    public long lateAnswersDropped() {
        return lateAnswersDropped.sum();
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
        Task task = new Task(work, late, close, pool, turns);
        Line waitsIn;
        synchronized (this) {
            waitsIn = lines.computeIfAbsent(line, id -> new Line());
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

    /**
     * {@code task} has waited {@link #maxWait}: taken out of its line, its {@code late} run outside the lines; its
     * connection closed unanswered instead when as many late answers wait already as their queue holds (line51).
     */
    private void endWait(Line line, Task task) {
        synchronized (this) {
            if (!line.withdraw(task)) {
                return;
            }
        }
        try {
            lateAnswers.execute(task.late);
        } catch (RejectedExecutionException e) {
            lateAnswersDropped.increment();
            LOG.debug("a request of {} waited for a worker beyond the request timeout, and as many late answers wait"
                    + " already as their queue holds: its connection closed unanswered", task.network);
            task.close.run();
        }
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
            for (Map.Entry<String, Task> next : takeReady()) {
                cancelTimer(next.getValue());
                if (!start(next.getKey(), next.getValue())) {
                    giveBack(next.getKey());
                    refused = true;
                }
            }
        }
    }

    /** The waiting requests that free workers may take now, counted as running. */
    private synchronized List<Map.Entry<String, Task>> takeReady() {
        List<Map.Entry<String, Task>> ready = new ArrayList<>(1);
        while (running < workers) {
            Map.Entry<String, Line> next = nextLine();
            if (next == null) {
                break;
            }
            Line line = next.getValue();
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
    private static void cancelTimer(Task task) {
        if (task.cancelTimer != null) {
            task.cancelTimer.run();
        }
    }

    /** Hands {@code task} to its pool (outside the lock: the pool may run it at once); false: the pool refused it. */
    private boolean start(String line, Task task) {
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
    private Map.Entry<String, Line> nextLine() {
        Map.Entry<String, Line> best = null;
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            Line line = e.getValue();
            if (line.waiting == 0) {
                continue;
            }
            Line other = best == null ? null : best.getValue();
            if (other == null || line.running < other.running
                    || line.running == other.running && line.lastServed < other.lastServed) {
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
        Line l = lines.get(line);
        return l == null ? 0 : l.running;
    }

    /** {@code line}'s requests waiting for a worker now. */
    public synchronized int waiting(String line) {
        Line l = lines.get(line);
        return l == null ? 0 : l.waiting;
    }

    /** Notes on Undertow's exchange the line its request waits in and the network it came from. */
    void mark(HttpServerExchange exchange, String line, Object network) {
        exchange.putAttachment(LINE, new Waited(line, network, this));
    }

    /**
     * The authenticated {@code sender}'s request waited in its own line or the unnamed one; one that named another
     * registered sender first (a senderId in a CDATA section or an element before its sender element) took that
     * sender's share of the workers: SCE001, whoever sent it. Otherwise the sender is known from the request's network
     * from now on (line51): its next requests from there wait in its line.
     */
    public static void requireOwnLine(Exchange exchange, String sender) {
        Waited waited = waitedOf(exchange);
        if (waited == null) {
            return;
        }
        String line = waited.line();
        if (!UNNAMED.equals(line) && !line.equals(sender)) {
            throw new OtherSendersLine("the message names '" + line + "' as a sender before its sender element, which"
                    + " names '" + sender + "': a message names one sender, in its sender element");
        }
        waited.shares().knownFrom(sender, waited.network());
    }

    /** Where the route's request waited; null when it came otherwise (no body, not through the channels' port). */
    private static Waited waitedOf(Exchange exchange) {
        return UndertowExchanges.attachment(exchange, LINE);
    }

    /**
     * SCE001: the request waited in another sender's line. Its own type so that a regulation's condition 1, which
     * authenticates the sender, passes it on as a fault instead of refusing an application for it.
     */
    public static final class OtherSendersLine extends ShepException {
        private OtherSendersLine(String message) {
            super(FaultCode.MALFORMED_MESSAGE, message);
        }
    }
}
