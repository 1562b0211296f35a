package kz.qaqpa.channel;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.cxf.transport.http_undertow.CXFUndertowHttpHandler;

/**
 * Reads a request body on the I/O thread, without blocking, before CXF and the routes see it, so that neither a
 * large nor a slow request can take memory or a worker thread from anyone else:
 * <ul>
 * <li>a Content-Length above the limit is refused before a byte of the body is read;</li>
 * <li>a chunked (or lying) body is counted as it arrives and refused the moment it passes the limit;</li>
 * <li>a body that pauses for longer than the read timeout, or has not arrived in full within the request timeout,
 * is refused;</li>
 * <li>only a complete body within the limit is handed to the next handler, which then reads it from memory, on a
 * worker thread when its sender's turn comes ({@link WorkerShares}).</li>
 * </ul>
 * A refusal is the operation's signed ШЭП fault; the connection is closed after it (see
 * {@link RequestRefusal#sendFault}).
 */
public final class RequestBodyGuard implements CXFUndertowHttpHandler {
    private static final String CHUNKED = "chunked";
    private static final int BAD_REQUEST = 400;
    private final HttpLimits limits;
    private final RequestRefusal refusals;
    private final BodyBudget budget;
    private final WorkerShares shares;
    /** The paths CXF serves on this port ({@link ChannelHttpServer#addServant}), each a channel's own. */
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    /** The paths served with what lies below them ({@link ChannelHttpServer.ServesBelowItsPath}: the catalogue's). */
    private final Set<String> servedBelow = ConcurrentHashMap.newKeySet();
    private HttpHandler next;

    public RequestBodyGuard(HttpLimits limits, Faults faults, WorkerShares shares) {
        this.limits = limits;
        this.shares = shares;
        this.refusals = new RequestRefusal(limits, faults);
        this.budget = new BodyBudget(limits);
    }

    @Override
    public void setNext(HttpHandler next) {
        this.next = next;
    }

