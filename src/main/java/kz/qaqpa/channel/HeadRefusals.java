package kz.qaqpa.channel;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.PeerNetwork;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The gateway's fault for a request head Undertow refuses itself, instead of Undertow's bare "400 Bad Request" (http56).
 *
 * <p>Undertow 2.3 refuses some heads before any handler of ours runs: a malformed request line or target, a head over
 * {@code qaqpa.http.max-head-bytes} or over 200 fields, an HTTP version other than 1.0 and 1.1, no Host on HTTP/1.1 or
 * two, a Content-Length that is no number or beside a Transfer-Encoding, two Content-Lengths; and, on a kept-alive
 * connection, bytes after a request that start no request (a body sent after a head that gave it no length). Its read
 * listener answers each itself ({@code HttpReadListener.sendBadRequestAndClose}: a fixed answer with no body, then the
 * close), with no option, error page or listener to change it. So this sits below Undertow's writing of every
 * connection, put there when it is accepted ({@link #watch}), sees that fixed answer go out, and sends the operation's
 * signed SCE001 fault in SOAP 1.1 (the head's Content-Type and path are not known) in its place, signed on a worker
 * thread, then the lingering close of a refused request ({@link LingeringClose}). Undertow's write is held meanwhile:
 * it waits for a writability that is never reported to it, so its close never comes; the gateway closes.
 *
 * <p>Undertow's reason is not shown to a handler (it goes to a debug log line), so the fault names the kinds of head
 * refused, not which; what the client sent is not echoed.
 */
public final class HeadRefusals {
    /** Undertow's own answer, as its read listener writes it (read from the running version, not copied). */
    private static final byte[] BARE_BAD_REQUEST = undertowsBadRequest();
    private static final String STATUS_LINE = "HTTP/1.1 400 Bad Request\r\n";
    private final HttpLimits limits;
    private final Faults faults;

    public HeadRefusals(HttpLimits limits, Faults faults) {
        this.limits = limits;
        this.faults = faults;
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
            throw new IllegalStateException("cannot answer refused heads with a fault: Undertow's HttpReadListener has"
                    + " no BAD_REQUEST answer (another Undertow version?)", e);
        }
    }

    /** Whether {@code src}, from its position, is Undertow's bare refusal and nothing else. */
    static boolean isBareBadRequest(ByteBuffer src) {
        return src.remaining() == BARE_BAD_REQUEST.length
                && src.mismatch(ByteBuffer.wrap(BARE_BAD_REQUEST)) == -1;
    }

    /** The refusal's answer: head and signed fault; runs on a worker thread. */
    private byte[] answer(StreamConnection connection) {
        ShepException refusal = new ShepException(FaultCode.MALFORMED_MESSAGE, "the request's head is not one this"
                + " server reads (RFC 9112): a malformed request line or field, a head over "
                + limits.maxHeadBytes() + " bytes, an HTTP version other than 1.1 and 1.0, no Host or two, a body"
                + " length given twice or both ways, or bytes after a request that start no request; the connection"
                + " is closed");
        byte[] fault = faults.refusal(refusal, SessionIds.next(), Faults.operationAt(""), SoapVersion.SOAP11,
                network(connection));
        byte[] head = (STATUS_LINE + "Content-Type: " + SoapVersion.SOAP11.contentType() + "\r\nContent-Length: "
                + fault.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(head.length + fault.length).put(head).put(fault).array();
    }

    private static InetAddress network(StreamConnection connection) {
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        return peer == null || peer.getAddress() == null ? null : PeerNetwork.of(peer.getAddress());
    }

    /**
     * One connection's writing: passes everything on until Undertow's bare refusal comes, then holds Undertow's
     * writes and sends the fault in its place (on the connection's I/O thread, as Undertow's writes).
     */
    private final class Watch extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private final StreamConnection connection;
        private final StreamSourceConduit rawSource;
        private boolean refusing;
        /** The fault's bytes not yet written; null while it is signed. */
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
         * Whether Undertow's write is held back ({@code refused}: its bare refusal, or anything after it), the fault's
         * bytes written in its place. Undertow writes its refusal as one buffer.
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

        /** Undertow asks to be told when it may write: only while the fault's own bytes wait for the socket. */
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
            deadline = connection.getIoThread().executeAfter(this::abandon, limits.writeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                connection.getWorker().execute(this::sign);
            } catch (RejectedExecutionException stopping) {
                abandon();
            }
            return true;
        }

        private void sign() {
            try {
                byte[] bytes = answer(connection);
                connection.getIoThread().execute(() -> {
                    pending = ByteBuffer.wrap(bytes);
                    writePending();
                });
            } catch (RuntimeException e) {
                connection.getIoThread().execute(this::abandon);
                throw e;
            }
        }

        /** Writes what the socket takes of the fault; once all of it went, the lingering close. */
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
            LingeringClose.begin(connection, next, rawSource, limits);
        }

        private void abandon() {
            IoUtils.safeClose(connection);
        }
    }
}
