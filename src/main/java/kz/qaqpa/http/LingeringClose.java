package kz.qaqpa.http;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Closes a refused request's connection without a TCP reset (a "lingering close", as Apache httpd's lingering_close
 * and nginx's lingering_time): its answer sent, the connection ends its side (FIN), then reads and drops whatever the
 * client still sends, until the client closes its side, qaqpa.http.linger-bytes have come or qaqpa.http.linger-time
 * has passed; then it closes. A close with bytes unread is answered by the kernel with a reset, which may destroy an
 * answer the client has not read yet: a client that sends its whole body before it reads (most do) lost its fault.
 * Undertow 2.3 has no such option (UndertowOptions: none); this reads the connection's own socket conduit, below
 * Undertow's request framing, on the connection's I/O thread: no worker thread, no memory beyond one read buffer.
 * The channels' port lingers after its refusals (qaqpa.http.linger-*), the gateway's small ports after a refused head
 * ({@link RefusedHeads}) or body ({@link BoundedHttpServer}'s 413, http59).
 */
public final class LingeringClose {
    private static final int READ_CHUNK = 16 * 1024;
    private final StreamConnection connection;
    /** The connection's writing and reading below Undertow's request framing. */
    private final StreamSinkConduit rawSink;
    private final StreamSourceConduit rawSource;
    /** What is closed at the end: Undertow's connection where there is one, so that its close listeners run. */
    private final Closeable closing;
    private final Bounds bounds;
    private final ByteBuffer sink = ByteBuffer.allocate(READ_CHUNK);
    private ConduitStreamSourceChannel source;
    private XnioExecutor.Key deadline;
    private long dropped;
    private boolean closed;

    private LingeringClose(StreamConnection connection, StreamSinkConduit rawSink, StreamSourceConduit rawSource,
                           Closeable closing, Bounds bounds) {
        this.connection = connection;
        this.rawSink = rawSink;
        this.rawSource = rawSource;
        this.closing = closing;
        this.bounds = bounds;
    }

    /**
     * How long the connection reads and drops what the client still sends, and the most bytes it drops, before it
     * closes.
     */
    public record Bounds(Duration time, long bytes) {
        public Bounds {
            if (time.isNegative() || bytes < 0) {
                throw new IllegalArgumentException("a lingering close's time (" + time + ") and bytes (" + bytes
                        + ") must not be negative");
            }
        }
    }

    /** Once the answer is written in full (its sender's completion): ends it, then lingers on the I/O thread. */
    public static void start(HttpServerExchange exchange, Bounds bounds) {
        if (!(exchange.getConnection() instanceof AbstractServerConnection server)) {
            exchange.getIoThread().execute(() -> IoUtils.safeClose(exchange.getConnection()));
            return;
        }
        // below Undertow's conduits, which still take the exchange for unfinished
        LingeringClose linger = new LingeringClose(server.getChannel(), server.getOriginalSinkConduit(),
                server.getOriginalSourceConduit(), server, bounds);
        exchange.getIoThread().execute(linger::begin);
    }

    /**
     * The same for a connection Undertow has no exchange of ({@link RefusedHeads}), from its I/O thread: its writing
     * and reading below Undertow's are given.
     */
    static void begin(StreamConnection connection, StreamSinkConduit rawSink, StreamSourceConduit rawSource,
                      Bounds bounds) {
        new LingeringClose(connection, rawSink, rawSource, connection, bounds).begin();
    }

    private void begin() {
        try {
            rawSink.terminateWrites(); // the socket's shutdownOutput
        } catch (IOException e) {
            close();
            return;
        }
        source = connection.getSourceChannel();
        source.setConduit(rawSource); // raw bytes: the request's framing no longer matters
        deadline = connection.getIoThread().executeAfter(this::close, bounds.time().toMillis(),
                TimeUnit.MILLISECONDS);
        source.getReadSetter().set(c -> drop());
        source.resumeReads();
        drop();
    }

    private void drop() {
        try {
            for (int read; !closed && (read = source.read(sink.clear())) != 0; ) {
                dropped += Math.max(read, 0);
                if (read < 0 || dropped > bounds.bytes()) {
                    close();
                }
            }
        } catch (IOException e) {
            close();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (deadline != null) {
            deadline.remove();
        }
        if (source != null) {
            source.getReadSetter().set(null);
        }
        IoUtils.safeClose(closing);
    }
}
