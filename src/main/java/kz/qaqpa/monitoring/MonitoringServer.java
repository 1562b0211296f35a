package kz.qaqpa.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code GET /health} (200 or 503 with the state of each part as JSON) and {@code GET /metrics} (Prometheus text
 * format) on a port of their own: load balancers and Prometheus must reach them, while the operator console, which
 * shows personal data and can resend callbacks, stays on an internal interface; and neither belongs on the ШЭП
 * channels' port, whose every answer is a signed SOAP message. Nothing here is personal or changes anything.
 */
public final class MonitoringServer {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final HttpServer server;
    private final Health health;
    private final GatewayMetrics metrics;

    public MonitoringServer(String host, int port, Health health, GatewayMetrics metrics) {
        this.health = health;
        this.metrics = metrics;
        try {
            server = kz.qaqpa.http.JdkHttpServers.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the monitoring endpoints to " + host + ":" + port, e);
        }
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "monitoring");
            t.setDaemon(true);
            return t;
        }));
    }

    public MonitoringServer start() {
        server.start();
        return this;
    }

    public void stop() {
        server.stop(0);
    }

    private void health(HttpExchange exchange) throws IOException {
        Health.Report report = health.report();
        respond(exchange, report.up() ? 200 : 503, "application/json; charset=utf-8", Health.json(report));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
