package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.CamelContext;

/**
 * The one term that runs after the final result: a refusal's hand-over measured from the refusal
 * ({@code refusalHandOverNormFrom: refusal}; seed 000 Table 2 action 9, «бір жұмыс күні ішінде»: the Centre's
 * operator notifies the applicant of the return within one working day). When such a refusal closes the plan, the
 * hand-over's row stays open (or is added), due its norm from the refusal step's end, so that an operator who never
 * hands it over goes OVERDUE like any other step (review41); the channel's HANDED_OVER ends it ({@link Trail#persist}).
 * The start's {@link CalendarReplan} makes its due time again from the refusal step's end in the status history.
 * Read from the route's hand-over step (its constants), for any route that sets them: no seed's own code.
 */
public final class RefusalHandOverTerm {
    private final ResultHandOver handOver;
    private final StatusHistory history;
    private final Trail trail;
    private final ServiceCalendars calendars;

    /**
     * @param handOver  the one reader of the routes' hand-over steps (depth42: this class read them again)
     * @param calendars the days of the application's service, in its regulation's zone
     */
    public RefusalHandOverTerm(ResultHandOver handOver, StatusHistory history, Trail trail,
                               ServiceCalendars calendars) {
        this.handOver = handOver;
        this.history = history;
        this.trail = trail;
        this.calendars = calendars;
    }

    /** The hand-over step still awaited after a refusal, with its norm and due time. */
    public record Awaited(String stepId, String norm, Instant due) {
    }

    /**
     * At the final result: the refusal's hand-over that runs from {@code refusalEnd}, where the result
     * ({@code resultKind}) is one of the route's refusal documents and the route measures its hand-over from the
     * refusal; empty otherwise.
     */
    public Optional<Awaited> afterResult(CamelContext context, Applications.Application a, String resultKind,
                                         Instant refusalEnd) {
        return setting(context, a).filter(s -> s.isRefusal(resultKind)).map(s -> new Awaited(s.stepId(),
                s.refusalNorm(), trail.due(calendars.of(a.serviceId()), s.refusalNorm(),
                        Norm.Start.event(refusalEnd))));
    }

    /**
     * At the start's replan: the due time of {@code row}, an open refusal hand-over of a finished application, made
     * again from the refusal step's end in the history on the calendar now loaded; empty for any other row.
     */
    public Optional<Instant> dueAgain(CamelContext context, Applications.Application a, StepPlans.Planned row) {
        if (!Applications.FINISHED.contains(a.statusCode()) || row.endedAt() != null || row.norm() == null) {
            return Optional.empty();
        }
        return setting(context, a).filter(s -> s.stepId().equals(row.stepId())).flatMap(s -> refusalEnd(a, s))
                .map(end -> trail.due(calendars.of(a.serviceId()), row.norm(), Norm.Start.event(end)));
    }

    private Optional<Instant> refusalEnd(Applications.Application a, ResultHandOver.Step s) {
        return history.of(a.correlationId()).stream().filter(step -> step.stepId().equals(s.refusalStep()))
                .reduce((first, last) -> last).map(StatusHistory.Step::endedAt).map(OffsetDateTime::toInstant);
    }

    /** The channel's hand-over step where it measures a refusal's hand-over from the refusal. */
    private Optional<ResultHandOver.Step> setting(CamelContext context, Applications.Application a) {
        return handOver.step(context, a.serviceId(), a.channel()).filter(ResultHandOver.Step::termFromTheRefusal);
    }
}
