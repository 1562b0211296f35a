package kz.qaqpa.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ours (replay44, fix42's Left): a signed request with no messageId of its own to be repeated by, a provider's poll
 * (getMessages) or a status query (getMessageStatus), is answered once. Its date keeps its captured bytes from being
 * answered outside qaqpa.message-date.max-skew ({@link MessageFreshness}); within that window this memory does: each
 * such request is known by its signed SignedInfo ({@link EnvelopeVerifier#signedInfoDigest(byte[])}, which no one can vary
 * without the key), remembered until its date leaves the window, and the same again is refused (SCE027).
 *
 * <p>A request is claimed before it is handled, so that of two copies at once one is answered, and given back when it
 * is refused or fails later (nothing was answered; its sender may send it again). At most {@code max} are remembered
 * (qaqpa.message-date.max-remembered), each registered sender (qaqpa.senders) holding at most an equal share of them
 * (replay45: one pool let one sender polling in a tight loop fill it and have every other sender refused): a sender at
 * its share has a new one refused as the gateway being busy for it (SCE911, sent again later) rather than one
 * remembered forgotten, and the shares add up to no more than {@code max}, however many requests anyone sends. Each
 * sender's memory is its own: a request's signed Body names its sender, so its copy is always that sender's. A start
 * reads back the requests of these operations the message log shows answered within the window ({@link #readBack}),
 * so a restart does not reopen it.
 */
public final class ReplayMemory {
    /** Exchange variable: gives back the exchange's claim (its request was refused, so not answered). */
    private static final String CLAIM = "replayClaim";
    private static final Logger LOG = LoggerFactory.getLogger(ReplayMemory.class);
    /** The operations answered once: neither carries an id of its own (a status query names the message it asks about). */
    static final Set<String> OPERATIONS = Set.of("getMessages", "getMessageStatus");
    /** Records read back from the message log at a time. */
    private static final int PAGE = 200;
    /** Each registered sender's answered requests, signed SignedInfo to the time it leaves the window. */
    private final Map<String, Cache<String, Instant>> answered;
    private final int share;
    private final Duration window;
    private final Clock clock;
    /** Recipients whose share of answers is full, said once until it has room again ({@link #rememberAnswer}). */
    private final Set<String> answersUnremembered = ConcurrentHashMap.newKeySet();

    /**
     * @param max     how many requests it remembers at most (qaqpa.message-date.max-remembered), shared evenly
     * @param senders the registered senders (qaqpa.senders): only an authenticated one's request is claimed
     * @param window  how far a request's date may be from the gateway's clock (qaqpa.message-date.max-skew)
     */
    public ReplayMemory(int max, Collection<String> senders, Duration window, Clock clock) {
        if (senders.isEmpty() || max < senders.size()) {
            throw new IllegalStateException("qaqpa.message-date.max-remembered (" + max + ") must be at least the"
                    + " number of senders (" + senders.size() + "): each remembers an equal share");
        }
        this.share = max / senders.size();
        this.window = window;
        this.clock = clock;
        Map<String, Cache<String, Instant>> bySender = new HashMap<>();
        for (String sender : senders) {
            bySender.put(sender, Caffeine.newBuilder()
                    .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                    .expireAfter(new UntilTheWindowPasses())
                    .build());
        }
        this.answered = Map.copyOf(bySender);
    }

    /** Whether requests of {@code operation} are answered once. */
    static boolean answersOnce(String operation) {
        return OPERATIONS.contains(operation);
    }

    /**
     * Claims the exchange's request, dated {@code sent}, until that date leaves the window; refused when the same
     * signed request was answered (or is being) within it. Given back if the exchange ends in a fault.
     */
    void claim(Exchange exchange, Instant sent) {
        Inbound in = Inbound.of(exchange);
        String signed = EnvelopeVerifier.signedInfoDigest(in.signedInfo());
        Instant until = sent.plus(window);
        Cache<String, Instant> own = of(in.sender().id());
        if (!remember(in.sender().id(), signed, until, in.sessionId() + " " + in.operation())) {
            throw new ShepException(FaultCode.REQUEST_REPLAYED, in.operation() + " with this very signature was already"
                    + " answered: a poll or status query is answered once; send a new one, dated anew (its requestDate,"
                    + " or a newly signed wsu:Timestamp)");
        }
        // attack49: once. It runs at the fault and again at the completion; the same bytes sent again in between
        // claim the same entry (same SignedInfo, same date), which a second give-back by value would remove
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable giveBack = () -> {
            if (held.getAndSet(false)) {
                own.asMap().remove(signed, until);
            }
        };
        exchange.setVariable(CLAIM, giveBack);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (done.getException() != null || done.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
                    giveBack.run();
                }
            }
        });
    }

    /**
     * Gives back the exchange's claim, if it made one, before its fault is written: the sender may send the same bytes
     * again as soon as it has the fault, and the exchange's completion (which gives it back too) may come after the
     * answer is on its way (ReplayedPollTest's refused poll got SCE027 once in session 48's CI).
     */
    static void giveBack(Exchange exchange) {
        Runnable giveBack = exchange.getVariable(CLAIM, Runnable.class);
        if (giveBack != null) {
            giveBack.run();
        }
    }

    /**
     * Remembers {@code sender}'s request known by {@code signed} until {@code until}; false when it is remembered
     * already. SCE911 when the sender holds its share and this is not one of them. One sender's claims take turns, so
     * that the check and the claim are one step (of two copies at once one is answered; a share is never passed).
     *
     * @param what the request, for the log line of a refusal at the share
     */
    boolean remember(String sender, String signed, Instant until, String what) {
        Cache<String, Instant> own = of(sender);
        synchronized (own) {
            if (own.getIfPresent(signed) != null) {
                return false;
            }
            if (!roomIn(own)) {
                LOG.warn("session {} of {} refused: {} signed polls and status queries of this sender answered within"
                        + " {} are remembered, its share of qaqpa.message-date.max-remembered", what, sender, share,
                        window);
                throw new ShepException(FaultCode.GATEWAY_BUSY, sender + " has as many polls and status queries"
                        + " answered within " + window + " as the gateway remembers for one sender (its share of"
                        + " qaqpa.message-date.max-remembered): poll less often; send again later");
            }
            own.put(signed, until);
            return true;
        }
    }

    /**
     * attack64 (attack63's Left): remembers a recipient's signed answer to a callback, known by its SignedInfo's digest,
     * until {@code until}; false when the same signed answer acknowledged a call already (a replay: every honest answer
     * is signed anew). The answers' memory is an instance of its own, each recipient holding an equal share. Unlike a
     * poll, a callback is not refused at the share: its answer is taken unremembered (the date window alone then holds
     * its replay, as before session 64), so the memory never caps how many callbacks a recipient is sent; a WARN says
     * when a recipient's share fills, an INFO when it has room again.
     */
    public boolean rememberAnswer(String recipient, String signed, Instant until) {
        Cache<String, Instant> own = answered.get(recipient);
        if (own == null) {
            return true;
        }
        synchronized (own) {
            if (own.getIfPresent(signed) != null) {
                return false;
            }
            if (!roomIn(own)) {
                if (answersUnremembered.add(recipient)) {
                    LOG.warn("{} answers to callbacks of {} within {} are remembered, its share of"
                            + " qaqpa.message-date.max-remembered: its further answers are taken unremembered, a replay"
                            + " of one held by its date alone", share, recipient, window.multipliedBy(2));
                }
                return true;
            }
            if (answersUnremembered.remove(recipient)) {
                LOG.info("answers to callbacks of {} are remembered again", recipient);
            }
            own.put(signed, until);
            return true;
        }
    }

    /** Forgets what {@link #rememberAnswer} remembered: the delivery it acknowledged could not be recorded. */
    public void forgetAnswer(String recipient, String signed, Instant until) {
        Cache<String, Instant> own = answered.get(recipient);
        if (own != null) {
            own.asMap().remove(signed, until);
        }
    }

    /** Whether the sender's memory holds less than its share, once entries whose window passed are gone. */
    private boolean roomIn(Cache<String, Instant> own) {
        if (own.estimatedSize() < share) {
            return true;
        }
        own.cleanUp();
        return own.estimatedSize() < share;
    }

    /** A registered sender's memory; an unregistered one is never authenticated, so never claims. */
    private Cache<String, Instant> of(String sender) {
        Cache<String, Instant> own = answered.get(sender);
        if (own == null) {
            throw new IllegalStateException("sender " + sender + " is not registered (qaqpa.senders)");
        }
        return own;
    }

    /**
     * Remembers the answered requests of {@link #OPERATIONS} the message log took within the window, as a start must:
     * each until twice the window after it was logged (its date was within the window of that moment, so it leaves the
     * window by then at the latest). The newest first (attack46): a sender's share holds fewer than it may have logged
     * in twice the window, and read oldest first it was filled with requests whose window had passed while its latest,
     * still answerable ones, were left out. Returns how many.
     */
    public int readBack(MessageChain chain) {
        int read = readBack(chain, (before, from) -> chain.answeredRequestsBefore(before, from, OPERATIONS, PAGE));
        LOG.info("{} answered polls and status queries of the last {} read back from the message log", read,
                window.multipliedBy(2));
        return read;
    }

    /**
     * attack65 (attack64's Left): remembers the recipients' signed answers to callbacks the message log took within
     * twice the window, as a start must for the answers' memory ({@link #rememberAnswer}): each until twice the window
     * after it was logged, as long as it was remembered when taken; the newest first, into each recipient's share. The
     * log keeps every answer the gateway read, delivered or not: one that delivered nothing is remembered too, which
     * refuses only its replay for another callback (the same answer for the callback it names is taken as ever).
     * Returns how many.
     */
    public int readBackAnswers(MessageChain chain) {
        int read = readBack(chain, (before, from) -> chain.callbackAnswersBefore(before, from, PAGE));
        LOG.info("{} answers to callbacks of the last {} read back from the message log", read, window.multipliedBy(2));
        return read;
    }

    /**
     * Reads pages of logged records, the newest first, from the first one logged within twice the window; those beyond
     * a sender's share are said in one line per sender (a recipient's answers under load outnumber its share).
     */
    private int readBack(MessageChain chain, BiFunction<Long, Long, List<ChainRecord>> pageBefore) {
        Instant now = clock.instant();
        long from = chain.firstLoggedSince(now.minus(window.multipliedBy(2)));
        long before = Long.MAX_VALUE;
        int read = 0;
        Map<String, Integer> beyondShare = new HashMap<>();
        for (List<ChainRecord> page = pageBefore.apply(before, from); !page.isEmpty();
                page = pageBefore.apply(before, from)) {
            for (ChainRecord logged : page) {
                ReadBack outcome = remember(logged, now);
                read += outcome == ReadBack.REMEMBERED ? 1 : 0;
                if (outcome == ReadBack.BEYOND_SHARE) {
                    beyondShare.merge(logged.peer(), 1, Integer::sum);
                }
            }
            before = page.get(page.size() - 1).seq();
        }
        beyondShare.forEach((peer, count) -> LOG.warn("{} logged messages of {} not read back, its share of"
                + " qaqpa.message-date.max-remembered ({}) reached: their bytes could be taken again until {} after"
                + " they were logged", count, peer, share, window.multipliedBy(2)));
        return read;
    }

    /** What became of one logged record at a read-back. */
    private enum ReadBack { REMEMBERED, PASSED, BEYOND_SHARE, UNREADABLE }

    /**
     * One logged request or answer remembered, unless its time is past or its sender is no longer registered (its
     * bytes cannot be authenticated, so are taken from no one), its sender's share is full, or (said in the log) its
     * signature cannot be read.
     */
    private ReadBack remember(ChainRecord logged, Instant now) {
        Instant until = Instant.parse(logged.loggedAt()).plus(window.multipliedBy(2));
        Cache<String, Instant> own = answered.get(logged.peer());
        if (!until.isAfter(now) || own == null) {
            return ReadBack.PASSED;
        }
        if (!roomIn(own)) {
            return ReadBack.BEYOND_SHARE;
        }
        try {
            own.asMap().putIfAbsent(EnvelopeVerifier.signedInfoDigest(SecureXml.parseStored(logged.message())), until);
            return ReadBack.REMEMBERED;
        } catch (RuntimeException e) {
            LOG.warn("record {}: {} not read back, its signature cannot be read ({}): its bytes could be taken"
                    + " again until {}", logged.seq(), logged.operation() == null ? "answer to a callback"
                    : logged.operation(), e.getMessage(), until);
            return ReadBack.UNREADABLE;
        }
    }

    /** How many are remembered now, of all senders (expired ones may count until the cache's upkeep). */
    long size() {
        return answered.values().stream().mapToLong(Cache::estimatedSize).sum();
    }

    /** Each entry lives until the time it holds: its request's date plus the window. */
    private final class UntilTheWindowPasses implements Expiry<String, Instant> {
        @Override
        public long expireAfterCreate(String key, Instant until, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), until).toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Instant until, long currentTime, long currentDuration) {
            return expireAfterCreate(key, until, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Instant until, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
