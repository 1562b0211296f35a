package kz.qaqpa.channel;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.RejectedExecutionException;
import org.apache.cxf.transport.http_undertow.CXFUndertowHttpHandler;

/**
 * Makes a kept-alive connection ready for its next request on the connection's own I/O thread instead of on the worker
 * thread that ended the exchange (perf46).
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
 * <p>Only the last step moves: the answer has been written in full before an exchange completes (Undertow completes it
 * when both the request and the response have ended), and the completion steps of the exchange's other listeners (the
 * body budget's release) still run where they did, before this one, which is registered first and so called last.
 * CXF's response stream, the write timeout, the refusals and their lingering close are untouched.
 */
public final class NextRequestOnIoThread implements CXFUndertowHttpHandler, ExchangeCompletionListener {
    private HttpHandler next;

    @Override
    public void setNext(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener(this);
        next.handleRequest(exchange);
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        if (exchange.isInIoThread()) {
            nextListener.proceed();
            return;
        }
        try {
            exchange.getIoThread().execute(nextListener::proceed);
        } catch (RejectedExecutionException stopping) {
            nextListener.proceed(); // the server is stopping and its I/O thread takes no more tasks: as before
        }
    }
}
