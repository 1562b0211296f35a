package kz.qaqpa.channel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many of the channels' worker threads (qaqpa.http.worker-threads) one authenticated sender's requests may hold
 * while others need one. Ours (quota48; fair46's Left), as X-Road's and API gateways' bound per client: a request holds
 * its worker until it is answered (a look-up waiting for a state system's turn or answer, an application's own
 * checks), so one sender sending more requests at once than there are workers held every one of them, and every other
 * sender's requests waited unread behind its own in the port's queue.
 *
 * <p>Work-conserving: while no request waits for a worker and no other sender holds several, a sender may hold them
 * all (one portal's load alone is served as before: the benchmark's 32 clients are one sender). Once requests wait for
 * a worker, a sender holding {@code cap} or more (qaqpa.http.max-workers-per-sender-percent of the workers, 75% as
 * shipped) has its next request refused at once, so the queue drains to the others' requests and the workers beyond
 * the cap come free for them; while other senders hold several workers each, the cap is divided among them and the
 * asking one (at least one). A sender holding one worker (a provider's poll, one look-up) neither shrinks the shares
 * nor counts as waiting: the first run of this class's test, with each of six back offices' polls counted, cut a
 * flooding portal's share to one of eight, where one request each is not what takes the workers.
 *
 * <p>Shares are taken as a request's sender is authenticated and given back when its exchange ends (answer or fault);
 * a refused request is refused before anything of it is stored (SCE911 naming the sender and its share), so its sender
 * sends it again later (an application with the same messageId). A sender over its share keeps the requests it holds
 * (they end on their own: within qaqpa.adapter.call-wait for a turn, the client timeout for a call): a request of
 * another sender that came while it held every worker waits for the first of them to end, then is served before the
 * flooder's queued requests, which are refused.
 *
 * <p>One record per registered sender (only an authenticated one reaches {@link #claim}): bounded by qaqpa.senders.
 */
public final class WorkerShares {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerShares.class);
    /** Exchange variable: the sender whose share the exchange holds (a second authentication takes none again). */
    private static final String HELD_FOR = "workerShareOf";
    private final int workers;
    private final int cap;
    private final Consumer<String> refusedCounter;
    /** By sender id (guarded by this). */
    private final Map<String, Holder> holders = new HashMap<>();
    /** Senders holding more than one worker (guarded by this). */
    private int several;
    /** Requests read and waiting for a worker thread (the port's queue; none until the port started). */
    private volatile IntSupplier waitingForAWorker = () -> 0;

    /** One sender's workers held now, and its requests refused since it last held none (a burst). */
    private static final class Holder {
        private int held;
        private int refused;
    }

    /**
     * @param workers        qaqpa.http.worker-threads
     * @param percent        qaqpa.http.max-workers-per-sender-percent: the most of them a sender alone may hold
     * @param refusedCounter told the sender of each request refused beyond its share (the metrics)
     */
    public WorkerShares(int workers, int percent, Consumer<String> refusedCounter) {
        if (workers < 1 || percent < 1 || percent > 100) {
            throw new IllegalArgumentException("qaqpa.http.max-workers-per-sender-percent (" + percent
                    + ") must be 1 to 100, of at least one worker thread (" + workers + ")");
        }
        this.workers = workers;
        this.cap = Math.max(1, workers * percent / 100);
        this.refusedCounter = refusedCounter;
    }

    /** Where the requests waiting for a worker are counted: the channels' port, once it started. */
    public void watch(IntSupplier requestsWaitingForAWorker) {
        this.waitingForAWorker = requestsWaitingForAWorker;
    }

    /**
     * Takes a worker of {@code sender}'s share for the exchange, given back when the exchange ends; nothing when the
     * exchange holds one already. SCE911 naming the sender and its share when it holds it.
     */
    public void claim(Exchange exchange, String sender) {
        if (exchange.getVariable(HELD_FOR) != null) {
            return;
        }
        take(sender);
        exchange.setVariable(HELD_FOR, sender);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                give(sender);
            }
        });
    }

    /** Takes a worker for {@code sender}'s request; SCE911 when it holds its share. */
    synchronized void take(String sender) {
        Holder holder = holders.computeIfAbsent(sender, id -> new Holder());
        int share = share(holder);
        if (holder.held >= share && othersNeedOne(holder)) {
            refuse(sender, holder, share);
        }
        if (++holder.held == 2) {
            several++;
        }
    }

    /** Gives back a worker {@link #take} took for {@code sender}. */
    synchronized void give(String sender) {
        Holder holder = holders.get(sender);
        if (--holder.held == 1) {
            several--;
        } else if (holder.held == 0) {
            endBurst(sender, holder);
        }
    }

    /** The sender holds no worker any more: its burst, if it had requests refused, is over. */
    private static void endBurst(String sender, Holder holder) {
        if (holder.refused > 0) {
            LOG.info("{} holds no worker thread any more: {} of its requests were refused while it held its share",
                    sender, holder.refused);
            holder.refused = 0;
        }
    }

    /** Workers {@code sender} holds now (for tests). */
    public synchronized int held(String sender) {
        Holder holder = holders.get(sender);
        return holder == null ? 0 : holder.held;
    }

    /** Whether another sender holds several workers, or requests wait for one (asked only beyond a share). */
    private boolean othersNeedOne(Holder holder) {
        return sharing(holder) > 1 || waitingForAWorker.getAsInt() > 0;
    }

    /** The cap divided among the senders holding more than one worker and the asking one: at least one. */
    private int share(Holder holder) {
        return Math.max(1, cap / sharing(holder));
    }

    private int sharing(Holder holder) {
        return holder.held > 1 ? several : several + 1;
    }

    /** Refuses the request, with one WARN line for the first of a burst (a sender at its share sends many). */
    private void refuse(String sender, Holder holder, int share) {
        int sharing = sharing(holder);
        String text = sender + " holds " + holder.held + " of the gateway's " + workers + " worker threads"
                + (sharing == 1 ? " while requests wait for one: the most one sender then may hold is " + cap
                + " (qaqpa.http.max-workers-per-sender-percent)"
                : ", its share while " + sharing + " senders hold several (" + cap
                + ", qaqpa.http.max-workers-per-sender-percent, divided among them)") + "; send again later";
        if (holder.refused++ == 0) {
            LOG.warn("{}'s requests beyond its share of the worker threads are refused (SCE911), one line until it"
                    + " holds none: {}", sender, text);
        }
        refusedCounter.accept(sender);
        throw new BeyondShare(text);
    }

    /**
     * SCE911: the sender holds its share of the worker threads. Its own type so that a regulation's condition 1,
     * which authenticates the sender, passes it on as it is: the gateway is busy, the sender was not refused.
     */
    public static final class BeyondShare extends ShepException {
        private BeyondShare(String message) {
            super(FaultCode.GATEWAY_BUSY, message);
        }
    }
}
