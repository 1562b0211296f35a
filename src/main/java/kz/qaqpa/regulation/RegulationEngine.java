package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.ZoneId;
import kz.qaqpa.Settings;
import kz.qaqpa.adapter.StateRegistries;
import kz.qaqpa.channel.Channels;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
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
                               ApplicationEvents applicationEvents, OverdueSteps overdueSteps,
                               InFlightCheck inFlightCheck, CalendarReplan calendarReplan) {

    public static RegulationEngine of(Settings s, Clock clock, WorkingCalendar calendar, Store store,
                                      Registries registries, Channels channels, StateRegistries stateRegistries,
                                      CertificateValidator validator, GatewayMetrics metrics) {
        Trail trail = new Trail(store.statusHistory(), store.stepPlans(), calendar);
        RegulationPlan plan = new RegulationPlan(trail);
        AcceptanceText acceptanceText = new AcceptanceText(ZoneId.of(s.get("qaqpa.time-zone")));
        ConsumerArrival arrival = new ConsumerArrival(s.duration("qaqpa.arrival.max-age"),
                s.duration("qaqpa.arrival.clock-skew"), clock);
        ResultHandOver handOver = new ResultHandOver(registries.services());
        SignedOnce signedOnce = new SignedOnce(store.signedForms());
        SenderCondition senderCondition = new SenderCondition(channels.senderAuthentication(), registries.senders());
        return new RegulationEngine(new StepRecorder(clock), senderCondition, new ApplicationChannel(senderCondition),
                new ApplicationForm(arrival), new DocumentSignatureCheck(validator, metrics,
                        new CoSignatures(validator, clock, calendar.zone())),
                new StateDatabaseCondition(stateRegistries, clock, calendar.zone()), new PackageCondition(),
                new Refusals(), new ApplicationForwarding(registries.providers(), registries.resultSigners(),
                        signedOnce),
                new ApplicationIntake(store.applications(), store.providerQueue(), store.stepPlans(), trail,
                        channels.notifications(), channels.replies(), new AcceptancePlan(plan, clock, acceptanceText),
                        signedOnce),
                new ProviderEvents(validator, store.documents(), store.providerQueue(), registries.resultSigners(),
                        metrics, clock, calendar.zone(), store.stepPlans(), acceptanceText, store.statusHistory()),
                new ProviderWorkstation(registries.providers()),
                new TermExtension(plan, store.stepPlans(), calendar, clock),
                new ChannelEvents(validator, store.documents(), arrival, store.statusHistory()),
                new EventDocumentCheck(channels.schemas()), new ApplicationEvents(store.applications(),
                        store.statusHistory(), store.providerQueue(), store.documents(), trail, channels.notifications(),
                        channels.replies(), new ApplicationLocks(s.duration("qaqpa.events.lock-wait")), handOver),
                new OverdueSteps(store.db(), store.stepPlans(), store.applications(), channels.notifications(),
                        channels.statusTexts(), s.integer("qaqpa.overdue.batch"), clock),
                new InFlightCheck(store.applications(), store.stepPlans(), registries.services(),
                        registries.senders(), plan, handOver),
                new CalendarReplan(store.applications(), store.stepPlans(), registries.services(), plan, clock));
    }
}
