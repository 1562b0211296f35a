package kz.qaqpa.regulation;

import java.time.OffsetDateTime;
import kz.qaqpa.store.StepPlans;

/**
 * The open steps past their due time, told apart (reg49b): late work, a step within its service's term (its channel
 * told OVERDUE, or to be told at the watcher's next pass), and the steps whose term binds only their own branch
 * ({@link BranchOnlyTerms}: a refusal or a return the provider may never make), which the watcher tells no one and
 * which are late only if the provider now takes that branch. The operator console's overdue page and the metric
 * qaqpa_steps_overdue (by its label {@code scope}) give both, so that an alert on late work does not fire for a
 * branch nobody took.
 *
 * <p>Read at the moment asked, without a column of its own (no migration): the store counts every overdue row in its
 * index, and joins to the application only the rows of a step id some route's branch-only term has, grouped by
 * service, channel and step ({@link StepPlans#overdueTally}); which of those groups bind only their branch is the
 * routes' answer, as for the watcher.
 */
public final class OverdueTally {
    private final StepPlans plans;
    private final BranchOnlyTerms branchOnly;

    public OverdueTally(StepPlans plans, BranchOnlyTerms branchOnly) {
        this.plans = plans;
        this.branchOnly = branchOnly;
    }

    /** How many overdue steps at {@code now} are late work ({@code service}) and how many bind only their branch. */
    public record Counts(long service, long branch) {
        public long total() {
            return service + branch;
        }
    }

    public Counts at(OffsetDateTime now) {
        StepPlans.OverdueTally read = plans.overdueTally(now, branchOnly.stepIds());
        long branch = read.candidates().stream()
                .filter(g -> branchOnly.branchOnly(g.serviceId(), g.channel(), g.stepId()))
                .mapToLong(StepPlans.OverdueGroup::count).sum();
        return new Counts(read.total() - branch, branch);
    }
}
