package kz.qaqpa.regulation;

import java.time.Clock;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.adapter.StateRegistries;
import kz.qaqpa.channel.Channels;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.registry.Registries;
import kz.qaqpa.store.Store;
import kz.qaqpa.trust.CertificateValidator;

/**
 * The verbs the regulation routes use (qaqpa.arrival.*, qaqpa.events.lock-wait, qaqpa.overdue.batch): the intake's
 * conditions and acceptance, the events after it, the status history with its due times, the overdue steps, and the
 * start's checks of the applications in flight.
 */
public record RegulationEngine(StepRecorder stepRecorder, SenderCondition senderCondition,
                               ApplicationChannel applicationChannel, ApplicationForm applicationForm,
                               DocumentSignatureCheck documentSignatureCheck,
                               StateDatabaseCondition stateDatabaseCondition, PackageCondition packageCondition,
                               Refusals refusals, ApplicationForwarding applicationForwarding,
                               ApplicationIntake applicationIntake, ProviderEvents providerEvents,
                               ProviderWorkstation providerWorkstation, TermExtension termExtension,
                               ChannelEvents channelEvents, EventDocumentCheck eventDocumentCheck,
                               EventIdentification eventIdentification, ApplicationEvents applicationEvents,
                               OverdueSteps overdueSteps,
                               InFlightCheck inFlightCheck, CalendarReplan calendarReplan,
                               ConsumerWait consumerWait, ServiceCalendars serviceCalendars,
                               BranchOnlyTerms branchOnlyTerms) {

    /** @param calendars each service's working days in its zone (qaqpa.calendar, qaqpa.time-zone, route data) */
    public static RegulationEngine of(Settings s, Clock clock, ServiceCalendars calendars, Store store,
                                      Registries registries, Channels channels, StateRegistries stateRegistries,
                                      CertificateValidator validator, GatewayMetrics metrics) {
        Wiring w = Wiring.of(s, clock, calendars, store, registries, channels, stateRegistries, validator, metrics);
        return new RegulationEngine(new StepRecorder(clock), w.senderCondition(),
                new ApplicationChannel(w.senderCondition()), new ApplicationForm(w.arrival()),
                w.documentSignatureCheck(), w.stateDatabaseCondition(), new PackageCondition(), new Refusals(),
                w.applicationForwarding(), w.applicationIntake(), w.providerEvents(),
                new ProviderWorkstation(registries.providers()), w.termExtension(), w.channelEvents(),
                new EventDocumentCheck(channels.schemas()), w.eventIdentification(), w.applicationEvents(),
                w.overdueSteps(),
                w.inFlightCheck(), w.calendarReplan(), w.consumerWait(), calendars, w.branchOnly());
    }

    /**
     * The engine's parts built from the gateway's: the parts several verbs share (the trail, the plan, the acceptance
     * text, the consumer's arrival, the hand-over, the signed-once check, the sender's condition) once ({@link #of}),
     * then one short step per verb that needs more than its constructor.
     */
    private record Wiring(Settings settings, Clock clock, ServiceCalendars calendars, Store store,
                          Registries registries, Channels channels, StateRegistries stateRegistries,
                          CertificateValidator validator,
                          GatewayMetrics metrics, Trail trail, RegulationPlan plan, AcceptanceText acceptanceText,
                          ConsumerArrival arrival, ResultHandOver handOver, SignedOnce signedOnce,
                          SenderCondition senderCondition, BranchOnlyTerms branchOnly) {

        static Wiring of(Settings s, Clock clock, ServiceCalendars calendars, Store store, Registries registries,
                         Channels channels, StateRegistries stateRegistries, CertificateValidator validator,
                         GatewayMetrics metrics) {
            Trail trail = new Trail(store.db(), store.statusHistory(), store.stepPlans(), calendars);
            return new Wiring(s, clock, calendars, store, registries, channels, stateRegistries, validator, metrics,
                    trail, new RegulationPlan(trail, calendars), new AcceptanceText(calendars),
                    new ConsumerArrival(s.duration("qaqpa.arrival.max-age"), s.duration("qaqpa.arrival.clock-skew"),
                            clock),
                    new ResultHandOver(registries.services()), new SignedOnce(store.signedForms()),
                    new SenderCondition(channels.senderAuthentication(), registries.senders()),
                    new BranchOnlyTerms(registries.services()));
        }

        DocumentSignatureCheck documentSignatureCheck() {
            return new DocumentSignatureCheck(validator, metrics, new CoSignatures(validator, clock, calendars));
        }

        StateDatabaseCondition stateDatabaseCondition() {
            return new StateDatabaseCondition(stateRegistries, clock, calendars);
        }

        ApplicationForwarding applicationForwarding() {
            return new ApplicationForwarding(registries.providers(), registries.resultSigners(), signedOnce,
                    calendars);
        }

        ApplicationIntake applicationIntake() {
            return new ApplicationIntake(store.applications(), store.providerQueue(), store.stepPlans(), trail,
                    channels.notifications(), channels.replies(), new AcceptancePlan(plan, clock, acceptanceText),
                    signedOnce, channels.pollRoom());
        }

        ProviderEvents providerEvents() {
            return new ProviderEvents(validator, store.documents(),
                    new QueuedApplications(store.providerQueue(), store.applications()), registries.resultSigners(),
                    metrics, clock, calendars, store.stepPlans(), acceptanceText, store.statusHistory());
        }

        TermExtension termExtension() {
            return new TermExtension(plan, store.stepPlans(), calendars, clock);
        }

        ChannelEvents channelEvents() {
            return new ChannelEvents(validator, store.documents(), arrival, store.statusHistory(), handOver,
                    new ResultCollector(stateDatabaseCondition()));
        }

        EventIdentification eventIdentification() {
            return new EventIdentification(store.applications(), store.statusHistory(), store.providerQueue(),
                    channels.replies(), new ApplicationLocks(settings.duration("qaqpa.events.lock-wait")), calendars);
        }

        ApplicationEvents applicationEvents() {
            return new ApplicationEvents(store.applications(), store.providerQueue(), store.documents(), trail,
                    channels.notifications(), channels.replies(), handOver, refusalHandOver(), channels.pollRoom());
        }

        OverdueSteps overdueSteps() {
            return new OverdueSteps(store.db(), store.stepPlans(), store.applications(), channels.notifications(),
                    channels.statusTexts(), branchOnly, settings.integer("qaqpa.overdue.batch"), clock);
        }

        InFlightCheck inFlightCheck() {
            return new InFlightCheck(store.applications(), store.stepPlans(), registries.services(),
                    registries.senders(), plan, handOver);
        }

        CalendarReplan calendarReplan() {
            return new CalendarReplan(store.applications(), store.stepPlans(), registries.services(), plan,
                    refusalHandOver(), consumerWait(), clock);
        }

        ConsumerWait consumerWait() {
            return new ConsumerWait(plan, store.stepPlans(), store.statusHistory(), clock);
        }

        RefusalHandOverTerm refusalHandOver() {
            return new RefusalHandOverTerm(handOver, store.statusHistory(), trail, calendars);
        }
    }
}
