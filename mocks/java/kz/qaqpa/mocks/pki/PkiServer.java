package kz.qaqpa.mocks.pki;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import kz.qaqpa.http.JdkHttpServers;

/**
 * HTTP face of the test НУЦ: GET /crl/issuing.crl, GET /crl/root.crl (the root's list of revoked CA certificates),
 * POST /ocsp, GET /ca/root.crt, GET /ca/issuing.crt (DER), and the GOST family's /crl/issuing-gost.crl,
 * /crl/root-gost.crl, /ca/root-gost.crt, /ca/issuing-gost.crt (one OCSP address answers for both), and POST /tsa,
 * RFC 3161 time-stamps ({@link TimeStampAuthority}). {@link #answerInstead} makes a GET address answer as someone on
 * the plain-HTTP path would.
 *
 * <p>Certificates carry the URL of this server, so start it on the port that {@link TestPki} was created with:
 * pick one with {@link #freePort()} first.
 */
public final class PkiServer {
    private static final int MAX_OCSP_REQUEST = 64 * 1024;
    private static final int MAX_TIME_STAMP_REQUEST = 64 * 1024;
    private static final int LOWEST_PICKED_PORT = 10_000;
    /** Linux's default ephemeral range starts here; /proc tells the actual one. */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-pki-http");
        t.setDaemon(true);
        return t;
    });
    private final TestPki pki;
    private final OcspResponder ocsp;
    private final TimeStampAuthority tsa;
    /** What a GET address answers instead of the published file (an empty body: 503). */
    private final Map<String, byte[]> instead = new ConcurrentHashMap<>();

    public PkiServer(TestPki pki, int port) {
        this.pki = pki;
        this.ocsp = new OcspResponder(pki);
        this.tsa = new TimeStampAuthority(pki);
        try {
            server = JdkHttpServers.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the test PKI server to port " + port, e);
        }
        server.setExecutor(executor);
        for (KeyAlgorithm family : KeyAlgorithm.values()) {
            String suffix = family.fileSuffix();
            server.createContext("/crl/issuing" + suffix + ".crl", ex -> get(ex, "application/pkix-crl", () -> pki.crl(family).getEncoded()));
            server.createContext("/crl/root" + suffix + ".crl", ex -> get(ex, "application/pkix-crl", () -> pki.rootCrl(family).getEncoded()));
            server.createContext("/ca/root" + suffix + ".crt", ex -> get(ex, "application/pkix-cert", () -> der(pki.root(family))));
            server.createContext("/ca/issuing" + suffix + ".crt", ex -> get(ex, "application/pkix-cert", () -> der(pki.issuing(family))));
        }
        server.createContext("/ocsp", this::ocsp);
        server.createContext("/tsa", this::timeStamp);
    }

    /**
     * A port that is free now and that nothing else is likely to take before the caller binds it: outside the
     * kernel's ephemeral range, which outgoing connections (of any process) draw their local ports from, chosen at
     * random and never handed out twice by this JVM. A port the kernel picks for a bind to port 0 lies inside that
     * range, and a busy machine's outgoing connections took such ports between the pick and the bind.
     */
    public static synchronized int freePort() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = LOWEST_PICKED_PORT + RANDOM.nextInt(below - LOWEST_PICKED_PORT);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST_PICKED_PORT + " and " + below);
    }

    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            int start = Integer.parseInt(range.trim().split("\\s+")[0]);
            return start > LOWEST_PICKED_PORT + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START; // not Linux
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public PkiServer start() {
        server.start();
        return this;
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public TestPki pki() {
        return pki;
    }

    /**
     * GET {@code path} (e.g. /crl/root.crl) answers {@code body} from now on, or 503 when it is empty: a list kept or
     * made up by someone on the path, or a CA's service that is down. {@link #answerAsPublished} undoes it.
     */
    public void answerInstead(String path, byte[] body) {
        instead.put(path, body.clone());
    }

    public void answerAsPublished(String path) {
        instead.remove(path);
    }

    private interface Body {
        byte[] get() throws Exception;
    }

    private void get(HttpExchange exchange, String contentType, Body body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] answer = instead.get(exchange.getRequestURI().getPath());
            if (answer != null && answer.length == 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            send(exchange, 200, contentType, answer != null ? answer : body.get());
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void ocsp(HttpExchange exchange) throws IOException {
        answerPost(exchange, MAX_OCSP_REQUEST, "application/ocsp-response", ocsp::respond);
    }

    private void timeStamp(HttpExchange exchange) throws IOException {
        answerPost(exchange, MAX_TIME_STAMP_REQUEST, "application/timestamp-reply", tsa::respond);
    }

    /** What a POST service answers to the request's bytes (OCSP, time-stamps). */
    private interface Responder {
        byte[] respond(byte[] request) throws IOException;
    }

    /** A POST of at most {@code maxRequest} bytes answered by {@code responder}; another method is 405. */
    private static void answerPost(HttpExchange exchange, int maxRequest, String contentType, Responder responder)
            throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readNBytes(maxRequest);
            }
            send(exchange, 200, contentType, responder.respond(request));
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] der(X509Certificate cert) throws GeneralSecurityException {
        return cert.getEncoded();
    }
}
