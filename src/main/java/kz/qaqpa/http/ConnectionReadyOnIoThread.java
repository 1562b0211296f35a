package kz.qaqpa.http;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.RejectedExecutionException;

/**
 * Makes a kept-alive connection ready for its next request on the connection's own I/O thread instead of on the worker
 * thread that ended the exchange (perf46, on the channels' port; attack47, on the gateway's own small ports).
 *
 * <p>Why: Undertow 2.3 re-arms a connection for its next request as the exchange's last completion step
 * ({@code HttpReadListener.exchangeComplete}). From a worker thread it does so under a compare-and-set on the
 * connection's request state, holding it while it resumes reads; an I/O thread that gets the connection's next read
 * event meanwhile loops on that state without parking ({@code HttpReadListener.handleEvent}) until the worker lets
 * go. The load client sends its next request the moment it has the answer, and on two cores a worker preempted inside
 * that window left the I/O thread spinning for the rest of its time slice: 37% of the echo's samples in session 18,
 * and in session 46's profile of (b) and (c) at 8 clients the largest single frame (5.4% and 8.3% of the samples),
 * with one I/O thread. On the I/O thread Undertow takes the other branch, with no compare-and-set, so nothing can
 * spin; the worker's resumeReads (a wake-up of the I/O thread) becomes this hand-over (one wake-up as well).
 *
 * <p>Only the last step moves: registered as an exchange's first completion listener, it is called last, after the
 * others (the body budget's release) ran where they did; the answer has been written in full before an exchange
 * completes (Undertow completes it when both the request and the response have ended). Only a connection kept for a
 * next request is handed over; a closing one's step stays on the closing thread (http59b). Stateless: one for all.
 */
public final class ConnectionReadyOnIoThread implements ExchangeCompletionListener {
    private static final ConnectionReadyOnIoThread INSTANCE = new ConnectionReadyOnIoThread();

    private ConnectionReadyOnIoThread() {
    }

    /** Registers the step on {@code exchange}: call first, before any handler registers a completion listener. */
    public static void register(HttpServerExchange exchange) {
        exchange.addExchangeCompleteListener(INSTANCE);
    }

    /** {@code next} with the step registered on each exchange before it runs. */
    public static HttpHandler before(HttpHandler next) {
        return exchange -> {
            register(exchange);
            next.handleRequest(exchange);
        };
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        if (exchange.isInIoThread() || !nextRequestCanCome(exchange)) {
            nextListener.proceed();
            return;
        }
        try {
            exchange.getIoThread().execute(nextListener::proceed);
        } catch (RejectedExecutionException stopping) {
            nextListener.proceed(); // the server is stopping and its I/O thread takes no more tasks: as before
        }
    }

    /**
     * Whether the connection stays for a next request, the only case the hand-over is for. Otherwise Undertow's last
     * step only frees the connection's unread bytes (a pooled buffer) and closes it, and must run where it is called
     * (http59b): an exchange ended by the connection's close (a refusal's close from a worker) is completed inside the
     * close's listener, which frees that same buffer right after; handed to the I/O thread, the step met the buffer
     * freed half-way ("UT000091: Buffer has already been freed"). A kept-alive one closed by a worker would have had
     * its waiting bytes parsed on the I/O thread from a buffer the pool may have lent out again.
     */
    private static boolean nextRequestCanCome(HttpServerExchange exchange) {
        return exchange.isPersistent() && exchange.getConnection().isOpen();
    }
}
