package kz.qaqpa.operator;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import kz.qaqpa.evidence.MessageLogEvidence;
import kz.qaqpa.http.BoundedHttpServer;
import kz.qaqpa.monitoring.Health;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.store.StoreBackup;
import kz.qaqpa.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * For operators, as XML: {@code GET /applications/{correlationId}} shows the application's current state, every
 * regulation step it went through (step id, description, norm, start, due, end, outcome, late or not), the plan
 * made at acceptance and the documents its channel sent (consent, questionnaire); {@code GET /overdue} lists the
 * planned steps past their due time; {@code GET /outbox/stopped} lists the callbacks the gateway gave up on (both a
 * page at a time), and
 * {@code POST /outbox/restart/{id}} sends one again once its recipient is fixed; {@code GET /in-flight} lists the
 * applications not yet final, a page at a time (what a service being withdrawn waits for). Bind it to an internal
 * interface only (qaqpa.operator.host). {@code GET /diagrams/{routeId}} shows a regulation's diagram (docs/diagrams).
 * {@code GET /message-log/verify} verifies the whole message log while the gateway runs (200 with "OK: …", or 409
 * naming the first bad record; with {@code ?progress} a line every few seconds while it runs, the verdict last) and
 * {@code GET /message-log/export/{correlationId}} gives one application's export
 * (a zip that {@code LogVerifier --verify-export} checks offline); one of the two at a time (503 meanwhile).
 * {@code POST /message-log/archive} moves the old records into archive files
 * ({@link kz.qaqpa.evidence.MessageLogArchive}).
 * {@code POST /store/backup} backs the running store up ({@link kz.qaqpa.store.StoreBackup}).
 * {@code GET /health} is the monitoring port's health report with each part's detail, which names internal addresses
 * and failures (the monitoring port shows only the statuses unless told otherwise). A request a web page could have
 * made (another host's name, an Origin) is refused before any of these ({@link LocalCallers}).
 *
 * <p>Served by a {@link BoundedHttpServer}: clients that send half a request and wait hold none of its threads.
 */
public final class OperatorConsole {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorConsole.class);
    /** Where the build puts docs/diagrams on the classpath (pom.xml). */
    private static final String DIAGRAMS = "diagrams/";
    private final BoundedHttpServer server;
    private final Applications applications;
    private final StatusHistory history;
    private final Outbox outbox;
    private final StepPlans plans;
    private final ApplicationDocuments documents;
    private final Clock clock;
    private final StoreBackup backups;
    private final Health health;
    private final Paging paging;

    /**
     * @param writeTimeout how long an answer's writing may make no progress (qaqpa.operator.write-timeout)
     * @param pageSize the most rows one page of {@code /in-flight}, {@code /overdue} or {@code /outbox/stopped} lists
     *                 (qaqpa.operator.page-size)
     */
    public OperatorConsole(String host, int port, Duration writeTimeout, int pageSize, Applications applications,
                           StatusHistory history, Outbox outbox, StepPlans plans, ApplicationDocuments documents,
                           Clock clock, MessageLogEvidence evidence, StoreBackup backups, Health health) {
        this.health = health;
        this.paging = new Paging(pageSize);
        this.backups = backups;
        this.clock = clock;
        this.plans = plans;
        this.documents = documents;
        this.applications = applications;
        this.history = history;
        this.outbox = outbox;
        MessageLogPages log = new MessageLogPages(evidence, clock);
        // each handler answers its path and what lies below it (/applications/{id}: the rest is its argument)
        // pages are read with GET (or HEAD); the one action takes POST: any other method is 405 naming the one it takes
        server = new BoundedHttpServer("operator console", host, port, BoundedHttpServer.NO_SHARE_PER_ADDRESS,
                writeTimeout, new LocalCallers(host, Handlers.path(ConsolePages::answer)
                .addPrefixPath("/applications/", reads(this::application))
                .addPrefixPath("/outbox/stopped", reads(this::stoppedCallbacks))
                .addPrefixPath("/overdue", reads(this::overdueSteps))
                .addPrefixPath("/in-flight", reads(this::inFlight))
                .addPrefixPath("/outbox/restart/", only(this::restartCallback, Methods.POST))
                .addPrefixPath("/store/backup", only(this::backup, Methods.POST))
                .addPrefixPath("/message-log/verify", reads(log.oneAtATime(log::verify)))
                .addPrefixPath("/message-log/export/", reads(log.oneAtATime(log::export)))
                .addPrefixPath("/message-log/archive", only(log::archive, Methods.POST))
                .addPrefixPath("/diagrams/", reads(this::diagram))
                .addPrefixPath("/health", reads(this::health))));
    }

    public OperatorConsole start() {
        server.start();
        return this;
    }

    public void stop() {
        server.stop();
    }

    private static HttpHandler reads(HttpHandler page) {
        return only(page, Methods.GET, Methods.HEAD);
    }

    private static HttpHandler only(HttpHandler handler, HttpString... methods) {
        List<HttpString> allowed = List.of(methods);
        String allow = String.join(", ", allowed.stream().map(Object::toString).toList());
        return exchange -> {
            if (allowed.contains(exchange.getRequestMethod())) {
                handler.handleRequest(exchange);
            } else {
                exchange.getResponseHeaders().put(Headers.ALLOW, allow);
                respond(exchange, 405, "text/plain; charset=UTF-8", ("use " + allow).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private void application(HttpServerExchange exchange) throws IOException {
        String id = rest(exchange);
        Optional<Applications.Application> found = applications.byCorrelationId(braced(id));
        byte[] body = found.map(a -> SecureXml.serialize(describe(a)))
                .orElse(("no application " + id).getBytes(StandardCharsets.UTF_8));
        respond(exchange, found.isPresent() ? 200 : 404, found.isPresent() ? "application/xml; charset=UTF-8"
                : "text/plain; charset=UTF-8", body);
    }

    /** A correlationId as a key's part: without its braces, which a URL would need escaped. */
    private static String unbraced(String correlationId) {
        return correlationId.replaceAll("^\\{(.*)}$", "$1");
    }

    /** correlationIds are guids in braces; curl users may leave the braces out (raw braces in a URL need escaping). */
    private static String braced(String correlationId) {
        return correlationId.startsWith("{") ? correlationId : "{" + correlationId + "}";
    }

    /** GET /in-flight's parameters beside the page's. */
    private static final Paging.Form IN_FLIGHT = new Paging.Form(Set.of("service"), "service=ID, ", "CORRELATION_ID");
    /** GET /overdue's key: the due time (UTC), the application and the step's place in its plan. */
    private static final Paging.Form OVERDUE = new Paging.Form(Set.of(), "", "DUE_AT,CORRELATION_ID,SEQ");
    /** GET /outbox/stopped's key: when the callback stopped (UTC) and its id. */
    private static final Paging.Form STOPPED = new Paging.Form(Set.of(), "", "STOPPED_AT,ID");

    /**
     * GET /in-flight[?service=ID][&after=CORRELATION_ID][&limit=N]: the applications not yet final, the rows the
     * start's in-flight check counts, by correlationId (about the order they were accepted in), of one service if
     * asked, a page at a time ({@link Paging}): what holds a service being withdrawn (docs/operations.md,
     * "Withdrawing a service"). {@code total} is how many there are in all.
     */
    private void inFlight(HttpServerExchange exchange) {
        Optional<Paging.Asked> asked = paging.asked(exchange, IN_FLIGHT);
        if (asked.isEmpty()) {
            return;
        }
        String after = asked.get().after();
        String serviceId = asked.get().parameter("service");
        Applications.InFlightPage read = applications.inFlightPage(serviceId, after == null ? "" : braced(after),
                asked.get().limit() + 1);
        Paging.Page<Applications.Listed> page = asked.get().cut(read.applications(), Applications.Listed::correlationId);
        respond(exchange, 200, "application/xml; charset=UTF-8", SecureXml.serialize(ConsoleXml.inFlight(
                new Applications.InFlightPage(page.rows(), read.total()), serviceId, asked.get().limit(), page.next())));
    }

    /** The monitoring port's health report with each part's detail (addresses, failures: for the operator only). */
    private void health(HttpServerExchange exchange) {
        Health.Report report = health.report();
        respond(exchange, report.up() ? 200 : 503, "application/json; charset=utf-8",
                Health.json(report, true).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * GET /outbox/stopped[?after=STOPPED_AT,ID][&limit=N]: the callbacks the gateway gave up on (the recipient refused
     * them or never answered), by the time they stopped, then id, a page at a time ({@link Paging}).
     */
    private void stoppedCallbacks(HttpServerExchange exchange) {
        Optional<Paging.Asked> asked = paging.asked(exchange, STOPPED);
        Optional<Outbox.StoppedKey> after = asked.flatMap(a -> key(exchange, STOPPED, a, OperatorConsole::stoppedKey));
        if (after.isEmpty()) {
            return;
        }
        Paging.Page<Outbox.Stopped> page = asked.get().cut(outbox.stopped(after.get(), asked.get().limit() + 1),
                s -> s.stoppedAt().toInstant() + "," + s.id());
        respond(exchange, 200, "application/xml; charset=UTF-8", SecureXml.serialize(ConsoleXml.stopped(page.rows(),
                new ConsoleXml.Paged(outbox.stoppedCount(), asked.get().limit(), page.next()))));
    }

    /**
     * GET /overdue[?after=DUE_AT,CORRELATION_ID,SEQ][&limit=N]: the planned steps still open after their due time,
     * oldest first, a page at a time ({@link Paging}).
     */
    private void overdueSteps(HttpServerExchange exchange) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Paging.Asked> asked = paging.asked(exchange, OVERDUE);
        Optional<StepPlans.OverdueKey> after = asked.flatMap(a -> key(exchange, OVERDUE, a, OperatorConsole::overdueKey));
        if (after.isEmpty()) {
            return;
        }
        Paging.Page<StepPlans.Planned> page = asked.get().cut(plans.overdue(now, after.get(), asked.get().limit() + 1),
                p -> p.dueAt().toInstant() + "," + unbraced(p.correlationId()) + "," + p.seq());
        respond(exchange, 200, "application/xml; charset=UTF-8", SecureXml.serialize(ConsoleXml.overdue(page.rows(),
                new ConsoleXml.Paged(plans.overdueCount(now), asked.get().limit(), page.next()))));
    }

    /** The key {@code asked} starts after, {@code first} without one; empty after answering 400 to one not read. */
    private <K> Optional<K> key(HttpServerExchange exchange, Paging.Form form, Paging.Asked asked,
                                Function<String[], K> read) {
        try {
            return Optional.of(read.apply(asked.after() == null ? null : asked.after().split(",", -1)));
        } catch (RuntimeException e) { // a key of another form, a time or number that does not read
            paging.refuse(exchange, form);
            return Optional.empty();
        }
    }

    private static StepPlans.OverdueKey overdueKey(String[] parts) {
        if (parts == null) {
            return StepPlans.OverdueKey.FIRST;
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a key of an overdue step");
        }
        return new StepPlans.OverdueKey(utc(parts[0]), braced(parts[1]), Integer.parseInt(parts[2]));
    }

    private static Outbox.StoppedKey stoppedKey(String[] parts) {
        if (parts == null) {
            return Outbox.StoppedKey.FIRST;
        }
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a key of a stopped callback");
        }
        return new Outbox.StoppedKey(utc(parts[0]), Long.parseLong(parts[1]));
    }

    private static OffsetDateTime utc(String instant) {
        return Instant.parse(instant).atOffset(ZoneOffset.UTC);
    }

    /**
     * POST /store/backup: a backup of the store while the gateway runs (docs/operations.md, "Backup and restore");
     * 503 while another is taken, 507 when its disk has no room for it, 500 naming why one failed (nothing kept).
     */
    private void backup(HttpServerExchange exchange) throws IOException {
        Optional<Path> taken;
        try {
            taken = backups.take();
        } catch (StoreBackup.NoRoom e) {
            LOG.warn("no backup taken: {}", e.getMessage());
            respond(exchange, io.undertow.util.StatusCodes.INSUFFICIENT_STORAGE, "text/plain; charset=UTF-8",
                    ("no backup taken: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        } catch (RuntimeException e) {
            LOG.warn("backup failed: {}", e.toString());
            respond(exchange, 500, "text/plain; charset=UTF-8", ("the backup failed, nothing of it kept: "
                    + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (taken.isPresent()) {
            LOG.info("store backed up to {}", taken.get());
        }
        respond(exchange, taken.isPresent() ? 200 : 503, "text/plain; charset=UTF-8", taken
                .map(dir -> "backed up to " + dir + "\n").orElse("a backup is being taken; ask again when it has ended\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * POST /outbox/restart/{id}: send a stopped callback again, once the recipient is fixed. When later callbacks of its
     * application went to the recipient meanwhile, this one arrives after them: the answer and the log say so.
     */
    private void restartCallback(HttpServerExchange exchange) throws IOException {
        String id = rest(exchange);
        Optional<Outbox.Pending> entry = id.matches("\\d{1,18}") // 19 digits may overflow
                ? outbox.restarted(Long.parseLong(id)) : Optional.empty();
        boolean restarted = entry.isPresent();
        long later = restarted ? outbox.deliveredAfter(Long.parseLong(id)) : 0;
        String late = later == 0 ? "" : ", out of order: " + later + " later callback(s) of its application to the"
                + " same recipient were delivered before it";
        // named by its application, as every line of an application's life is (README, Logs; ops43)
        entry.ifPresent(e -> {
            String line = "application {} callback {} to {} restarted by the operator{}";
            if (later > 0) {
                LOG.warn(line, e.correlationId(), id, e.targetSender(), late);
            } else {
                LOG.info(line, e.correlationId(), id, e.targetSender(), "");
            }
        });
        respond(exchange, restarted ? 200 : 404, "text/plain; charset=UTF-8",
                (restarted ? "restarted " + id + late : "no stopped callback " + id).getBytes(StandardCharsets.UTF_8));
    }

    /** GET /diagrams/{routeId}: a regulation's diagram as committed under docs/diagrams (Mermaid in Markdown). */
    private void diagram(HttpServerExchange exchange) throws IOException {
        String routeId = rest(exchange);
        // a route id only: no path of its own into the classpath
        var in = routeId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")
                ? OperatorConsole.class.getClassLoader().getResourceAsStream(DIAGRAMS + routeId + ".md") : null;
        if (in == null) {
            respond(exchange, 404, "text/plain; charset=UTF-8", ("no diagram of route " + routeId).getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (in) {
            respond(exchange, 200, "text/markdown; charset=UTF-8", in.readAllBytes());
        }
    }

    /**
     * The path after the handler's prefix, as Undertow decoded it ("" when the path is the prefix alone); decoding it
     * again read "%25zz" as a broken escape (500 and a stack trace) and "+" as a space.
     */
    static String rest(HttpServerExchange exchange) {
        String relative = exchange.getRelativePath();
        return relative.startsWith("/") ? relative.substring(1) : relative;
    }

    private static void respond(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        BoundedHttpServer.respond(exchange, status, contentType, body);
    }

    private Document describe(Applications.Application a) {
        String id = a.correlationId();
        return ConsoleXml.application(a, history.of(id), plans.of(id), documents.of(id));
    }
}
