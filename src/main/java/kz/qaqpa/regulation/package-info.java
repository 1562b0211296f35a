/**
 * The service regulations' verbs: what the Camel YAML routes (routes/) call once a message has passed the gate. The
 * intake's conditions and its one commit ({@link kz.qaqpa.regulation.ApplicationIntake}), the events after it ({@link
 * kz.qaqpa.regulation.ApplicationEvents}), the status history with its due times on the service's working days ({@link
 * kz.qaqpa.regulation.StepRecorder}, {@link kz.qaqpa.regulation.RegulationPlan}) and the overdue steps; built from the
 * configuration by {@link kz.qaqpa.regulation.RegulationEngine}. The working-day calendar is {@code calendar}.
 */
package kz.qaqpa.regulation;
