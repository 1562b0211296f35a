package kz.qaqpa.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/**
 * The gateway's own small HTTP ports (monitoring, operator console) on Undertow, with bounds no client can push past:
 * a request's head is read on the I/O thread without blocking and must arrive within {@link #HEAD_TIMEOUT_MILLIS},
 * a kept-alive connection is closed after {@link #IDLE_TIMEOUT_MILLIS} idle, a request body may have at most
 * {@link #MAX_BODY_BYTES} (these ports take no bodies; a longer one closes the connection), and the handlers run on
 * {@link #WORKER_THREADS} worker threads, which only complete requests reach.
 *
 * <p>Why: on the JDK's HTTP server each connection's head is read on one of the handler threads, so two clients
 * that sent half a request and waited held both threads, and the port answered nobody for as long as they waited.
 */
public final class BoundedHttpServer {
    static final int HEAD_TIMEOUT_MILLIS = 10_000;
    static final int IDLE_TIMEOUT_MILLIS = 60_000;
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final int IO_THREADS = 1;
    private static final int WORKER_THREADS = 2;
    private final Undertow server;
    private final String name;
    private final String host;
    private final int port;

    /** {@code handler} runs on a worker thread and may block (e.g. on the store). */
    public BoundedHttpServer(String name, String host, int port, HttpHandler handler) {
        this.name = name;
        this.host = host;
        this.port = port;
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(IO_THREADS)
                .setWorkerThreads(WORKER_THREADS)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, HEAD_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
                .setHandler(new BlockingHandler(handler))
                .build();
    }

    public BoundedHttpServer start() {
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the " + name + " on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return this;
    }

    public void stop() {
        server.stop();
    }

    /** Answers with {@code body} whole (its Content-Length set). */
    public static void respond(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
