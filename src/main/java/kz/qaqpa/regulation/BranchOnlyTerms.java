package kz.qaqpa.regulation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.store.Applications;

/**
 * The planned steps whose term binds only their own branch (the step variable {@code inServiceTerm: false}, the
 * progress template's {@code refusalInServiceTerm}: seed 000's return «Орталықтан түскен құжаттарды ресімдеуде
 * қателерді анықтаған жағдайда үш жұмыс кун ішінде», Table 2, owed only where the department finds errors; seed 001
 * S3's refusal «30 сек – 1 мин», the alternative of the certificate, «8- если есть нарушения; 9- если нарушений нет»,
 * reg47b, docs/regulations-001.md). When such a term runs out with no answer, nothing shows the branch was taken:
 * the provider may rightly be at work on the other one, which may have no term at all. So its running out is not told
 * to the channels ({@link OverdueSteps}); the step keeps its due time, and an answer on that branch after it is
 * recorded late (reg47, docs/regulations-000.md).
 *
 * <p>Read once at the start from the loaded routes' flows, as {@link RegulationPlan} reads the same variable for the
 * service term.
 */
public final class BranchOnlyTerms {
    private static final String IN_SERVICE_TERM = "inServiceTerm";
    private final ServiceRegistry services;
    private volatile Map<String, Set<String>> byRoute = Map.of();

    public BranchOnlyTerms(ServiceRegistry services) {
        this.services = services;
    }

    /** At the start: each progress route's steps whose term binds only their branch. */
    public void read(List<RouteFlow> flows) {
        byRoute = flows.stream().collect(Collectors.toUnmodifiableMap(RouteFlow::id, BranchOnlyTerms::branchOnly,
                (first, second) -> first));
    }

    /** Whether the step of the application's channel has a term that binds only its own branch. */
    public boolean branchOnly(Applications.Application application, String stepId) {
        return branchOnly(application.serviceId(), application.channel(), stepId);
    }

    /** Whether the step of the service's channel has a term that binds only its own branch. */
    public boolean branchOnly(String serviceId, String channel, String stepId) {
        String route = services.progressRoute(serviceId, channel);
        return byRoute.getOrDefault(route, Set.of()).contains(stepId);
    }

    /** The ids of the steps whose term binds only their branch in some route (another route's step may share one). */
    public Set<String> stepIds() {
        return byRoute.values().stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> branchOnly(RouteFlow flow) {
        return flow.steps().stream().filter(BranchOnlyTerms::bindsOnlyItsBranch)
                .map(RouteFlow.Step::id).collect(Collectors.toUnmodifiableSet());
    }

    /** The one reading of the step variable, for this class and {@link RegulationPlan}'s service term. */
    static boolean bindsOnlyItsBranch(RouteFlow.Step step) {
        return "false".equals(step.variables().get(IN_SERVICE_TERM));
    }
}
