package kz.qaqpa.adapter;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * The turns of one state system ({@code atOnce} calls at once), shared fairly among those who call it: each sender,
 * with its forwarded look-ups and the gateway's own look-ups (a regulation's state-database condition) for its
 * applications.
 * Ours (fair46; session 45's Left): one fair semaphore for all let a sender flooding a slow system with look-ups queue
 * ahead of everyone, so every other sender's look-ups, and the applications' own checks, waited behind it until SCE910.
 *
 * <p>Work-conserving: a free turn is taken by whoever asks when no one else waits, so one caller alone may hold all of
 * them. When callers compete, a free turn goes first to a sender below its fair share whose next look-up is the
 * gateway's own, then to a sender below its share, then to anyone: the fair share is {@code atOnce} divided among the callers
 * holding or waiting for a turn. A caller at or above its share therefore yields the next free turn to one below it
 * (it cannot take a turn back from a call in flight: the system's answer frees it), and one caller's waits are served
 * in the order they came. A wait ends after {@code wait} with SCE910 naming the caller's share.
 *
 * <p>A caller is a sender (quota48, attack47b's LOW): its forwarded look-ups and the gateway's own look-ups for its
 * applications share one record and one share, so a sender flooding both ways holds one share, not two. Its own
 * look-ups wait before its forwarded ones, and rank first while the sender is below its share; a sender whose forwarded
 * look-ups hold its share has its applications' checks wait for it as they do, and no other sender's. The gateway's own look-ups for a
 * request with no sender are the gateway's (its id). As one caller for all applications, first come first served, one
 * sender flooding applications at a slow system made another sender's applications wait behind every check queued
 * before theirs until SCE910 (attack47b).
 *
 * <p>The lock is held only to count, never across a call; with no one waiting a turn is two counter updates under an
 * uncontended lock, and the only allocations are one record per caller, the first time it calls (the callers are the
 * registered senders, qaqpa.senders, forwarding and applying, and the gateway: bounded by the configuration).
 */
final class FairTurns {
    private final String system;
    private final int atOnce;
    private final Duration wait;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever who may take a turn may have changed: a turn given back, a waiter gone. */
    private final Condition changed = lock.newCondition();
    /** The senders that called the system (forwarded look-ups, their applications' checks), by id (guarded by lock). */
    private final Map<String, Caller> callers = new HashMap<>();
    /** Turns held now, and threads waiting for one (guarded by {@link #lock}). */
    private int taken;
    private int waiting;

    /** One sender calling the system: the turns it holds, its threads waiting in the order they came, by kind. */
    private static final class Caller {
        private final String sender;
        private int held;
        /** The gateway's own look-ups for the sender's applications: they go before its forwarded ones. */
        private final ArrayDeque<Thread> own = new ArrayDeque<>();
        private final ArrayDeque<Thread> forwarded = new ArrayDeque<>();

        private Caller(String sender) {
            this.sender = sender;
        }

        private boolean active() {
            return held > 0 || waits();
        }

        private boolean waits() {
            return !own.isEmpty() || !forwarded.isEmpty();
        }

        /** The thread whose turn is next among this caller's: its first own look-up's, else its first forwarded one's. */
        private Thread next() {
            return own.isEmpty() ? forwarded.peekFirst() : own.peekFirst();
        }
    }

    /** @param system the state system's serviceId, for the refusal's text */
    FairTurns(String system, int atOnce, Duration wait) {
        this.system = system;
        this.atOnce = atOnce;
        this.wait = wait;
    }

    /** A turn for a look-up {@code sender} forwards; SCE910 when none came within the wait. */
    void takeFor(String sender) {
        lock.lock();
        try {
            take(callers.computeIfAbsent(sender, Caller::new), false);
        } finally {
            lock.unlock();
        }
    }

    /** A turn for the gateway's own look-up for an application of {@code sender}; SCE910 when none came in the wait. */
    void takeOwn(String sender) {
        lock.lock();
        try {
            take(callers.computeIfAbsent(sender, Caller::new), true);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a turn {@code sender} took with {@link #takeFor}. */
    void giveFor(String sender) {
        lock.lock();
        try {
            give(callers.get(sender));
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a turn taken with {@link #takeOwn} for {@code sender}'s application. */
    void giveOwn(String sender) {
        lock.lock();
        try {
            give(callers.get(sender));
        } finally {
            lock.unlock();
        }
    }

    private void take(Caller caller, boolean own) {
        if (waiting == 0 && taken < atOnce) {
            hold(caller);
            return;
        }
        Thread me = Thread.currentThread();
        ArrayDeque<Thread> waiters = own ? caller.own : caller.forwarded;
        waiters.addLast(me);
        waiting++;
        try {
            long left = wait.toNanos();
            while (!mayTake(caller, me)) {
                if (left <= 0) {
                    throw refused(caller, own);
                }
                left = changed.awaitNanos(left);
            }
            hold(caller);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(caller, own);
        } finally {
            waiters.remove(me);
            waiting--;
            // the callers competing, and this caller's first waiter, changed: another may take a turn now
            changed.signalAll();
        }
    }

    private void hold(Caller caller) {
        taken++;
        caller.held++;
    }

    private void give(Caller caller) {
        taken--;
        caller.held--;
        if (waiting > 0) {
            changed.signalAll();
        }
    }

    /** Whether {@code me}, waiting for {@code caller}, takes the free turn: no one ahead of it by {@link #rank}. */
    private boolean mayTake(Caller caller, Thread me) {
        if (taken >= atOnce || caller.next() != me) {
            return false;
        }
        int competing = competing();
        int mine = rank(caller, competing);
        return noneGoesFirst(caller, mine, competing);
    }

    /** Whether no other caller waits for a turn and goes before {@code caller}, whose rank is {@code mine}. */
    private boolean noneGoesFirst(Caller caller, int mine, int competing) {
        for (Caller other : callers.values()) {
            if (goesFirst(other, caller, mine, competing)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code other} waits for a turn and goes before {@code caller}, whose rank is {@code mine}. */
    private boolean goesFirst(Caller other, Caller caller, int mine, int competing) {
        return other != caller && other.waits() && rank(other, competing) < mine;
    }

    /**
     * Who goes first for a free turn: 0 a sender below its fair share whose next waiting look-up is the gateway's own
     * (an application's check), 1 a sender below its share forwarding a look-up, 2 anyone at or above its share.
     */
    private int rank(Caller caller, int competing) {
        if (!belowShare(caller, competing)) {
            return 2;
        }
        return caller.own.isEmpty() ? 1 : 0;
    }

    /** Whether {@code caller} holds less than atOnce / competing (compared in whole numbers). */
    private boolean belowShare(Caller caller, int competing) {
        return (long) caller.held * competing < atOnce;
    }

    /** The callers holding or waiting for a turn. */
    private int competing() {
        int active = 0;
        for (Caller caller : callers.values()) {
            active += caller.active() ? 1 : 0;
        }
        return active;
    }

    /**
     * SCE910 naming the caller's share, not the system as down: it may be answering, others hold the turns. The turns
     * held are the sender's, its forwarded look-ups and its applications' checks together.
     */
    private NoTurn refused(Caller caller, boolean own) {
        int competing = competing();
        String share = atOnce % competing == 0 ? String.valueOf(atOnce / competing) : atOnce + "/" + competing;
        String whose = own ? "the gateway for " + caller.sender + "'s applications" : caller.sender;
        return new NoTurn(system + " had no turn for " + whose + " within " + wait + ": " + caller.sender
                + " holds " + caller.held + " of its " + atOnce + " calls at once, its fair share " + share + " while "
                + competing + (competing == 1 ? " caller asks" : " callers ask") + " it; try later");
    }

    /**
     * No turn came within the wait: SCE910 as any failure of the system, but its text is the caller's, passed on as it
     * is (not as "did not answer usably").
     */
    static final class NoTurn extends ShepException {
        private NoTurn(String message) {
            super(FaultCode.STATE_SYSTEM_UNAVAILABLE, message);
        }
    }

    /** Turns held now (for tests). */
    int taken() {
        lock.lock();
        try {
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting now (for tests). */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
