package kz.qaqpa.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import kz.qaqpa.http.JdkHttpServers;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * For operators, as XML: {@code GET /applications/{correlationId}} shows the application's current state and every
 * regulation step it went through (step id, description, norm, start, due, end, outcome); {@code GET
 * /outbox/stopped} lists the callbacks the gateway gave up on, and {@code POST /outbox/restart/{id}} sends one
 * again once its recipient is fixed. Bind it to an internal interface only (qaqpa.operator.host).
 */
public final class OperatorConsole {
    private final HttpServer server;
    private final Applications applications;
    private final StatusHistory history;
    private final Outbox outbox;

    public OperatorConsole(String host, int port, Applications applications, StatusHistory history, Outbox outbox) {
        this.applications = applications;
        this.history = history;
        this.outbox = outbox;
        try {
            server = JdkHttpServers.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the operator console to " + host + ":" + port, e);
        }
        server.createContext("/applications/", this::application);
        server.createContext("/outbox/stopped", this::stoppedCallbacks);
        server.createContext("/outbox/restart/", this::restartCallback);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "operator-console");
            t.setDaemon(true);
            return t;
        }));
    }

    public OperatorConsole start() {
        server.start();
        return this;
    }

    public void stop() {
        server.stop(0);
    }

    private void application(HttpExchange exchange) throws IOException {
        String id = URLDecoder.decode(exchange.getRequestURI().getPath().substring("/applications/".length()),
                StandardCharsets.UTF_8);
        // correlationIds are guids in braces; curl users may leave the braces out
        Optional<Applications.Application> found = applications.byCorrelationId(id.startsWith("{") ? id : "{" + id + "}");
        byte[] body = found.map(a -> SecureXml.serialize(describe(a)))
                .orElse(("no application " + id).getBytes(StandardCharsets.UTF_8));
        respond(exchange, found.isPresent() ? 200 : 404, found.isPresent() ? "application/xml; charset=UTF-8"
                : "text/plain; charset=UTF-8", body);
    }

    /** Callbacks the gateway gave up on (the recipient refused them or never answered). */
    private void stoppedCallbacks(HttpExchange exchange) throws IOException {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElement("stopped");
        doc.appendChild(root);
        for (Outbox.Stopped s : outbox.stopped()) {
            Element e = doc.createElement("callback");
            e.setAttribute("id", String.valueOf(s.id()));
            add(e, "correlationId", s.correlationId());
            add(e, "recipient", s.targetSender());
            add(e, "attempts", String.valueOf(s.attempts()));
            add(e, "stoppedAt", String.valueOf(s.stoppedAt()));
            add(e, "lastError", s.lastError());
            root.appendChild(e);
        }
        respond(exchange, 200, "application/xml; charset=UTF-8", SecureXml.serialize(doc));
    }

    /** POST /outbox/restart/{id}: send a stopped callback again, once the recipient is fixed. */
    private void restartCallback(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "text/plain; charset=UTF-8", "use POST".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/outbox/restart/".length());
        boolean restarted = id.matches("\\d+") && outbox.restart(Long.parseLong(id));
        respond(exchange, restarted ? 200 : 404, "text/plain; charset=UTF-8",
                (restarted ? "restarted " : "no stopped callback ") .concat(id).getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Document describe(Applications.Application a) {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElement("application");
        doc.appendChild(root);
        add(root, "correlationId", a.correlationId());
        add(root, "serviceId", a.serviceId());
        add(root, "channel", a.channel());
        add(root, "senderId", a.senderId());
        add(root, "messageId", a.messageId());
        add(root, "messageState", a.messageState());
        add(root, "statusCode", a.statusCode());
        add(root, "statusMessage", a.statusMessage());
        add(root, "registrationNumber", a.registrationNumber());
        add(root, "resultKind", a.resultKind());
        Element steps = doc.createElement("steps");
        root.appendChild(steps);
        for (StatusHistory.Step s : history.of(a.correlationId())) {
            Element step = doc.createElement("step");
            step.setAttribute("id", s.stepId());
            add(step, "description", s.description());
            add(step, "norm", s.norm());
            add(step, "startedAt", String.valueOf(s.startedAt()));
            add(step, "dueAt", String.valueOf(s.dueAt()));
            add(step, "endedAt", String.valueOf(s.endedAt()));
            add(step, "outcome", s.outcome());
            steps.appendChild(step);
        }
        return doc;
    }

    private static void add(Element parent, String name, String text) {
        if (text != null) {
            Element e = parent.getOwnerDocument().createElement(name);
            e.setTextContent(text);
            parent.appendChild(e);
        }
    }
}
