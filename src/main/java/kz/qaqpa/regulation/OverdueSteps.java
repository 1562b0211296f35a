package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import kz.qaqpa.channel.ChannelNotifications;
import kz.qaqpa.channel.StatusTexts;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.StepPlans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds planned steps still open after their due time and tells the application's channel and observers once
 * (status OVERDUE, with the step's id), in the same transaction that marks the step as told. An application whose
 * provider never answers goes overdue all the same: the plan was made when it was accepted. A step whose term binds
 * only its own branch ({@link BranchOnlyTerms}: seed 000's return «where errors are found») is marked when its term
 * ran out but not told: nothing shows the provider took that branch (reg47). Its log lines come once the transaction
 * committed ({@link Database#afterCommit}), so a run again after a serialization failure does not repeat them (rerun54).
 */
public final class OverdueSteps {
    private static final Logger LOG = LoggerFactory.getLogger(OverdueSteps.class);
    public static final String STATUS = "OVERDUE";
    private final Database db;
    private final StepPlans plans;
    private final Applications applications;
    private final ChannelNotifications notifications;
    private final StatusTexts texts;
    private final BranchOnlyTerms branchOnly;
    private final int batch;
    private final Clock clock;

    /**
     * @param texts the status text the channels get (qaqpa.status-text.OVERDUE, or the service's own), followed by the
     *              step's id
     * @param branchOnly the steps whose running out is not told (their term binds only their own branch)
     */
    public OverdueSteps(Database db, StepPlans plans, Applications applications, ChannelNotifications notifications,
                        StatusTexts texts, BranchOnlyTerms branchOnly, int batch, Clock clock) {
        this.clock = clock;
        this.db = db;
        this.plans = plans;
        this.applications = applications;
        this.notifications = notifications;
        this.texts = texts;
        this.branchOnly = branchOnly;
        this.batch = batch;
    }

    /** Called by the overdue timer route. */
    public void scan() {
        scan(clock.instant());
    }

    /** @return how many steps went overdue at {@code now} and were told */
    public int scan(Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        List<StepPlans.Planned> due = plans.newlyOverdue(at, batch);
        int told = 0;
        for (StepPlans.Planned step : due) {
            told += db.inTransaction(() -> tell(step, at)) ? 1 : 0;
        }
        return told;
    }

    private boolean tell(StepPlans.Planned step, OffsetDateTime at) {
        if (!plans.markNotified(step.correlationId(), step.seq(), at)) {
            return false;
        }
        Applications.Application a = applications.byCorrelationId(step.correlationId()).orElseThrow();
        if (branchOnly.branchOnly(a, step.stepId())) {
            // logged once committed: a transaction rolled back and run again (40001) would log it twice (rerun54)
            db.afterCommit(() -> LOG.info("application {} of service {} step {}: its term, due {}, ran out with no"
                    + " answer on its branch; not told (the term binds only that branch)", a.correlationId(),
                    a.serviceId(), step.stepId(), step.dueAt()));
            return false;
        }
        // dated when the step went overdue, its due time on the regulation clock, not when the watcher saw it (up to
        // qaqpa.overdue.interval later, or after a restart)
        notifications.statusChanged(a, a.messageState(), STATUS,
                texts.of(a.serviceId(), a.channel(), STATUS) + " (" + step.stepId() + ")", step.dueAt());
        db.afterCommit(() -> LOG.warn("application {} of service {} step {} is overdue: due {}", a.correlationId(),
                a.serviceId(), step.stepId(), step.dueAt()));
        return true;
    }
}
