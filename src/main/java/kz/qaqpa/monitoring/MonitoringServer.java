package kz.qaqpa.monitoring;

import io.undertow.Handlers;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import kz.qaqpa.http.BoundedHttpServer;
import kz.qaqpa.http.ContentTypes;

/**
 * {@code GET /health} (200 or 503 with the state of each part as JSON) and {@code GET /metrics} (Prometheus text
 * format) on a port of their own: load balancers and Prometheus must reach them, while the operator console, which
 * shows personal data and can resend callbacks, stays on an internal interface; and neither belongs on the ШЭП
 * channels' port, whose every answer is a signed SOAP message. Nothing here is personal or changes anything, and
 * by default nothing names an internal address: {@code /health} gives each part's status; what was found (addresses,
 * a failing service's answer) is on the operator console's {@code /health}, as Spring Boot's health
 * {@code show-details} keeps it from whoever is not authorised.
 *
 * <p>Served by a {@link BoundedHttpServer}: this port is open to the network, and on the JDK's server two clients
 * that sent half a request and waited held both its threads, so that health checks went unanswered.
 */
public final class MonitoringServer {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final BoundedHttpServer server;
    private final Health health;
    private final GatewayMetrics metrics;
    private final boolean details;

    /**
     * @param details whether {@code /health} shows each part's detail (qaqpa.monitoring.health-details {@code always});
     *                by default ({@code never}) each part's status only, the details on the operator console
     * @param writeTimeout how long an answer's writing may make no progress (qaqpa.monitoring.write-timeout)
     */
    public MonitoringServer(String host, int port, Duration writeTimeout, Health health, GatewayMetrics metrics,
                            boolean details) {
        this.details = details;
        this.health = health;
        this.metrics = metrics;
        server = new BoundedHttpServer("monitoring endpoints", host, port,
                BoundedHttpServer.NETWORK_CLIENTS_PER_ADDRESS, writeTimeout, Handlers.path()
                .addPrefixPath("/health", BoundedHttpServer.only(this::health, Methods.GET, Methods.HEAD))
                .addPrefixPath("/metrics", BoundedHttpServer.only(this::metrics, Methods.GET, Methods.HEAD)));
    }

    public MonitoringServer start() {
        server.start();
        return this;
    }

    public void stop() {
        server.stop();
    }

    private void health(HttpServerExchange exchange) {
        Health.Report report = health.report();
        respond(exchange, report.up() ? 200 : 503, ContentTypes.JSON, Health.json(report, details));
    }

    private void metrics(HttpServerExchange exchange) {
        respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
    }

    private static void respond(HttpServerExchange exchange, int status, String contentType, String body) {
        BoundedHttpServer.respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
