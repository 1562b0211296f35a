package kz.qaqpa.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** Minimal blocking HTTP for OCSP and CRL fetching; every call has a connect and read timeout. */
final class Http {
    /** A CRL of a national CA is a few MB at most; anything larger is refused rather than buffered. */
    private static final int MAX_BYTES = 32 * 1024 * 1024;

    private Http() {
    }

    static byte[] get(URI uri, Duration timeout) throws IOException {
        HttpURLConnection connection = open(uri, timeout);
        return readBody(connection, uri);
    }

    static byte[] post(URI uri, String contentType, byte[] body, Duration timeout) throws IOException {
        HttpURLConnection connection = open(uri, timeout);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", contentType);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        return readBody(connection, uri);
    }

    private static HttpURLConnection open(URI uri, Duration timeout) throws IOException {
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IOException("unsupported URL scheme: " + uri);
        }
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setInstanceFollowRedirects(false);
        return connection;
    }

    private static byte[] readBody(HttpURLConnection connection, URI uri) throws IOException {
        try {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status + " from " + uri);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("response from " + uri + " is larger than " + MAX_BYTES + " bytes");
                }
                return bytes;
            }
        } finally {
            connection.disconnect();
        }
    }
}
