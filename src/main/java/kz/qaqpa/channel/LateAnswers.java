package kz.qaqpa.channel;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The late answers of the requests that waited for a worker longer than the request timeout (line50): each runs on a
 * thread beside the pool, not on the pool whose workers it waited for.
 *
 * <p>line51 (review50b, LOW): the late answers wait for their thread in a queue of at most {@code workers}; one beyond
 * it is not answered but its connection closed, and counted ({@link #dropped}): a flood of waits does not make the late
 * answers a queue of their own.
 */
final class LateAnswers {
    /** Logged under the shares' name, as before the late answers had a class of their own (operators' log filters). */
    private static final Logger LOG = LoggerFactory.getLogger(WorkerShares.class);
    /** The late answers' thread ends after this long without one. */
    private static final Duration LATE_THREAD_IDLE = Duration.ofSeconds(30);
    private final Executor thread;
    /** Late answers not given, their connections closed: the queue for the late answers' thread was full (line51). */
    private final LongAdder dropped = new LongAdder();

    /** @param thread where a request that waited too long is answered late: not the pool it waited for */
    LateAnswers(Executor thread) {
        this.thread = thread;
    }

    /**
     * One thread beside the pool, for the late answers: the pool's workers are what such a request waited for, and
     * while each is held its answer would wait too. One thread, not one a request: the answers are a signed fault each
     * (milliseconds). line51: at most {@code workers} wait for it (as many as the pool runs at once; a late answer is
     * a courtesy to a client that has likely given up), beyond them the executor refuses and the connection is closed
     * unanswered ({@link #answer}). It ends when idle.
     */
    static Executor thread(int workers) {
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, LATE_THREAD_IDLE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(workers), work -> {
                    Thread t = new Thread(work, "channel-late-answers");
                    t.setDaemon(true);
                    return t;
                });
        thread.allowCoreThreadTimeOut(true);
        return thread;
    }

    /**
     * {@code task}'s late answer, taken out of its line already; its connection closed unanswered instead when as many
     * late answers wait already as their queue holds (line51).
     */
    void answer(WaitingRequest task) {
        try {
            thread.execute(task.late);
        } catch (RejectedExecutionException e) {
            dropped.increment();
            LOG.debug("a request of {} waited for a worker beyond the request timeout, and as many late answers wait"
                    + " already as their queue holds: its connection closed unanswered", task.network);
            task.close.run();
        }
    }

    /** Late answers not given (their connections closed) since the start: their queue was full (line51). */
    long dropped() {
        return dropped.sum();
    }
}
