package kz.qaqpa.channel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many of the channels' worker threads (qaqpa.http.worker-threads) one authenticated sender's requests may hold
 * at once. Ours (quota48; fair46's Left), as X-Road's and API gateways' bound per client: a request holds its worker
 * until it is answered (a look-up waiting for a state system's turn or answer, an application's own checks), so one
 * sender sending more requests at once than there are workers held every one of them, and every other sender's
 * requests waited unread behind its own in the port's queue.
 *
 * <p>A sender alone may hold {@code cap} workers (qaqpa.http.max-workers-per-sender-percent of them, 75% as
 * shipped); while other senders hold more than one worker each, a sender takes one more only while it holds less than
 * {@code cap} divided among them and it (at least one). The workers beyond {@code cap} are never one sender's: they read
 * and check the requests not yet authenticated, refuse a sender's excess at once, and serve a sender that comes while
 * another holds its cap. A sender holding one worker (a provider's poll, one look-up) does not shrink the others'
 * shares: the first run of this class's test, with each of six back offices' polls counted, cut a flooding portal's
 * share to one of eight, where one request each is not what takes the workers. Shares are taken as a request's sender
 * is authenticated and given back when its exchange ends (answer or fault); a request beyond its sender's share is
 * refused at once, SCE911, before anything of it is stored, so its sender sends it again later (an application with
 * the same messageId). A sender over its new share when another starts sending many keeps the requests it holds (they
 * end on their own) and takes no more until it is under it: the two settle at half the cap each.
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
        if (holder.held >= share) {
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
    synchronized int held(String sender) {
        Holder holder = holders.get(sender);
        return holder == null ? 0 : holder.held;
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
        String text = sender + " holds " + holder.held + " of the gateway's " + workers + " worker threads, "
                + (sharing == 1 ? "the most one sender may hold (" + cap + ", qaqpa.http.max-workers-per-sender-percent)"
                : "its share while " + sharing + " senders hold several (" + cap
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