    /** Serves {@code path} (an endpoint started on this port), and what lies below it when {@code below}. */
    void serve(String path, boolean below) {
        served.add(path);
        if (below) {
            servedBelow.add(path);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        // the asterisk and authority forms (OPTIONS *, CONNECT host:port) name no path: refused by their method below
        if (path.startsWith("/") && !servedAt(path) || hasDotSegment(path) || hasPathParameters(exchange)) {
            refusals.notFound(exchange);
            return;
        }
        String framing = ambiguousFraming(exchange);
        if (framing != null) {
            ShepException refusal = new ShepException(FaultCode.MALFORMED_MESSAGE, framing + ": the body's length"
                    + " is not one every HTTP reader would agree on; send it with a Content-Length or chunked");
            exchange.dispatch(() -> refusals.sendFault(exchange, null, refusal, BAD_REQUEST));
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
        if (exchange.isHttp10() && exchange.isRequestComplete()
                && !exchange.getRequestHeaders().contains(Headers.CONTENT_LENGTH)) {
            refuseNoLength(exchange);
            return;
        }
        if (exchange.isRequestComplete()) {
            next.handleRequest(exchange); // Content-Length 0: CXF answers that as any empty request
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
                RequestRefusal.faultStatus(exchange, refusal), limits.maxMessageBytes()));
    }

    /**
     * attack54: an HTTP/1.0 POST without Content-Length has no body for the server (RFC 9112 6.3), though its client
     * (HTTP/1.0's send-until-close) may be sending one: refused by name instead of as an empty message, and closed
     * lingering as after a refused length, so that what it sends is no reset that destroys the fault. (On HTTP/1.1
     * Undertow itself answers such a body, read as the next request, with a bare 400: attack54's Left.)
     */
    private void refuseNoLength(HttpServerExchange exchange) {
        ShepException refusal = new ShepException(FaultCode.MALFORMED_MESSAGE, "a POST on HTTP/1.0 without"
                + " Content-Length has no body; send the message with a Content-Length");
        exchange.dispatch(() -> refusals.sendFaultForDeclaredLength(exchange, refusal));
    }

    private void refuseDeclaredLength(HttpServerExchange exchange, long declared) {
        ShepException refusal = RequestBodyReader.tooLarge(limits, "Content-Length " + declared);
        exchange.dispatch(() -> refusals.sendFaultForDeclaredLength(exchange, refusal));
    }

    /** Reads the body within the limits, once the client has been told to send it where it waits for that. */
    private void readBody(HttpServerExchange exchange, long declared) {
        if (HttpContinue.requiresContinueResponse(exchange)) {
            // the callback runs inside a handler call: this one when the 100 went out at once, else the one Undertow
            // dispatches when it has; the body may be there already (the client need not wait for the 100)
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                    reader(ex, declared).start();
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                    RequestRefusal.abandon(ex);
                }
            });
            return;
        }
        reader(exchange, declared).start();
    }

    private RequestBodyReader reader(HttpServerExchange exchange, long declared) {
        return new RequestBodyReader(exchange, declared, limits, budget, refusals, next, shares);
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
     * What makes a body's length one that a proxy in front of the gateway could read otherwise than Undertow does
     * (RFC 9112 6.1, 6.3), or null: a Transfer-Encoding other than chunked (Undertow reads any, "gzip" or "xchunked",
     * as chunked), one on HTTP/1.0, which has none, and a Content-Length past what a long holds (Undertow's parse
     * wraps round: 2^64+5 framed 5 bytes, the bytes after them were answered as a second request, and this guard's
     * own read of the header threw: an empty HTTP 500 and a stack trace). Refused from the head, the body unread and
     * the connection closed, as Undertow refuses a Content-Length beside a Transfer-Encoding, or two of either.
     */
    private static String ambiguousFraming(HttpServerExchange exchange) {
        String coding = exchange.getRequestHeaders().getFirst(Headers.TRANSFER_ENCODING);
        if (coding != null && (exchange.isHttp10() || !CHUNKED.equalsIgnoreCase(coding.trim()))) {
            return "Transfer-Encoding '" + coding + "' on " + exchange.getProtocol();
        }
        String length = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        if (length != null) {
            try {
                Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return "Content-Length '" + length + "'";
            }
        }
        return null;
    }

    /**
     * Whether {@code path} is an endpoint's own, or it with a trailing slash, or below a path served with what lies
     * below it (the catalogue's /catalogue/{id}, /xsd/{file}, /contract/{file}) (review62: CXF matches an endpoint by
     * prefix, so /shep/async/x/..%2f..%2fy was the async channel, a path a proxy in front that decodes %2f, strips
     * ;parameters or decodes twice reads as another address, its per-path access rules passed by).
     */
    private boolean servedAt(String path) {
        if (served.contains(path) || path.endsWith("/") && served.contains(path.substring(0, path.length() - 1))) {
            return true;
        }
        for (String tree : servedBelow) {
            if (path.startsWith(tree) && path.charAt(tree.length()) == '/') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the path had ";parameters" in any segment (review63): Undertow strips them before the path is read, so
     * /shep;x/async would be the async channel, while a proxy in front that keeps ";" as data (RFC 3986) sees another
     * address and passes by its per-path rules. No channel's path has one.
     */
    private static boolean hasPathParameters(HttpServerExchange exchange) {
        return !exchange.getPathParameters().isEmpty();
    }

    /**
     * A "." or ".." segment (Undertow has decoded %2e): no channel's path has one. CXF took /shep/async/../../x for the
     * channel and processed the message, then could not dispatch its answer to that path: the client got an HTML 500
     * after the request timeout and the log two stack traces, though the message was stored. Read in place: every
     * request passes here, and splitting the path made a list, an array and a string a segment (perf61b).
     */
    static boolean hasDotSegment(String path) {
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (isDots(path, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether {@code path}'s characters from {@code start} to {@code end} are "." or "..". */
    private static boolean isDots(String path, int start, int end) {
        int length = end - start;
        return (length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(end - 1) == '.';
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
}
