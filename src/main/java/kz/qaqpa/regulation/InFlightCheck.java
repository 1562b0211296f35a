package kz.qaqpa.regulation;

import java.util.LinkedHashMap;
import java.util.Locale;
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
 * applications it strands and the first of them; the store is left as it was, so putting the change back starts.
 * Without it the gateway started and those applications failed only when their provider or channel next reported
 * (SCE004, SCE031, an internal error), or a renamed step's planned deadline went overdue although it was met.
 */
public final class InFlightCheck {
    private final Applications applications;
    private final StepPlans plans;
    private final ServiceRegistry services;
    private final SenderRegistry senders;
    private final RegulationPlan regulationPlan;

    public InFlightCheck(Applications applications, StepPlans plans, ServiceRegistry services, SenderRegistry senders,
                         RegulationPlan regulationPlan) {
        this.applications = applications;
        this.plans = plans;
        this.services = services;
        this.senders = senders;
        this.regulationPlan = regulationPlan;
    }

    /** @throws IllegalStateException naming every change that strands applications in flight */
    public void require(CamelContext context) {
        Map<String, Stranded> stranded = new LinkedHashMap<>();
        for (Applications.InFlight a : applications.inFlight()) {
            String progress = progressRoute(a.serviceId(), a.channel());
            if (progress == null) {
                note(stranded, "service " + a.serviceId() + " is no longer an application service of qaqpa.services",
                        a.count(), a.example());
                continue;
            }
            if (regulationPlan.plannedStepIds(context, progress).isEmpty()) {
                note(stranded, "route " + progress + " (service " + a.serviceId() + ", channel " + a.channel()
                        + ") is no longer in the route files", a.count(), a.example());
            }
            if (senders.find(a.senderId()).isEmpty()) {
                note(stranded, "sender " + a.senderId() + ", which sent applications of " + a.serviceId()
                        + ", is no longer in qaqpa.senders", a.count(), a.example());
            }
            if (a.providerId() != null && !providerOf(a.providerId(), a.serviceId())) {
                note(stranded, "sender " + a.providerId() + ", to which applications of " + a.serviceId()
                        + " were queued, is no longer its provider (qaqpa.sender." + a.providerId() + ".receives)",
                        a.count(), a.example());
            }
        }
        for (StepPlans.OpenStep s : plans.openSteps()) {
            String progress = progressRoute(s.serviceId(), s.channel());
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

    /** The progress route of an application service's channel, or null when the service is not one any more. */
    private String progressRoute(String serviceId, String channel) {
        String main = services.route(serviceId);
        if (main == null || ServiceRegistry.SYNC.equals(services.channel(serviceId))) {
            return null;
        }
        // the intake route of a channel is <main>-<channel>, its events' route <main>-<channel>-progress (routes/)
        return main + "-" + channel.toLowerCase(Locale.ROOT) + "-progress";
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
