package kz.qaqpa.operator;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import kz.qaqpa.evidence.MessageLogEvidence;
import kz.qaqpa.http.BoundedHttpServer;
import kz.qaqpa.http.ContentTypes;
import kz.qaqpa.monitoring.Health;
import kz.qaqpa.regulation.BranchOnlyTerms;
import kz.qaqpa.regulation.OverdueTally;
import kz.qaqpa.regulation.calendar.CalendarDoubts;
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
 * made (another host's name, an Origin) is refused before any of these ({@link LocalCallers}), then one without the
 * console's token ({@link OperatorAuthentication}). No answer is to be stored or sniffed ({@link PrivateAnswers}).
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
    private final StoreBackup backups;
    private final Health health;
    private final CalendarDoubts.OfTerm calendarDoubts;

    /**
     * @param writeTimeout how long an answer's writing may make no progress (qaqpa.operator.write-timeout)
     * @param pageSize the most rows one page of {@code /in-flight}, {@code /overdue} or {@code /outbox/stopped} lists
     *                 (qaqpa.operator.page-size)
     * @param token what every request presents as {@code Authorization: Bearer}, the one in force when it comes
     *              ({@link OperatorTokenFile}: qaqpa.operator.token-file)
     */
    public OperatorConsole(String host, int port, Duration writeTimeout, int pageSize,
                           java.util.function.Supplier<OperatorToken> token,
                           Applications applications,
                           StatusHistory history, Outbox outbox, StepPlans plans, BranchOnlyTerms branchOnly,
                           OverdueTally overdueTally,
                           ApplicationDocuments documents, Clock clock, MessageLogEvidence evidence, StoreBackup backups, Health health,
                           CalendarDoubts.OfTerm calendarDoubts) {
        this.calendarDoubts = calendarDoubts;
        this.health = health;
        this.backups = backups;
        this.plans = plans;
        this.documents = documents;
        this.applications = applications;
        this.history = history;
        this.outbox = outbox;
        MessageLogPages log = new MessageLogPages(evidence, clock);
        ListPages lists = new ListPages(applications, outbox, plans, branchOnly, overdueTally, clock, new Paging(pageSize));
        // each handler answers its path and what lies below it (/applications/{id}: the rest is its argument)
        // pages are read with GET (or HEAD); the one action takes POST: any other method is 405 naming the one it takes
        server = new BoundedHttpServer("operator console", host, port, BoundedHttpServer.NO_SHARE_PER_ADDRESS,
                writeTimeout, new PrivateAnswers(new LocalCallers(host, new OperatorAuthentication(token,
                Handlers.path(ConsolePages::answer)
                .addPrefixPath("/applications/", reads(this::application))
                .addPrefixPath("/outbox/stopped", reads(lists::stoppedCallbacks))
                .addPrefixPath("/overdue", reads(lists::overdueSteps))
                .addPrefixPath("/in-flight", reads(lists::inFlight))
                .addPrefixPath("/outbox/restart/", only(this::restartCallback, Methods.POST))
                .addPrefixPath("/store/backup", only(this::backup, Methods.POST))
                .addPrefixPath("/message-log/verify", reads(log.oneAtATime(log::verify)))
                .addPrefixPath("/message-log/export/", reads(log.oneAtATime(log::export)))
                .addPrefixPath("/message-log/archive", only(log::archive, Methods.POST))
                .addPrefixPath("/diagrams/", reads(this::diagram))
                .addPrefixPath("/health", reads(this::health))))));
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
        return BoundedHttpServer.only(handler, methods);
    }

    private void application(HttpServerExchange exchange) throws IOException {
        String id = rest(exchange);
        Optional<Applications.Application> found = applications.byCorrelationId(braced(id));
        if (found.isPresent()) {
            BoundedHttpServer.respond(exchange, 200, ContentTypes.XML, SecureXml.serialize(describe(found.get())));
        } else {
            BoundedHttpServer.respondText(exchange, 404, "no application " + id);
        }
    }

    /** correlationIds are guids in braces; curl users may leave the braces out (raw braces in a URL need escaping). */
    static String braced(String correlationId) {
        return correlationId.startsWith("{") ? correlationId : "{" + correlationId + "}";
    }

    /** The monitoring port's health report with each part's detail (addresses, failures: for the operator only). */
    private void health(HttpServerExchange exchange) {
        Health.Report report = health.report();
        BoundedHttpServer.respond(exchange, report.up() ? 200 : 503, ContentTypes.JSON,
                Health.json(report, true).getBytes(StandardCharsets.UTF_8));
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
            BoundedHttpServer.respondText(exchange, io.undertow.util.StatusCodes.INSUFFICIENT_STORAGE,
                    "no backup taken: " + e.getMessage() + "\n");
            return;
        } catch (RuntimeException e) {
            LOG.warn("backup failed: {}", e.toString());
            BoundedHttpServer.respondText(exchange, 500, "the backup failed, nothing of it kept: "
                    + e.getMessage() + "\n");
            return;
        }
        if (taken.isPresent()) {
            LOG.info("store backed up to {}", taken.get());
        }
        BoundedHttpServer.respondText(exchange, taken.isPresent() ? 200 : 503, taken
                .map(dir -> "backed up to " + dir + "\n").orElse("a backup is being taken; ask again when it has ended\n"));
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
        BoundedHttpServer.respondText(exchange, restarted ? 200 : 404,
                restarted ? "restarted " + id + late : "no stopped callback " + id);
    }

    /** GET /diagrams/{routeId}: a regulation's diagram as committed under docs/diagrams (Mermaid in Markdown). */
    private void diagram(HttpServerExchange exchange) throws IOException {
        String routeId = rest(exchange);
        // a route id only: no path of its own into the classpath
        var in = routeId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")
                ? OperatorConsole.class.getClassLoader().getResourceAsStream(DIAGRAMS + routeId + ".md") : null;
        if (in == null) {
            BoundedHttpServer.respondText(exchange, 404, "no diagram of route " + routeId);
            return;
        }
        try (in) {
            BoundedHttpServer.respond(exchange, 200, ContentTypes.MARKDOWN, in.readAllBytes());
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

    private Document describe(Applications.Application a) {
        String id = a.correlationId();
        return ConsoleXml.application(a, history.of(id), plans.of(id), documents.of(id), calendarDoubts);
    }
}
