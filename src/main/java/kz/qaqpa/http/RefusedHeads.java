package kz.qaqpa.http;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * A port's own answer to a request head Undertow refuses itself, instead of Undertow's bare "400 Bad Request"
 * (http56 on the channels' port, http57 on the gateway's small ports).
 *
 * <p>Undertow 2.3 refuses some heads before any handler runs: a malformed request line or target, a head over the
 * port's head limit or over 200 fields, an HTTP version other than 1.0 and 1.1, no Host on HTTP/1.1 or two, a
 * Content-Length that is no number or beside a Transfer-Encoding, two Content-Lengths; and, on a kept-alive
 * connection, bytes after a request that start no request (a body sent after a head that gave it no length). Its read
 * listener answers each itself ({@code HttpReadListener.sendBadRequestAndClose}: a fixed answer with no body, then the
 * close), with no option, error page or listener to change it. So this sits below Undertow's writing of every
 * connection, put there when it is accepted ({@link #watch}), sees that fixed answer go out, and sends the port's
 * answer in its place, then the lingering close of a refused request ({@link LingeringClose}). Undertow's write is
 * held meanwhile: it waits for a writability that is never reported to it, so its close never comes; the port closes.
 *
 * <p>Undertow's reason is not shown to a handler (it goes to a debug log line), so an answer names the kinds of head
 * refused ({@link #kinds}), not which; what the client sent is not echoed.
 */
public final class RefusedHeads {
    /** Undertow's own answer, as its read listener writes it (read from the running version, not copied). */
    private static final byte[] BARE_BAD_REQUEST = undertowsBadRequest();
    /** The status line of every port's answer in its place. */
    private static final String STATUS_LINE = "HTTP/1.1 400 Bad Request\r\n";

    /** A port's whole answer to a refused head (status line, fields, body) for {@code connection}. */
    public interface Answer {
        byte[] to(StreamConnection connection);
    }

    private final Answer answer;
    /** Whether the answer is made on a worker thread (it costs CPU: a signature) or at once on the I/O thread. */
    private final boolean onWorker;
    private final Duration writeTimeout;
    private final LingeringClose.Bounds linger;

    private RefusedHeads(Answer answer, boolean onWorker, Duration writeTimeout, LingeringClose.Bounds linger) {
        this.answer = answer;
        this.onWorker = onWorker;
        this.writeTimeout = writeTimeout;
        this.linger = linger;
    }

    /**
     * Answers made on a worker thread (a signed fault), written within {@code writeTimeout} or the connection closed.
     */
    public static RefusedHeads madeOnWorker(Answer answer, Duration writeTimeout, LingeringClose.Bounds linger) {
        return new RefusedHeads(answer, true, writeTimeout, linger);
    }

    /** One fixed answer, written at once on the connection's I/O thread (no worker waits for it). */
    public static RefusedHeads fixed(byte[] answer, Duration writeTimeout, LingeringClose.Bounds linger) {
        byte[] bytes = answer.clone();
        return new RefusedHeads(connection -> bytes, false, writeTimeout, linger);
    }

    /**
     * The kinds of head refused, for an answer's text: Undertow does not say which ({@code maxHeadBytes}: the port's
     * head limit).
     */
    public static String kinds(int maxHeadBytes) {
        return "the request's head is not one this server reads (RFC 9112): a malformed request line or field, a head"
                + " over " + maxHeadBytes + " bytes, an HTTP version other than 1.1 and 1.0, no Host or two, a body"
                + " length given twice or both ways, or bytes after a request that start no request; the connection"
                + " is closed";
    }

    /** A plain-text answer's head (Content-Type, Content-Length, Connection: close) for a body of {@code length}. */
    public static String head(String contentType, int length) {
        return STATUS_LINE + "Content-Type: " + contentType + "\r\nContent-Length: " + length
                + "\r\nConnection: close\r\n\r\n";
    }

    /** Puts the watch under Undertow's writing of {@code connection}: call before Undertow's open listener sees it. */
    public void watch(StreamConnection connection) {
        connection.getSinkChannel().setConduit(new Watch(connection, connection.getSinkChannel().getConduit(),
                connection.getSourceChannel().getConduit()));
    }

    private static byte[] undertowsBadRequest() {
        try {
            Field field = Class.forName("io.undertow.server.protocol.http.HttpReadListener")
                    .getDeclaredField("BAD_REQUEST");
            field.setAccessible(true);
            return ((String) field.get(null)).getBytes(StandardCharsets.US_ASCII);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot answer refused heads: Undertow's HttpReadListener has no"
                    + " BAD_REQUEST answer (another Undertow version?)", e);
        }
    }

    /** Whether {@code src}, from its position, is Undertow's bare refusal and nothing else. */
    static boolean isBareBadRequest(ByteBuffer src) {
        return src.remaining() == BARE_BAD_REQUEST.length
                && src.mismatch(ByteBuffer.wrap(BARE_BAD_REQUEST)) == -1;
    }

    /**
     * One connection's writing: passes everything on until Undertow's bare refusal comes, then holds Undertow's
     * writes and sends the port's answer in its place (on the connection's I/O thread, as Undertow's writes).
     */
    private final class Watch extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private final StreamConnection connection;
        private final StreamSourceConduit rawSource;
        private boolean refusing;
        /** The answer's bytes not yet written; null while it is made. */
        private ByteBuffer pending;
        private boolean written;
        private XnioExecutor.Key deadline;

        Watch(StreamConnection connection, StreamSinkConduit next, StreamSourceConduit rawSource) {
            super(next);
            this.connection = connection;
            this.rawSource = rawSource;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return held(refusing || refuses(src)) ? 0 : next.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
            return held(refusing || len == 1 && refuses(srcs[offs])) ? 0 : next.write(srcs, offs, len);
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            return held(refusing || refuses(src)) ? 0 : next.writeFinal(src);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
            return held(refusing || len == 1 && refuses(srcs[offs])) ? 0 : next.writeFinal(srcs, offs, len);
        }

        /**
         * Whether Undertow's write is held back ({@code refused}: its bare refusal, or anything after it), the
         * answer's bytes written in its place. Undertow writes its refusal as one buffer.
         */
        private boolean held(boolean refused) {
            if (refused) {
                writePending();
            }
            return refused;
        }

        @Override
        public long transferFrom(FileChannel src, long position, long count) throws IOException {
            return refusing ? 0 : next.transferFrom(src, position, count);
        }

        @Override
        public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
            if (refusing) {
                throughBuffer.limit(0);
                return 0;
            }
            return next.transferFrom(source, count, throughBuffer);
        }

        /** Undertow asks to be told when it may write: only while the answer's own bytes wait for the socket. */
        @Override
        public void resumeWrites() {
            if (!refusing || (pending != null && pending.hasRemaining() && !written)) {
                next.resumeWrites();
            }
        }

        @Override
        public boolean flush() throws IOException {
            return !refusing && next.flush();
        }

        private boolean refuses(ByteBuffer src) {
            if (!isBareBadRequest(src)) {
                return false;
            }
            refusing = true;
            deadline = connection.getIoThread().executeAfter(this::abandon, writeTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!onWorker) {
                pending = ByteBuffer.wrap(answer.to(connection));
                return true;
            }
            try {
                connection.getWorker().execute(this::make);
            } catch (RejectedExecutionException stopping) {
                abandon();
            }
            return true;
        }

        private void make() {
            try {
                byte[] bytes = answer.to(connection);
                connection.getIoThread().execute(() -> {
                    pending = ByteBuffer.wrap(bytes);
                    writePending();
                });
            } catch (RuntimeException e) {
                connection.getIoThread().execute(this::abandon);
                throw e;
            }
        }

        /** Writes what the socket takes of the answer; once all of it went, the lingering close. */
        private void writePending() {
            if (pending == null || written || !connection.isOpen()) {
                return;
            }
            try {
                while (pending.hasRemaining() && next.write(pending) > 0) {
                    // the socket took some; try the rest
                }
                if (pending.hasRemaining()) {
                    next.resumeWrites();
                    return;
                }
                if (!next.flush()) {
                    next.resumeWrites();
                    return;
                }
            } catch (IOException e) {
                abandon();
                return;
            }
            written = true;
            deadline.remove();
            next.suspendWrites();
            LingeringClose.begin(connection, next, rawSource, linger);
        }

        private void abandon() {
            IoUtils.safeClose(connection);
        }
    }
}
