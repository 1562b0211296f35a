package kz.qaqpa.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The gateway's outgoing HTTP/1.1 (calls to state systems and callbacks, OCSP and CRL), on one pooled Apache
 * HttpClient (classic, blocking) whose connections are kept alive for reuse.
 *
 * <p>Blocking on the calling thread: the JDK's {@link java.net.http.HttpClient} hands every call to its selector and
 * worker threads and back through futures, which cost more CPU than the rest of a call on a small message. Not
 * {@code HttpURLConnection}: it writes a request's headers and body in two writes without TCP_NODELAY, so a small
 * body waits for the server's delayed ACK of the headers, about 40 ms per call on Linux. This client sets
 * TCP_NODELAY and sends headers and body in one flush, never {@code Expect: 100-continue}.
 */
public final class HttpCalls {
    /**
     * Idle connections are dropped after this long, before servers drop them: the JDK HTTP server's idle limit is
     * 30 s, and a connection the server closes just as it is reused fails the call.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(20);
    /** A pooled connection idle for longer than this is checked before it is used again. */
    private static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(1);
    /** Connections per peer; a caller beyond that waits for one (within its timeout). */
    private static final int MAX_PER_PEER = 64;
    private static final int MAX_TOTAL = 256;
    private static final CloseableHttpClient CLIENT = newClient();
    /** Aborts calls that outlive their timeout (one thread for all: it only cancels). */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "http-call-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true); // a call that ends in time leaves nothing queued
        return deadlines;
    }

    private static CloseableHttpClient newClient() {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_PER_PEER)
                .setMaxConnTotal(MAX_TOTAL)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setTimeToLive(TimeValue.ofMinutes(10))
                        .setValidateAfterInactivity(VALIDATE_AFTER_IDLE).build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .evictIdleConnections(TimeValue.of(KEEP_ALIVE))
                .disableRedirectHandling()
                .disableAutomaticRetries() // a POST is never sent twice behind the caller's back
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .build();
    }

    private HttpCalls() {
    }

    /** An answer with any status; {@code body} is at most the limit asked for. */
    public record Answer(int status, byte[] body) {
    }

    /**
     * POSTs {@code body}; {@code timeout} bounds the whole call (waiting for a pooled connection, connecting, sending
     * and reading the answer): a peer that trickles its answer, or sends one without end, holds the caller no longer.
     * Headers come in name, value pairs.
     */
    public static Answer post(URI uri, byte[] body, Duration timeout, int maxBytes, String... headers) throws IOException {
        HttpPost request = new HttpPost(checked(uri));
        request.setEntity(new ByteArrayEntity(body, null));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request, timeout, maxBytes);
    }

    public static Answer get(URI uri, Duration timeout, int maxBytes) throws IOException {
        return send(new HttpGet(checked(uri)), timeout, maxBytes);
    }

    private static Answer send(HttpUriRequestBase request, Duration timeout, int maxBytes) throws IOException {
        Timeout t = Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS);
        request.setConfig(RequestConfig.custom().setConnectionRequestTimeout(t).setConnectTimeout(t)
                .setResponseTimeout(t).build());
        // the timeouts above bound each wait; this, the whole call: it aborts the connection, and a blocked read fails
        ScheduledFuture<?> deadline = DEADLINES.schedule(request::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return CLIENT.execute(request, response -> read(response, request, maxBytes));
        } catch (IOException e) {
            if (request.isCancelled() && !(e instanceof TooLarge)) {
                throw new IOException("no complete answer from " + request.getRequestUri() + " within " + timeout, e);
            }
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("cannot call " + request.getRequestUri() + ": " + e.getMessage(), e);
        } finally {
            deadline.cancel(false);
        }
    }

    /** An answer over the limit asked for; its connection was aborted, not read to the end. */
    private static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private static Answer read(ClassicHttpResponse response, HttpUriRequestBase request, int maxBytes) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new Answer(response.getCode(), new byte[0]);
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                request.cancel(); // closing the stream would otherwise read the rest, however long it is
                throw new TooLarge("answer from " + request.getRequestUri() + " is larger than " + maxBytes + " bytes");
            }
            return new Answer(response.getCode(), bytes);
        }
    }

    private static URI checked(URI uri) throws IOException {
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IOException("unsupported URL scheme: " + uri);
        }
        return uri;
    }
}
