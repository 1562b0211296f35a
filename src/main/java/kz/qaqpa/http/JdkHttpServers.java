package kz.qaqpa.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK's built-in HTTP servers (the test PKI's, and some tests' own) with Nagle's algorithm off. The
 * gateway's own ports run on Undertow ({@link BoundedHttpServer}, CXF's server for the channels); the state systems'
 * mocks on HttpCore 5's blocking server (MockSoapServer, since session 49).
 *
 * <p>Why: on JDK 17 the server flushes a response's headers before writing its body (JDK-6968351), so the body waits
 * for the client's ACK of the headers, which a Linux client delays by about 40 ms. Every call to a mock on it then took
 * 40-44 ms with the CPU idle. {@code sun.net.httpserver.nodelay} is read once, when the first server of the JVM is
 * created, so every server is created here.
 */
public final class JdkHttpServers {
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private JdkHttpServers() {
    }

    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        synchronized (JdkHttpServers.class) {
            if (System.getProperty(NO_DELAY) == null) {
                System.setProperty(NO_DELAY, "true");
            }
        }
        return HttpServer.create(address, backlog);
    }
}
