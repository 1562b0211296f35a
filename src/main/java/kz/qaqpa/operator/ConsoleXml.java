package kz.qaqpa.operator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import kz.qaqpa.regulation.Norm;
import kz.qaqpa.regulation.calendar.CalendarDoubts;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The operator console's XML pages, built from the store's rows: an application with its steps, plan and documents,
 * the applications in flight, the stopped callbacks and the overdue steps. An element is left out where the row has
 * no value.
 */
final class ConsoleXml {
    private ConsoleXml() {
    }

    /**
     * @param calendarDoubts what the calendar file leaves unconfirmed under a term: each open step of the plan counted
     *                       in working days, and the service term of a plan that has one, names each doubt
     *                       ({@code calendarDoubt}) between the application's acceptance and its due time
     */
    static Document application(Applications.Application a, List<StatusHistory.Step> steps,
                                List<StepPlans.Planned> plan, List<ApplicationDocuments.Received> documents,
                                CalendarDoubts.OfTerm calendarDoubts) {
        Element root = root("application");
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
        addSteps(child(root, "steps"), steps);
        addPlan(child(root, "plan"), plan, calendarDoubtsOf(a, plan, calendarDoubts));
        addDocuments(child(root, "documents"), documents);
        return root.getOwnerDocument();
    }

    /**
     * What a page says of its list ({@link Paging}): {@code total} rows in all, {@code limit} at most on the page, and
     * {@code next}, where more follow, the key to ask the next page after.
     */
    record Paged(long total, int limit, String next) {
        void describe(Element root) {
            root.setAttribute("total", String.valueOf(total));
            root.setAttribute("limit", String.valueOf(limit));
            if (next != null) {
                root.setAttribute("next", next);
            }
        }
    }

    static Document stopped(List<Outbox.Stopped> callbacks, Paged paged) {
        Element root = root("stopped");
        paged.describe(root);
        for (Outbox.Stopped s : callbacks) {
            Element e = child(root, "callback", String.valueOf(s.id()));
            add(e, "correlationId", s.correlationId());
            add(e, "recipient", s.targetSender());
            add(e, "attempts", String.valueOf(s.attempts()));
            add(e, "stoppedAt", String.valueOf(s.stoppedAt()));
            add(e, "lastError", s.lastError());
        }
        return root.getOwnerDocument();
    }

    /**
     * The overdue steps of a page. A step whose term binds only its own branch ({@code branchOnly}) says so and names
     * no time its channel was told: the watcher marks it when it runs out but tells no one (reg47), so the mark is not
     * a telling. Beside the list's {@code total}, the page says how many of all its rows are late work
     * ({@code lateWork}) and how many bind only their branch ({@code bindsOnlyItsBranch}), reg49b.
     */
    static Document overdue(List<StepPlans.Planned> planned, java.util.function.Predicate<StepPlans.Planned> branchOnly,
                            kz.qaqpa.regulation.OverdueTally.Counts counts, Paged paged) {
        Element root = root("overdue");
        paged.describe(root);
        root.setAttribute("lateWork", String.valueOf(counts.service()));
        root.setAttribute("bindsOnlyItsBranch", String.valueOf(counts.branch()));
        for (StepPlans.Planned p : planned) {
            Element e = child(root, "step", p.stepId());
            add(e, "correlationId", p.correlationId());
            add(e, "norm", p.norm());
            add(e, "dueAt", text(p.dueAt()));
            if (branchOnly.test(p)) {
                add(e, "bindsOnlyItsBranch", "true");
            } else {
                add(e, "channelToldAt", text(p.overdueNotifiedAt()));
            }
        }
        return root.getOwnerDocument();
    }

    /**
     * A page of the applications in flight: {@code total} of them in all (of the service asked), {@code limit} at
     * most on the page, and {@code next}, where more follow, the correlationId to ask the next page after.
     */
    static Document inFlight(Applications.InFlightPage page, String serviceId, int limit, String next) {
        Element root = root("inFlight");
        if (serviceId != null) {
            root.setAttribute("serviceId", serviceId);
        }
        new Paged(page.total(), limit, next).describe(root);
        for (Applications.Listed a : page.applications()) {
            Element e = child(root, "application");
            add(e, "correlationId", a.correlationId());
            add(e, "serviceId", a.serviceId());
            add(e, "channel", a.channel());
            add(e, "statusCode", a.statusCode());
            add(e, "acceptedAt", text(a.acceptedAt()));
            add(e, "nextStep", a.nextStepId());
            add(e, "nextDueAt", text(a.nextDueAt()));
        }
        return root.getOwnerDocument();
    }

