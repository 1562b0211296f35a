package kz.qaqpa.regulation;

import java.time.Instant;

/** One regulation step as executed: its id (the regulation's own number), description, time norm and outcome. */
public record TrailEntry(String stepId, String description, String norm, Instant startedAt, Instant endedAt,
                         String outcome) {
}
