package kz.qaqpa.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The gateway's own small HTTP ports (monitoring, operator console) on Undertow, with bounds no client can push past:
 * a request's head is read on the I/O thread without blocking and must arrive within 10 s and within 8 KB (these
 * ports take short GETs; Undertow's default of 1 MB is held while a head is incomplete), a kept-alive connection
 * is closed after 60 s idle, at most 64 connections are open at once (more wait in the kernel's backlog, so
 * held connections cannot take the process's file descriptors) and, on a port open to the network, at most 16 from
 * one address (more are closed at once, {@link PeerConnectionLimit}, so one client cannot hold all 64), a request
 * with a body is refused from its head (413) and its connection closed lingering as after a refused head, the body
 * read only to be dropped (no handler here takes one),
 * the handlers run on 2 worker threads, which only complete, bodiless requests reach, and an answer whose writing
 * makes no progress for the port's write timeout (the client stopped reading) has its connection closed, freeing
 * the worker that wrote it (a client reading slowly but steadily is not cut: each write that moves resets the time),
 * a kept-alive connection is made ready for its next request on the I/O thread ({@link ConnectionReadyOnIoThread}),
 * and a head Undertow refuses itself is answered 400 with one plain-text line of ours, then closed lingering
 * ({@link RefusedHeads}; before http57 Undertow's bare 400).
 *
 * <p>Why: on the JDK's HTTP server each connection's head is read on one of the handler threads, so two clients
 * that sent half a request and waited held both threads, and the port answered nobody for as long as they waited.
 * Half a body did the same on Undertow: a handler's thread waits, at the end, for the rest of a body nobody reads.
 *
 * <p>Built from Undertow's and XNIO's public parts (a worker, Undertow's HTTP open listener, XNIO's accepting
 * channel) rather than with {@code Undertow.builder()}, whose server offers no public place for the per-address
 * limit: the limit is this port's accept listener, with no private field reached.
 */
public final class BoundedHttpServer {
    private static final int HEAD_TIMEOUT_MILLIS = 10_000;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_HEAD_BYTES = 8192;
    private static final byte[] NO_BODY = "this port takes no request body\n".getBytes(StandardCharsets.UTF_8);
    /**
     * After the answer to a refused head or body (413), what the client still sends is read and dropped this long and
     * up to this many bytes before the close (a lingering close: a close with bytes unread is a reset, which may
     * destroy the answer). These ports take short GETs: a head's rest, a body, a few requests pipelined behind.
     */
    private static final LingeringClose.Bounds LINGER = new LingeringClose.Bounds(Duration.ofSeconds(2), 64 * 1024);
    private static final int IO_THREADS = 1;
    private static final int WORKER_THREADS = 2;
    /** Undertow's own buffer size on a heap of 128 MB or more (one socket write's worth). */
    private static final int BUFFER_BYTES = 16 * 1024;
    /** Undertow's own: buffers kept per thread for reuse. */
    private static final int BUFFERS_PER_THREAD = 4;
    /** Undertow's own backlog, where connections beyond {@link #MAX_CONNECTIONS} wait. */
    private static final int BACKLOG = 1000;
    /** Operators and a metrics scraper: beyond this, new connections wait in the backlog until one closes. */
    private static final int MAX_CONNECTIONS = 64;
    /** One address's share of them on a port open to the network, so that one client keeps no scraper out. */
    public static final int NETWORK_CLIENTS_PER_ADDRESS = 16;
    /**
     * No share per address: a port on the loopback (the operator console) is reached from one address only, where a
     * share would only lower the port's limit.
     */
    public static final int NO_SHARE_PER_ADDRESS = MAX_CONNECTIONS;
    private final HttpHandler root;
    private final String name;
    private final String host;
    private final int port;
    private final int connectionsPerAddress;
    private final int writeTimeoutMillis;
    /** A head Undertow refuses itself: one plain-text line of ours, not its bare 400 (http57). */
    private final RefusedHeads refusedHeads;
    private XnioWorker worker;
    private ByteBufferPool buffers;
    private AcceptingChannel<StreamConnection> channel;

    /**
     * {@code handler} runs on a worker thread and may block (e.g. on the store); {@code connectionsPerAddress} is
     * {@link #NETWORK_CLIENTS_PER_ADDRESS} or {@link #NO_SHARE_PER_ADDRESS}; {@code writeTimeout} is the longest an
     * answer's writing may make no progress before its connection is closed (XNIO's WRITE_TIMEOUT): without it, two
     * clients that asked for a large answer and never read it held both worker threads for ever.
     */
    public BoundedHttpServer(String name, String host, int port, int connectionsPerAddress, Duration writeTimeout,
                             HttpHandler handler) {
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("the " + name + "'s write timeout must be positive, not "
                    + writeTimeout);
        }
        this.writeTimeoutMillis = Math.toIntExact(writeTimeout.toMillis());
        this.connectionsPerAddress = connectionsPerAddress;
        this.name = name;
        this.host = host;
        this.port = port;
        root = root(handler);
        refusedHeads = RefusedHeads.fixed(headRefusal(), writeTimeout, LINGER);
    }

    /** 400 with the kinds of head refused, one plain-text line as the ports' other refusals (operations.md). */
    private static byte[] headRefusal() {
        byte[] text = (RefusedHeads.kinds(MAX_HEAD_BYTES) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = RefusedHeads.head(ContentTypes.PLAIN_TEXT, text.length).getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(head.length + text.length).put(head).put(text).array();
    }

    /**
     * What serves each exchange: the body's refusal, then {@code handler} on a worker; the connection made ready for its
     * next request on its I/O thread (attack47: as on the channels' port, perf46; from the worker, Undertow's I/O
     * thread spun while a kept-alive client's next request came).
     */
    static HttpHandler root(HttpHandler handler) {
        return ConnectionReadyOnIoThread.before(refusingBodies(new BlockingHandler(handler)));
    }

    public synchronized BoundedHttpServer start() {
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, IO_THREADS)
                    .set(Options.WORKER_TASK_CORE_THREADS, WORKER_THREADS)
                    .set(Options.WORKER_TASK_MAX_THREADS, WORKER_THREADS)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
            buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, BUFFERS_PER_THREAD);
            channel = worker.createStreamConnectionServer(new InetSocketAddress(InetAddress.getByName(host), port),
                    accepting(opening()), socketOptions(writeTimeoutMillis));
            channel.resumeAccepts();
        } catch (IOException | RuntimeException e) {
            stop();
            // named with its class, as Undertow's wrapped cause was (an unknown host's message is the host alone)
            throw new IllegalStateException("cannot start the " + name + " on " + host + ":" + port + ": " + e, e);
        }
        return this;
    }

    /** Closes the port and ends the worker, whose I/O thread closes the connections left open (as Undertow's stop). */
    public synchronized void stop() {
        IoUtils.safeClose(channel);
        channel = null;
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination();
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
    }

    /**
     * Undertow's HTTP/1.1 reader for each accepted connection, with this port's bounds on the head and idle time, each
     * answer written as it ends (not held in Undertow's pipelining buffer for the next: a next request Undertow refuses
     * is answered below that buffer, and the held answer was lost, as on the channels' port, http57), and a head it
     * refuses answered by {@link #refusedHeads}.
     */
    private ChannelListener<StreamConnection> opening() {
        HttpOpenListener open = new HttpOpenListener(buffers, OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, false)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, HEAD_TIMEOUT_MILLIS)
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEAD_BYTES)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .getMap());
        open.setRootHandler(root);
        return connection -> {
            refusedHeads.watch(connection);
            open.handleEvent(connection);
        };
    }

    /** Accepts up to the port's limit, and on a port open to the network an address's share of it. */
    private ChannelListener<AcceptingChannel<StreamConnection>> accepting(ChannelListener<StreamConnection> open) {
        return connectionsPerAddress < MAX_CONNECTIONS
                ? PeerConnectionLimit.before(open, connectionsPerAddress, MAX_CONNECTIONS)
                : ChannelListeners.openListenerAdapter(open);
    }

    /**
     * XNIO stops accepting at the high water mark and starts again below the low one; it gives each accepted
     * connection the write timeout, which Undertow's open listener enforces (a write that makes no progress that long
     * closes the connection, and the blocked handler's write fails).
     */
    private static OptionMap socketOptions(int writeTimeoutMillis) {
        return OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, IO_THREADS)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BACKLOG, BACKLOG)
                .set(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .set(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS)
                .set(Options.WRITE_TIMEOUT, writeTimeoutMillis)
                .getMap();
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
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ContentTypes.PLAIN_TEXT);
            // closed once answered, lingering (http59): the unread body would otherwise be read as the next request,
            // and a close with the client still sending is a reset, which may destroy the 413 before it is read
            exchange.getResponseSender().send(ByteBuffer.wrap(NO_BODY), new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange done, Sender sender) {
                    LingeringClose.start(done, LINGER);
                }

                @Override
                public void onException(HttpServerExchange done, Sender sender, IOException e) {
                    IoUtils.safeClose(done.getConnection());
                }
            });
        };
    }

    /**
     * {@code handler} for the {@code methods} it serves; any other method is 405 naming them (RFC 9110 15.5.6, with
     * Allow): the console's pages and actions, the monitoring port's reads (attack62: which answered any method).
     */
    public static HttpHandler only(HttpHandler handler, HttpString... methods) {
        List<HttpString> allowed = List.of(methods);
        String allow = String.join(", ", allowed.stream().map(Object::toString).toList());
        return exchange -> {
            if (allowed.contains(exchange.getRequestMethod())) {
                handler.handleRequest(exchange);
            } else {
                exchange.getResponseHeaders().put(Headers.ALLOW, allow);
                respondText(exchange, StatusCodes.METHOD_NOT_ALLOWED, "use " + allow);
            }
        };
    }

    /** Answers with {@code body} whole (its Content-Length set). */
    public static void respond(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** Answers with {@code text} as plain text in UTF-8, whole. */
    public static void respondText(HttpServerExchange exchange, int status, String text) {
        respond(exchange, status, ContentTypes.PLAIN_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }
}
