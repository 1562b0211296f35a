package kz.qaqpa.channel;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.cxf.transport.http_undertow.CXFUndertowHttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body on the I/O thread, without blocking, before CXF and the routes see it, so that neither a
 * large nor a slow request can take memory or a worker thread from anyone else:
 * <ul>
 * <li>a Content-Length above the limit is refused before a byte of the body is read;</li>
 * <li>a chunked (or lying) body is counted as it arrives and refused the moment it passes the limit;</li>
 * <li>a body that pauses for longer than the read timeout, or has not arrived in full within the request timeout,
 * is refused;</li>
 * <li>only a complete body within the limit is handed to the next handler, which then reads it from memory.</li>
 * </ul>
 * A refusal is the operation's signed ШЭП fault; the connection is closed after it (see
 * {@link RequestRefusal#sendFault}).
 */
public final class RequestBodyGuard implements CXFUndertowHttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyGuard.class);
    static final int READ_CHUNK = 16 * 1024;

    private final HttpLimits limits;
    private final RequestRefusal refusals;
    /** Bytes of request bodies held in memory now, by all requests together (at most limits.maxBufferedBytes). */
    private final AtomicLong buffered = new AtomicLong();
    private HttpHandler next;

    public RequestBodyGuard(HttpLimits limits, Faults faults) {
        this.limits = limits;
        this.refusals = new RequestRefusal(limits, faults);
    }

    @Override
    public void setNext(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (hasDotSegment(exchange.getRequestPath())) {
            refusals.notFound(exchange);
            return;
        }
        if (!Methods.POST.equals(exchange.getRequestMethod())) {
            refuseUnlessBodilessRead(exchange);
            return;
        }
        String charset = unknownCharset(exchange);
        if (charset != null) {
            refuseCharset(exchange, charset);
            return;
        }
        if (exchange.isRequestComplete()) {
            next.handleRequest(exchange); // no body: CXF answers that as any empty request
            return;
        }
        long declared = exchange.getRequestContentLength();
        if (declared > limits.maxMessageBytes()) {
            refuseDeclaredLength(exchange, declared);
            return;
        }
        readBody(exchange, declared);
    }

    private void refuseCharset(HttpServerExchange exchange, String charset) {
        ShepException refusal = new ShepException(FaultCode.MALFORMED_MESSAGE, "the Content-Type names a"
                + " character set nobody knows ('" + charset + "'); XML says its encoding in its declaration,"
                + " UTF-8 without one");
        exchange.dispatch(() -> refusals.sendFault(exchange, exchange.getRequestChannel(), refusal,
                RequestRefusal.faultStatus(exchange, refusal), true));
    }

    private void refuseDeclaredLength(HttpServerExchange exchange, long declared) {
        StreamSourceChannel body = exchange.getRequestChannel();
        ShepException refusal = tooLarge("Content-Length " + declared);
        exchange.dispatch(() -> refusals.sendFault(exchange, body, refusal,
                RequestRefusal.faultStatus(exchange, refusal)));
    }

    /** Reads the body within the limits, once the client has been told to send it where it waits for that. */
    private void readBody(HttpServerExchange exchange, long declared) {
        if (HttpContinue.requiresContinueResponse(exchange)) {
            // the callback runs inside a handler call: this one when the 100 went out at once, else the one Undertow
            // dispatches when it has; the body may be there already (the client need not wait for the 100)
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                    new BodyReader(ex, declared).start();
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                    RequestRefusal.abandon(ex);
                }
            });
            return;
        }
        new BodyReader(exchange, declared).start();
    }

    /**
     * Only POST carries a message. GET and HEAD without a body go on (?wsdl, ?xsd, the catalogue); any other method,
     * or a body with GET or HEAD, is refused from its head (405 with the signed fault), its body not read: CXF would
     * otherwise read it whole, unbounded and on a worker thread.
     */
    private void refuseUnlessBodilessRead(HttpServerExchange exchange) throws Exception {
        boolean read = Methods.GET.equals(exchange.getRequestMethod()) || Methods.HEAD.equals(exchange.getRequestMethod());
        if (read && exchange.isRequestComplete()) {
            next.handleRequest(exchange);
            return;
        }
        ShepException refusal = new ShepException(FaultCode.MALFORMED_MESSAGE, "ШЭП messages are sent with POST, not "
                + exchange.getRequestMethod() + (read ? " with a body" : ""));
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, POST");
        exchange.dispatch(() -> refusals.sendFault(exchange, null, refusal, 405));
    }

    /**
     * A "." or ".." segment (Undertow has decoded %2e): no channel's path has one. CXF took /shep/async/../../x for the
     * channel and processed the message, then could not dispatch its answer to that path: the client got an HTML 500
     * after the request timeout and the log two stack traces, though the message was stored.
     */
    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (".".equals(segment) || "..".equals(segment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Content-Type's charset when this JVM does not know it, else null. CXF refuses such a request itself, with an
     * HTML page instead of a ШЭП fault; the gateway reads the encoding from the XML (its byte-order mark and
     * declaration) and needs the parameter for nothing else.
     */
    private static String unknownCharset(HttpServerExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String charset = contentType == null ? null : Headers.extractQuotedValueFromHeader(contentType, "charset");
        if (charset == null) {
            return null;
        }
        try {
            return Charset.isSupported(charset) ? null : charset;
        } catch (IllegalCharsetNameException e) {
            return charset;
        }
    }

    /** Takes {@code bytes} of the shared budget, or nothing and false when they do not fit. */
    private boolean reserve(long bytes) {
        if (buffered.addAndGet(bytes) <= limits.maxBufferedBytes()) {
            return true;
        }
        buffered.addAndGet(-bytes);
        return false;
    }

    private ShepException busy() {
        return new ShepException(FaultCode.GATEWAY_BUSY, "the gateway holds as many request bytes as it may ("
                + limits.maxBufferedBytes() + "); send the message again later");
    }

    private ShepException tooLarge(String what) {
        return new ShepException(FaultCode.MESSAGE_TOO_LARGE, what + " is larger than the " + limits.maxMessageBytes()
                + " bytes a message may have");
    }

    /**
     * One request's body, read whenever bytes are there: first inside the exchange's handler call (on a worker thread
     * when a 100 (Continue) had to wait to go out), then on the connection's I/O thread only.
     */
    private final class BodyReader {
        private final HttpServerExchange exchange;
        private final long declaredLength;
        private Body body;
        /** Bytes of the shared budget this request holds: its declared length, or what has come of a chunked body. */
        private long reserved;
        private final ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
        /**
         * True while start() runs inside the exchange's handler call: a body complete by then is handed on there, not
         * in a new root call, whose return would leave the outer call to end the exchange under CXF (an empty 200).
         */
        private boolean inHandler = true;
        private StreamSourceChannel channel;
        private XnioExecutor.Key deadline;
        private XnioExecutor.Key pauseCheck;
        private long lastReadNanos;
        private boolean finished;

        BodyReader(HttpServerExchange exchange, long declaredLength) {
            this.exchange = exchange;
            this.declaredLength = declaredLength;
        }

        void start() {
            if (declaredLength > 0 && !reserve(declaredLength)) {
                giveUp(() -> refuse(busy()));
                return;
            }
            reserved = Math.max(declaredLength, 0);
            body = new Body(declaredLength > 0 ? (int) declaredLength : READ_CHUNK);
            channel = exchange.getRequestChannel();
            if (channel == null) {
                finish(this::handOn);
                return;
            }
            deadline = exchange.getIoThread().executeAfter(this::timedOut, limits.requestTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            lastReadNanos = System.nanoTime();
            checkPauseIn(limits.readTimeout().toNanos());
            channel.getReadSetter().set(c -> readAvailable());
            readAvailable();
            inHandler = false;
            if (!finished) {
                channel.resumeReads();
            }
        }

        private void readAvailable() {
            try {
                while (!finished) {
                    chunk.clear();
                    int read = channel.read(chunk);
                    if (read == 0) {
                        return;
                    }
                    if (read < 0) {
                        finish(this::handOn);
                        return;
                    }
                    lastReadNanos = System.nanoTime();
                    if (body.size() + read > limits.maxMessageBytes()) {
                        giveUp(() -> refuse(tooLarge("the request body")));
                        return;
                    }
                    if (body.size() + read > reserved) {
                        long more = body.size() + read - reserved;
                        if (!reserve(more)) {
                            giveUp(() -> refuse(busy()));
                            return;
                        }
                        reserved += more;
                    }
                    body.write(chunk.array(), 0, read);
                }
            } catch (IOException e) {
                // a read timeout, a reset or a broken chunk: the client is gone or broken, nobody to answer
                LOG.debug("request body from {} not read: {}", exchange.getSourceAddress(), e.getMessage());
                giveUp(() -> RequestRefusal.abandon(exchange));
            }
        }

        private void timedOut() {
            if (!finished) {
                giveUp(() -> refuse(new ShepException(FaultCode.MALFORMED_MESSAGE,
                        "the request body did not arrive in full within " + limits.requestTimeout())));
            }
        }

        /** One timer per read timeout, not one per read: it looks at when the last byte came and waits on if needed. */
        private void checkPauseIn(long nanos) {
            pauseCheck = exchange.getIoThread().executeAfter(this::checkPause, nanos, TimeUnit.NANOSECONDS);
        }

        private void checkPause() {
            if (finished) {
                return;
            }
            long quiet = System.nanoTime() - lastReadNanos;
            long allowed = limits.readTimeout().toNanos();
            if (quiet < allowed) {
                checkPauseIn(allowed - quiet);
                return;
            }
            giveUp(() -> refuse(new ShepException(FaultCode.MALFORMED_MESSAGE,
                    "the request body paused for longer than " + limits.readTimeout())));
        }

        /** Refused or abandoned: its bytes go back to the budget at once. */
        private void giveUp(Runnable then) {
            finish(() -> {
                release();
                then.run();
            });
        }

        private void release() {
            buffered.addAndGet(-reserved);
            reserved = 0;
        }

        private void finish(Runnable then) {
            finished = true;
            if (deadline != null) {
                deadline.remove();
            }
            if (pauseCheck != null) {
                pauseCheck.remove();
            }
            if (channel != null) {
                channel.getReadSetter().set(null);
                channel.suspendReads();
            }
            then.run();
        }

        /**
         * The complete body goes back into the exchange, as if unread, for CXF to read from memory; its bytes stay
         * counted against the budget until the exchange is over.
         */
        private void handOn() {
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                release();
                nextListener.proceed();
            });
            if (body != null && body.size() > 0) {
                Connectors.ungetRequestBytes(exchange, new ImmediatePooledByteBuffer(body.asBuffer()));
            }
            body = null;
            Connectors.resetRequestChannel(exchange);
            continueWith(next);
        }

        private void refuse(ShepException refusal) {
            continueWith(ex -> ex.dispatch(() -> refusals.sendFault(ex, channel, refusal,
                    RequestRefusal.faultStatus(ex, refusal))));
        }

        private void continueWith(HttpHandler handler) {
            if (inHandler) {
                try {
                    handler.handleRequest(exchange);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                Connectors.executeRootHandler(handler, exchange);
            }
        }
    }

    /** The bytes of a body as they came, handed on without a copy. */
    private static final class Body extends ByteArrayOutputStream {
        Body(int capacity) {
            super(capacity);
        }

        ByteBuffer asBuffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}
