package kz.qaqpa.trust;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import kz.qaqpa.http.HttpCalls;

/**
 * Fetches what revocation checking reads over HTTP: a CRL ({@link CrlClient}, GET) and an OCSP answer
 * ({@link OcspClient}, POST), each bounded by its timeout and in size; anything but HTTP 200 is refused.
 */
final class RevocationFetch {
    /** A CRL of a national CA is a few MB at most; anything larger is refused rather than buffered. */
    private static final int MAX_BYTES = 32 * 1024 * 1024;

    private RevocationFetch() {
    }

    static byte[] get(URI uri, Duration timeout) throws IOException {
        return ok(HttpCalls.get(uri, timeout, MAX_BYTES), uri);
    }

    static byte[] post(URI uri, String contentType, byte[] body, Duration timeout) throws IOException {
        return ok(HttpCalls.post(uri, body, timeout, MAX_BYTES, "Content-Type", contentType), uri);
    }

    private static byte[] ok(HttpCalls.Answer answer, URI uri) throws IOException {
        if (answer.status() != 200) {
            throw new IOException("HTTP " + answer.status() + " from " + uri);
        }
        return answer.body();
    }
}
