package kz.qaqpa.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xnio.IoUtils;

/**
 * The gateway's own small HTTP ports (monitoring, operator console) on Undertow, with bounds no client can push past:
 * a request's head is read on the I/O thread without blocking and must arrive within 10 s and within 8 KB (these
 * ports take short GETs; Undertow's default of 1 MB is held while a head is incomplete), a kept-alive connection
 * is closed after 60 s idle, at most 64 connections are open at once (more wait in the kernel's backlog, so
 * held connections cannot take the process's file descriptors) and, on a port open to the network, at most 16 from
 * one address (more are closed at once, {@link PeerConnectionLimit}, so one client cannot hold all 64), a request
 * with a body is refused from its head (413) and its connection closed, the body unread (no handler here takes one),
 * and the handlers run on 2 worker threads, which only complete, bodiless requests reach.
 *
 * <p>Why: on the JDK's HTTP server each connection's head is read on one of the handler threads, so two clients
 * that sent half a request and waited held both threads, and the port answered nobody for as long as they waited.
 * Half a body did the same on Undertow: a handler's thread waits, at the end, for the rest of a body nobody reads.
 */
public final class BoundedHttpServer {
    private static final int HEAD_TIMEOUT_MILLIS = 10_000;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_HEAD_BYTES = 8192;
    private static final byte[] NO_BODY = "this port takes no request body\n".getBytes(StandardCharsets.UTF_8);
    private static final int IO_THREADS = 1;
    private static final int WORKER_THREADS = 2;
    /** Operators and a metrics scraper: beyond this, new connections wait in the backlog until one closes. */
    private static final int MAX_CONNECTIONS = 64;
    /** One address's share of them on a port open to the network, so that one client keeps no scraper out. */
    public static final int NETWORK_CLIENTS_PER_ADDRESS = 16;
    /**
     * No share per address: a port on the loopback (the operator console) is reached from one address only, where a
     * share would only lower the port's limit.
     */
    public static final int NO_SHARE_PER_ADDRESS = MAX_CONNECTIONS;
    private final Undertow server;
    private final String name;
    private final String host;
    private final int port;
    private final int connectionsPerAddress;

    /**
     * {@code handler} runs on a worker thread and may block (e.g. on the store); {@code connectionsPerAddress} is
     * {@link #NETWORK_CLIENTS_PER_ADDRESS} or {@link #NO_SHARE_PER_ADDRESS}.
     */
    public BoundedHttpServer(String name, String host, int port, int connectionsPerAddress, HttpHandler handler) {
        this.connectionsPerAddress = connectionsPerAddress;
        this.name = name;
        this.host = host;
        this.port = port;
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(IO_THREADS)
                .setWorkerThreads(WORKER_THREADS)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, HEAD_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEAD_BYTES)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .setSocketOption(org.xnio.Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .setSocketOption(org.xnio.Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS)
                .setHandler(refusingBodies(new BlockingHandler(handler)))
                .build();
    }

    public BoundedHttpServer start() {
        try {
            server.start();
            if (connectionsPerAddress < MAX_CONNECTIONS) {
                PeerConnectionLimit.install(server, connectionsPerAddress, MAX_CONNECTIONS);
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the " + name + " on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return this;
    }

    public void stop() {
        server.stop();
    }

    /** Runs on the I/O thread: a request whose head declares a body never reaches a worker thread. */
    private static HttpHandler refusingBodies(HttpHandler next) {
        return exchange -> {
            if (exchange.isRequestComplete()) { // no Content-Length, or 0, and not chunked
                next.handleRequest(exchange);
                return;
            }
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            exchange.setStatusCode(StatusCodes.REQUEST_ENTITY_TOO_LARGE);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
            // closed once answered: the unread body would otherwise be read as the next request, or drained
            exchange.getResponseSender().send(ByteBuffer.wrap(NO_BODY), new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange done, Sender sender) {
                    IoUtils.safeClose(done.getConnection());
                }

                @Override
                public void onException(HttpServerExchange done, Sender sender, IOException e) {
                    IoUtils.safeClose(done.getConnection());
                }
            });
        };
    }

    /** Answers with {@code body} whole (its Content-Length set). */
    public static void respond(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