    private static void addSteps(Element steps, List<StatusHistory.Step> history) {
        for (StatusHistory.Step s : history) {
            Element step = child(steps, "step", s.stepId());
            add(step, "description", s.description());
            add(step, "norm", s.norm());
            add(step, "startedAt", text(s.startedAt()));
            add(step, "dueAt", text(s.dueAt()));
            add(step, "endedAt", text(s.endedAt()));
            add(step, "outcome", s.outcome());
            if (s.dueAt() != null && s.endedAt() != null) {
                add(step, "late", String.valueOf(s.endedAt().isAfter(s.dueAt())));
            }
        }
    }

    private static void addPlan(Element plan, List<StepPlans.Planned> planned,
                                Function<StepPlans.Planned, List<String>> calendarDoubts) {
        for (StepPlans.Planned p : planned) {
            Element step = child(plan, "step", p.stepId());
            add(step, "norm", p.norm());
            add(step, "dueAt", text(p.dueAt()));
            add(step, "endedAt", text(p.endedAt()));
            add(step, "overdueToldAt", text(p.overdueNotifiedAt()));
            calendarDoubts.apply(p).forEach(doubt -> add(step, "calendarDoubt", doubt));
        }
    }

    /**
     * The doubts under each open step's due time (regs62's Left): a working-day term and the service term of a plan
     * with one count the calendar's days off, which the file may not yet know; minutes, hours and calendar days do not.
     */
    private static Function<StepPlans.Planned, List<String>> calendarDoubtsOf(Applications.Application a,
            List<StepPlans.Planned> plan, CalendarDoubts.OfTerm calendarDoubts) {
        boolean countsWorkingDays = plan.stream().anyMatch(ConsoleXml::countsWorkingDays);
        return p -> p.endedAt() != null || p.dueAt() == null || a.createdAt() == null
                || !(countsWorkingDays(p) || countsWorkingDays && StepPlans.SERVICE_TERM.equals(p.stepId()))
                ? List.of() : termDoubts(a.createdAt().toInstant(), p.dueAt().toInstant(), calendarDoubts);
    }

    /** From the acceptance (or the due time, for a clock set back since) to the due time. */
    private static List<String> termDoubts(Instant accepted, Instant due, CalendarDoubts.OfTerm calendarDoubts) {
        return calendarDoubts.of(accepted.isBefore(due) ? accepted : due, due);
    }

    private static boolean countsWorkingDays(StepPlans.Planned p) {
        try {
            return p.norm() != null && Norm.parse(p.norm()).unit() == Norm.Unit.WORKING_DAYS;
        } catch (IllegalArgumentException e) {
            return false; // a norm the route states in words no unit reads is no working-day count
        }
    }

    private static void addDocuments(Element received, List<ApplicationDocuments.Received> documents) {
        for (ApplicationDocuments.Received d : documents) {
            Element document = child(received, "document");
            document.setAttribute("kind", d.kind());
            document.setAttribute("receivedAt", String.valueOf(d.receivedAt()));
            document.appendChild(received.getOwnerDocument().importNode(SecureXml.parse(d.document()
                    .getBytes(StandardCharsets.UTF_8)).getDocumentElement(), true));
        }
    }

    /** A new document's root element. */
    private static Element root(String name) {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElement(name);
        doc.appendChild(root);
        return root;
    }

    /** A new element appended to {@code parent}. */
    private static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    /** A new element with the {@code id} attribute appended to {@code parent}. */
    private static Element child(Element parent, String name, String id) {
        Element e = child(parent, name);
        e.setAttribute("id", id);
        return e;
    }

    /** A value's text, or null (the element left out) for a value the row has not got. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static void add(Element parent, String name, String text) {
        if (text != null) {
            child(parent, name).setTextContent(text);
        }
    }
}
