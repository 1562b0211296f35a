package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.catalogue.RouteFlows;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StatusHistory;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

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
    /** The bean call of the template's hand-over step (routes/templates/application-progress.yaml). */
    private static final String HAND_OVER_CALL = "channelEvents.handOver";
    private final ServiceRegistry services;
    private final StatusHistory history;
    private final Trail trail;
    private final Map<String, Optional<Setting>> routes = new ConcurrentHashMap<>();

    public RefusalHandOverTerm(ServiceRegistry services, StatusHistory history, Trail trail) {
        this.services = services;
        this.history = history;
        this.trail = trail;
    }

    /** A route's hand-over of a refusal measured from the refusal: the step, its norm, the refusal step and documents. */
    record Setting(String stepId, String norm, String refusalStep, Set<String> refusalDocuments) {
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
        return setting(context, a).filter(s -> resultKind != null && s.refusalDocuments().contains(resultKind))
                .map(s -> new Awaited(s.stepId(), s.norm(), trail.due(s.norm(), Norm.Start.event(refusalEnd))));
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
                .map(end -> trail.due(row.norm(), Norm.Start.event(end)));
    }

    private Optional<Instant> refusalEnd(Applications.Application a, Setting s) {
        return history.of(a.correlationId()).stream().filter(step -> step.stepId().equals(s.refusalStep()))
                .reduce((first, last) -> last).map(StatusHistory.Step::endedAt).map(OffsetDateTime::toInstant);
    }

    private Optional<Setting> setting(CamelContext context, Applications.Application a) {
        String progress = services.progressRoute(a.serviceId(), a.channel());
        RouteDefinition route = progress == null ? null : ((ModelCamelContext) context).getRouteDefinition(progress);
        if (route == null) {
            return Optional.empty();
        }
        // read once: the route files do not change while the gateway runs
        return routes.computeIfAbsent(progress, id -> RouteFlows.read(context, route, null).steps().stream()
                .filter(step -> step.calls().contains(HAND_OVER_CALL)).findFirst().flatMap(RefusalHandOverTerm::of));
    }

    private static Optional<Setting> of(RouteFlow.Step step) {
        Map<String, String> v = step.variables();
        String norm = v.get("refusalHandOverNorm");
        if (!ChannelEvents.FROM_REFUSAL.equals(v.get("refusalHandOverNormFrom")) || norm == null || norm.isBlank()) {
            return Optional.empty();
        }
        Set<String> documents = Arrays.stream(v.getOrDefault("refusalDocuments", "").split(",")).map(String::trim)
                .filter(d -> !d.isEmpty()).collect(Collectors.toSet());
        return Optional.of(new Setting(step.id(), norm, v.get("refusalStep"), documents));
    }
}
