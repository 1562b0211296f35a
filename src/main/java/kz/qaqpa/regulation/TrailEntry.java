package kz.qaqpa.regulation;

import java.time.Instant;

/**
 * One regulation step as executed: its id (the regulation's own number), description, time norm, where the norm is
 * measured from ({@link RegulationPlan#FROM_ARRIVAL}, {@link RegulationPlan#FROM_ACCEPTANCE} or null for the
 * previous step) and outcome.
 */
public record TrailEntry(String stepId, String description, String norm, String normFrom, Instant startedAt,
                         Instant endedAt, String outcome) {
}
