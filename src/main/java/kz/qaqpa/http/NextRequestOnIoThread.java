package kz.qaqpa.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.apache.cxf.transport.http_undertow.CXFUndertowHttpHandler;

/**
 * The channels' port's handler that makes a kept-alive connection ready for its next request on the connection's own
 * I/O thread ({@link ConnectionReadyOnIoThread}, perf46, where the reason is), in CXF's chain of handlers. CXF's
 * response stream, the write timeout, the refusals and their lingering close are untouched.
 */
public final class NextRequestOnIoThread implements CXFUndertowHttpHandler {
    private HttpHandler next;

    @Override
    public void setNext(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ConnectionReadyOnIoThread.register(exchange);
        next.handleRequest(exchange);
    }
}
