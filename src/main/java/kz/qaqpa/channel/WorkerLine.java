package kz.qaqpa.channel;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sender's requests waiting for a worker ({@link WorkerShares}), by client network in turn (line50), and the
 * workers its requests hold now. Guarded by its WorkerShares' lock.
 */
final class WorkerLine {
    /** Each network's waiting requests in the order they came; the network whose turn is next first. */
    private final LinkedHashMap<Object, ArrayDeque<WaitingRequest>> byNetwork = new LinkedHashMap<>();
    int waiting;
    int running;
    long lastServed;

    void add(WaitingRequest task) {
        byNetwork.computeIfAbsent(task.network, network -> new ArrayDeque<>()).add(task);
        task.waits = true;
        waiting++;
    }

    /** The next network's first request; that network goes to the back of the turns if it has more waiting. */
    WaitingRequest next() {
        Iterator<Map.Entry<Object, ArrayDeque<WaitingRequest>>> turns = byNetwork.entrySet().iterator();
        Map.Entry<Object, ArrayDeque<WaitingRequest>> turn = turns.next();
        turns.remove();
        WaitingRequest task = turn.getValue().poll();
        if (!turn.getValue().isEmpty()) {
            byNetwork.put(turn.getKey(), turn.getValue());
        }
        task.waits = false;
        waiting--;
        return task;
    }

    /** Takes {@code task} out if it still waits here; false when it was handed out already. */
    boolean withdraw(WaitingRequest task) {
        if (!task.waits) {
            return false;
        }
        // linear in its network's waiting requests, once for each that waited too long: bounded by its connections
        ArrayDeque<WaitingRequest> network = byNetwork.get(task.network);
        network.remove(task);
        task.waits = false;
        if (network.isEmpty()) {
            byNetwork.remove(task.network);
        }
        waiting--;
        return true;
    }

    /**
     * Whether this line goes before {@code other} (null: none chosen yet): it holds fewer workers, or as many and was
     * served longer ago.
     */
    boolean before(WorkerLine other) {
        return other == null || running < other.running || running == other.running && lastServed < other.lastServed;
    }
}
