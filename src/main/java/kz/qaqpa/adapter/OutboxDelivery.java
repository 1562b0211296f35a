package kz.qaqpa.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import kz.qaqpa.channel.ReplayMemory;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.SyncBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the outbox holds to sender systems' callbacks, signed. A failure is retried with a doubling pause;
 * after the last attempt the entry is stopped and left to the operator. The outbox hands out an application's
 * entries for one recipient strictly in order. One call and its answer: {@link CallbackCall}; its outcome's record:
 * {@link CallbackOutcomes}.
 *
 * <p>Each recipient is delivered to on its own: a pass hands each recipient's due entries to a run of that recipient
 * and does not wait for it, and a recipient's entries are not picked again while its run is under way. So a recipient
 * that keeps a call hanging until the timeout holds up only itself, and no entry is sent twice at once.
 */
public final class OutboxDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** Beyond the call's own timeout, for signing it and recording its outcome. */
    private static final long STOP_MARGIN_MILLIS = 2_000;
    private final Database db;
    private final Outbox outbox;
    /** Written after a pass read its entries and before any call: what was read is then on disk. */
    private final SyncBarrier durable;
    /** One entry's call, its answer read and its outcome recorded. */
    private final CallbackCall call;
    private final int batch;
    private final int parallel;
    private final Map<String, String> callbacks;
    private final Duration callTimeout;
    private final Duration maxRetryPause;
    /** The threads that make the calls: {@code parallel} for each recipient. */
    private final ExecutorService senders;
    /** Since when (System.nanoTime()) passes found what they read not on disk, or null: the last one did (guarded by this). */
    private Long waitingForDiskSince;
    /** Recipients whose run is under way (guarded by this). */
    private final Set<String> busy = new HashSet<>();
    /** Set by {@link #close}: no run starts and runs take no further entry. */
    private volatile boolean closed;

    /**
     * @param clientFor   the client for a target sender: it accepts only that sender's signed answers
     * @param maxAttempts after so many failed attempts an entry is stopped
     * @param batch       entries taken of each recipient per pass
     * @param parallel    calls made at the same time to one recipient
     * @param callbacks   the senders with a callback (the threads are sized for them) and their addresses as configured
     *                    now: an entry goes there, not to the address its recipient had when it was queued
     * @param callTimeout the outgoing calls' timeout: a stop waits at most so long for the calls under way
     * @param answerSkew  how far an answer's responseDate may lie outside its call ({@link CallbackAnswers.CallWindow})
     * @param answers     the signed answers that acknowledged a callback, remembered so that one replayed is not taken
     */
    public OutboxDelivery(Database db, Outbox outbox, MessageChain chain, Function<String, SignedSoapClient> clientFor,
                          Duration firstRetryPause, Duration maxRetryPause, int maxAttempts, int batch, int parallel,
                          Map<String, String> callbacks, Duration callTimeout, Duration answerSkew,
                          ReplayMemory answers) {
        this.db = db;
        this.outbox = outbox;
        this.durable = new SyncBarrier(db);
        this.maxRetryPause = maxRetryPause;
        this.batch = batch;
        this.parallel = parallel;
        this.callbacks = Map.copyOf(callbacks);
        this.callTimeout = callTimeout;
        this.call = new CallbackCall(outbox, new CallbackOutcomes(db, outbox, chain, firstRetryPause, maxRetryPause,
                maxAttempts), clientFor, this.callbacks, answerSkew, chain, answers);
        this.senders = callThreads(parallel * Math.max(1, this.callbacks.size()));
    }

    /**
     * The threads that make the calls, {@code size} of them: a run never waits for another, so should an unregistered
     * recipient still be owed calls, its calls queue.
     */
    private static ExecutorService callThreads(int size) {
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "outbox-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // all at once: the gateway's thread count is what it will be from its start, not grown by the first callbacks
        pool.prestartAllCoreThreads();
        return pool;
    }

    /**
     * One pass (by the timer, and at once after a run that delivered something): starts a run for each recipient that
     * has due entries and no run under way, and returns without waiting for their calls.
     */
    public synchronized void deliverDue() {
        if (closed || !callbacks.isEmpty() && busy.containsAll(callbacks.keySet())) {
            return;
        }
        Map<String, List<Outbox.Pending>> byRecipient = new LinkedHashMap<>();
        for (Outbox.Pending p : due()) {
            byRecipient.computeIfAbsent(p.targetSender(), r -> new ArrayList<>()).add(p);
        }
        if (!byRecipient.isEmpty() && !readIsDurable()) {
            return;
        }
        byRecipient.forEach((recipient, entries) -> {
            busy.add(recipient);
            new Run(recipient, entries).start();
        });
    }

    /**
     * Whether every entry the pass read is on disk, so none is sent that a crash could still take back (review50: an
     * ACCEPTED for an application the restarted gateway never had, a result sent again under a new message id). An
     * entry is due from its commit, which other connections see before its sync; the barrier's own commit is synced
     * after it. Not so (the log cannot be synced): the pass sends nothing and the next one tries again. One WARN when
     * passes begin to wait, one INFO when one goes on again: not a line every pass (300 ms) of an outage (review50b).
     */
    private boolean readIsDurable() {
        try {
            durable.pass();
        } catch (Database.StoreException e) {
            if (waitingForDiskSince == null) {
                waitingForDiskSince = System.nanoTime();
                LOG.warn("outbox waits: what it read is not yet on disk ({}); it sends nothing until the store's log"
                        + " syncs again", e.getMessage());
            }
            return false;
        }
        if (waitingForDiskSince != null) {
            LOG.info("outbox sends again: what it reads is on disk again, after {} s of waiting",
                    (System.nanoTime() - waitingForDiskSince) / 1_000_000_000);
            waitingForDiskSince = null;
        }
        return true;
    }

    /**
     * One recipient's entries of a pass, at most {@code parallel} calls at once. They belong to different applications
     * (the outbox hands out only the oldest open entry of each application and recipient), so their order is kept. A
     * recipient that fails once is left alone for the rest of the run. When the run ends the recipient may be picked
     * again; if it delivered something the next pass follows at once, since each delivery makes the application's
     * next entry due.
     */
    private final class Run {
        private final String recipient;
        private final Queue<Outbox.Pending> entries;
        private final AtomicInteger lanes = new AtomicInteger();
        private final AtomicBoolean delivered = new AtomicBoolean();
        private final AtomicBoolean failing = new AtomicBoolean();

        Run(String recipient, List<Outbox.Pending> entries) {
            this.recipient = recipient;
            this.entries = new ConcurrentLinkedQueue<>(entries);
        }

        void start() {
            int n = Math.min(parallel, entries.size());
            lanes.set(n);
            for (int i = 0; i < n; i++) {
                senders.execute(this::lane);
            }
        }

        /** Delivers the run's entries one after another until none is left or the recipient failed. */
        private void lane() {
            try {
                for (Outbox.Pending p = next(); p != null; p = next()) {
                    switch (call.deliver(p)) {
                        case DELIVERED -> delivered.set(true);
                        case FAILED -> failing.set(true);
                        case REFUSED -> { }
                    }
                }
            } catch (RuntimeException e) {
                // the outcome could not be recorded (the store went away): the entry stays due and is sent again
                failing.set(true);
                LOG.error("outbox delivery to {} broke off: {}", recipient, e.toString());
            } finally {
                if (lanes.decrementAndGet() == 0) {
                    ended(this);
                }
            }
        }

        private Outbox.Pending next() {
            return failing.get() || closed ? null : entries.poll();
        }
    }

    /** Called once every call of the run has its outcome recorded, so a pass after it reads that outcome. */
    private void ended(Run run) {
        synchronized (this) {
            busy.remove(run.recipient);
        }
        if (run.delivered.get() && !run.failing.get()) {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                LOG.error("outbox pass failed: {}", e.toString());
            }
        }
    }


    /**
     * Starts no further call and waits for the calls under way, so that their outcomes are recorded before the store
     * closes (an outcome not recorded means the entry is sent again after the restart).
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            senders.shutdown();
        }
        try {
            if (!senders.awaitTermination(callTimeout.toMillis() + STOP_MARGIN_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("outbox calls still under way at the stop are sent again after the restart");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The due entries of the recipients without a run under way, a batch of each, in one read that leaves the busy ones
     * out (the outbox reads each recipient's heads apart, store V35), so a busy recipient's backlog neither fills the
     * batch nor is read past (perf53c: until then a first read of every recipient's oldest, a batch in all, and a second
     * leaving out the busy ones when those filled it).
     */
    private List<Outbox.Pending> due() {
        return due(Set.copyOf(busy));
    }

    /** While the store cannot be reached nothing is due; health reports the outage, so the timer stays quiet. */
    private List<Outbox.Pending> due(Set<String> skipping) {
        try {
            return outbox.due(batch, skipping, maxRetryPause);
        } catch (Database.StoreException e) {
            if (db.reachable()) {
                throw e;
            }
            LOG.debug("outbox waits for the store: {}", e.getMessage());
            return List.of();
        }
    }
}
