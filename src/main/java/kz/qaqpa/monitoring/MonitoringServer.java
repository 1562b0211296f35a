package kz.qaqpa.monitoring;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /health} (200 or 503 with the state of each part as JSON) and {@code GET /metrics} (Prometheus text
 * format) on a port of their own: load balancers and Prometheus must reach them, while the operator console, which
 * shows personal data and can resend callbacks, stays on an internal interface; and neither belongs on the ШЭП
 * channels' port, whose every answer is a signed SOAP message. Nothing here is personal or changes anything.
 *
 * <p>Served by Undertow, which reads a request's head on its I/O thread without blocking and closes a connection whose
 * head does not arrive in time: this port is open to the network, and on the JDK's server two clients that send half
 * a request and wait held both its threads, so that health checks went unanswered for as long as they waited.
 */
public final class MonitoringServer {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** A request's head must arrive within this; an idle kept-alive connection is closed after the second. */
    private static final int HEAD_TIMEOUT_MILLIS = 10_000;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final int WORKER_THREADS = 2;
    private final Undertow server;
    private final Health health;
    private final GatewayMetrics metrics;

    public MonitoringServer(String host, int port, Health health, GatewayMetrics metrics) {
        this.health = health;
        this.metrics = metrics;
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(1)
                .setWorkerThreads(WORKER_THREADS)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, HEAD_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .setHandler(new BlockingHandler(Handlers.path()
                        .addPrefixPath("/health", this::health)
                        .addPrefixPath("/metrics", this::metrics)))
                .build();
    }

    public MonitoringServer start() {
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the monitoring endpoints: " + e.getMessage(), e);
        }
        return this;
    }

    public void stop() {
        server.stop();
    }

    private void health(HttpServerExchange exchange) {
        Health.Report report = health.report();
        respond(exchange, report.up() ? 200 : 503, "application/json; charset=utf-8", Health.json(report));
    }

    private void metrics(HttpServerExchange exchange) {
        respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
    }

    private static void respond(HttpServerExchange exchange, int status, String contentType, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }
}
