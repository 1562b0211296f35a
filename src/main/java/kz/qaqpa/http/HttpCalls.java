package kz.qaqpa.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The gateway's outgoing HTTP/1.1 (calls to state systems and callbacks, OCSP and CRL), on one JDK client whose
 * pool keeps every connection alive for reuse.
 *
 * <p>Not {@code HttpURLConnection}: it writes a request's headers and body in two writes without TCP_NODELAY, so a
 * small body waits for the server's delayed ACK of the headers, about 40 ms per call on Linux. The JDK's
 * {@link HttpClient} sets TCP_NODELAY, never sends {@code Expect: 100-continue} unasked, and has no limit of five idle
 * connections per host.
 */
public final class HttpCalls {
    /**
     * Idle connections are dropped after this many seconds (the JDK default is 1200), before servers drop them: the
     * JDK HTTP server's idle limit is 30 s, and a connection the server closes just as it is reused fails the call.
     */
    static final String KEEP_ALIVE_SECONDS = "20";
    private static final HttpClient CLIENT = newClient();

    private static HttpClient newClient() {
        // read once, when the first client of the JVM is built
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", KEEP_ALIVE_SECONDS);
        }
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private HttpCalls() {
    }

    /** An answer with any status; {@code body} is at most the limit asked for. */
    public record Answer(int status, byte[] body) {
    }

    /** POSTs {@code body}; {@code timeout} bounds the whole call, connecting included. Headers come in name, value pairs. */
    public static Answer post(URI uri, byte[] body, Duration timeout, int maxBytes, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build(), maxBytes);
    }

    public static Answer get(URI uri, Duration timeout, int maxBytes) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), maxBytes);
    }

    private static Answer send(HttpRequest request, int maxBytes) throws IOException {
        if (!"http".equals(request.uri().getScheme()) && !"https".equals(request.uri().getScheme())) {
            throw new IOException("unsupported URL scheme: " + request.uri());
        }
        try {
            HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new IOException("answer from " + request.uri() + " is larger than " + maxBytes + " bytes");
                }
                return new Answer(response.statusCode(), bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling " + request.uri());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot call " + request.uri() + ": " + e.getMessage(), e);
        }
    }
}
