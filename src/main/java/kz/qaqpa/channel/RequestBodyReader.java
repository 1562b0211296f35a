package kz.qaqpa.channel;

import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.PeerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads one request's body within the limits ({@link RequestBodyGuard} lets it start): its size, the shared
 * {@link BodyBudget}, the read and request timeouts; a complete body goes on to the next handler, anything else is
 * refused or abandoned. The body is read whenever bytes are there: first inside the exchange's handler call (on a
 * worker thread when a 100 (Continue) had to wait to go out), then on the connection's I/O thread only.
 */
final class RequestBodyReader {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyReader.class);
    static final int READ_CHUNK = 16 * 1024;
    /**
     * On Undertow's exchange of a body handed on: its bytes, the array the budget counts, for the gate to parse as
     * they are (a body sent as it is) instead of reading a copy of them from the request's stream.
     */
    static final AttachmentKey<byte[]> BODY = AttachmentKey.create(byte[].class);
    private static final int BAD_REQUEST = 400;

    private final HttpLimits limits;
    private final BodyBudget budget;
    /** The client's address, whose share of the budget this request holds. */
    private final InetAddress from;
    private final RequestRefusal refusals;
    private final HttpHandler next;
    /** The senders' lines for a worker thread the complete request waits in. */
    private final WorkerShares shares;
    private final HttpServerExchange exchange;
    private final long declaredLength;
    private BodyBytes body;
    /** Bytes of the shared budget this request holds: its declared length, or the pieces a chunked body has taken. */
    private final BodyHold hold;
    private final ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
    /**
     * True while start() runs inside the exchange's handler call: a body complete by then is handed on there, not
     * in a new root call, whose return would leave the outer call to end the exchange under CXF (an empty 200).
     */
    private boolean inHandler = true;
    /** What came without data since data last came: a trailer field is held by Undertow until its line ends. */
    private WireBytes.Run framing;
    private StreamSourceChannel channel;
    private XnioExecutor.Key deadline;
    private XnioExecutor.Key pauseCheck;
    private long lastReadNanos;
    private boolean finished;

    RequestBodyReader(HttpServerExchange exchange, long declaredLength, HttpLimits limits, BodyBudget budget,
                      RequestRefusal refusals, HttpHandler next, WorkerShares shares) {
        this.exchange = exchange;
        this.declaredLength = declaredLength;
        this.limits = limits;
        this.budget = budget;
        this.from = PeerNetwork.of(exchange.getSourceAddress().getAddress());
        this.refusals = refusals;
        this.next = next;
        this.shares = shares;
        this.hold = new BodyHold(budget, from);
    }

    void start() {
        if (declaredLength > 0 && !hold.holdUpTo(declaredLength)) {
            giveUp(() -> refuse(budget.busy()));
            return;
        }
        body = declaredLength > 0 ? BodyBytes.ofLength(hold, (int) declaredLength)
                : BodyBytes.ofUnknownLength(hold, limits.maxMessageBytes());
        channel = exchange.getRequestChannel();
        if (channel == null) {
            finish(this::handOn);
            return;
        }
        framing = WireBytes.run(exchange);
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
                    refuseEndlessFraming();
                    return;
                }
                if (read < 0) {
                    finish(this::handOn);
                    return;
                }
                take(read);
            }
        } catch (IOException e) {
            // a reset or a broken chunk (Undertow's chunk reader has closed the connection itself): nobody to answer
            LOG.debug("request body from {} not read: {}", exchange.getSourceAddress(), e.getMessage());
            giveUp(() -> RequestRefusal.abandon(exchange));
        }
    }

    /** The bytes just read join the body, within the size limit and the shared budget; beyond either, refused. */
    private void take(int read) {
        framing.dataCame();
        lastReadNanos = System.nanoTime();
        if (body.size() + read > limits.maxMessageBytes()) {
            giveUp(() -> refuse(tooLarge(limits, "the request body")));
        } else if (!body.add(chunk.array(), 0, read)) {
            giveUp(() -> refuse(budget.busy()));
        }
    }

    /**
     * A chunked body's framing without data (chunk-size lines, extensions, trailer fields) may take as much as a
     * head: Undertow parses it before any data is read, and holds a trailer field whole until its line ends.
     */
    private void refuseEndlessFraming() {
        if (framing.withoutData() > limits.maxHeadBytes()) {
            ShepException refusal = new ShepException(FaultCode.MALFORMED_MESSAGE, "more than " + limits.maxHeadBytes()
                    + " bytes came without body data (chunk-size lines, chunk extensions or trailer fields); at most"
                    + " as many as a head may have");
            // 400 as for the other framing refusals; the body's end is not in sight, so the connection is closed
            giveUp(() -> continueWith(ex -> ex.dispatch(() -> refusals.sendFault(ex, null, refusal, BAD_REQUEST))));
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
        hold.release();
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
     * The complete body goes back into the exchange, as if unread, for CXF to read from memory, and as the array it
     * is in ({@link #BODY}); its bytes stay counted against the budget until the exchange is over, with what the
     * route inflates from them ({@link BodyHold}). SCE911 when a chunked body's one array does not fit beside its
     * pieces.
     */
    private void handOn() {
        byte[] whole = body.whole();
        body = null;
        if (whole == null) {
            release();
            refuse(budget.busy());
            return;
        }
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            release();
            nextListener.proceed();
        });
        exchange.putAttachment(BodyHold.ATTACHMENT, hold);
        String line = WorkerShares.UNNAMED;
        if (whole.length > 0) {
            exchange.putAttachment(BODY, whole);
            line = shares.lineOf(ClaimedSender.in(whole, whole.length,
                    exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING)), from);
            Connectors.ungetRequestBytes(exchange, new ImmediatePooledByteBuffer(ByteBuffer.wrap(whole)));
        }
        Connectors.resetRequestChannel(exchange);
        shares.mark(exchange, line, from);
        String waitsIn = line;
        // CXF's handler runs on the worker its sender's line is given (quota49; the sender's only from a network it
        // has authenticated from, line51), in its network's turn (line50), not on the pool's next free one; a request
        // that waits longer than the request timeout is SCE911 instead, or closed unanswered when too many are (line51)
        continueWith(ex -> ex.dispatch(shares.executor(waitsIn, from, () -> refuseLate(ex),
                () -> closeLate(ex), ex.getConnection().getWorker(), this::onIoThreadAfter), next));
    }

    /**
     * line50: waited for a worker longer than the request timeout; answered SCE911 from WorkerShares' late-answer
     * thread, not a worker.
     */
    private void refuseLate(HttpServerExchange ex) {
        ShepException late = new ShepException(FaultCode.GATEWAY_BUSY, "no worker thread was free for the request"
                + " within " + limits.requestTimeout() + " (qaqpa.http.request-timeout); send the message again later");
        Connectors.executeRootHandler(e -> refusals.sendFault(e, null, late, RequestRefusal.faultStatus(e, late)), ex);
    }

    /**
     * line51: waited for a worker longer than the request timeout while as many late answers wait already as their
     * queue holds: the connection closed unanswered, on the timer's I/O thread. Its body's bytes are given back here,
     * since the exchange never runs to its end (a later release at its completion gives back nothing more).
     */
    private void closeLate(HttpServerExchange ex) {
        release();
        RequestRefusal.abandon(ex);
    }

    /** A timer on the connection's I/O thread; what it returns cancels it. */
    private Runnable onIoThreadAfter(Duration delay, Runnable task) {
        XnioExecutor.Key key = exchange.getIoThread().executeAfter(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return key::remove;
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

    static ShepException tooLarge(HttpLimits limits, String what) {
        return new ShepException(FaultCode.MESSAGE_TOO_LARGE, what + " is larger than the " + limits.maxMessageBytes()
                + " bytes a message may have");
    }
}
