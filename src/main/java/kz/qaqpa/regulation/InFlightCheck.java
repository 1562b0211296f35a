package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import kz.qaqpa.registry.Sender;
import kz.qaqpa.registry.SenderRegistry;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.StepPlans;
import org.apache.camel.CamelContext;

/**
 * At start, once the route files are loaded and before any route runs: every application not yet final still has
 * what it was accepted under and needs to go on. A change of the configuration or of a route file that would strand
 * one (its service withdrawn, its channel's progress route gone, the system that sent it or the provider it was
 * queued for removed, a step planned for it removed or renamed) refuses the start, naming each change, how many
 * applications it strands and the first of them; the store is left as it was (but for results stored before store
 * V19, whose hand-over it settles from their loaded route), so putting the change back starts.
 * Without it the gateway started and those applications failed only when their provider or channel next reported
 * (SCE004, SCE031, an internal error), or a renamed step's planned deadline went overdue although it was met.
 * A COMPLETED application whose result an employee of its channel is still to hand over (ЦОН, provider office: the
 * hand-over makes it ISSUED) needs its service, its channel's progress route with the hand-over step and its channel
 * sender until then; a result that reached the consumer through the channel itself (the portal) needs nothing more
 * (session 31, inflight17).
 */
public final class InFlightCheck {
    private final Applications applications;
    private final StepPlans plans;
    private final ServiceRegistry services;
    private final SenderRegistry senders;
    private final RegulationPlan regulationPlan;
    private final ResultHandOver handOver;

    public InFlightCheck(Applications applications, StepPlans plans, ServiceRegistry services, SenderRegistry senders,
                         RegulationPlan regulationPlan, ResultHandOver handOver) {
        this.handOver = handOver;
        this.applications = applications;
        this.plans = plans;
        this.services = services;
        this.senders = senders;
        this.regulationPlan = regulationPlan;
    }

    /** @throws IllegalStateException naming every change that strands applications in flight */
    public void require(CamelContext context) {
        Map<String, Stranded> stranded = new LinkedHashMap<>();
        for (Applications.InFlight a : settled(context, applications.inFlight())) {
            check(context, a, stranded);
        }
        for (StepPlans.OpenStep s : plans.openSteps()) {
            String progress = services.progressRoute(s.serviceId(), s.channel());
            Optional<Set<String>> steps = progress == null ? Optional.empty()
                    : regulationPlan.plannedStepIds(context, progress);
            if (steps.isPresent() && !steps.get().contains(s.stepId())) {
                note(stranded, "step " + s.stepId() + ", planned for applications of " + s.serviceId()
                        + " and not yet reached, is no longer a step of route " + progress, s.count(), s.example());
            }
        }
        if (!stranded.isEmpty()) {
            throw new IllegalStateException("the configuration or the route files changed under applications not yet"
                    + " final; put back what they need until they are (docs/operations.md, 'Changing the configuration"
                    + " while applications are in flight'): " + stranded.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining("; ")));
        }
    }

    /** What one group of applications in flight needs of the configuration, noted where it is gone. */
    private void check(CamelContext context, Applications.InFlight a, Map<String, Stranded> stranded) {
        String progress = services.progressRoute(a.serviceId(), a.channel());
        if (progress == null) {
            note(stranded, "service " + a.serviceId() + " is no longer an application service of qaqpa.services",
                    a.count(), a.example());
            return;
        }
        if (regulationPlan.plannedStepIds(context, progress).isEmpty()) {
            note(stranded, "route " + progress + " (service " + a.serviceId() + ", channel " + a.channel()
                    + ") is no longer in the route files", a.count(), a.example());
        } else if (a.awaits() == Applications.Awaits.HAND_OVER
                && !handOver.awaited(context, a.serviceId(), a.channel()).orElse(false)) {
            note(stranded, "route " + progress + " no longer hands results over (its hand-over step is switched"
                    + " off), while results of " + a.serviceId() + " await their hand-over", a.count(), a.example());
        }
        if (senders.find(a.senderId()).isEmpty()) {
            note(stranded, "sender " + a.senderId() + ", which sent applications of " + a.serviceId()
                    + ", is no longer in qaqpa.senders", a.count(), a.example());
        }
        // a result awaiting its hand-over needs its provider no more (its queue is closed)
        if (a.awaits() == Applications.Awaits.RESULT && a.providerId() != null
                && !providerOf(a.providerId(), a.serviceId())) {
            note(stranded, "sender " + a.providerId() + ", to which applications of " + a.serviceId()
                    + " were queued, is no longer its provider (qaqpa.sender." + a.providerId() + ".receives)",
                    a.count(), a.example());
        }
    }

    /**
     * The applications in flight, with the results stored before store version 19 settled where their channel's
     * route tells whether it hands them over (written to the store: the route files may change before the next
     * start). Those whose route is gone stay unknown and count as awaiting their hand-over, the safe side: putting the
     * route back and starting once settles them.
     */
    private List<Applications.InFlight> settled(CamelContext context, List<Applications.InFlight> inFlight) {
        List<Applications.InFlight> kept = new ArrayList<>();
        for (Applications.InFlight a : inFlight) {
            if (a.awaits() != Applications.Awaits.HAND_OVER_UNKNOWN) {
                kept.add(a);
                continue;
            }
            Optional<Boolean> awaited = handOver.awaited(context, a.serviceId(), a.channel());
            awaited.ifPresent(yes -> applications.settleHandOver(a.serviceId(), a.channel(), yes));
            if (awaited.orElse(true)) {
                kept.add(new Applications.InFlight(a.serviceId(), a.channel(), a.senderId(), a.providerId(),
                        Applications.Awaits.HAND_OVER, a.count(), a.example()));
            }
        }
        return kept;
    }

    private boolean providerOf(String providerId, String serviceId) {
        return senders.find(providerId).map(Sender::receives).map(r -> r.contains(serviceId)).orElse(false);
    }

    private static void note(Map<String, Stranded> stranded, String change, long count, String example) {
        stranded.merge(change, new Stranded(count, example), Stranded::plus);
    }

    /** How many applications a change strands, and the first of them by correlationId. */
    private record Stranded(long count, String example) {
        Stranded plus(Stranded other) {
            return new Stranded(count + other.count, example.compareTo(other.example) <= 0 ? example : other.example);
        }

        @Override
        public String toString() {
            return count + " application(s) not yet final, the first " + example;
        }
    }
}
