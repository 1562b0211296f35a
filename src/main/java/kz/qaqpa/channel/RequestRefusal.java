package kz.qaqpa.channel;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.ContentTypes;
import kz.qaqpa.http.LingeringClose;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * How {@link RequestBodyGuard} answers a request it refuses: a 404 for a path with a dot segment, else the
 * operation's signed ШЭП fault; either way the connection is closed after the answer, the body's rest not wanted.
 */
final class RequestRefusal {
    private static final byte[] NOT_FOUND = ("no such path: each channel is served at its own path, none with a . or"
            + " .. segment\n").getBytes(StandardCharsets.UTF_8);

    private final HttpLimits limits;
    private final Faults faults;

    RequestRefusal(HttpLimits limits, Faults faults) {
        this.limits = limits;
        this.faults = faults;
    }

    /** 404 in plain text, as for any path the gateway does not serve; the body is not read, so the connection closes. */
    void notFound(HttpServerExchange exchange) {
        exchange.setPersistent(false);
        exchange.setStatusCode(404);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ContentTypes.PLAIN_TEXT);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, NOT_FOUND.length);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        exchange.getResponseSender().send(ByteBuffer.wrap(NOT_FOUND), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange done, Sender sender) {
                abandon(done);
            }

            @Override
            public void onException(HttpServerExchange done, Sender sender, IOException e) {
                abandon(done);
            }
        });
    }

    /** The SOAP version the request declared by its Content-Type: its fault is in that version. */
    private static SoapVersion declaredVersion(HttpServerExchange exchange) {
        return SoapVersion.ofContentType(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
    }

    /** The HTTP status of the fault refusing the request, by the SOAP binding of the version it declared. */
    static int faultStatus(HttpServerExchange exchange, ShepException refusal) {
        return SoapEnvelopes.httpStatus(refusal.code().code(), declaredVersion(exchange), false);
    }

    /**
     * Runs on a worker thread (signing is CPU work). After a "too large" fault found while the body came in (the
     * limit already read), the rest of the body is read and thrown away, at most as much again as the limit and within
     * the request timeout, then the connection is closed: a client that sends its whole body before it reads (most
     * do) thus still gets the fault, and a larger body is cut off. After a timeout the connection is closed at once.
     */
    void sendFault(HttpServerExchange exchange, StreamSourceChannel body, ShepException refusal, int status) {
        // a slow sender's rest is not waited for
        sendFault(exchange, body, refusal, status,
                refusal.code() == FaultCode.MESSAGE_TOO_LARGE ? limits.maxMessageBytes() : 0);
    }

    /**
     * A body refused by its Content-Length before a byte of it was read (or asked for with Expect: 100-continue, which
     * gets no 100): the fault, then a {@link LingeringClose}. Session 41 read the body away through its framing when it
     * was within twice the limit and cut a larger one at the limit: the close with the rest unread was a TCP reset,
     * which may destroy the fault before the client reads it; and after Expect the connection waited for a body never
     * asked for until the request timeout (ops42).
     */
    void sendFaultForDeclaredLength(HttpServerExchange exchange, ShepException refusal) {
        sendFault(exchange, refusal, faultStatus(exchange, refusal), done -> LingeringClose.start(done, limits.linger()));
    }

    /** The fault, then at most {@code discardUpTo} bytes of the body's rest read and dropped (0: none) before the close. */
    void sendFault(HttpServerExchange exchange, StreamSourceChannel body, ShepException refusal, int status,
                           long discardUpTo) {
        sendFault(exchange, refusal, status, done -> new Discard(done, discardUpTo > 0 ? body : null, discardUpTo).start());
    }

    /** The operation's signed fault in the request's SOAP version, Connection: close; then {@code afterwards}. */
    private void sendFault(HttpServerExchange exchange, ShepException refusal, int status,
                           Consumer<HttpServerExchange> afterwards) {
        String operation = Faults.operationAt(exchange.getRequestPath());
        SoapVersion version = declaredVersion(exchange);
        byte[] fault = faults.refusal(refusal, SessionIds.next(), operation, version,
                ClientNetwork.of(exchange));
        exchange.setPersistent(false);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, version.contentType());
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, fault.length);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        exchange.getResponseSender().send(ByteBuffer.wrap(fault), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange done, Sender sender) {
                afterwards.accept(done);
            }

            @Override
            public void onException(HttpServerExchange done, Sender sender, IOException e) {
                abandon(done);
            }
        });
    }

    /**
     * Gives up on a request whose body is not wanted: the connection is closed (the body's rest would otherwise be
     * read as the next request; the channels speak HTTP/1.1 only, see ChannelHttpServer).
     */
    static void abandon(HttpServerExchange exchange) {
        IoUtils.safeClose(exchange.getConnection());
    }

    /** Reads and drops what is left of a refused body, bounded in bytes and time, then closes the connection. */
    private final class Discard {
        private final HttpServerExchange exchange;
        private final StreamSourceChannel channel;
        private final ByteBuffer sink = ByteBuffer.allocate(RequestBodyReader.READ_CHUNK);
        private long allowance;
        /** Framing without data while dropping: trailer fields would be held as they are while the rest is read. */
        private final WireBytes.Run framing;
        private XnioExecutor.Key deadline;
        private boolean stopped;

        Discard(HttpServerExchange exchange, StreamSourceChannel channel, long allowance) {
            this.exchange = exchange;
            this.channel = channel;
            this.allowance = allowance;
            this.framing = WireBytes.run(exchange);
        }

        void start() {
            if (channel == null) {
                abandon(exchange);
                return;
            }
            deadline = exchange.getIoThread().executeAfter(this::close, limits.requestTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            channel.getReadSetter().set(c -> drop());
            channel.resumeReads();
            exchange.getIoThread().execute(this::drop); // bytes the server already holds wake no listener
        }

        private void drop() {
            if (stopped) {
                return;
            }
            try {
                for (int read; (read = channel.read(sink.clear())) != 0; ) {
                    if (read < 0) {
                        stop(true);
                        return;
                    }
                    allowance -= read;
                    if (allowance < 0) {
                        close();
                        return;
                    }
                    framing.dataCame();
                }
                if (framing.withoutData() > limits.maxHeadBytes()) {
                    close();
                }
            } catch (IOException e) {
                close();
            }
        }

        private void close() {
            stop(false);
        }

        /** The whole body read: the exchange ends as any other (the HTTP/1.1 connection closes: not persistent). */
        private void stop(boolean bodyComplete) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (deadline != null) {
                deadline.remove();
            }
            channel.getReadSetter().set(null);
            if (bodyComplete) {
                exchange.endExchange();
            } else {
                abandon(exchange);
            }
        }
    }
}
