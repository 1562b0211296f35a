package kz.qaqpa.adapter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.SyncBarrier;
import kz.qaqpa.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Delivers what the outbox holds to sender systems' callbacks, signed. A failure is retried with a doubling pause;
 * after the last attempt the entry is stopped and left to the operator. The outbox hands out an application's
 * entries for one recipient strictly in order.
 *
 * <p>Each recipient is delivered to on its own: a pass hands each recipient's due entries to a run of that recipient
 * and does not wait for it, and a recipient's entries are not picked again while its run is under way. So a recipient
 * that keeps a call hanging until the timeout holds up only itself, and no entry is sent twice at once.
 */
public final class OutboxDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** The status callback's operation (the contract's spelling) and the shape of a status code, for the log. */
    private static final String STATUS_CALLBACK = "changeMassageStatusNotification";
    private static final Pattern STATUS_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    private final Database db;
    private final Outbox outbox;
    private final MessageChain chain;
    /** Written after a pass read its entries and before any call: what was read is then on disk. */
    private final SyncBarrier durable;
    private final Function<String, SignedSoapClient> clientFor;
    private final Duration firstRetryPause;
    private final Duration maxRetryPause;
    private final int maxAttempts;
    private final int batch;
    private final int parallel;
    private final Map<String, String> callbacks;
    private final Duration callTimeout;
    /** How far a recipient's clock may be from the gateway's (qaqpa.message-date.max-skew): its answer's date's margin. */
    private final Duration answerSkew;
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
     */
    public OutboxDelivery(Database db, Outbox outbox, MessageChain chain, Function<String, SignedSoapClient> clientFor,
                          Duration firstRetryPause, Duration maxRetryPause, int maxAttempts, int batch, int parallel,
                          Map<String, String> callbacks, Duration callTimeout, Duration answerSkew) {
        this.db = db;
        this.outbox = outbox;
        this.chain = chain;
        this.durable = new SyncBarrier(db);
        this.clientFor = clientFor;
        this.firstRetryPause = firstRetryPause;
        this.maxRetryPause = maxRetryPause;
        this.maxAttempts = maxAttempts;
        this.batch = batch;
        this.parallel = parallel;
        this.callbacks = Map.copyOf(callbacks);
        this.callTimeout = callTimeout;
        this.answerSkew = answerSkew;
        AtomicInteger threads = new AtomicInteger();
        // a run never waits for another, so should an unregistered recipient still be owed calls, its calls queue
        int size = parallel * Math.max(1, this.callbacks.size());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "outbox-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // all at once: the gateway's thread count is what it will be from its start, not grown by the first callbacks
        pool.prestartAllCoreThreads();
        this.senders = pool;
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
                    switch (deliver(p)) {
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
     * The recipient's callback as configured now: an address corrected and the gateway restarted reaches the entries
     * already owed. The address kept with the entry serves a recipient no longer configured with a callback.
     */
    private String addressOf(Outbox.Pending p) {
        return callbacks.getOrDefault(p.targetSender(), p.url());
    }

    /** Beyond the call's own timeout, for signing it and recording its outcome. */
    private static final long STOP_MARGIN_MILLIS = 2_000;

    private enum Outcome { DELIVERED, REFUSED, FAILED }

    private Outcome deliver(Outbox.Pending p) {
        List<MessageChain.Message> exchanged = new ArrayList<>();
        try {
            SignedSoapClient client = clientFor.apply(p.targetSender());
            Element callback = SecureXml.parseText(outbox.payload(p)).getDocumentElement();
            Instant calledAt = Instant.now();
            // the envelope takes the parsed callback, no copy (perf62b); it is read afterwards for the answer's check
            // and the log lines only
            String session = CallbackAnswers.session(callback);
            Element answer = client.call(addressOf(p), SoapEnvelopes.wrapTaking(callback),
                    logged(p, session, client, exchanged));
            String notAnswered = CallbackAnswers.notTheAnswerTo(callback, answer, new CallbackAnswers.CallWindow(
                    calledAt.minus(answerSkew), Instant.now().plus(answerSkew)));
            if (notAnswered != null) {
                inOneTransaction(exchanged, () -> failed(p, notAnswered));
                return Outcome.FAILED;
            }
            inOneTransaction(exchanged, () -> outbox.delivered(p));
            delivered(p, callback, answer);
            return Outcome.DELIVERED;
        } catch (SignedSoapClient.RemoteFault e) {
            if (sendAgainLater(e)) {
                inOneTransaction(exchanged, () -> failed(p, e.getMessage()));
                return Outcome.FAILED;
            }
            inOneTransaction(exchanged, () -> refused(p, e));
            return Outcome.REFUSED;
        } catch (RuntimeException e) {
            failedWith(exchanged, p, String.valueOf(e.getMessage()));
            return Outcome.FAILED;
        }
    }

    /**
     * The delivery's line, naming the callback's session (ops62): the one value a status callback's answer carries
     * back, so that a recipient's record of the callback or of its answer finds the application here. An answer naming
     * another session is taken (the contract's field is an echo nobody checked before) but said, since a replayed
     * answer of another callback (attack61's Left, on a plain-http path) looks so.
     */
    private static void delivered(Outbox.Pending p, Element callback, Element answer) {
        String session = CallbackAnswers.session(callback);
        LOG.info("application {} notification {} ({}) delivered to {}, session {}", p.correlationId(), p.id(),
                carried(callback), p.targetSender(), session);
        String other = CallbackAnswers.otherSession(callback, answer);
        if (other != null) {
            LOG.warn("application {} notification {} to {}: its answer names session {}, not the callback's {}; taken"
                    + " as delivered (a replayed answer to another callback would look so)", p.correlationId(), p.id(),
                    p.targetSender(), other, session);
        }
    }

    /**
     * A failed attempt, recorded with what was exchanged before it failed: an answer whose signature verified but that
     * cannot be read (a processing instruction, a header marked mustUnderstand, an errorDate past the bound) is logged
     * as a readable one is (ops61, dates60's Left: it was retried without its exchange in the log). Should that
     * transaction fail, the attempt is still recorded, without the exchange, so that the retry and its pause hold
     * (an entry whose outcome is not recorded is sent again at the next pass); a transaction that failed leaves
     * nothing of it in the log.
     */
    private void failedWith(List<MessageChain.Message> exchanged, Outbox.Pending p, String error) {
        if (exchanged.isEmpty()) {
            failed(p, error);
            return;
        }
        try {
            inOneTransaction(exchanged, () -> failed(p, error));
        } catch (RuntimeException e) {
            LOG.error("application {} notification {}: {}'s answer could not be logged ({}); the attempt is recorded"
                    + " without it", p.correlationId(), p.id(), p.targetSender(), e.getMessage());
            failed(p, error);
        }
    }

    /**
     * What a callback tells its recipient, for the log line of its delivery: "status CODE" for a status notification,
     * "history status CODE" for the status told to the consumer's history (a sendMessage NOTIFICATION), "result"
     * for the provider's result (a sendMessage RESPONSE). Only the notification's own code is read, and
     * only a code's shape is printed: a result carries the provider's document, whose signature's lax content could
     * hold a {@code statusCode} of any text, new lines included (a forged log line).
     */
    private static String carried(Element callback) {
        boolean historyNotice = !STATUS_CALLBACK.equals(callback.getLocalName()) && "NOTIFICATION".equals(
                first(callback, "messageType"));
        if (!STATUS_CALLBACK.equals(callback.getLocalName()) && !historyNotice) {
            return "result";
        }
        // a history notice (ChannelNotifications) carries the gateway's own status notification, no provider text
        String code = first(callback, "statusCode");
        return (historyNotice ? "history status " : "status ")
                + (STATUS_CODE.matcher(code).matches() ? code : "(not a status code)");
    }

    private static String first(Element callback, String localName) {
        NodeList found = callback.getElementsByTagNameNS("*", localName);
        return found.getLength() > 0 ? found.item(0).getTextContent().strip() : "";
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

    /**
     * The callback and the recipient's signed answer, for the message chain, both under the callback's
     * {@code session} (ops63: an operator follows an application's callbacks by session, as the delivery's line names
     * it; the answer's own session, which may differ, is in its bytes).
     */
    private static SignedSoapClient.Exchanged logged(Outbox.Pending p, String session, SignedSoapClient client,
                                                     List<MessageChain.Message> into) {
        return (sent, answer, signer) -> {
            into.add(new MessageChain.Message(MessageChain.OUT, MessageChain.CALLBACK, null, p.targetSender(), session,
                    p.correlationId(), client.signer(), sent));
            into.add(new MessageChain.Message(MessageChain.IN, MessageChain.CALLBACK_ANSWER, null, p.targetSender(),
                    session, p.correlationId(), signer, answer));
        };
    }

    /** The outbox entry's new state commits with the log records of the exchange that decided it. */
    private void inOneTransaction(List<MessageChain.Message> exchanged, Runnable change) {
        db.inTransaction(() -> {
            change.run();
            exchanged.forEach(chain::append);
            return null;
        });
    }

    /**
     * The recipient's own failure, not the callback's (SCE909-SCE912; without ErrorInfo, a faultcode that is not the
     * message's, such as Server or WCF's InternalServiceFault: a channel whose database is down): the call may succeed
     * sent again unchanged, so it is retried like no answer rather than stopped (review40).
     */
    private static boolean sendAgainLater(SignedSoapClient.RemoteFault fault) {
        return fault.code() != null ? FaultCode.isGatewaySide(fault.code()) : fault.answerersFailure();
    }

    /** The recipient answered and refused the call: sending it again would be refused again. */
    private void refused(Outbox.Pending p, SignedSoapClient.RemoteFault fault) {
        outbox.stop(p, "refused by the recipient: " + fault.getMessage());
        // its lines come once its transaction committed: one run again after a 40001 does not repeat them (rerun54)
        db.afterCommit(() -> LOG.error("application {} notification {} refused by {}: {}", p.correlationId(), p.id(),
                p.targetSender(), fault.getMessage()));
    }

    private void failed(Outbox.Pending p, String error) {
        if (p.attempts() + 1 >= maxAttempts) {
            outbox.stop(p, error);
            db.afterCommit(() -> LOG.error("application {} notification {} to {} stopped after {} attempts: {}",
                    p.correlationId(), p.id(), p.targetSender(), p.attempts() + 1, error));
            return;
        }
        // a doubling pause, capped, so a recipient that is down is not hammered
        long pause = firstRetryPause.toMillis() << Math.min(p.attempts(), 20);
        Duration retryIn = Duration.ofMillis(Math.min(maxRetryPause.toMillis(), pause));
        outbox.failed(p.id(), error, retryIn);
        db.afterCommit(() -> LOG.warn("application {} notification {} to {} failed (attempt {}), retry in {}: {}",
                p.correlationId(), p.id(), p.targetSender(), p.attempts() + 1, retryIn, error));
    }
}
