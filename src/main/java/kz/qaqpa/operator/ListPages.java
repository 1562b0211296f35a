package kz.qaqpa.operator;

import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import kz.qaqpa.http.BoundedHttpServer;
import kz.qaqpa.http.ContentTypes;
import kz.qaqpa.regulation.BranchOnlyTerms;
import kz.qaqpa.regulation.OverdueTally;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.SecureXml;

/**
 * The console's lists, a page at a time ({@link Paging}; {@link OperatorConsole} routes them): {@code GET /in-flight},
 * {@code GET /overdue} and {@code GET /outbox/stopped}, each read after the key of the last row of the page before.
 */
final class ListPages {
    /** GET /in-flight's parameters beside the page's. */
    private static final Paging.Form IN_FLIGHT = new Paging.Form(Set.of("service"), "service=ID, ", "CORRELATION_ID");
    /** GET /overdue's key: the due time (UTC), the application and the step's place in its plan. */
    private static final Paging.Form OVERDUE = new Paging.Form(Set.of(), "", "DUE_AT,CORRELATION_ID,SEQ");
    /** GET /outbox/stopped's key: when the callback stopped (UTC) and its id. */
    private static final Paging.Form STOPPED = new Paging.Form(Set.of(), "", "STOPPED_AT,ID");
    private final Applications applications;
    private final Outbox outbox;
    private final StepPlans plans;
    private final BranchOnlyTerms branchOnly;
    private final OverdueTally overdueTally;
    private final Clock clock;
    private final Paging paging;

    /** @param branchOnly the steps whose term binds only their own branch (their running out is not told) */
    ListPages(Applications applications, Outbox outbox, StepPlans plans, BranchOnlyTerms branchOnly,
              OverdueTally overdueTally, Clock clock, Paging paging) {
        this.applications = applications;
        this.outbox = outbox;
        this.plans = plans;
        this.branchOnly = branchOnly;
        this.overdueTally = overdueTally;
        this.clock = clock;
        this.paging = paging;
    }

    /** A correlationId as a key's part: without its braces, which a URL would need escaped. */
    private static String unbraced(String correlationId) {
        return correlationId.replaceAll("^\\{(.*)}$", "$1");
    }

    /**
     * GET /in-flight[?service=ID][&after=CORRELATION_ID][&limit=N]: the applications not yet final, the rows the
     * start's in-flight check counts, by correlationId (about the order they were accepted in), of one service if
     * asked, a page at a time ({@link Paging}): what holds a service being withdrawn (docs/operations.md,
     * "Withdrawing a service"). {@code total} is how many there are in all.
     */
    void inFlight(HttpServerExchange exchange) {
        Optional<Paging.Asked> asked = paging.asked(exchange, IN_FLIGHT);
        if (asked.isEmpty()) {
            return;
        }
        String after = asked.get().after();
        String serviceId = asked.get().parameter("service");
        Applications.InFlightPage read = applications.inFlightPage(serviceId, after == null ? "" : OperatorConsole.braced(after),
                asked.get().limit() + 1);
        Paging.Page<Applications.Listed> page = asked.get().cut(read.applications(), Applications.Listed::correlationId);
        BoundedHttpServer.respond(exchange, 200, ContentTypes.XML, SecureXml.serialize(ConsoleXml.inFlight(
                new Applications.InFlightPage(page.rows(), read.total()), serviceId, asked.get().limit(), page.next())));
    }

    /**
     * GET /outbox/stopped[?after=STOPPED_AT,ID][&limit=N]: the callbacks the gateway gave up on (the recipient refused
     * them or never answered), by the time they stopped, then id, a page at a time ({@link Paging}).
     */
    void stoppedCallbacks(HttpServerExchange exchange) {
        Optional<Paging.Asked> asked = paging.asked(exchange, STOPPED);
        Optional<Outbox.StoppedKey> after = asked.flatMap(a -> key(exchange, STOPPED, a, ListPages::stoppedKey));
        if (after.isEmpty()) {
            return;
        }
        Paging.Page<Outbox.Stopped> page = asked.get().cut(outbox.stopped(after.get(), asked.get().limit() + 1),
                s -> s.stoppedAt().toInstant() + "," + s.id());
        BoundedHttpServer.respond(exchange, 200, ContentTypes.XML, SecureXml.serialize(ConsoleXml.stopped(page.rows(),
                new ConsoleXml.Paged(outbox.stoppedCount(), asked.get().limit(), page.next()))));
    }

    /**
     * GET /overdue[?after=DUE_AT,CORRELATION_ID,SEQ][&limit=N]: the planned steps still open after their due time,
     * oldest first, a page at a time ({@link Paging}). A step whose term binds only its own branch (a refusal or a
     * return the provider may never make: {@link BranchOnlyTerms}) is listed too, marked so, and without a time the
     * channel was told: its channel is not told (reg49).
     */
    void overdueSteps(HttpServerExchange exchange) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Paging.Asked> asked = paging.asked(exchange, OVERDUE);
        Optional<StepPlans.OverdueKey> after = asked.flatMap(a -> key(exchange, OVERDUE, a, ListPages::overdueKey));
        if (after.isEmpty()) {
            return;
        }
        Paging.Page<StepPlans.Planned> page = asked.get().cut(plans.overdue(now, after.get(), asked.get().limit() + 1),
                p -> p.dueAt().toInstant() + "," + unbraced(p.correlationId()) + "," + p.seq());
        OverdueTally.Counts counts = overdueTally.at(now);
        BoundedHttpServer.respond(exchange, 200, ContentTypes.XML, SecureXml.serialize(ConsoleXml.overdue(page.rows(),
                this::bindsOnlyItsBranch, counts, new ConsoleXml.Paged(counts.total(), asked.get().limit(), page.next()))));
    }

    /** Whether the overdue step's term binds only its branch, on its application's channel (a page's rows only). */
    private boolean bindsOnlyItsBranch(StepPlans.Planned step) {
        return applications.byCorrelationId(step.correlationId())
                .map(a -> branchOnly.branchOnly(a, step.stepId())).orElse(false);
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
        return new StepPlans.OverdueKey(utc(parts[0]), OperatorConsole.braced(parts[1]), Integer.parseInt(parts[2]));
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
}
